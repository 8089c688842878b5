// The built CLI under faults and mistakes (issue #10): stopped by a signal, a full temp folder,
// links that loop, a bad --ffmpeg, and what it prints. Real child processes, real ffmpeg.
import { execFileSync, type spawn } from 'node:child_process'
import { mkdir, readdir, symlink } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildCliOnce } from './build-cli'
import { hasScriptCommand, runCli, runOnTerminal } from './cli-runner'
import { displayWidth } from '../src/cli/progress'
import { copyInto, fixture, listFolder, makeWorkDir, sha256 } from './fixtures'
import { untilPartialOutput } from './folder-watch'
import { footagePath } from './footage'

/**
 * What a run left in its temp folder, not counting the work-journal folder itself
 * (compress-video-work-<uid>, jobs/work-journal.ts), which stays behind empty by design.
 */
async function leftInTemp(tmp: string): Promise<string[]> {
  const left: string[] = []
  for (const name of await listFolder(tmp)) {
    if (/^compress-video-work-\d+$/.test(name)) left.push(...(await readdir(path.join(tmp, name))).map((entry) => `${name}/${entry}`))
    else left.push(name)
  }
  return left
}

beforeAll(async () => {
  await buildCliOnce()
})

const asRoot = process.getuid?.() === 0
/** A private mount namespace (root, or an ordinary user mapped to root) can mount a tiny tmpfs. */
const UNSHARE = ['unshare', '--mount', ...(asRoot ? [] : ['--map-root-user'])]
const canMountTmpfs = ((): boolean => {
  try {
    execFileSync(UNSHARE[0] ?? 'unshare', [...UNSHARE.slice(1), 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /tmp'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

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
    expect(await leftInTemp(tmp)).toEqual([])
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
    const running = runCli(['watch', watched, '--existing', '--json', '-t', '2MB'], {
      env: { COMPRESS_VIDEO_WATCH_RECORD: path.join(dir, 'record.json') },
      onSpawn: (spawned) => {
        child = spawned
      }
    })
    // The engine's hidden temporary output appears once ffmpeg writes the final pass.
    expect(await untilPartialOutput(watched, running), 'a partial output before the watch ended').toBe(true)
    ;(child as ReturnType<typeof spawn> | null)?.kill(signal)
    const run = await running
    expect(run.signal).toBeNull()
    expect(run.code).toBe(exitCode)
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; input?: string })
    expect(events.filter((e) => e.input === input).map((e) => e.event)).toEqual(['queued', 'cancelled'])
    expect(await listFolder(watched)).toEqual(['phone clip.mov'])
    expect(sha256(input)).toBe(before)
  })
})

