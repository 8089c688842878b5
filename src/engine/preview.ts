// A preview at the planned size (issue #12): before the job, a few short samples of the file are
// encoded with the plan the job will run, and the preview says how they look (before/after frames
// at the original's size, the quality score) with the size and time to expect. The samples come
// from the estimate's sampler (estimate.ts), which decides the resolution the way the job does and
// times the passes; all work happens in a private temp folder, removed whatever happens, and
// nothing is written next to the original. Results are plain data (PNG bytes, numbers), so the
// app's main process can hand them to the window as they are.
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { type CompressOptions, DEFAULT_HARDWARE, type QualityScore } from '../shared/compression'
import { UserFacingError } from '../shared/errors'
import { alreadyUnderTarget } from '../shared/targets'
import { makeWorkFolder, releaseWork } from '../jobs/work-journal'
import { checkInput } from './checks'
import { describeEdits, editSource, planOnGraphicsChip } from './compress'
import { SAMPLE_POINTS, type SamplePart, type SampleStill, resultFpsOf, sampleEncode } from './estimate'
import type { FfmpegToolchain } from './ffmpeg/locate'
import { FfmpegError, lastMeaningfulLine } from './ffmpeg/run'
import { execFileTethered } from './ffmpeg/tether'
import { type EncodePlan, planCompression } from './plan'
import { estimateOverheadBytes, tagCharsOf } from './plan/budget'
import { carriedBytes } from './plan/streams'
import type { MediaInfo } from './probe'
import { samplesScore, vmafAvailable } from './quality'
import type { EngineConfig } from './types'

// The samples' score moved to quality.ts (the quality floor's check uses it too); its tests import it from here.
export { samplesScore } from './quality'

/** Samples per preview, and each one's length: enough to judge motion, a small share of a minute's encode. */
export const PREVIEW_SAMPLES = SAMPLE_POINTS.length
export const PREVIEW_SAMPLE_SECONDS = 2
/**
 * Frames compared over the samples, at least (quality.ts pairs them by timestamp): 10 a second of
 * a 30-fps source, where the job compares 120 over the whole file (2 a second of a minute).
 */
const PREVIEW_SCORED_FRAMES = 60
/** A file this short is previewed in one sample, the whole of it. */
const ONE_SAMPLE_BELOW_SECONDS = 3
/**
 * Each sample is chosen where the picture changes most within a window this many samples long
 * around its spread point (a fifth, the middle, four fifths: the estimate's), read from the size
 * of each frame's packet in the original: what its encoder spent on the frame beyond what it
 * could predict from the previous ones. Reading them costs no decoding (0.03 CPU s a window);
 * ffmpeg's scene score on a 160-px decode cost 0.65 CPU s per 4-s window of a 720p phone clip,
 * 2% of a minute's job on its own, where the preview's bar is 15% (BENCHMARKS.md).
 */
const CHOICE_WINDOW_SAMPLES = 3
/**
 * A frame's change is its packet's size over the window's median: one at this many times the
 * median or more is a cut (a new shot, coded from scratch), which counts no more than this and is
 * not the frame shown.
 */
const CUT_SCORE = 3

/** ffmpeg says only what went wrong. */
const QUIET = ['-hide_banner', '-nostdin', '-loglevel', 'error']

export type PreviewStage = 'checking' | 'choosing' | 'encoding' | 'comparing'

export interface PreviewRequest {
  input: string
  options: CompressOptions
  signal?: AbortSignal
  /** Called as each stage starts (for a progress line or a spinner's words). */
  onStage?: (stage: PreviewStage) => void
}

/** One sample's before/after pair, both PNG at the original's display size (media.video.displayWidth x displayHeight). */
export interface PreviewFrame {
  /** Seconds into the original where both frames are (from the file's packets: on a variable frame rate, within a frame or so). */
  atSeconds: number
  /** The original's frame. */
  before: Buffer
  /** The sample's frame at the same timestamp, scaled back to the original's display size. */
  after: Buffer
}

