// README "Run the CLI": `npm link` in the project folder puts `compress-video` on the PATH, so it
// runs from any folder, not only through `npx` inside the project. Done as a user would, offline,
// into a temporary npm prefix (npm's global folder) so that the machine's own one is not touched.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildCliOnce } from './build-cli'
import { makeWorkDir } from './fixtures'

const execFileAsync = promisify(execFile)
const ROOT = path.resolve(__dirname, '..')

describe('compress-video on the PATH', () => {
  beforeAll(async () => {
    await buildCliOnce()
  })

  it('`npm link` makes `compress-video` run from another folder', async () => {
    const prefix = await makeWorkDir('npm-prefix')
    await execFileAsync('npm', ['link', '--offline', '--no-audit', '--no-fund'], { cwd: ROOT, env: { ...process.env, npm_config_prefix: prefix } })
    const elsewhere = await makeWorkDir('elsewhere')
    const env = { ...process.env, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env['PATH'] ?? ''}` }
    const { stdout } = await execFileAsync('compress-video', ['--version'], { cwd: elsewhere, env })
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
    const help = await execFileAsync('compress-video', ['--help'], { cwd: elsewhere, env })
    expect(help.stdout).toContain('--target-size')
  })
})
