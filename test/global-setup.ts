// Fetches the real footage once (cached outside git) so `npm test` works on a fresh machine.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { FOOTAGE_DIR, footageAvailable } from './footage'

export default function setup(): void {
  if (footageAvailable()) return
  const script = path.resolve(__dirname, '..', '..', 'shared', 'footage', 'fetch.sh')
  if (!existsSync(script)) {
    throw new Error(
      `Test footage is missing from ${FOOTAGE_DIR} and ${script} is not there to fetch it. Put the shared/ folder beside the project or set COMPRESS_VIDEO_FOOTAGE.`
    )
  }
  execFileSync('bash', [script, FOOTAGE_DIR], { stdio: 'inherit' })
}