export interface PreviewResult {
  input: string
  inputBytes: number
  /** The plan the job is expected to end with (after its analysis pass): its size, codec, bitrate or CRF. */
  plan: EncodePlan
  /** The picture the job encodes: what ffprobe read of the original, as its trim, turn and shape leave it (length, display size: the frames' size). */
  media: MediaInfo
  /** The original's length, in seconds (media's is the part kept). */
  sourceSeconds: number
  /** One pair per sample, in file order; none when the job re-encodes nothing. */
  frames: PreviewFrame[]
  /** The samples' luma SSIM (+ VMAF where it really runs) and its words; null for HDR sources (tone-mapped) or a failed measurement. */
  quality: QualityScore | null
  /** Bytes the result is expected to have. */
  predictedBytes: number
  /** Seconds the job is expected to take on this machine (the estimate's); null when unknown. */
  predictedSeconds: number | null
  /** What the engine decided on its own, as the job's result will say. */
  changes: string[]
  /** When nothing is encoded (already under the target): the sentence the job would end with; null otherwise. */
  message: string | null
}

/**
 * Encodes PREVIEW_SAMPLES short samples of `request.input` with the plan the job would run and
 * compares them with the original. Rejects with a UserFacingError for what the job would refuse
 * (the same checks and plan), and with an AbortError when the signal fires; either way the temp
 * folder is gone when it settles.
 */
export async function previewCompression(toolchain: FfmpegToolchain, config: EngineConfig, request: PreviewRequest): Promise<PreviewResult> {
  const { options, signal } = request
  const stage = (name: PreviewStage): void => request.onStage?.(name)
  stage('checking')
  const checked = await checkInput(request.input, toolchain.ffprobe.path, config.maxInputBytes, signal)
  const { sizeBytes } = checked
  const input = checked.path
  // The trim, turn and shape as the job plans them (issue 14): samples come from the part kept,
  // and `media` is the edited picture (its length, its size).
  const edited = await editSource(toolchain.ffprobe.path, input, checked.media, sizeBytes, options, signal)
  const { media } = edited
  const trimStart = edited.edit?.trim?.start ?? 0
  const x264Plan = planCompression({
    media,
    sourceBytes: edited.keptBytes,
    edit: edited.edit,
    options,
    capabilities: toolchain,
    sourceExtension: extensionOf(input)
  })
  const base = { input, inputBytes: sizeBytes, media, sourceSeconds: checked.media.durationSeconds }
  if (x264Plan.mode === 'copy' || x264Plan.mode === 'remux' || x264Plan.mode === 'edit') {
    const lead = alreadyUnderTarget(x264Plan.targetBytes ?? sizeBytes, sizeBytes)
    const message =
      x264Plan.mode === 'edit'
        ? `${describeEdits(x264Plan.edit, true, checked.media.durationSeconds)} without re-encoding, so it looks exactly like the original.`
        : x264Plan.mode === 'copy'
          ? `${lead}: nothing to do, the original is kept as it is.`
          : `${lead}: it will be repackaged without re-encoding, so it looks exactly like the original.`
    const predictedBytes = x264Plan.mode === 'edit' ? edited.keptBytes : sizeBytes
    return { ...base, plan: x264Plan, frames: [], quality: null, predictedBytes, predictedSeconds: 0, changes: [...x264Plan.changes], message }
  }
  // The graphics chip where the job would use it: its samples are one run each, as its job is.
  const { plan, chip: onChip } = await planOnGraphicsChip({
    toolchain,
    input,
    ...edited,
    options,
    plan: x264Plan,
    preference: options.hardware ?? config.hardware ?? DEFAULT_HARDWARE
  })
  // The chip's encoder may be in another ffmpeg build than the engine's (as in compress.ts).
  const encoding: FfmpegToolchain = onChip
    ? {
        ...toolchain,
        ffmpeg: { path: onChip.ffmpegPath, source: onChip.ffmpegPath === toolchain.ffmpeg.path ? toolchain.ffmpeg.source : 'path' },
        version: onChip.ffmpegVersion
      }
    : toolchain

  const folder = await makeWorkFolder()
  try {
    stage('choosing')
    const choice = await choosePreviewParts(toolchain.ffprobe.path, input, media, signal, trimStart)
    stage('encoding')
    // VMAF where the engine's ffmpeg really runs it (the chip's build is not checked: SSIM only).
    const score = { frames: PREVIEW_SCORED_FRAMES, vmaf: !onChip && (await vmafAvailable(toolchain.ffmpeg.path, toolchain.filters)) }
    const stills = choice.shown.map((shown) => shown.fromFirst)
    const sampled = await sampleEncode({ toolchain: encoding, plan, media, input, options, folder, finalParts: choice.parts, stills, score, signal }).catch(
      failedSamples
    )
    if (sampled === null)
      throw new UserFacingError('not-a-video', `${path.basename(input)} has no length ffprobe can read, so no samples can be taken from it.`)
    stage('comparing')
    const finalPlan = sampled.finalPlan
    const frames: PreviewFrame[] = []
    for (const [i, sample] of sampled.samples.entries()) {
      const at = choice.shown[i]?.at ?? sample.start + sample.seconds / 2
      frames.push(await framePair(toolchain.ffmpeg.path, media, sample, at, path.join(folder, `frame-${i}`), signal))
    }
    const quality = samplesScore(sampled.scores)
    const predicted = await predictBytes(toolchain, finalPlan, media, edited.keptBytes, input, options, sampled.samples, signal)
    return {
      ...base,
      plan: finalPlan,
      frames,
      quality,
      predictedBytes: predicted.bytes,
      predictedSeconds: sampled.seconds,
      changes: [...finalPlan.changes, ...predicted.changes],
      message: null
    }
  } finally {
    await rm(folder, { recursive: true, force: true }).then(
      () => releaseWork(folder),
      () => undefined
    )
  }
}

