// One long file on many workers (issue 15), the engine's part: one analysis, ranges cut at
// keyframes, each encoded on its own (side by side, as two workers would), joined without
// re-encoding, and checked: under the target, the source's length, audio and video in step.
import { mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalEngine, type LocalEngine } from '../src/engine'
import { checkJoined, type EncodedPart, encodeAudio, encodeSegment, joinUnderTarget, planSegments, type SegmentRange } from '../src/engine/segments'
import { probeMedia } from '../src/engine/probe'
import { measureSsim } from '../src/engine/quality'
import { footagePath } from './footage'

let dir: string
let engine: LocalEngine

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cv-segments-'))
  engine = await createLocalEngine()
})

afterAll(async () => {
  if (!process.env.KEEP_SEGMENTS) await rm(dir, { recursive: true, force: true })
})

describe('segments', () => {
  it('splits at keyframes, encodes the parts apart, joins them under the target with audio in step', async () => {
    const { toolchain } = engine
    const input = footagePath('rocket')
    const options = { targetBytes: 300_000 }
    const plan = await planSegments({ toolchain, input, options, count: 2, workFolder: dir })
    expect(plan).not.toBeNull()
    if (!plan) return
    expect(plan.segments.length).toBe(2)
    expect(plan.segments[0]?.start).toBe(0)
    expect(plan.segments.at(-1)?.end).toBeCloseTo(plan.durationSeconds, 3)
    const isLast = (range: SegmentRange): boolean => range.end === plan.segments.at(-1)?.end
    const encode = async (range: SegmentRange, videoKbps: number): Promise<EncodedPart> => {
      const folder = await mkdtemp(path.join(dir, 'worker-'))
      const output = path.join(folder, 'part.mp4')
      const bytes = await encodeSegment({ toolchain, input, options, range, isLast: isLast(range), rate: { ...plan, videoKbps }, output, workFolder: folder })
      return { range, path: output, videoKbps, bytes }
    }
    const parts = await Promise.all(plan.segments.map((range) => encode(range, plan.videoKbps)))
    const audio = await encodeAudio({ toolchain, input, audio: plan.audio, output: path.join(dir, 'audio.m4a') })
    const joined = path.join(dir, 'joined.mp4')
    const check = await joinUnderTarget({
      toolchain,
      parts,
      audio,
      source: input,
      output: joined,
      workFolder: dir,
      targetBytes: plan.targetBytes,
      durationSeconds: plan.durationSeconds,
      reencode: (part, videoKbps) => encode(part.range, videoKbps)
    })
    expect(check.problem).toBeNull()
    expect(check.bytes).toBeLessThanOrEqual(300_000)
    expect(Math.abs(check.videoSeconds - plan.durationSeconds)).toBeLessThan(0.1)
    expect(Math.abs(check.driftSeconds ?? 1)).toBeLessThanOrEqual(0.04)

    // Against the same file compressed in one job: the quality is reported, not held to a number.
    const single = await engine.compress({ input, options, outputDir: path.join(dir, 'single') })
    expect(single.status).toBe('done')
    const media = await probeMedia(toolchain.ffprobe.path, input, (await stat(input)).size)
    const ssim = async (file: string): Promise<number> =>
      (
        await measureSsim({
          ffmpegPath: toolchain.ffmpeg.path,
          distorted: file,
          reference: input,
          width: media.video.width,
          height: media.video.height,
          sampleFps: 5
        })
      ).y
    const singleCheck = await checkJoined({
      toolchain,
      file: single.output ?? '',
      source: input,
      targetBytes: 300_000,
      durationSeconds: plan.durationSeconds,
      withAudio: true
    })
    const [splitSsim, singleSsim] = [await ssim(joined), await ssim(single.output ?? '')]
    console.log(
      `segments: ${check.bytes} bytes, SSIM ${splitSsim.toFixed(4)}; one job: ${single.outputBytes} bytes, SSIM ${singleSsim.toFixed(4)}, drift ${(singleCheck.driftSeconds ?? 0).toFixed(3)} s; drift ${(check.driftSeconds ?? 0).toFixed(3)} s, ${check.corrections} correction(s)`
    )
    expect(splitSsim).toBeGreaterThan(singleSsim - 0.01)
  })
})
