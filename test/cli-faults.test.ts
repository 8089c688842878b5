// The built CLI under faults and mistakes (issue #10): stopped by a signal, a full temp folder,
// links that loop, a bad --ffmpeg, and what it prints. Real child processes, real ffmpeg.
import { spawn } from 'node:child_process'
import { mkdir, readdir, symlink } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildCliOnce } from './build-cli'
import { runCli } from './cli-runner'
import { copyInto, fixture, listFolder, makeWorkDir, sha256 } from './fixtures'
import { footagePath } from './footage'

beforeAll(async () => {
  await buildCliOnce()
})

describe('SIGHUP and SIGTERM stop the CLI like Ctrl-C', () => {
  it.each([
    ['SIGHUP', 129],
    ['SIGTERM', 143]
  ] as const)('compress: %s during the encode cancels, removes partial files, exits %i', async (signal, exitCode) => {
    const dir = await makeWorkDir('cli-signal')
    const tmp = path.join(dir, 'tmp')
    await mkdir(tmp)
    const work = path.join(dir, 'work')
    await mkdir(work)
    const input = await copyInto(footagePath('iphone'), work, 'phone clip.mov')
    const before = sha256(input)
    let sent = false
    const run = await runCli([input, '-t', '2MB'], {
      // Its own temp folder, so the two-pass statistics left there can be seen too.
      env: { TMPDIR: tmp },
      onStderr: (text, child) => {
        // The final pass writes the hidden partial output next to the original.
        if (!sent && /Pass 2 of 2/.test(text)) {
          sent = true
          child.kill(signal)
        }
      }
    })
    expect(sent).toBe(true)
    expect(run.signal).toBeNull()
    expect(run.code).toBe(exitCode)
    expect(run.stderr).toMatch(/Cancelled\. No partial files were left behind/)
    expect(await listFolder(work)).toEqual(['phone clip.mov'])
    expect(await listFolder(tmp)).toEqual([])
    expect(sha256(input)).toBe(before)
  })

  it.each([
    ['SIGHUP', 129],
    ['SIGTERM', 143]
  ] as const)('watch: %s while a file is compressing cancels it, leaves nothing, exits %i', async (signal, exitCode) => {
    const dir = await makeWorkDir('cli-signal-watch')
    const watched = path.join(dir, 'watched')
    await mkdir(watched)
    const input = await copyInto(footagePath('iphone'), watched, 'phone clip.mov')
    const before = sha256(input)
    let child: ReturnType<typeof spawn> | null = null
    let exited = false
    const running = runCli(['watch', watched, '--existing', '--json', '-t', '2MB'], {
      env: { COMPRESS_VIDEO_WATCH_RECORD: path.join(dir, 'record.json') },
      onSpawn: (spawned) => {
        child = spawned
      }
    }).finally(() => {
      exited = true
    })
    // The engine's hidden temporary output appears once ffmpeg writes the final pass.
    const hasPartialFile = async (): Promise<boolean> => (await readdir(watched)).some((name) => name.startsWith('.') && name.includes('.compressing-'))
    while (!exited && !(await hasPartialFile())) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(exited).toBe(false)
    ;(child as ReturnType<typeof spawn> | null)?.kill(signal)
    const run = await running
    expect(run.signal).toBeNull()
    expect(run.code).toBe(exitCode)
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; input?: string })
    expect(events.filter((e) => e.input === input).map((e) => e.event)).toEqual(['queued', 'cancelled'])
    expect(await listFolder(watched)).toEqual(['phone clip.mov'])
    expect(sha256(input)).toBe(before)
  })
})