function extensionOf(file: string): string {
  return path.extname(file).slice(1).toLowerCase()
}

function previewFailed(reason: string): UserFacingError {
  return new UserFacingError(
    'encode-failed',
    `ffmpeg could not make the preview's samples (${reason}). The file may be damaged; check that it plays, or try another format.`
  )
}

function failedSamples(error: unknown): never {
  throw error instanceof FfmpegError ? previewFailed(lastMeaningfulLine(error.stderrTail)) : error
}

/** Runs one of the preview's own ffmpeg or ffprobe commands for its stdout; a failed run is the samples' failure. */
async function runTool(tool: string, args: readonly string[], signal?: AbortSignal): Promise<string> {
  try {
    return (await execFileTethered(tool, args, { signal, maxBuffer: 16 << 20 })).stdout
  } catch (error) {
    // execFileTethered's failed exit: an Error with the exit code and stderr after the command line.
    if (typeof (error as { code?: unknown }).code !== 'number') throw error
    throw previewFailed(lastMeaningfulLine((error as Error).message.split('\n').slice(1).join('\n')))
  }
}

export interface ShownFrame {
  at: number
  fromFirst: number
}

export interface PreviewParts {
  parts: SamplePart[]
  /** Per part, the frame shown: its time in the file, and seconds from the part's first frame to it. */
  shown: ShownFrame[]
}

/**
 * Where the samples come from: PREVIEW_SAMPLES parts of PREVIEW_SAMPLE_SECONDS near a fifth, the
 * middle and four fifths of the file, each moved within its window to where the picture changes
 * most; the frame shown is the one that changes most in the middle half of its part (not a cut:
 * a cut starts a key frame, the best-looking frame of any encode). Each part starts at a frame
 * (to the millisecond below): a start between frames put the sample's timestamps half a tick off
 * x264's 1/fps grid, and rounding made pairs of frames one tick apart (the Sintel trailer's sample
 * at 25.482 s, half a frame before one: 2552, 2553 in 1/12288 s), which paired the wrong frames.
 */
export async function choosePreviewParts(
  ffprobePath: string,
  input: string,
  media: MediaInfo,
  signal?: AbortSignal,
  /** Where the part kept starts in the file (a trim, issue 14): `media` is that part, and the parts are counted from its start. */
  offset = 0
): Promise<PreviewParts> {
  const duration = media.durationSeconds
  if (duration < ONE_SAMPLE_BELOW_SECONDS) return { parts: [{ start: 0, seconds: duration }], shown: [{ at: offset + duration / 2, fromFirst: duration / 2 }] }
  const seconds = Math.min(PREVIEW_SAMPLE_SECONDS, duration / PREVIEW_SAMPLES)
  // Windows around the spread points never overlap (each at most 0.3 of the file).
  const width = Math.max(seconds, Math.min(seconds * CHOICE_WINDOW_SAMPLES, duration * 0.3))
  const fileStart = await fileStartTime(ffprobePath, input, signal)
  const parts: SamplePart[] = []
  const shown: ShownFrame[] = []
  for (const at of SAMPLE_POINTS) {
    const windowStart = offset + clamp(duration * at - width / 2, 0, duration - width)
    const packets = await framePackets(ffprobePath, input, media.video.index, fileStart, windowStart, width, signal)
    const changes = frameChanges(packets, windowStart)
    const chosen = busiestStretch(changes, seconds, width - seconds)
    const start = Math.max(offset, Math.floor((windowStart + chosen.start) * 1000) / 1000)
    parts.push({ start: start - offset, seconds })
    shown.push({ at: windowStart + chosen.frameAt, fromFirst: chosen.frameAt - chosen.start })
  }
  return { parts, shown }
}

