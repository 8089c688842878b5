// Tests run the CLI the way users do: through bin/ and the bundle in out/cli.
import { execFileSync } from 'node:child_process'
import path from 'node:path'

let built = false

export async function buildCliOnce(): Promise<void> {
  if (built) return
  execFileSync(process.execPath, [path.resolve(__dirname, '..', 'scripts', 'build-cli.mjs')], { cwd: path.resolve(__dirname, '..'), stdio: 'inherit' })
  built = true
}
