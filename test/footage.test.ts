// The footage fetcher is the project's own (scripts/fetch-footage.sh), so that a clone anywhere can
// run `npm test` and `npm run bench`: nothing outside the project folder is needed.
import { execFile } from 'node:child_process'
import { copyFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { makeWorkDir } from './fixtures'
import { FETCH_FOOTAGE_SCRIPT, FOOTAGE, FOOTAGE_DIR } from './footage'

const execFileAsync = promisify(execFile)
const ROOT = path.resolve(__dirname, '..')

describe('footage', () => {
  it('scripts/fetch-footage.sh, inside the project, knows every clip the tests use and checks each by its checksum', async () => {
    expect(path.relative(ROOT, FETCH_FOOTAGE_SCRIPT)).toBe(path.join('scripts', 'fetch-footage.sh'))
    // A folder that already has every clip (copies of the cached ones): each is verified, none fetched.
    const folder = await makeWorkDir('footage')
    for (const file of Object.values(FOOTAGE)) await copyFile(path.join(FOOTAGE_DIR, file), path.join(folder, file))
    const { stdout } = await execFileAsync('bash', [FETCH_FOOTAGE_SCRIPT, folder])
    for (const file of Object.values(FOOTAGE)) expect(stdout).toContain(`have ${file}\n`)
    expect(stdout).not.toMatch(/^ok /m)
  })

  it('says where and what the fetch needs when it fails', async () => {
    // The footage folder cannot be made (a file is in its place): the fetcher fails at once.
    const blocked = path.join(await makeWorkDir('footage-blocked'), 'footage')
    await writeFile(blocked, 'a file where the footage folder should be')
    const code = "require('./test/footage.ts').ensureFootage().then(() => console.log('fetched'), (error) => console.log(error.message))"
    const { stdout } = await execFileAsync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '-e', code], {
      cwd: ROOT,
      env: { ...process.env, COMPRESS_VIDEO_FOOTAGE: blocked }
    })
    const message = stdout.trim()
    expect(message).toContain(`Fetching the test footage into ${blocked} failed (scripts/fetch-footage.sh exited 1).`)
    expect(message).toContain('run "apt-get update" once')
    expect(message).toContain('set COMPRESS_VIDEO_FOOTAGE to a folder that has the clips')
  })
})
