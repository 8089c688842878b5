// The built `compress-video` command as a user runs it (bin -> out/cli), real files, real ffmpeg.
import { type spawn, spawnSync } from 'node:child_process'
import { chmod, copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadToolchain } from '../src/engine/ffmpeg/locate'
import { lock } from 'proper-lockfile'
import { beforeAll, describe, expect, it } from 'vitest'
import { footagePath } from './footage'
import { copyInto, fixture, listFolder, makeWorkDir, sha256, writeBytes } from './fixtures'
import { buildCliOnce } from './build-cli'
import { NemoTestServer } from '../src/cloud/nemo/test-server'
import { pressCtrlCTwice, runCli } from './cli-runner'
import { untilPartialOutput } from './folder-watch'

beforeAll(async () => {
  await buildCliOnce()
})

describe('compress-video CLI', () => {
  it('--json prints one object per file; exit 1 when one failed', async () => {
    const dir = await makeWorkDir('cli')
    const good = await fixture('landscape', dir, 'good clip.mp4')
    const text = writeBytes(path.join(dir, 'notes.txt'), 'not a video')
    const before = sha256(good)
    const run = await runCli([good, text, '--target-size', '200KB', '--json'])
    expect(run.code).toBe(1)
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatchObject({
      input: good,
      output: path.join(dir, 'good clip.compressed.mp4'),
      status: 'done',
      inputBytes: expect.any(Number),
      outputBytes: expect.any(Number)
    })
    expect(Number(lines[0]?.outputBytes)).toBeLessThanOrEqual(200_000)
    expect(lines[1]).toMatchObject({
      input: text,
      output: null,
      status: 'failed',
      message: expect.stringMatching(/not a video file this app accepts/),
      quality: null
    })
    // Issue #12: every finished result says how close it is to the original.
    expect(lines[0]?.quality).toMatchObject({ ssim: expect.any(Number), label: expect.stringMatching(/^(looks the same|slight softening|visible blocks)$/) })
    expect(Object.keys(lines[0]?.quality ?? {})).toEqual(['ssim', 'vmaf', 'label'])
    expect(Object.keys(lines[0] ?? {})).toEqual(expect.arrayContaining(['input', 'output', 'inputBytes', 'outputBytes', 'status', 'message']))
    expect(sha256(good)).toBe(before)
  })

  it('without a terminal: plain progress lines, then a summary; exit 0', async () => {
    const dir = await makeWorkDir('cli')
    const input = await fixture('landscape', dir)
    const run = await runCli([input, '-t', '300KB', '-r', '240', '--no-audio', '--format', 'mkv', '--output-dir', path.join(dir, 'out')])
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/landscape\.mp4: \d+% Pass 1 of 2: analysing/)
    expect(run.stderr).toMatch(/landscape\.mp4: 100% Done/)
    expect(run.stdout).toMatch(/✓ landscape\.mp4: 1\.14 MB → [\d.]+ KB \(\d+% saved\) in 0:\d\d/)
    expect(run.stdout).toMatch(/ {2}quality: (looks the same|slight softening|visible blocks) \(SSIM 0\.\d+\)/)
    expect(run.stdout).toContain(path.join(dir, 'out', 'landscape.compressed.mkv'))
    expect(run.stdout).toMatch(/1 of 1 file done/)
  })

  it('already under the target: nothing written next to the original, the result points to it; plan --file says the same', async () => {
    const dir = await makeWorkDir('cli')
    const input = await fixture('landscape', dir)
    const run = await runCli([input, '-t', '100MB', '--json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({
      input,
      status: 'skipped',
      output: null,
      message: expect.stringMatching(/^Already under 100 MB \(1\.14 MB\): nothing to do/)
    })
    const text = await runCli([input, '-t', '100MB'])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(`→ ${input} (the original)`)
    expect(await listFolder(dir)).toEqual(['landscape.mp4'])

    const planned = await runCli(['plan', 'under 100MB', '--file', input])
    expect(planned.code).toBe(0)
    expect(planned.stdout).toMatch(/^Already under 100 MB \(1\.14 MB\): nothing to do/)
    expect(planned.stdout).not.toMatch(/only needs re-encoding|The engine already/)
  })

  it('usage errors exit 2 with what to type', async () => {
    const bad = await runCli(['x.mp4', '--target-size', 'lots'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--target-size lots: not a size/)
    expect((await runCli(['x.mp4', '--quality', 'ultra'])).code).toBe(2)
    expect((await runCli([])).code).toBe(2)
    const help = await runCli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/--target-size <size>/)
  })

  it('Ctrl-C (SIGINT, pressed twice) cancels cleanly: no partial file, original untouched', async () => {
    const dir = await makeWorkDir('cli')
    const input = await copyInto(footagePath('iphone'), dir, 'phone clip.mov')
    const before = sha256(input)
    let sent = false
    const run = await runCli([input, '-t', '2MB'], {
      onStderr: (text, child) => {
        if (!sent && /Pass 2 of 2/.test(text)) {
          sent = true
          // People press Ctrl-C twice: the second must not stop the cleanup.
          pressCtrlCTwice(child)
        }
      }
    })
    expect(sent).toBe(true)
    expect(run.code).toBe(130)
    expect(run.stderr).toMatch(/Cancelled\. No partial files were left behind/)
    expect(await listFolder(dir)).toEqual(['phone clip.mov'])
    expect(sha256(input)).toBe(before)
  })
})