/** A frame's time (seconds into the window read) and how much it changes the picture (its packet over the median). */
export interface SceneScore {
  at: number
  score: number
}

/** One video packet: its time in the file, bytes, and whether it is a key frame. */
export interface FramePacket {
  at: number
  bytes: number
  key: boolean
}

/** The file's start time: ffprobe reports packets in the file's own timestamps, ffmpeg's -ss counts from the start (MPEG program streams start at 0.5 s or so). */
async function fileStartTime(ffprobePath: string, input: string, signal?: AbortSignal): Promise<number> {
  const start = Number((await runTool(ffprobePath, ['-v', 'error', '-show_entries', 'format=start_time', '-of', 'csv=p=0', input], signal)).trim())
  return Number.isFinite(start) ? start : 0
}

/** The video packets of `seconds` from `start` (counted from the file's start, as -ss does), read by ffprobe without decoding, in time order. */
async function framePackets(
  ffprobePath: string,
  input: string,
  stream: number,
  fileStart: number,
  start: number,
  seconds: number,
  signal?: AbortSignal
): Promise<FramePacket[]> {
  const json = await runTool(
    ffprobePath,
    [
      '-v',
      'error',
      '-select_streams',
      String(stream),
      '-show_entries',
      'packet=pts_time,dts_time,size,flags',
      '-of',
      'json',
      '-read_intervals',
      `${(fileStart + start).toFixed(3)}%+${seconds.toFixed(3)}`,
      input
    ],
    signal
  )
  return parsePackets(json)
    .map((p) => ({ ...p, at: p.at - fileStart }))
    .filter((p) => p.at >= start && p.at < start + seconds)
}

/** ffprobe's JSON of packets, in time order (AVI's packets may have no pts: their dts then). Exported for tests. */
export function parsePackets(json: string): FramePacket[] {
  const read = JSON.parse(json) as { packets?: Array<{ pts_time?: string; dts_time?: string; size?: string; flags?: string }> }
  const packets: FramePacket[] = []
  for (const packet of read.packets ?? []) {
    const pts = Number(packet.pts_time)
    const at = Number.isFinite(pts) ? pts : Number(packet.dts_time)
    const bytes = Number(packet.size)
    if (Number.isFinite(at) && bytes > 0) packets.push({ at, bytes, key: (packet.flags ?? '').includes('K') })
  }
  return packets.sort((a, b) => a.at - b.at)
}

/**
 * Each frame's change, relative to the window (times from its first packet): its size over the
 * median of the frames that are not key frames; a key frame, coded on its own, says nothing about
 * change and counts 0. Exported for tests.
 */
export function frameChanges(packets: readonly FramePacket[], from = packets[0]?.at ?? 0): SceneScore[] {
  const sizes = packets
    .filter((p) => !p.key)
    .map((p) => p.bytes)
    .sort((a, b) => a - b)
  const median = sizes[Math.floor(sizes.length / 2)] ?? 1
  return packets.map((p) => ({ at: p.at - from, score: p.key ? 0 : p.bytes / median }))
}

/**
 * The start (0..room) of the `seconds` with the most change, and the frame to show in it. A frame
 * counts up to CUT_SCORE, so one cut does not outweigh a second of movement; on a tie
 * (a still window), the one nearest the middle. Exported for tests.
 */
export function busiestStretch(scores: readonly SceneScore[], seconds: number, room: number): { start: number; frameAt: number } {
  const nearest = (to: number) => (a: number, b: number) => Math.abs(a - to) < Math.abs(b - to)
  const motion = (score: number): number => Math.min(score, CUT_SCORE)
  let best: { start: number; sum: number } | null = null
  for (const candidate of scores) {
    if (candidate.at > room) break
    const sum = scores.filter((s) => s.at >= candidate.at && s.at < candidate.at + seconds).reduce((total, s) => total + motion(s.score), 0)
    if (best === null || sum > best.sum || (sum === best.sum && nearest(room / 2)(candidate.at, best.start))) best = { start: candidate.at, sum }
  }
  const start = best?.start ?? room / 2
  const middle = start + seconds / 2
  let shown: SceneScore | null = null
  for (const s of scores) {
    if (s.at < start + seconds / 4 || s.at > start + (seconds * 3) / 4 || s.score >= CUT_SCORE) continue
    if (shown === null || s.score > shown.score || (s.score === shown.score && nearest(middle)(s.at, shown.at))) shown = s
  }
  return { start, frameAt: shown?.at ?? middle }
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value))
}

