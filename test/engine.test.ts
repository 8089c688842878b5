// The local engine end to end with real ffmpeg and real files (issue #2 "Tests").
import { execFileSync } from 'node:child_process'
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CompressOptions, CompressResult, JobProgress } from '../src/shared/compression'
import { LocalEngine, createLocalEngine } from '../src/engine'
import { type MediaInfo, probeMedia } from '../src/engine/probe'
import { planCompression } from '../src/engine/plan'
import { buildEncodeArgs, passLogPrefixIn } from '../src/engine/ffmpeg/args'
import { runFfmpeg } from '../src/engine/ffmpeg/run'
import { FOOTAGE, footagePath } from './footage'
import { type FixtureName, copyInto, fixture, listFolder, makeWorkDir, sha256, writeBytes } from './fixtures'

let engine: LocalEngine

beforeAll(async () => {
  engine = await createLocalEngine()
})

/** A real full disk needs a tiny file system: root (as in CI here) can mount a tmpfs. */
function canMountTmpfs(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false
  try {
    execFileSync('mount', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function countFrames(file: string): number {
  const out = execFileSync(
    engine.toolchain.ffprobe.path,
    ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file],
    { encoding: 'utf8' }
  )
  return Number(out.trim())
}

/** First and last presentation time of the first video and audio stream, from the packets. */
function streamTimes(file: string): Partial<Record<'video' | 'audio', { start: number; end: number }>> {
  const times: Partial<Record<'video' | 'audio', { start: number; end: number }>> = {}
  for (const kind of ['video', 'audio'] as const) {
    const out = execFileSync(
      engine.toolchain.ffprobe.path,
      ['-v', 'error', '-select_streams', `${kind === 'video' ? 'v' : 'a'}:0`, '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file],
      { encoding: 'utf8' }
    )
    const packets = out
      .trim()
      .split('\n')
      .map((line) => line.split(',').map(Number))
      .filter(([pts]) => Number.isFinite(pts))
    const starts = packets.map(([pts]) => pts ?? 0)
    const ends = packets.map(([pts, duration]) => (pts ?? 0) + (Number.isFinite(duration) ? (duration ?? 0) : 0))
    times[kind] = { start: Math.min(...starts), end: Math.max(...ends) }
  }
  return times
}

/** The first subtitle track of a file, as SRT text. */
function subtitleText(file: string): string {
  return execFileSync(engine.toolchain.ffmpeg.path, ['-v', 'error', '-i', file, '-map', '0:s:0', '-f', 'srt', '-'], { encoding: 'utf8' })
}

async function probe(file: string): Promise<MediaInfo> {
  return probeMedia(engine.toolchain.ffprobe.path, file, (await stat(file)).size)
}

/** Compresses a copy of a fixture in its own folder and checks the rules every job must keep. */
async function compressFixture(name: FixtureName, options: CompressOptions, extra: { outputDir?: string } = {}) {
  const dir = await makeWorkDir(name)
  const input = await fixture(name, dir)
  return compressAndCheck(input, options, extra)
}

async function compressAndCheck(input: string, options: CompressOptions, extra: { outputDir?: string; signal?: AbortSignal } = {}) {
  const before = sha256(input)
  const progress: JobProgress[] = []
  const result = await engine.compress({ input, options, outputDir: extra.outputDir, signal: extra.signal, onProgress: (p) => progress.push(p) })
  expect(sha256(input), 'the original must be byte-identical').toBe(before)
  const folders = new Set([path.dirname(input), ...(extra.outputDir ? [extra.outputDir] : [])])
  for (const folder of folders) {
    const leftovers = (await readdir(folder)).filter((f) => f.includes('.compressing-'))
    expect(leftovers, 'no temporary files may remain').toEqual([])
  }
  if (result.output) {
    const size = (await stat(result.output)).size
    expect(result.outputBytes).toBe(size)
  }
  return { result, progress, input }
}

/** The video frames' presentation times, in order. */
function framePresentationTimes(file: string): number[] {
  const out = execFileSync(
    engine.toolchain.ffprobe.path,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file],
    {
      encoding: 'utf8'
    }
  )
  return out
    .trim()
    .split('\n')
    .map(Number)
    .filter(Number.isFinite)
    .sort((a, b) => a - b)
}

function expectDone(result: CompressResult): asserts result is CompressResult & { output: string; outputBytes: number } {
  expect(result.message).toBeTruthy()
  expect(result.status, result.message).toBe('done')
  expect(result.output).toBeTruthy()
}

describe('size promise', () => {
  it.each([
    ['landscape', 300_000],
    ['landscape', 120_000],
    ['noisy', 1_000_000],
    ['noisy', 250_000],
    ['vfr', 60_000]
  ] as const)('%s to %d bytes: fits, uses the budget, keeps duration', async (name, targetBytes) => {
    const { result, progress, input } = await compressFixture(name, { targetBytes })
    expectDone(result)
    expect(result.outputBytes).toBeLessThanOrEqual(targetBytes)
    expect(result.outputBytes).toBeGreaterThan(targetBytes * 0.8)
    expect(path.basename(result.output)).toBe(`${path.basename(input, path.extname(input))}.compressed.mp4`)
    const [source, output] = await Promise.all([probe(input), probe(result.output)])
    expect(Math.abs(output.durationSeconds - source.durationSeconds)).toBeLessThan(0.3)
    // Progress rises to 100. Whether an ETA shows along the way depends on how long the encode
    // takes (none before 0.2 s): its arithmetic is tested with a manual clock in
    // src/engine/progress.test.ts; here only that it is never negative.
    const percents = progress.map((p) => p.percent)
    expect(percents.every((p, i) => i === 0 || p >= (percents[i - 1] ?? 0))).toBe(true)
    expect(percents.at(-1)).toBe(100)
    expect(progress.some((p) => p.phase === 'analysing')).toBe(true)
    expect(progress.every((p) => p.etaSeconds === null || p.etaSeconds >= 0)).toBe(true)
  })

  it('an impossible target is refused with the smallest size that is possible, nothing written', async () => {
    const { result, input } = await compressFixture('landscape', { targetBytes: 20_000 })
    expect(result.status).toBe('failed')
    expect(result.errorCode).toBe('impossible-target')
    expect(result.message).toMatch(/smallest possible is about [\d.]+ KB/)
    expect(result.message).toMatch(/without the audio/)
    expect(await listFolder(path.dirname(input))).toEqual([path.basename(input)])
  })

  it('a target below what the audio alone needs says so', async () => {
    const { result } = await compressFixture('landscape', { targetBytes: 5_000 })
    expect(result.status).toBe('failed')
    expect(result.message).toMatch(/audio alone/)
  })

  it('a tight target lowers the resolution and the audio bitrate, and says so', async () => {
    const { result } = await compressFixture('noisy', { targetBytes: 80_000 })
    expectDone(result)
    expect(result.outputBytes).toBeLessThanOrEqual(80_000)
    const out = await probe(result.output)
    expect(Math.min(out.video.width, out.video.height)).toBeLessThan(360)
    expect(result.changes.join(' ')).toMatch(/lowered the resolution to \d+p/)
    expect(result.changes.join(' ')).toMatch(/lowered the audio/)
  })

  it('a target as a share of the source', async () => {
    const { result } = await compressFixture('noisy', { targetRatio: 0.25 })
    expectDone(result)
    expect(result.outputBytes).toBeLessThanOrEqual(Math.floor((result.inputBytes ?? 0) * 0.25))
  })

  it('a target with a fixed resolution keeps that resolution', async () => {
    const { result } = await compressFixture('noisy', { targetBytes: 400_000, resolution: 240 })
    expectDone(result)
    const out = await probe(result.output)
    expect(out.video.height).toBe(240)
    expect(out.video.width).toBe(426)
  })
})

describe('real footage', () => {
  /**
   * One encode per clip and target, shared by the tests that check different things about the same
   * result (the iPhone clip's size and its metadata), whichever of them runs first or alone.
   */
  const footageJobs = new Map<string, ReturnType<typeof compressAndCheck>>()
  function compressFootage(name: keyof typeof FOOTAGE, targetBytes: number): ReturnType<typeof compressAndCheck> {
    const key = `${name} ${targetBytes}`
    let job = footageJobs.get(key)
    if (!job) {
      job = makeWorkDir(name).then(async (dir) => compressAndCheck(await copyInto(footagePath(name), dir), { targetBytes }))
      footageJobs.set(key, job)
    }
    return job
  }

  it.each([
    ['iphone', 2_000_000],
    ['sintel', 1_000_000],
    ['screencast', 200_000],
    ['megamind', 400_000],
    ['timelapse', 500_000]
  ] as const)('%s fits %d bytes', async (name, targetBytes) => {
    const { result } = await compressFootage(name, targetBytes)
    expectDone(result)
    expect(result.outputBytes).toBeLessThanOrEqual(targetBytes)
    expect(result.outputBytes).toBeGreaterThan(targetBytes * 0.85)
  })

  it('VP9: the screencast keeps its 768p at 250 KB (an x264 analysis pass finds it easy) and fits', async () => {
    // A bits-per-pixel rule sent it to 240p (SSIM 0.939 against 0.993 at 768p, measured).
    // Quality 'small' (VP9 cpu-used 4) only to keep the test quick: the size decision is the same.
    const dir = await makeWorkDir('vp9-screencast')
    const input = await copyInto(footagePath('screencast'), dir)
    const { result } = await compressAndCheck(input, { targetBytes: 250_000, container: 'webm', videoCodec: 'vp9', quality: 'small' })
    expectDone(result)
    expect(result.outputBytes).toBeLessThanOrEqual(250_000)
    const out = await probe(result.output)
    expect([out.video.width, out.video.height]).toEqual([1024, 768])
    expect(out.video.codec).toBe('vp9')
    expect(result.changes.join(' ')).not.toMatch(/resolution/)
  }, 120_000)

  it('VP9: when raising a far-under result overshoots, one try between the two lands near the target', async () => {
    // With the bundled ffmpeg, VP9 at 240p gives 72% of 250 KB, then 101% when raised: the try
    // on the line between the two gave 97%. Without it the 72% result was handed back.
    const dir = await makeWorkDir('vp9-interpolate')
    const input = await copyInto(footagePath('screencast'), dir)
    const { result } = await compressAndCheck(input, { targetBytes: 250_000, container: 'webm', videoCodec: 'vp9', resolution: 240 })
    expectDone(result)
    expect(result.outputBytes).toBeLessThanOrEqual(250_000)
    expect(result.outputBytes).toBeGreaterThan(250_000 * 0.9)
    expect(result.changes.join(' ')).toMatch(/re-encoded to use the room left under 250 KB/)
  }, 120_000)

  it('the iPhone clip keeps its creation time and Apple metadata', async () => {
    // The result of "iphone fits 2000000 bytes": the metadata does not depend on the target (this
    // test encoded the clip again, at 3 MB).
    const { result, input } = await compressFootage('iphone', 2_000_000)
    expectDone(result)
    const [source, output] = await Promise.all([probe(input), probe(result.output)])
    expect(output.tags.creation_time).toBe(source.tags.creation_time)
    expect(output.audio).not.toBeNull()
    // The phone's audio starts 0.14 s after the picture: the result keeps that offset.
    const [sourceTimes, outputTimes] = [streamTimes(input), streamTimes(result.output)]
    expect(sourceTimes.audio?.start).toBeGreaterThan(0.1)
    for (const kind of ['video', 'audio'] as const) {
      expect(Math.abs((outputTimes[kind]?.start ?? NaN) - (sourceTimes[kind]?.start ?? NaN)), `${kind} start`).toBeLessThan(0.04)
    }
  })
  expect(Object.keys(FOOTAGE).length).toBeGreaterThan(4)
})

describe('already small', () => {
  it('a file under the target, next to the original: nothing is written, and the result points to the original', async () => {
    const { result, input } = await compressFixture('landscape', { targetBytes: 50_000_000 })
    expect(result.status).toBe('skipped')
    expect(result.output).toBeNull()
    expect(result.outputBytes).toBeNull()
    expect(result.input).toBe(input)
    expect(result.message).toMatch(/^Already under 50 MB \([\d.]+ [KM]B\): nothing to do/)
    expect(result.changes).toEqual([])
    // Every run used to leave another full-size duplicate next to the original.
    expect(await listFolder(path.dirname(input))).toEqual(['landscape.mp4'])
  })

  it('a file under the target, into an output folder the user chose: copied there as it is', async () => {
    const dir = await makeWorkDir('small-outdir')
    const input = await fixture('landscape', dir)
    const outputDir = path.join(dir, 'results')
    await mkdir(outputDir)
    const { result } = await compressAndCheck(input, { targetBytes: 50_000_000 }, { outputDir })
    expect(result.status).toBe('skipped')
    expect(result.output).toBe(path.join(outputDir, 'landscape.compressed.mp4'))
    expect(sha256(result.output ?? '')).toBe(sha256(input))
    expect(result.message).toMatch(/^Already under 50 MB \([\d.]+ [KM]B\): copied as it is into the output folder/)
  })

  it('a file under the target is remuxed into the asked container', async () => {
    const { result } = await compressFixture('rotated', { targetBytes: 50_000_000, container: 'mp4' })
    expect(result.status).toBe('skipped')
    expect(result.output).toMatch(/rotated\.compressed\.mp4$/)
    const out = await probe(result.output ?? '')
    expect(out.video.codec).toBe('h264')
    expect(out.video.rotation).not.toBe(0)
  })

  it('a remux that the new container pushes over the target is re-encoded under it', async () => {
    // vfr.mkv grows by about 1.8 KB as MP4: a target just above the source fits an encode, not a remux.
    const dir = await makeWorkDir('remux-over')
    const input = await fixture('vfr', dir)
    const targetBytes = (await stat(input)).size + 500
    const { result } = await compressAndCheck(input, { targetBytes, container: 'mp4' })
    expectDone(result)
    expect(result.outputBytes).toBeLessThanOrEqual(targetBytes)
    expect(await listFolder(dir)).toEqual(['vfr.compressed.mp4', 'vfr.mkv'])
  })

  it('HEVC remuxed into MP4 is tagged hvc1 (what Apple players need)', async () => {
    const dir = await makeWorkDir('hevc-remux')
    const input = path.join(dir, 'hevc.mkv')
    execFileSync(engine.toolchain.ffmpeg.path, [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25',
      '-t',
      '1',
      '-c:v',
      'libx265',
      '-x265-params',
      'log-level=error',
      input
    ])
    const { result } = await compressAndCheck(input, { targetBytes: 50_000_000, container: 'mp4' })
    expect(result.status, result.message).toBe('skipped')
    const tag = execFileSync(
      engine.toolchain.ffprobe.path,
      ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_tag_string', '-of', 'csv=p=0', result.output ?? ''],
      { encoding: 'utf8' }
    )
    expect(tag.trim()).toBe('hvc1')
  })

  it('a source already under the target that must be re-encoded (new codec) names the target the user gave', async () => {
    // The 1 s clip: x265 spent 8-10 s on the 6 s one, and the rule is the same (the target capped at the source).
    const { result } = await compressFixture('tiny', { targetBytes: 5_000_000, videoCodec: 'hevc' })
    expectDone(result)
    expect(result.message).toMatch(/under the 5 MB target/)
    expect(result.outputBytes).toBeLessThan(result.inputBytes ?? 0)
  })

  it('-r 240 with a target above the source: as small as 240p needs, still under the target', async () => {
    // Used to come out as big as the original: the whole target (capped at the source) was spent on 240p.
    const { result } = await compressFixture('landscape', { targetBytes: 8 * 1024 * 1024, resolution: 240 })
    expectDone(result)
    expect(result.outputBytes).toBeLessThan((result.inputBytes ?? 0) * 0.5)
    expect(result.message).toMatch(/under the 8\.39 MB target/)
    const out = await probe(result.output)
    expect(Math.min(out.video.displayWidth, out.video.displayHeight)).toBe(240)
  })

  it('never hands back a file bigger than its input without a target', async () => {
    // The fixture is tiny and already efficient: constant quality would not shrink it.
    const dir = await makeWorkDir('tiny')
    const input = await fixture('landscape', dir)
    const small = path.join(dir, 'small.mp4')
    // Squeezed hard first, so a constant-quality re-encode would come out bigger.
    const first = await engine.compress({ input, options: { targetBytes: 40_000, audio: 'remove' } })
    expectDone(first)
    await writeFile(small, await import('node:fs/promises').then((fs) => fs.readFile(first.output)))
    const { result } = await compressAndCheck(small, { quality: 'high' })
    expect(result.status).toBe('done')
    expect(result.outputBytes).toBeLessThan(result.inputBytes ?? 0)
    expect(result.changes.join(' ')).toMatch(/already efficiently encoded, so the result aims at 90% of its size/)
    // No size was asked: the message must not speak of a target.
    expect(result.message).not.toMatch(/target/)
  })
})

describe('options', () => {
  // These two encode the clean 6 s clip, not the noisy one: on the noise, x264's slow preset
  // ('high') alone took 30 s. Each size must come from constant quality itself, not from the
  // fallback for an already efficient file.
  it('constant quality (no target) makes a smaller H.264 MP4 with AAC audio', async () => {
    const { result } = await compressFixture('landscape', {})
    expectDone(result)
    expect(result.outputBytes).toBeLessThan(result.inputBytes ?? 0)
    expect(result.changes.join(' ')).not.toMatch(/already efficiently encoded/)
    const out = await probe(result.output)
    expect(out.video.codec).toBe('h264')
    expect(out.audio?.codec).toBe('aac')
  })

  it('quality small makes a smaller file than quality high', async () => {
    const high = await compressFixture('landscape', { quality: 'high' })
    const small = await compressFixture('landscape', { quality: 'small' })
    expectDone(high.result)
    expectDone(small.result)
    expect(small.result.outputBytes).toBeLessThan(high.result.outputBytes)
    for (const { result } of [high, small]) expect(result.changes.join(' ')).not.toMatch(/already efficiently encoded/)
  })

  // AV1 on the 1 s clip: the bundled ffmpeg's libaom-av1 encodes on one core, and the 3 s clip's
  // two final passes took 45 s. What is checked is the same: the container, the codecs, the size.
  it.each([
    ['webm', undefined, 'vp9', 'opus', 'rotated', 40_000],
    ['mkv', 'hevc', 'hevc', 'aac', 'rotated', 40_000],
    ['mov', undefined, 'h264', 'aac', 'rotated', 40_000],
    ['mp4', 'av1', 'av1', 'aac', 'tiny', 20_000]
  ] as const)('format %s codec %s', async (container, videoCodec, expectedCodec, expectedAudio, clip, targetBytes) => {
    const { result } = await compressFixture(clip, { container, videoCodec: videoCodec ?? null, targetBytes })
    expectDone(result)
    expect(result.output.endsWith(`.compressed.${container}`)).toBe(true)
    expect(result.outputBytes).toBeLessThanOrEqual(targetBytes)
    const out = await probe(result.output)
    expect(out.video.codec).toBe(expectedCodec)
    expect(out.audio?.codec).toBe(expectedAudio)
  })

  it('removes the audio when asked', async () => {
    const { result } = await compressFixture('landscape', { audio: 'remove', targetBytes: 200_000 })
    expectDone(result)
    expect((await probe(result.output)).audio).toBeNull()
  })

  it('scales to the asked short side and caps the frame rate', async () => {
    const { result } = await compressFixture('landscape', { resolution: 180, fps: 10 })
    expectDone(result)
    const out = await probe(result.output)
    expect([out.video.width, out.video.height]).toEqual([320, 180])
    expect(out.video.fps).toBeCloseTo(10, 1)
  })

  it('caps an absurd frame rate on its own and says so', async () => {
    const { result } = await compressFixture('highFps', { targetBytes: 100_000 })
    expectDone(result)
    expect((await probe(result.output)).video.fps).toBeLessThanOrEqual(60)
    expect(result.changes.join(' ')).toMatch(/frame rate/)
  })

  it('rotation: a sideways phone clip comes out upright with portrait dimensions', async () => {
    const { result, input } = await compressFixture('rotated', { resolution: 240 })
    expectDone(result)
    const source = await probe(input)
    expect(source.video.displayHeight).toBeGreaterThan(source.video.displayWidth)
    const out = await probe(result.output)
    expect(out.video.displayHeight).toBeGreaterThan(out.video.displayWidth)
    expect(Math.min(out.video.displayWidth, out.video.displayHeight)).toBe(240)
    expect(out.tags.creation_time).toBe('2023-01-02T03:04:05.000000Z')
  })

  it('variable frame rate: every frame is kept', async () => {
    const { result, input } = await compressFixture('vfr', { targetBytes: 100_000 })
    expectDone(result)
    // Decoded frames, as a player shows them.
    expect(countFrames(result.output)).toBe(countFrames(input))
    expect(countFrames(input)).toBe(66)
    // A/V sync: each stream starts and ends where it did in the source (within a frame).
    const [sourceTimes, outputTimes] = [streamTimes(input), streamTimes(result.output)]
    for (const kind of ['video', 'audio'] as const) {
      expect(Math.abs((outputTimes[kind]?.start ?? NaN) - (sourceTimes[kind]?.start ?? NaN)), `${kind} start`).toBeLessThan(0.04)
      expect(Math.abs((outputTimes[kind]?.end ?? NaN) - (sourceTimes[kind]?.end ?? NaN)), `${kind} end`).toBeLessThan(0.07)
    }
  })

  it("variable frame rate on a phone's clock: every frame keeps its own time (not moved to a 30 fps grid)", async () => {
    const { result, input } = await compressFixture('phoneVfr', { targetBytes: 100_000 })
    expectDone(result)
    const [sourceTimes, outputTimes] = [framePresentationTimes(input), framePresentationTimes(result.output)]
    expect(outputTimes).toHaveLength(sourceTimes.length)
    // The source's frames sit off the 29.97/30 fps grid by design (24 fps stretch, jitter).
    expect(sourceTimes.some((time) => Math.abs(time * 30 - Math.round(time * 30)) > 0.1)).toBe(true)
    const moved = Math.max(...sourceTimes.map((time, index) => Math.abs((outputTimes[index] ?? NaN) - time)))
    expect(moved).toBeLessThan(0.001)
  })

  it('HDR10 (10-bit PQ HEVC) is converted to standard-range BT.709 when re-encoded, and said so', async () => {
    const { result, input } = await compressFixture('hdrPq', { targetBytes: 150_000 })
    expectDone(result)
    const source = await probe(input)
    expect(source.video.dynamicRange).toBe('pq')
    const out = await probe(result.output)
    expect(out.video.dynamicRange).toBe('sdr')
    expect(out.video.pixFmt).toBe('yuv420p')
    expect(out.video.colorPrimaries).toBe('bt709')
    expect(out.video.colorSpace).toBe('bt709')
    expect(result.outputBytes).toBeLessThanOrEqual(150_000)
    expect(result.changes.join(' ')).toMatch(/converted HDR10 to standard range/)
  })

  it('HDR10 re-encoded by an ffmpeg without zscale keeps its HDR tags, as the result says', async () => {
    // The bundled ffmpeg with zscale hidden: unconverted PQ pictures without their tags look pale everywhere.
    const withoutZimg = new LocalEngine({ ...engine.toolchain, filters: new Set([...engine.toolchain.filters].filter((name) => name !== 'zscale')) })
    const dir = await makeWorkDir('hdr-no-zscale')
    const input = await fixture('hdrPq', dir)
    const result = await withoutZimg.compress({ input, options: { targetBytes: 150_000 } })
    expectDone(result)
    expect(result.changes.join(' ')).toMatch(/kept the HDR10 colour tags without converting/)
    const out = await probe(result.output)
    expect(out.video.dynamicRange).toBe('pq')
    expect(out.video.colorPrimaries).toBe('bt2020')
    expect(out.video.colorSpace).toBe('bt2020nc')
    expect(result.outputBytes).toBeLessThanOrEqual(150_000)
  })

  it('an HDR file already under the target is copied as it is, HDR kept', async () => {
    const dir = await makeWorkDir('hdr-copy')
    const outputDir = path.join(dir, 'results')
    await mkdir(outputDir)
    const { result } = await compressAndCheck(await fixture('hdrPq', dir), { targetBytes: 50_000_000 }, { outputDir })
    expect(result.status).toBe('skipped')
    const out = await probe(result.output ?? '')
    expect(out.video.dynamicRange).toBe('pq')
    expect(result.changes.join(' ')).not.toMatch(/HDR/)
  })

  it("subtitles: an MKV's SRT track comes out as MP4 text subtitles with its language and words, under the target", async () => {
    const { result } = await compressFixture('subtitled', { targetBytes: 150_000 })
    expectDone(result)
    expect(result.outputBytes).toBeLessThanOrEqual(150_000)
    const out = await probe(result.output)
    expect(out.subtitles).toEqual([expect.objectContaining({ codec: 'mov_text', language: 'eng', kind: 'text' })])
    const text = subtitleText(result.output)
    expect(text).toContain('Hello from the fixture')
    expect(text).toContain('Second line, ü and 字')
  })

  it('subtitles: kept as SRT in MKV, and carried by a repackaging for an already-small file', async () => {
    const { result } = await compressFixture('subtitled', { targetBytes: 150_000, container: 'mkv' })
    expectDone(result)
    expect((await probe(result.output)).subtitles).toEqual([expect.objectContaining({ codec: 'subrip', language: 'eng' })])
    const { result: repackaged } = await compressFixture('subtitled', { targetBytes: 50_000_000, container: 'mp4' })
    expect(repackaged.status).toBe('skipped')
    // Said once, in the sentence (the app's row shows the sentence and the changes side by side).
    expect(repackaged.message).toMatch(/^Already under 50 MB \([\d.]+ KB\): repackaged as MP4, without re-encoding/)
    expect(repackaged.changes.join(' ')).not.toMatch(/already under/i)
    // MP4's index for the same streams is a little bigger than Matroska's: said, not hidden.
    expect(repackaged.outputBytes).toBeGreaterThan(repackaged.inputBytes ?? Infinity)
    expect(repackaged.changes.join(' ')).toMatch(/the MP4 packaging is [\d.]+ KB larger than the original's/)
    expect(subtitleText(repackaged.output ?? '')).toContain('Hello from the fixture')
  })

  it("subtitles: a DivX AVI's XSUB picture track, which Matroska cannot hold, is left out of an MKV and said so", async () => {
    // ffmpeg's Matroska muxer refuses XSUB: copying it failed the whole job, re-encode and repackaging alike.
    const { result } = await compressFixture('divxXsub', { targetBytes: 150_000, container: 'mkv' })
    expectDone(result)
    expect(result.outputBytes).toBeLessThanOrEqual(150_000)
    expect((await probe(result.output)).subtitles).toEqual([])
    expect(result.changes.join(' ')).toMatch(/left out a DivX \(XSUB\) picture subtitle track: this format cannot be carried over/)
    const { result: repackaged } = await compressFixture('divxXsub', { targetBytes: 50_000_000, container: 'mkv' })
    expect(repackaged.status, repackaged.message).toBe('skipped')
    expect(repackaged.message).toMatch(/repackaged as MKV, without re-encoding/)
    // Nor is MKV offered as the way to keep it when MP4 leaves it out.
    const { result: mp4 } = await compressFixture('divxXsub', { targetBytes: 150_000 })
    expectDone(mp4)
    expect(mp4.changes.join(' ')).toMatch(/left out a DivX \(XSUB\) picture subtitle track/)
    expect(mp4.changes.join(' ')).not.toMatch(/choose MKV/)
  })

  it('subtitles: the fonts attached for styled subtitles stay with them in MKV, and MP4 says it left them out', async () => {
    const { result, input } = await compressFixture('styledSubtitles', { targetBytes: 120_000, container: 'mkv' })
    expectDone(result)
    expect(result.outputBytes).toBeLessThanOrEqual(120_000)
    const [source, out] = [await probe(input), await probe(result.output)]
    expect(source.attachments).toHaveLength(1)
    expect(out.attachments).toEqual([expect.objectContaining({ bytes: source.attachments[0]?.bytes })])
    expect(out.subtitles).toEqual([expect.objectContaining({ codec: 'ass' })])
    const { result: mp4 } = await compressFixture('styledSubtitles', { targetBytes: 120_000 })
    expectDone(mp4)
    expect(mp4.changes.join(' ')).toMatch(/left out an attached file \(ttf\): only MKV holds them/)
  })

  it('audio: of two language tracks the default one is kept, and the result names the one left out', async () => {
    const { result } = await compressFixture('twoAudio', { targetBytes: 100_000 })
    expectDone(result)
    const out = await probe(result.output)
    expect(out.audio?.language).toBe('fra')
    expect(out.otherAudioLanguages).toEqual([])
    expect(result.changes).toContain('kept the default audio track (fra) and left out another audio track: eng')
  })

  it('keeps the title and creation time', async () => {
    const { result } = await compressFixture('landscape', { targetBytes: 200_000 })
    expectDone(result)
    const out = await probe(result.output)
    expect(out.tags.creation_time).toBe('2024-05-06T07:08:09.000000Z')
    expect(out.tags.title).toBe('Fixture Title')
  })

  it('a container that cannot hold the codec is refused before any work', async () => {
    const { result, input } = await compressFixture('landscape', { container: 'webm', videoCodec: 'h264' })
    expect(result.status).toBe('failed')
    expect(result.errorCode).toBe('invalid-option')
    expect(result.message).toMatch(/WebM files cannot hold H\.264/)
    expect(await listFolder(path.dirname(input))).toEqual(['landscape.mp4'])
  })
})

describe('bad input: a clear message and nothing written', () => {
  async function expectRefused(input: string, code: string, pattern: RegExp, maxInputBytes?: number) {
    const subject = maxInputBytes ? await createLocalEngine({ maxInputBytes }) : engine
    const folder = path.dirname(input)
    const before = await listFolder(folder).catch(() => [])
    const result = await subject.compress({ input, options: { targetBytes: 100_000 } })
    expect(result.status).toBe('failed')
    expect(result.errorCode).toBe(code)
    expect(result.message).toMatch(pattern)
    expect(result.message).not.toMatch(/\n\s+at /)
    expect(await listFolder(folder).catch(() => [])).toEqual(before)
  }

  it('missing path', async () => expectRefused(path.join(await makeWorkDir('bad'), 'nope.mp4'), 'not-found', /does not exist/))
  it('a folder', async () => {
    const dir = await makeWorkDir('bad')
    await mkdir(path.join(dir, 'clips.mp4'))
    await expectRefused(path.join(dir, 'clips.mp4'), 'is-directory', /is a folder/)
  })
  it('empty file', async () => {
    const dir = await makeWorkDir('bad')
    await expectRefused(writeBytes(path.join(dir, 'empty.mp4'), ''), 'empty-file', /is empty/)
  })
  it('text file', async () => {
    const dir = await makeWorkDir('bad')
    await expectRefused(writeBytes(path.join(dir, 'notes.txt'), 'hello'), 'unsupported-extension', /not a video file this app accepts \(\.txt\)/)
  })
  it('corrupt video', async () => {
    const dir = await makeWorkDir('bad')
    await expectRefused(writeBytes(path.join(dir, 'broken.mp4'), Buffer.alloc(50_000, 7)), 'not-a-video', /damaged or not a video/)
  })
  it('audio only', async () => {
    const dir = await makeWorkDir('bad')
    await expectRefused(await fixture('audioOnly', dir), 'not-a-video', /no video stream/)
  })
  it('over the size limit', async () => {
    const dir = await makeWorkDir('bad')
    await expectRefused(await fixture('landscape', dir), 'too-large', /over the limit of 100 KB/, 100_000)
  })
})

describe('files are sacred', () => {
  it('spaces and non-ASCII in paths', async () => {
    const dir = path.join(await makeWorkDir('names'), 'My Vidéos 视频')
    await mkdir(dir)
    const input = await fixture('landscape', dir, 'été à la plage 海滩.mp4')
    const { result } = await compressAndCheck(input, { targetBytes: 200_000 })
    expectDone(result)
    expect(result.output).toBe(path.join(dir, 'été à la plage 海滩.compressed.mp4'))
  })

  it('an existing output name is never overwritten', async () => {
    const dir = await makeWorkDir('exists')
    const input = await fixture('landscape', dir)
    const taken = writeBytes(path.join(dir, 'landscape.compressed.mp4'), 'mine')
    writeBytes(path.join(dir, 'landscape.compressed (2).mp4'), 'mine too')
    const { result } = await compressAndCheck(input, { targetBytes: 200_000 })
    expectDone(result)
    expect(path.basename(result.output)).toBe('landscape.compressed (3).mp4')
    expect(await import('node:fs/promises').then((fs) => fs.readFile(taken, 'utf8'))).toBe('mine')
  })

  it('--output-dir writes there', async () => {
    const dir = await makeWorkDir('outdir')
    const outputDir = path.join(dir, 'out', 'nested')
    const input = await fixture('landscape', dir)
    const { result } = await compressAndCheck(input, { targetBytes: 200_000 }, { outputDir })
    expectDone(result)
    expect(path.dirname(result.output)).toBe(outputDir)
    expect(await listFolder(dir)).toEqual(['landscape.mp4', 'out'])
  })

  it.runIf(canMountTmpfs())('a full disk: a clear message, no partial file', async () => {
    const dir = await makeWorkDir('full')
    const input = await fixture('noisy', dir)
    const small = path.join(dir, 'small-disk')
    await mkdir(small)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', small])
    try {
      const { result } = await compressAndCheck(input, { targetBytes: 1_000_000 }, { outputDir: small })
      expect(result.status).toBe('failed')
      expect(result.errorCode).toBe('disk-full')
      expect(result.message).toMatch(/The disk holding .*small-disk is full\. Free some space or choose another output folder/)
      expect(await listFolder(small)).toEqual([])
    } finally {
      execFileSync('umount', [small])
    }
  })

  it('cancellation during the encode leaves nothing behind', async () => {
    const dir = await makeWorkDir('cancel')
    const input = await copyInto(footagePath('iphone'), dir)
    const controller = new AbortController()
    const started = engine.compress({
      input,
      options: { targetBytes: 2_000_000 },
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'encoding' && p.percent > 45) controller.abort()
      }
    })
    const result = await started
    expect(result.status).toBe('cancelled')
    expect(result.message).toBe('Cancelled.')
    expect(await listFolder(dir)).toEqual([path.basename(input)])
  })

  it('cancellation before start writes nothing', async () => {
    const dir = await makeWorkDir('cancel')
    const input = await fixture('landscape', dir)
    const controller = new AbortController()
    controller.abort()
    const { result } = await compressAndCheck(input, { targetBytes: 200_000 }, { signal: controller.signal })
    expect(result.status).toBe('cancelled')
    expect(await listFolder(dir)).toEqual(['landscape.mp4'])
  })
})

describe('two-pass statistics', () => {
  it('x265 writes its statistics where asked even when the temp path has a colon (Windows C:\\)', async () => {
    const dir = await makeWorkDir('x265-stats')
    const input = await fixture('landscape', dir)
    const logFolder = path.join(dir, 'odd:temp')
    await mkdir(logFolder)
    const media = await probe(input)
    const plan = planCompression({
      media,
      sourceBytes: (await stat(input)).size,
      options: { targetBytes: 300_000, videoCodec: 'hevc' },
      capabilities: engine.toolchain,
      sourceExtension: 'mp4'
    })
    const prefix = passLogPrefixIn(logFolder)
    await runFfmpeg(
      engine.toolchain.ffmpeg.path,
      buildEncodeArgs(plan, media, input, path.join(dir, 'unused.mp4'), { pass: 1, videoKbps: plan.videoKbps, passLogPrefix: prefix }, engine.toolchain.version)
    )
    expect(await readdir(logFolder)).toContain('pass.x265.log')
  })
})