describe('permissions (as an ordinary user when the tests run as root)', () => {
  const NOBODY = 65534
  const asRoot = process.getuid?.() === 0

  /** ffmpeg/ffprobe copies everyone may run (the bundled ffprobe is executable by its owner only). */
  async function toolsForEveryone(): Promise<NodeJS.ProcessEnv> {
    if (!asRoot) return {}
    const folder = path.join(os.tmpdir(), 'compress-video-tools-for-all')
    const toolchain = await loadToolchain()
    await mkdir(folder, { recursive: true, mode: 0o755 })
    const env: NodeJS.ProcessEnv = {}
    for (const [name, source] of [
      ['ffmpeg', toolchain.ffmpeg.path],
      ['ffprobe', toolchain.ffprobe.path]
    ] as const) {
      const copy = path.join(folder, name)
      if (!existsSync(copy)) {
        await copyFile(source, `${copy}.tmp`)
        await chmod(`${copy}.tmp`, 0o755)
        await import('node:fs/promises').then((fs) => fs.rename(`${copy}.tmp`, copy))
      }
      env[name === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH'] = copy
    }
    return env
  }

  async function openFolder(label: string): Promise<string> {
    const dir = await makeWorkDir(label)
    await chmod(dir, 0o755)
    return dir
  }

  it('an unreadable file: a clear message, nothing written', async () => {
    const dir = await openFolder('perm')
    const input = await fixture('landscape', dir)
    await chmod(input, 0o000)
    const run = await runCli([input, '-t', '200KB', '--json'], { asUser: asRoot ? NOBODY : undefined, env: await toolsForEveryone() })
    await chmod(input, 0o644)
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'failed', message: expect.stringMatching(/Cannot read landscape\.mp4: permission denied/) })
    expect(await listFolder(dir)).toEqual(['landscape.mp4'])
  })

  it('a read-only output folder fails before encoding and says what to do', async () => {
    const dir = await openFolder('perm')
    const input = await fixture('landscape', dir)
    const locked = path.join(dir, 'locked')
    await mkdir(locked)
    await chmod(locked, 0o555)
    if (!asRoot) await chmod(dir, 0o555)
    const run = await runCli([input, '-t', '200KB', '--json', '--output-dir', locked], { asUser: asRoot ? NOBODY : undefined, env: await toolsForEveryone() })
    await chmod(dir, 0o755)
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'failed', message: expect.stringMatching(/Cannot write to .*locked .*--output-dir/) })
    expect(await listFolder(locked)).toEqual([])
  })

  it('watch: a folder that cannot be read is refused with what to do (exit 2), not watched in silence', async () => {
    const dir = await openFolder('perm')
    const locked = path.join(dir, 'locked inbox')
    await mkdir(locked)
    await chmod(locked, asRoot ? 0o700 : 0o000)
    const run = await runCli(['watch', locked, '--json'], { asUser: asRoot ? NOBODY : undefined, env: await toolsForEveryone() })
    await chmod(locked, 0o755)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      `The folder ${locked} cannot be read (permission denied): give your user permission to list it (read and open), or choose another folder.`
    )
    expect(run.stderr).not.toMatch(/Watching /)
  })
})