describe('messages that name the real cause', () => {
  // A real full file system: a 64 KiB tmpfs mounted on TMPDIR in the CLI's own mount namespace
  // (it disappears with the process, whatever happens to the test).
  it.skipIf(!canMountTmpfs)('a full temp folder (TMPDIR) is named as full, not as a damaged video', async () => {
    const dir = await makeWorkDir('cli-tmpfull')
    const tmp = path.join(dir, 'tiny-tmp')
    await mkdir(tmp)
    const input = await copyInto(footagePath('iphone'), dir, 'phone clip.mov')
    const before = sha256(input)
    const run = await runCli([input, '-t', '2MB', '--json'], {
      env: { TMPDIR: tmp },
      wrapper: [...UNSHARE, 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$0" && exec "$@"', tmp]
    })
    expect(run.code).toBe(1)
    const result = JSON.parse(run.stdout) as { status: string; message: string }
    expect(result.status).toBe('failed')
    expect(result.message).toContain(`The temporary folder ${tmp} is full`)
    expect(result.message).toMatch(/TMPDIR/)
    expect(result.message).not.toMatch(/damaged/)
    expect(await listFolder(dir)).toEqual(['phone clip.mov', 'tiny-tmp'])
    expect(sha256(input)).toBe(before)
  })

  it('a symbolic link that loops is called a link loop, not a permission problem', async () => {
    const dir = await makeWorkDir('cli-loop')
    const first = path.join(dir, 'clip.mp4')
    await symlink(path.join(dir, 'other.mp4'), first)
    await symlink(first, path.join(dir, 'other.mp4'))
    const run = await runCli([first, '-t', '1MB', '--json'])
    expect(run.code).toBe(1)
    const result = JSON.parse(run.stdout) as { status: string; message: string }
    expect(result.status).toBe('failed')
    expect(result.message).toMatch(/clip\.mp4 is a symbolic link that loops/)
    expect(result.message).not.toMatch(/permission/i)
  })

  it('--ffmpeg and --ffprobe that are missing or do not run name the flag; FFMPEG_PATH names the variable', async () => {
    const dir = await makeWorkDir('cli-ffmpeg')
    const input = await fixture('landscape', dir)
    const missing = await runCli([input, '-t', '200KB', '--ffmpeg', path.join(dir, 'nope')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/--ffmpeg .*nope: not an executable file/)
    const broken = await runCli([input, '-t', '200KB', '--ffmpeg', '/bin/false'])
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/--ffmpeg \/bin\/false did not run \(it exited with code 1\)/)
    const brokenProbe = await runCli([input, '-t', '200KB', '--ffprobe', '/bin/false'])
    expect(brokenProbe.code).toBe(1)
    expect(brokenProbe.stderr).toMatch(/--ffprobe \/bin\/false did not run/)
    const fromEnv = await runCli([input, '-t', '200KB'], { env: { FFMPEG_PATH: '/bin/false' } })
    expect(fromEnv.code).toBe(1)
    expect(fromEnv.stderr).toMatch(/FFMPEG_PATH points to \/bin\/false, which did not run .*unset FFMPEG_PATH/)
    for (const run of [missing, broken, brokenProbe, fromEnv]) expect(run.stderr).not.toMatch(/settings/)
    expect(await listFolder(dir)).toEqual(['landscape.mp4'])
  })
})

describe('usage and requests', () => {
  it('no arguments prints the usage help (exit 2)', async () => {
    const run = await runCli([])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Usage: compress-video/)
    expect(run.stderr).toMatch(/--target-size <size>/)
    expect(run.stderr).not.toMatch(/missing required argument/)
  })

  it('--resolution 9000 is a usage error (exit 2) that gives the range', async () => {
    const dir = await makeWorkDir('cli-usage')
    const input = await fixture('landscape', dir)
    const run = await runCli([input, '--resolution', '9000', '--json'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--resolution 9000: .*16 to 8640/)
    expect(run.stdout).toBe('')
    expect(await listFolder(dir)).toEqual(['landscape.mp4'])
  })

  it('a request that is not a compression says what the local engine does, without pushing the cloud', async () => {
    const run = await runCli(['x.mp4', '--request', 'make it look nice'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/the local engine compresses and converts: .*size.*resolution/)
    expect(run.stderr).toMatch(/NemoVideo cloud engine \(--engine cloud, paid with credits\) can take free-form edits/)
    expect(run.stderr).not.toMatch(/use --engine cloud/)
    const plan = await runCli(['plan', 'make it look nice'])
    expect(plan.code).toBe(0)
    // plan sends nothing anywhere.
    expect(plan.stdout).not.toMatch(/sent to/)
    expect(plan.stdout).toMatch(/free-form edits/)
  })

  it('plan --file with a missing file prints its error once', async () => {
    const missing = path.join(await makeWorkDir('cli-plan'), 'missing.mp4')
    const run = await runCli(['plan', 'under 5MB', '--file', missing])
    expect(run.code).toBe(1)
    expect((run.stdout + run.stderr).split('does not exist').length - 1).toBe(1)
  })
})

describe('on a terminal (a real pseudo-terminal, 80 columns)', () => {
  it.skipIf(!hasScriptCommand())('each line fits, the ETA is m:ss (never INF), and an error is printed once', async () => {
    const dir = await makeWorkDir('cli-tty')
    const good = await fixture('landscape', dir, 'a very long name for a holiday video from the summer of 2024 final.mp4')
    const missing = path.join(dir, 'missing.mp4')
    const run = await runOnTerminal([good, missing, '-t', '300KB'], 80)
    expect(run.code).toBe(1)
    // What the terminal shows, line by line and redraw by redraw: escape sequences removed.
    // (cli-progress redraws a line after "cursor to column 1", ESC [1G).
    // eslint-disable-next-line no-control-regex -- the escape character is what is being removed
    const plain = run.output.replace(/\u001b\[1G/g, '\n').replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[78]/g, '')
    const frames = plain.split(/\r|\n/).filter((frame) => frame.trim() !== '')
    const bars = frames.filter((frame) => /\d+% \| /.test(frame))
    expect(bars.length).toBeGreaterThan(1)
    for (const bar of bars) {
      expect(displayWidth(bar)).toBeLessThanOrEqual(79)
      expect(bar).toMatch(/ \| ETA (-:--|\d+:\d\d)$/)
      // The name shrinks first (down to 12 characters) when the step's words are long ("Pass 1 of 2: analysing at 240p").
      expect(bar).toMatch(/^(a very.*….*\.mp4|missing\.mp4) /)
    }
    expect(bars.some((bar) => /ETA \d+:\d\d$/.test(bar))).toBe(true)
    expect(plain).not.toMatch(/INF/)
    expect(plain.split('does not exist').length - 1).toBe(1)
    // The failed file's bar is cleared (erase line) before its error, not left above it.
    const errorAt = run.output.indexOf('✗ missing.mp4: ')
    const lastBarAt = run.output.lastIndexOf('missing.mp4 [', errorAt)
    expect(lastBarAt).toBeGreaterThan(-1)
    expect(run.output.slice(lastBarAt, errorAt)).toContain('\u001b[2K')
    expect(run.output.slice(lastBarAt, errorAt)).not.toContain('\n')
    expect(plain).toMatch(/1 of 2 files done\./)
  })
})

describe('plan --file', () => {
  it('labels its time estimate, timed on a sample here, and writes nothing', async () => {
    const dir = await makeWorkDir('cli-plan-time')
    const tmp = path.join(dir, 'tmp')
    await mkdir(tmp)
    const work = path.join(dir, 'work')
    await mkdir(work)
    const input = await copyInto(footagePath('rocket'), work)
    const before = sha256(input)
    const run = await runCli(['plan', 'under 200KB', '--file', input], { env: { TMPDIR: tmp } })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Under 200 KB · .* · about \d+:\d\d to encode here\n/)
    const json = await runCli(['plan', 'under 200KB', '--file', input, '--json'], { env: { TMPDIR: tmp } })
    const seconds = (JSON.parse(json.stdout) as { details: { file: { estimatedSeconds: number } } }).details.file.estimatedSeconds
    expect(seconds).toBeGreaterThan(0)
    expect(await listFolder(work)).toEqual([path.basename(input)])
    expect(await leftInTemp(tmp)).toEqual([])
    expect(sha256(input)).toBe(before)
  })
})