/**
 * The before/after pair of a sample as PNG: the original's frame the run that encoded the sample
 * kept (raw, estimate.ts), and the sample's frame of the same number, scaled back to the
 * original's display size. Taken by number: the sample has every frame the encoder was given (or,
 * with a lowered frame rate, the same fps filter's), while timestamps can differ by a frame (an
 * AVI's guessed ones paired frames 11 and 12 when taken by time).
 */
async function framePair(
  ffmpegPath: string,
  media: MediaInfo,
  sample: SamplePart & { file: string; still: SampleStill | null },
  atSeconds: number,
  prefix: string,
  signal?: AbortSignal
): Promise<PreviewFrame> {
  const { displayWidth: width, displayHeight: height } = media.video
  if (!sample.still) throw previewFailed('the original frame was not kept')
  const before = `${prefix}-before.png`
  const after = `${prefix}-after.png`
  await runTool(
    ffmpegPath,
    [
      ...QUIET,
      '-i',
      sample.file,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-video_size',
      `${width}x${height}`,
      '-i',
      sample.still.file,
      '-filter_complex',
      `[0:v]select='eq(n,${sample.still.frame})',scale=${width}:${height}:flags=bicubic,setsar=1[after]`,
      '-map',
      '1:v',
      '-frames:v',
      '1',
      before,
      '-map',
      '[after]',
      '-frames:v',
      '1',
      after
    ],
    signal
  )
  return { atSeconds, before: await readFile(before), after: await readFile(after) }
}

/** Bytes of a plan's streams besides the video, over the whole file: audio, container, carried tracks. */
function nonVideoBytes(plan: EncodePlan, media: MediaInfo): number {
  const duration = media.durationSeconds
  const audioKbps = plan.audio.kind === 'none' ? 0 : plan.audio.kbps
  const overhead = estimateOverheadBytes(plan.container, duration, resultFpsOf(plan, media) ?? 30, plan.audio, tagCharsOf(media)) + carriedBytes(media, plan)
  return (audioKbps * 1000 * duration) / 8 + overhead
}

/** Target mode: the budget the final pass aims at (the job then corrects toward it, never above the target). */
function budgetedBytes(plan: EncodePlan, media: MediaInfo): number {
  const duration = media.durationSeconds
  return Math.round(
    ((plan.videoKbps ?? 0) * 1000 * duration) / 8 + (plan.audio.kind === 'none' ? 0 : (plan.audio.kbps * 1000 * duration) / 8) + plan.overheadBytes
  )
}

/**
 * The result's expected size. Target mode: the plan's budget. Constant quality: the samples' video
 * bits per second over the whole length, plus audio and container; where that is not below the
 * original, the job aims at 90% of the original instead (compress.ts), and so does this.
 */
async function predictBytes(
  toolchain: FfmpegToolchain,
  plan: EncodePlan,
  media: MediaInfo,
  sourceBytes: number,
  input: string,
  options: CompressOptions,
  samples: ReadonlyArray<SamplePart & { file: string }>,
  signal?: AbortSignal
): Promise<{ bytes: number; changes: string[] }> {
  if (plan.mode === 'target') return { bytes: Math.min(budgetedBytes(plan, media), plan.targetBytes ?? Infinity), changes: [] }
  let videoBytes = 0
  let seconds = 0
  for (const sample of samples) {
    videoBytes += await videoStreamBytes(toolchain.ffprobe.path, sample.file, signal)
    seconds += sample.seconds
  }
  const bytes = Math.round((videoBytes / Math.max(seconds, 1e-3)) * media.durationSeconds + nonVideoBytes(plan, media))
  if (bytes < sourceBytes) return { bytes, changes: [] }
  const fallback = planCompression({
    media,
    sourceBytes,
    capabilities: toolchain,
    sourceExtension: extensionOf(input),
    options: { ...options, targetBytes: Math.floor(sourceBytes * 0.9), container: plan.container, videoCodec: plan.videoCodec, quality: plan.quality }
  })
  return { bytes: budgetedBytes(fallback, media), changes: ['the original is already efficiently encoded, so the result will aim at 90% of its size'] }
}

/** The sum of the video stream's packet sizes (what the container adds is not counted). */
async function videoStreamBytes(ffprobePath: string, file: string, signal?: AbortSignal): Promise<number> {
  const stdout = await runTool(ffprobePath, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=size', '-of', 'csv=p=0', file], signal)
  return stdout.split('\n').reduce((sum, line) => sum + (Number(line.trim()) || 0), 0)
}