describe('compress-video plan and --request (issue #3)', () => {
  it('issue 17 §1: --speed fast and the default each fit and say the x264 preset they used and why', async () => {
    const dir = await makeWorkDir('cli-speed')
    const input = await fixture('landscape', dir)
    const results: Array<{ outputBytes: number; changes: string[] }> = []
    for (const speed of [['--speed', 'fast'], []]) {
      const run = await runCli([input, '--target-size', '200KB', '--json', '--output-dir', path.join(dir, speed.length ? 'fast' : 'default'), ...speed])
      expect(run.code, run.stderr).toBe(0)
      results.push(JSON.parse(run.stdout.trim()) as { outputBytes: number; changes: string[] })
    }
    const [fast, balanced] = results
    expect(fast?.outputBytes).toBeLessThanOrEqual(200_000)
    expect(balanced?.outputBytes).toBeLessThanOrEqual(200_000)
    // This budget is starved for the clip (it is scaled down): faster, not veryfast (plan/effort.ts).
    expect(fast?.changes.join(' ')).toMatch(/used x264's (veryfast|faster) preset: speed first/)
    expect(balanced?.changes.join(' ')).toMatch(
      /used x264's (veryfast|medium) preset: (easy content at this size|a tight budget for this content|a short file)/
    )
    const bad = await runCli([input, '--speed', 'ludicrous'])
    expect(bad.code).toBe(2)
  })

  it('plan --json has exactly the documented keys', async () => {
    const run = await runCli(['plan', 'compress this video to under 100MB without losing too much quality', '--json'])
    expect(run.code).toBe(0)
    const plan = JSON.parse(run.stdout) as Record<string, unknown>
    expect(Object.keys(plan)).toEqual([
      'intent',
      'targetBytes',
      'targetRatio',
      'resolution',
      'fps',
      'container',
      'videoCodec',
      'audio',
      'quality',
      'minQuality',
      'platform',
      'trimStart',
      'trimEnd',
      'aspect',
      'rotate',
      'summary',
      'warnings',
      'details'
    ])
    expect(plan).toMatchObject({
      intent: 'compress',
      targetBytes: 100_000_000,
      quality: 'high',
      minQuality: 'good',
      audio: 'keep',
      container: null,
      trimStart: null,
      aspect: null
    })
    // Issue 14: the part kept in seconds from the start, the shape and the turn.
    const edit = await runCli(['plan', 'cut from 1:20 to 2:00, vertical, rotate 90', '--json'])
    expect(JSON.parse(edit.stdout)).toMatchObject({ trimStart: 80, trimEnd: 120, aspect: '9:16', rotate: 90, details: { fit: 'crop' } })
  })

  it('plan in Chinese with a file fills in the numbers from the engine', async () => {
    const dir = await makeWorkDir('plan')
    // The clean clip (1.14 MB, so 1 MB is a re-encode): the estimate's timed parts on the noisy one took 3-7 s.
    const input = await fixture('landscape', dir)
    const run = await runCli(['plan', '压缩到1M以内，去掉声音', '--file', input])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Under 1 MB · keep 360p · H\.264 MP4 at [\d,]+ kbps · no audio/)
    expect(await listFolder(dir)).toEqual(['landscape.mp4'])
  })

  it('plan refuses nonsense with exit 2; a bad file with exit 1', async () => {
    const refused = await runCli(['plan', 'under 0 MB'])
    expect(refused.code).toBe(2)
    expect(refused.stdout).toMatch(/Cannot plan this/)
    const missing = await runCli(['plan', 'under 5MB', '--file', '/nonexistent/x.mp4'])
    expect(missing.code).toBe(1)
    expect(missing.stdout).toMatch(/does not exist/)
  })

  it('--request drives a real compression; flags win over it', async () => {
    const dir = await makeWorkDir('request')
    const input = await fixture('landscape', dir)
    const run = await runCli([input, '--request', 'make it smaller than 150kb, webm please', '--format', 'mkv', '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout) as { output: string; outputBytes: number }
    expect(result.output).toBe(path.join(dir, 'landscape.compressed.mkv'))
    expect(result.outputBytes).toBeLessThanOrEqual(150_000)
  })

  it('--request that the local engine cannot do says what to use instead', async () => {
    const run = await runCli(['x.mp4', '--request', 'add background music'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /not a compression; the local engine compresses and converts: .* The NemoVideo cloud engine \(--engine cloud, paid with credits\) can take free-form edits/
    )
  })
})

describe('compress-video watch (issue #5)', () => {
  it('compresses what is in the folder with --existing, prints JSON events, stops cleanly on Ctrl-C', async () => {
    const dir = await makeWorkDir('watch')
    await fixture('landscape', dir)
    writeBytes(path.join(dir, 'notes.txt'), 'not a video')
    let stopped = false
    const run = await runCli(['watch', dir, '--existing', '--json', '--request', 'under 200KB'], {
      env: { COMPRESS_VIDEO_WATCH_RECORD: path.join(dir, '..', `${path.basename(dir)}-record.json`) },
      onStdout: (text, child) => {
        if (!stopped && /"event":"done"/.test(text)) {
          stopped = true
          child.kill('SIGINT')
        }
      }
    })
    expect(stopped).toBe(true)
    expect(run.code).toBe(0)
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; input?: string })
    expect(events.some((e) => e.event === 'queued' && e.input === path.join(dir, 'landscape.mp4'))).toBe(true)
    expect(await listFolder(dir)).toEqual(['landscape.compressed.mp4', 'landscape.mp4', 'notes.txt'])
  })

  it('Ctrl-C during the first scan of a big folder stops at once instead of finishing the scan', async () => {
    const dir = await makeWorkDir('watch-scan')
    const recordPath = path.join(dir, '..', `${path.basename(dir)}-record.json`)
    // Each notes file is reported ("ignored", not a video) as the scan reaches it, so the number of
    // those lines says how far the scan got; each clip waits for its stable-size check (--existing).
    const pairs = 3_000
    for (let start = 0; start < pairs; start += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, pairs - start) }, (_, offset) => {
          const name = String(start + offset).padStart(5, '0')
          return Promise.all([writeFile(path.join(dir, `clip-${name}.mp4`), 'x'), writeFile(path.join(dir, `notes-${name}.txt`), 'x')])
        })
      )
    }
    let interrupted = false
    const run = await runCli(['watch', dir, '--existing', '--json'], {
      env: { COMPRESS_VIDEO_WATCH_RECORD: recordPath },
      onStdout: (_text, child) => {
        if (interrupted) return
        // The scan is under way (it printed its first event): press Ctrl-C, and again, as people do.
        interrupted = true
        pressCtrlCTwice(child)
      }
    })
    expect(interrupted).toBe(true)
    expect(run.code).toBe(0)
    expect(run.signal).toBeNull()
    const notVideos = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; reason?: string })
      .filter((e) => e.event === 'ignored' && e.reason === 'not-a-video')
    // Before the fix the command finished the scan first: every notes file was reported.
    expect(notVideos.length).toBeLessThan(pairs)
    expect(run.stderr).not.toMatch(/Watching /)
    expect(run.stderr).toMatch(/Stopped watching/)
    // Nothing was handled, so nothing is recorded, and nothing was written into the folder.
    if (existsSync(recordPath)) expect(JSON.parse(await readFile(recordPath, 'utf8'))).toMatchObject({ inputs: {}, outputs: {} })
    expect((await readdir(dir)).length).toBe(pairs * 2)
  })

  it('Ctrl-C pressed twice while a file is compressing: the job is cancelled, no partial file, recorded as started and not finished', async () => {
    const dir = await makeWorkDir('watch-cancel')
    const recordPath = path.join(dir, '..', `${path.basename(dir)}-record.json`)
    const input = await copyInto(footagePath('iphone'), dir, 'phone clip.mov')
    const before = sha256(input)
    let child: ReturnType<typeof spawn> | null = null
    const running = runCli(['watch', dir, '--existing', '--json', '-t', '2MB'], {
      env: { COMPRESS_VIDEO_WATCH_RECORD: recordPath },
      onSpawn: (spawned) => {
        child = spawned
      }
    })
    // The engine's hidden temporary output appears once ffmpeg is writing (after the 3 s window).
    expect(await untilPartialOutput(dir, running), 'a partial output before the watch ended').toBe(true)
    const spawned = child as ReturnType<typeof spawn> | null
    if (spawned) pressCtrlCTwice(spawned)
    const run = await running
    expect(run.code).toBe(0)
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; input?: string })
    expect(events.filter((e) => e.input === input).map((e) => e.event)).toEqual(['queued', 'cancelled'])
    expect(await listFolder(dir)).toEqual(['phone clip.mov'])
    expect(sha256(input)).toBe(before)
    // Cancelled is not an outcome for the file: the record keeps it as started and never
    // finished, so the next start takes it again (even without --existing).
    const inputs = (JSON.parse(await readFile(recordPath, 'utf8')) as { inputs: Record<string, unknown> }).inputs
    expect(inputs).toEqual({ [input]: expect.objectContaining({ status: 'started', final: false }) })
  })

  it('watch prints plain progress lines on stderr during an encode, as the compress command does without a terminal', async () => {
    const dir = await makeWorkDir('watch-progress')
    await fixture('landscape', dir)
    let stopped = false
    const run = await runCli(['watch', dir, '--existing', '-t', '200KB'], {
      env: { COMPRESS_VIDEO_WATCH_RECORD: path.join(dir, '..', `${path.basename(dir)}-record.json`) },
      onStdout: (text, child) => {
        if (!stopped && /^done /m.test(text)) {
          stopped = true
          child.kill('SIGINT')
        }
      }
    })
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^landscape\.mp4: \d+% Pass 1 of 2: analysing/m)
    expect(run.stderr).toMatch(/^landscape\.mp4: \d+% Pass 2 of 2: encoding/m)
    expect(run.stderr).toMatch(/^landscape\.mp4: 100% Done/m)
  })

  it('a watch killed mid-encode (kill -9): the next start compresses that file, it is not "existing"', async () => {
    const dir = await makeWorkDir('watch-killed')
    const recordPath = path.join(dir, '..', `${path.basename(dir)}-record.json`)
    const env = { COMPRESS_VIDEO_WATCH_RECORD: recordPath }
    let child: ReturnType<typeof spawn> | null = null
    let watching: () => void = () => undefined
    const bannerSeen = new Promise<void>((resolve) => {
      watching = resolve
    })
    const killed = runCli(['watch', dir, '--json', '-t', '200KB'], {
      env,
      onSpawn: (spawned) => {
        child = spawned
      },
      // The banner says the first scan is over: a clip arriving after it is new, not "existing".
      onStderr: (text) => {
        if (/Watching /.test(text)) watching()
      }
    }).finally(() => {
      watching()
    })
    await bannerSeen
    const input = await fixture('landscape', dir)
    expect(await untilPartialOutput(dir, killed), 'a partial output before the watch ended').toBe(true)
    const spawned = child as ReturnType<typeof spawn> | null
    // What a kill leaves of ffmpeg is another matter: its children are ended here so they do not
    // go on writing beside the second run.
    const children = spawnSync('pgrep', ['-P', String(spawned?.pid ?? 0)], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .filter(Boolean)
      .map(Number)
    spawned?.kill('SIGKILL')
    for (const pid of children) process.kill(pid, 'SIGKILL')
    expect((await killed).signal).toBe('SIGKILL')

    let stopped = false
    const again = await runCli(['watch', dir, '--json', '-t', '200KB'], {
      env,
      onStdout: (text, running) => {
        if (!stopped && /"event":"done"/.test(text)) {
          stopped = true
          running.kill('SIGINT')
        }
      }
    })
    expect(again.code).toBe(0)
    const events = again.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; input?: string; output?: string })
    expect(events.filter((e) => e.input === input).map((e) => e.event)).toEqual(['queued', 'done'])
    expect(events.find((e) => e.event === 'done')?.output).toBe(path.join(dir, 'landscape.compressed.mp4'))
  })

  it("a second Ctrl-C stops waiting for another process that holds the watch record's lock and is hung", async () => {
    const dir = await makeWorkDir('watch-locked')
    const recordPath = path.join(dir, '..', `${path.basename(dir)}-record.json`)
    const broken = writeBytes(path.join(dir, 'broken.mp4'), 'not really a video')
    // This test process plays the hung holder: alive, so it keeps the lock fresh and never stale.
    const releaseHolder = await lock(recordPath, { realpath: false, stale: 5_000 })
    try {
      let sent = false
      const run = await runCli(['watch', dir, '--existing', '--json'], {
        env: { COMPRESS_VIDEO_WATCH_RECORD: recordPath },
        onStdout: (text, child) => {
          // The failure is recorded, so a save of the record is due and finds the lock busy.
          if (!sent && /"event":"failed"/.test(text)) {
            sent = true
            pressCtrlCTwice(child)
          }
        }
      })
      expect(sent).toBe(true)
      expect(run.code).toBe(0)
      const events = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { event: string; input?: string; message?: string })
      expect(events.find((e) => e.event === 'failed')).toMatchObject({ input: broken })
      const warnings = events.filter((e) => e.event === 'warning').map((e) => e.message)
      // Without the second Ctrl-C taken into account each save gives up only after its 12-15 s wait.
      expect(warnings.length).toBeGreaterThan(0)
      for (const warning of warnings) expect(warning).toMatch(/stopped waiting for the lock another process holds/)
      expect(run.stderr).toMatch(/watch record could not be saved/)
      expect(existsSync(recordPath)).toBe(false)
      expect(await listFolder(dir)).toEqual(['broken.mp4'])
    } finally {
      await releaseHolder()
    }
  })
})

