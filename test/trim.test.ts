// Trims, shapes and turns (issue 14) with real ffmpeg, real footage and real files: the length
// and the sound of a trimmed result, the size promise on the part kept, the quick cut's reported
// shift, crop and bar sizes, and a turn in rotation metadata versus one in the picture. Kept
// cheap: short clips, small sizes, fast presets.
import { execFileSync, spawnSync } from 'node:child_process'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CompressOptions, CompressResult } from '../src/shared/compression'
import { type LocalEngine, createLocalEngine } from '../src/engine'
import { type MediaInfo, probeMedia } from '../src/engine/probe'
import { measureSsim } from '../src/engine/quality'
import { buildCliOnce } from './build-cli'
import { runCli } from './cli-runner'
import { footagePath } from './footage'
import { type FixtureName, copyInto, fixture, listFolder, makeWorkDir, sha256 } from './fixtures'

let engine: LocalEngine

beforeAll(async () => {
  engine = await createLocalEngine()
})

async function probe(file: string): Promise<MediaInfo> {
  return probeMedia(engine.toolchain.ffprobe.path, file, (await stat(file)).size)
}

/** Runs one job on a copy of `source` in its own folder; the original must stay as it was. */
async function compressCopy(source: { fixture: FixtureName } | { footage: Parameters<typeof footagePath>[0] }, options: CompressOptions) {
  const dir = await makeWorkDir('trim')
  const input = 'fixture' in source ? await fixture(source.fixture, dir) : await copyInto(footagePath(source.footage), dir)
  const before = sha256(input)
  const result = await engine.compress({ input, options, outputDir: null })
  expect(sha256(input)).toBe(before)
  expect((await listFolder(dir)).filter((name) => name.includes('.compressing-'))).toEqual([])
  return { result, input }
}

function expectDone(result: CompressResult): asserts result is CompressResult & { output: string; outputBytes: number } {
  expect(result.status, result.message).toBe('done')
  expect(result.output).toBeTruthy()
}