describe('compress-video --engine cloud and credits (issue #6), against the loopback NemoVideo test server', () => {
  it('credits and a cloud job end to end, token never printed', async () => {
    const server = await NemoTestServer.start()
    try {
      const dir = await makeWorkDir('cloud')
      const env = { NEMO_API_URL: server.url, XDG_CONFIG_HOME: path.join(dir, 'config'), NEMO_TOKEN: '', NEMO_CLIENT_ID: '' }
      const credits = await runCli(['credits'], { env })
      expect(credits.code).toBe(0)
      expect(credits.stdout).toMatch(/NemoVideo credits: \d+ available/)
      const input = await fixture('landscape', dir)
      const before = sha256(input)
      const run = await runCli([input, '--engine', 'cloud', '--request', 'make it smaller', '--json'], { env })
      expect(run.code).toBe(0)
      const result = JSON.parse(run.stdout) as { status: string; output: string }
      expect(result.status).toBe('done')
      expect(result.output).toBe(path.join(dir, 'landscape.compressed.mp4'))
      expect(sha256(input)).toBe(before)
      for (const { token } of server.issuedTokens) {
        expect(run.stdout + run.stderr + credits.stdout + credits.stderr).not.toContain(token)
      }
      expect(server.hits(/\/run_sse/).length).toBe(1)
    } finally {
      await server.close()
    }
  })
})

describe('compress-video in Chinese (issue #13)', () => {
  const CHINESE = { LANG: 'zh_CN.UTF-8' }

  it('under LANG=zh_CN.UTF-8 the summary of a real compress is Chinese; --lang en under it is English', async () => {
    const dir = await makeWorkDir('cli-zh')
    const input = await fixture('tiny', dir)
    const zh = await runCli([input, '-t', '100KB', '--no-audio'], { env: CHINESE })
    expect(zh.code).toBe(0)
    expect(zh.stdout).toMatch(/✓ tiny\.mp4: [\d.]+ KB → [\d.]+ KB（减小 \d+%），用时 0:\d\d/)
    expect(zh.stdout).toMatch(/ {2}画质：(看不出差别|稍有模糊|有明显方块)（SSIM 0\.\d{4}）/)
    expect(zh.stdout).toContain('已完成 1 个，共 1 个文件。')
    // Progress lines: the CLI's words around the engine's (still English) step.
    expect(zh.stderr).toMatch(/tiny\.mp4：\d+% .+（速度 .+，剩余时间 .+）/)
    expect(zh.stdout).not.toMatch(/saved|done\./)

    const en = await runCli([input, '-t', '100KB', '--no-audio', '--lang', 'en', '-o', path.join(dir, 'en')], { env: CHINESE })
    expect(en.code).toBe(0)
    expect(en.stdout).toMatch(/✓ tiny\.mp4: [\d.]+ KB → [\d.]+ KB \(\d+% saved\) in 0:\d\d/)
    expect(en.stdout).toContain('1 of 1 file done.')
    expect(en.stdout).not.toMatch(/[\p{Script=Han}]/u)
  })

  it('--lang zh-CN under LANG=C: a missing file fails in Chinese, the engine’s reason too; an unknown --lang is a usage error', async () => {
    const dir = await makeWorkDir('cli-zh')
    const missing = path.join(dir, 'missing.mp4')
    const run = await runCli(['--lang', 'zh-CN', missing])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`✗ missing.mp4: ${missing} 不存在。请检查路径（或磁盘是否已连接）后重试。`)
    expect(run.stdout).toContain('已完成 0 个，共 1 个文件。')
    // --json: the keys and values stay; its message is for people, so it follows the language.
    const json = await runCli(['--lang', 'zh-CN', missing, '--json'])
    expect(JSON.parse(json.stdout.trim())).toMatchObject({ status: 'failed', message: `${missing} 不存在。请检查路径（或磁盘是否已连接）后重试。` })

    const usage = await runCli([missing, '--lang=fr'], { env: CHINESE })
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('--lang fr：请选择 en, zh-CN 之一。')
    expect(usage.stderr).toContain('运行“compress-video --help”查看所有选项。')
    const english = await runCli([missing, '--lang', 'fr'])
    expect(english.code).toBe(2)
    expect(english.stderr).toContain('--lang fr: choose one of en, zh-CN.')
  })

  it('a usage error is said in Chinese under LANG=zh_CN.UTF-8 and with --lang zh-CN, in English with --lang en; exit 2 in each', async () => {
    const zh = await runCli(['x.mp4', '--target-size', 'big'], { env: CHINESE })
    expect(zh.code).toBe(2)
    expect(zh.stderr).toBe(
      'compress-video: --target-size big：不是有效的大小。请写数字加单位，例如 25MB、500KB、1.5GB、8MiB，或写比例，例如 50%。\n运行“compress-video --help”查看所有选项。\n'
    )
    const flag = await runCli(['--lang', 'zh-CN', 'x.mp4', '--start', '1:20', '--end', '0:30'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain('compress-video: --end 0:30 不在 --start 1:20 之后：什么也剩不下。请让结束点晚于开始点。')
    const request = await runCli(['x.mp4', '--request', 'make it look nice'], { env: CHINESE })
    expect(request.code).toBe(2)
    expect(request.stderr).toContain('compress-video: --request “make it look nice”：这不是压缩要求；本地引擎可以压缩和转换：')
    const en = await runCli(['x.mp4', '--target-size', 'big', '--lang', 'en'], { env: CHINESE })
    expect(en.code).toBe(2)
    expect(en.stderr).toContain('compress-video: --target-size big: not a size. Use a number with a unit, e.g. 25MB')
    expect(en.stderr).not.toMatch(/\p{Script=Han}/u)
  })

  it('--json is the same in both languages but for the human text fields', async () => {
    const dir = await makeWorkDir('cli-zh')
    const text = writeBytes(path.join(dir, 'notes.txt'), 'not a video')
    const runs = await Promise.all([runCli([text, '--json']), runCli([text, '--json'], { env: CHINESE })])
    const [en, zh] = runs.map((run) => JSON.parse(run.stdout) as Record<string, unknown>)
    expect(runs.map((run) => run.code)).toEqual([1, 1])
    expect({ ...zh, message: null }).toEqual({ ...en, message: null })
    expect([en?.message, zh?.message]).toEqual([
      'notes.txt is not a video file this app accepts (.txt). Choose a video such as mp4, mov, avi, webm, mkv, m4v, mpg, ogv, flv, wmv or 3gp.',
      'notes.txt 不是本应用支持的视频文件（.txt）。请选择 mp4、mov、avi、webm、mkv、m4v、mpg、ogv、flv、wmv 或 3gp 等格式的视频。'
    ])
    // plan --json: the same keys and values; only the summary is words (the parser's, English today).
    const plans = await Promise.all([runCli(['plan', 'under 10MB, 720p', '--json']), runCli(['plan', 'under 10MB, 720p', '--json', '--lang', 'zh-CN'])])
    const [planEn, planZh] = plans.map((run) => JSON.parse(run.stdout) as Record<string, unknown>)
    expect(Object.keys(planZh ?? {})).toEqual(Object.keys(planEn ?? {}))
    expect({ ...planZh, summary: null }).toEqual({ ...planEn, summary: null })
  })
})