/** When the white frames of the beeps fixture are shown in a file (seconds). */
function flashTimes(file: string): number[] {
  const out = execFileSync(
    engine.toolchain.ffmpeg.path,
    ['-hide_banner', '-i', file, '-vf', 'signalstats,metadata=mode=print:key=lavfi.signalstats.YAVG:file=-', '-an', '-f', 'null', '-'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
  )
  return [...out.matchAll(/pts_time:([\d.]+)\s+lavfi\.signalstats\.YAVG=([\d.]+)/g)].filter((m) => Number(m[2]) > 200).map((m) => Number(m[1]))
}

/** When the beeps of the beeps fixture start in a file (the ends of its silences, seconds); the file's own end is not one. */
function beepTimes(file: string, durationSeconds: number): number[] {
  const { stderr } = spawnSync(
    engine.toolchain.ffmpeg.path,
    ['-hide_banner', '-nostats', '-i', file, '-vn', '-af', 'silencedetect=n=-30dB:d=0.01', '-f', 'null', '-'],
    {
      encoding: 'utf8'
    }
  )
  return [...stderr.matchAll(/silence_end: ([\d.]+)/g)].map((m) => Number(m[1])).filter((time) => time < durationSeconds - 0.1)
}

/** The first presentation time of a file's video stream. */
function videoStart(file: string): number {
  const out = execFileSync(
    engine.toolchain.ffprobe.path,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=start_time', '-of', 'csv=p=0', file],
    {
      encoding: 'utf8'
    }
  )
  return Number(out.trim())
}

describe('a trim cut on the exact frame (re-encoded)', () => {
  it('keeps 0:01.3 to 0:05.3: its length, the first picture at the asked instant, the sound with it', async () => {
    const { result } = await compressCopy({ fixture: 'beeps' }, { trimStart: 1.3, trimEnd: 5.3, quality: 'small' })
    expectDone(result)
    expect(result.message).toMatch(/^Kept 0:01\.3 to 0:05\.3 of 0:07; compressed /)
    expect(result.durationSeconds).toBeGreaterThan(3.95)
    expect(result.durationSeconds).toBeLessThan(4.1)
    // The picture starts at once (no black or frozen lead-in): the first flash, at 1.52 in the
    // original, is shown 0.22 s in, within a frame; every beep is heard with its flash.
    expect(videoStart(result.output)).toBeLessThan(0.05)
    const flashes = flashTimes(result.output)
    const beeps = beepTimes(result.output, result.durationSeconds ?? 0)
    expect(flashes).toHaveLength(4)
    expect(beeps).toHaveLength(4)
    expect(Math.abs((flashes[0] ?? 0) - 0.22)).toBeLessThanOrEqual(0.04)
    for (const [i, flash] of flashes.entries()) expect(Math.abs(flash - (beeps[i] ?? 0)), `flash ${i}`).toBeLessThanOrEqual(0.04)
    expect(result.quality?.ssim).toBeGreaterThan(0.9)
  })

  it('keeps its promise on the part kept: 3 s of the rocket launch under 100 KB use that budget', async () => {
    const { result } = await compressCopy({ footage: 'rocket' }, { trimStart: 2, trimEnd: 5, targetBytes: 100_000, quality: 'small' })
    expectDone(result)
    expect(result.outputBytes).toBeLessThanOrEqual(100_000)
    // Budgeted for the whole 8 s, 3 s would come out near 37 KB.
    expect(result.outputBytes).toBeGreaterThan(80_000)
    expect(result.message).toMatch(/under the 100 KB target/)
    expect(Math.abs((result.durationSeconds ?? 0) - 3)).toBeLessThan(0.1)
    const output = await probe(result.output)
    expect(Math.abs(output.durationSeconds - 3)).toBeLessThan(0.1)
  })

  it('"the last 2 seconds" and "all but the last 3" are resolved against the file', async () => {
    const last = await compressCopy({ footage: 'iphone' }, { trimStartFromEnd: 2, resolution: 144, quality: 'small' })
    expectDone(last.result)
    expect(Math.abs((last.result.durationSeconds ?? 0) - 2)).toBeLessThan(0.1)
    expect(last.result.message).toMatch(/^Kept 0:0[67](\.\d)? to 0:0[89](\.\d)? of 0:0[89](\.\d)?; compressed/)
  })

  it('a trim past the end of the file is refused, nothing written', async () => {
    const { result, input } = await compressCopy({ footage: 'rocket' }, { trimStart: 60 })
    expect(result.status).toBe('failed')
    expect(result.errorCode).toBe('invalid-option')
    expect(result.message).toBe('The trim starts at 1:00, but the video is only 0:08.1 long: choose a start before 0:08.1.')
    expect(await listFolder(path.dirname(input))).toEqual([path.basename(input)])
  })

  it('an impossible target says how long a part of this video it holds', async () => {
    const { result } = await compressCopy({ footage: 'iphone' }, { targetBytes: 50_000 })
    expect(result.errorCode).toBe('impossible-target')
    // Not even a second of 720p fits in 50 KB; a smaller picture is suggested.
    expect(result.message).toMatch(/At (480|360|240)p, 50 KB holds about 0:0\d of this video: keep only that much, e\.g\. "only the first 0:0\d"\./)
  })
})

describe('a quick cut on keyframes (no re-encoding)', () => {
  it('starts at the keyframe before the asked point and says how far it moved', async () => {
    // The beeps fixture has a keyframe every 2 s: a cut from 0:03 starts at 0:02.
    const { result, input } = await compressCopy({ fixture: 'beeps' }, { trimStart: 3, trimPrecision: 'keyframe' })
    expectDone(result)
    expect(result.changes).toContain('cut without re-encoding at the keyframe at 0:02, 1.0 s before the 0:03 asked')
    expect(result.message).toMatch(/^Kept 0:02 to 0:07 of 0:07 without re-encoding: /)
    expect(Math.abs((result.durationSeconds ?? 0) - 5)).toBeLessThan(0.1)
    expect(result.quality).toBeNull()
    // The same streams, not re-encoded: the video's keyframes are the original's, and the first
    // flash shown is the one at 2.52 (a copy places the picture within a frame of the sound).
    const [source, output] = await Promise.all([probe(input), probe(result.output)])
    expect(output.video.codec).toBe(source.video.codec)
    expect(result.outputBytes).toBeLessThanOrEqual((await stat(input)).size * 1.01)
    // In sync as the re-encoded cut is: each flash with its beep, within a frame (40 ms).
    const flashes = flashTimes(result.output)
    const beeps = beepTimes(result.output, result.durationSeconds ?? 0)
    expect(Math.abs((flashes[0] ?? 0) - 0.52)).toBeLessThanOrEqual(0.04)
    expect(flashes).toHaveLength(beeps.length)
    for (const [i, flash] of flashes.entries()) expect(Math.abs(flash - (beeps[i] ?? 0)), `flash ${i}`).toBeLessThanOrEqual(0.02)
  })

  it('a quick cut with an end keeps that stretch: its length, the sound with the picture', async () => {
    // From the keyframe at 0:02 to 0:05.
    const { result } = await compressCopy({ fixture: 'beeps' }, { trimStart: 3, trimEnd: 5, trimPrecision: 'keyframe' })
    expectDone(result)
    expect(result.message).toMatch(/^Kept 0:02 to 0:05 of 0:07 without re-encoding: /)
    expect(Math.abs((result.durationSeconds ?? 0) - 3)).toBeLessThan(0.1)
    const flashes = flashTimes(result.output)
    const beeps = beepTimes(result.output, result.durationSeconds ?? 0)
    expect(flashes.length).toBeGreaterThanOrEqual(2)
    expect(flashes).toHaveLength(beeps.length)
    for (const [i, flash] of flashes.entries()) expect(Math.abs(flash - (beeps[i] ?? 0)), `flash ${i}`).toBeLessThanOrEqual(0.02)
  })

  it('a file without B-frames (VP8 in WebM) is cut on its keyframe too', async () => {
    const { result } = await compressCopy({ footage: 'rocket' }, { trimStart: 5, trimPrecision: 'keyframe' })
    expectDone(result)
    expect(result.changes.join(' ')).toMatch(/cut without re-encoding at the keyframe at 0:03\.1, 1\.9 s before the 0:05 asked/)
    expect(Math.abs((result.durationSeconds ?? 0) - 5)).toBeLessThan(0.1)
    expect(path.extname(result.output)).toBe('.webm')
  })

  it('with anything else to encode, cuts exactly and says why', async () => {
    const { result } = await compressCopy({ fixture: 'beeps' }, { trimStart: 3, trimPrecision: 'keyframe', resolution: 144, quality: 'small' })
    expectDone(result)
    expect(result.changes).toContain('cut exactly at 0:03: the video is re-encoded anyway, so the cut needs no keyframe')
    expect(Math.abs((result.durationSeconds ?? 0) - 4)).toBeLessThan(0.1)
  })
})

describe('shapes', () => {
  it.each([
    [{ aspect: '9:16', fit: 'crop' }, 404, 720],
    [{ aspect: '1:1', fit: 'pad' }, 720, 720],
    [{ aspect: '9:16', fit: 'blur', resolution: 360 }, 360, 640]
  ] as const)('the 1280x720 phone clip %j is %dx%d', async (shape, width, height) => {
    const { result } = await compressCopy({ footage: 'iphone' }, { ...shape, trimEnd: 1, quality: 'small' })
    expectDone(result)
    const output = await probe(result.output)
    expect([output.video.displayWidth, output.video.displayHeight]).toEqual([width, height])
    expect(result.quality?.ssim).toBeGreaterThan(0.9)
  })
})

describe('turns', () => {
  /** SSIM of a result's first frame against the original's turned by `filter`: which way it was turned. */
  async function likeTurned(original: string, result: string, filter: string, width: number, height: number): Promise<number> {
    const dir = await makeWorkDir('turned')
    const reference = path.join(dir, 'reference.mp4')
    execFileSync(engine.toolchain.ffmpeg.path, ['-v', 'error', '-i', original, '-t', '0.5', '-vf', filter, '-c:v', 'libx264', '-crf', '10', '-an', reference])
    const measured = await measureSsim({
      ffmpegPath: engine.toolchain.ffmpeg.path,
      distorted: result,
      reference,
      width,
      height,
      sampleFps: 5,
      window: { start: 0, seconds: 0.5 }
    })
    return measured.y
  }

  it('rotate 90 with nothing else: the same streams, a quarter turn clockwise in the rotation metadata', async () => {
    const { result, input } = await compressCopy({ fixture: 'landscape' }, { rotate: 90 })
    expectDone(result)
    expect(result.changes).toContain('turned 90° clockwise in the rotation metadata, without re-encoding')
    const [source, output] = await Promise.all([probe(input), probe(result.output)])
    expect([output.video.width, output.video.height]).toEqual([source.video.width, source.video.height])
    expect([output.video.displayWidth, output.video.displayHeight]).toEqual([360, 640])
    expect(output.video.rotation).toBe(270)
    expect(Math.abs(result.outputBytes - (await stat(input)).size) / (await stat(input)).size).toBeLessThan(0.01)
    // Shown clockwise, not counterclockwise.
    expect(await likeTurned(input, result.output, 'transpose=clock', 360, 640)).toBeGreaterThan(0.95)
    expect(await likeTurned(input, result.output, 'transpose=cclock', 360, 640)).toBeLessThan(0.6)
  })

  it('rotate 90 with a smaller size: turned in the picture, no rotation metadata left', async () => {
    const { result, input } = await compressCopy({ fixture: 'landscape' }, { rotate: 90, resolution: 180, quality: 'small' })
    expectDone(result)
    const output = await probe(result.output)
    expect(output.video.rotation).toBe(0)
    expect([output.video.width, output.video.height]).toEqual([180, 320])
    expect(await likeTurned(input, result.output, 'transpose=clock,scale=180:320', 180, 320)).toBeGreaterThan(0.9)
  })
})

describe('the CLI (issue 14)', () => {
  beforeAll(async () => {
    await buildCliOnce()
  })

  it('--trim and --aspect drive a job; --json gives the result its durationSeconds; bad values are usage errors', async () => {
    const dir = await makeWorkDir('trim-cli')
    const input = await copyInto(footagePath('rocket'), dir)
    const run = await runCli([input, '--trim', '0:01-0:03', '--aspect', '1:1', '-r', '144', '-q', 'small', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const line = JSON.parse(run.stdout) as { status: string; durationSeconds: number; output: string }
    expect(line.status).toBe('done')
    expect(Math.abs(line.durationSeconds - 2)).toBeLessThan(0.1)
    const output = await probe(line.output)
    expect([output.video.displayWidth, output.video.displayHeight]).toEqual([144, 144])
    const bad = await runCli([input, '--start', '0:10', '--end', '0:05'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--end 0:05 is not after --start 0:10/)
  })
})
