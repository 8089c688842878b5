// One long file on many workers (issue 15): one analysis of the whole file decides the video
// bitrate and picture (the same planner and analysis-pass rule as a single job), the file is cut
// at source keyframes into [start, end) ranges, each range is encoded video-only in two passes at
// that bitrate (on different workers), the audio once, and the concat demuxer joins the parts
// without re-encoding. The join is checked (size under the target, length, audio and video in
// step) and a part too large is encoded again at a lower rate: never a file over the target.
//
// Only the plain case is split: a target size, x264 into MP4, no trim, turn, shape, HDR or
// subtitles. Anything else (`planSegments` answers null) runs as one job, as before.
import { readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { CompressOptions } from '../shared/compression'
import { checkInput } from './checks'
import { analysisStatsPath, buildEncodeArgs, passLogPrefixIn } from './ffmpeg/args'
import type { FfmpegToolchain } from './ffmpeg/locate'
import { runFfmpeg } from './ffmpeg/run'
import { execFileTethered } from './ffmpeg/tether'
import { keyframeAtOrBefore } from './keyframes'
import { type EncodePlan, planCompression } from './plan'
import { adaptToAnalysis, meanQuantiser } from './plan/adapt'
import { planEdit } from './plan/edit'
import { type MediaInfo, probeMedia } from './probe'

/** What every worker needs to encode its range as the whole file's plan says. */
export interface SegmentRate {
  videoKbps: number
  scaleShortSide: number | null
  fpsCap: number | null
}

export interface SegmentRange {
  start: number
  end: number
}

export interface SegmentPlan extends SegmentRate {
  targetBytes: number
  segments: SegmentRange[]
  durationSeconds: number
  /** The audio as the single job would encode it; `none` when there is none or it is removed. */
  audio: EncodePlan['audio']
  changes: readonly string[]
}

/** Audio and video ends of the joined file may differ by this much (one frame at 25 fps). */
export const MAX_AV_DRIFT_SECONDS = 0.04

function planOf(toolchain: FfmpegToolchain, input: string, media: MediaInfo, sizeBytes: number, options: CompressOptions): EncodePlan {
  return planCompression({ media, sourceBytes: sizeBytes, options, capabilities: toolchain, sourceExtension: path.extname(input).slice(1).toLowerCase() })
}

function splittable(plan: EncodePlan, options: CompressOptions, media: MediaInfo): boolean {
  return (
    plan.mode === 'target' &&
    plan.encoder === 'libx264' &&
    plan.container === 'mp4' &&
    plan.videoKbps !== null &&
    plan.targetBytes !== null &&
    plan.standInAnalysisKbps === null &&
    plan.toneMapFrom === null &&
    plan.subtitles.length === 0 &&
    planEdit(media, options) === null
  )
}

/**
 * The whole file's plan after one analysis pass, and `count` ranges cut at source keyframes; null
 * when this job is not one to split (see the top of the file).
 */
export async function planSegments(request: {
  toolchain: FfmpegToolchain
  input: string
  options: CompressOptions
  count: number
  workFolder: string
  signal?: AbortSignal
}): Promise<SegmentPlan | null> {
  const { toolchain, input, options, workFolder, signal } = request
  const checked = await checkInput(input, toolchain.ffprobe.path, null, signal)
  const plan = planOf(toolchain, input, checked.media, checked.sizeBytes, options)
  if (!splittable(plan, options, checked.media) || plan.videoKbps === null || plan.targetBytes === null) return null
  const prefix = passLogPrefixIn(workFolder)
  await runFfmpeg(
    toolchain.ffmpeg.path,
    buildEncodeArgs(plan, checked.media, input, '-', { pass: 1, videoKbps: plan.videoKbps, passLogPrefix: prefix }, toolchain.version),
    { signal }
  )
  const statsPath = analysisStatsPath(plan, prefix)
  const meanQp = statsPath ? meanQuantiser(await readFile(statsPath, 'utf8').catch(() => '')) : null
  const final = (meanQp !== null ? adaptToAnalysis(plan, checked.media, meanQp, options) : null) ?? plan
  const duration = checked.media.durationSeconds
  const segments: SegmentRange[] = []
  let start = 0
  for (let index = 1; index < request.count; index++) {
    const wanted = (duration * index) / request.count
    const keyframe = await keyframeAtOrBefore(toolchain.ffprobe.path, input, wanted, signal)
    // A range of less than a second is not worth a worker.
    if (keyframe === null || keyframe - start < 1 || duration - keyframe < 1) continue
    segments.push({ start, end: keyframe })
    start = keyframe
  }
  segments.push({ start, end: duration })
  if (segments.length < 2) return null
  return {
    videoKbps: final.videoKbps ?? plan.videoKbps,
    scaleShortSide: final.scaleShortSide,
    fpsCap: final.fpsCap,
    targetBytes: plan.targetBytes,
    segments,
    durationSeconds: duration,
    audio: final.audio,
    changes: [...final.changes, `encoded in ${segments.length} parts on several workers and joined without re-encoding`]
  }
}

/**
 * Where a range starts and how long it is, as input options (an exact seek: the video is
 * re-encoded). The length stops half a frame short of the next range's keyframe: cut exactly at
 * it, rounding lets that frame into both parts (measured: 195 frames joined from a 194-frame clip).
 */
function rangeArgs(range: SegmentRange, isLast: boolean, fps: number | null): string[] {
  const halfFrame = 0.5 / (fps ?? 30)
  return ['-ss', range.start.toFixed(6), ...(isLast ? [] : ['-t', (range.end - range.start - halfFrame).toFixed(6)])]
}

/**
 * One range, video only, in two passes at the given rate: the plan the whole file would get from
 * the same options, with the rate and picture of the whole file's analysis. Returns its bytes.
 */
export async function encodeSegment(request: {
  toolchain: FfmpegToolchain
  input: string
  options: CompressOptions
  range: SegmentRange
  isLast: boolean
  rate: SegmentRate
  output: string
  workFolder: string
  signal?: AbortSignal
}): Promise<number> {
  const { toolchain, input, range, rate, output, workFolder, signal } = request
  const checked = await checkInput(input, toolchain.ffprobe.path, null, signal)
  const base = planOf(toolchain, input, checked.media, checked.sizeBytes, request.options)
  const plan: EncodePlan = {
    ...base,
    mode: 'target',
    videoKbps: rate.videoKbps,
    scaleShortSide: rate.scaleShortSide,
    fpsCap: rate.fpsCap,
    audio: { kind: 'none' },
    subtitles: [],
    attachments: [],
    edit: null
  }
  const prefix = passLogPrefixIn(workFolder)
  const seek = rangeArgs(range, request.isLast, checked.media.video.fps)
  for (const pass of [1, 2] as const) {
    const args = buildEncodeArgs(
      plan,
      checked.media,
      input,
      pass === 1 ? '-' : output,
      { pass, videoKbps: rate.videoKbps, passLogPrefix: prefix },
      toolchain.version
    )
    // A correction writes the same part again: -y instead of the engine's -n.
    await runFfmpeg(toolchain.ffmpeg.path, ['-y', ...seek, ...args.filter((arg) => arg !== '-n')], { signal })
  }
  return (await stat(output)).size
}

/** The audio of the whole file, once, as the single job would encode it; null when it has none. */
export async function encodeAudio(request: {
  toolchain: FfmpegToolchain
  input: string
  audio: EncodePlan['audio']
  output: string
  signal?: AbortSignal
}): Promise<string | null> {
  const { audio } = request
  if (audio.kind === 'none') return null
  const codec = audio.kind === 'copy' ? ['-c:a', 'copy'] : ['-c:a', audio.encoder, '-b:a', `${audio.kbps}k`, '-ac', String(audio.channels)]
  await runFfmpeg(request.toolchain.ffmpeg.path, ['-i', request.input, '-map', '0:a:0', '-vn', ...codec, '-y', request.output], { signal: request.signal })
  return request.output
}

/** The parts joined by the concat demuxer without re-encoding, with the audio muxed in. */
export async function joinSegments(request: {
  toolchain: FfmpegToolchain
  parts: readonly string[]
  audio: string | null
  source: string
  output: string
  workFolder: string
  signal?: AbortSignal
}): Promise<number> {
  const list = path.join(request.workFolder, 'parts.txt')
  await writeFile(list, request.parts.map((part) => `file '${part.replace(/'/g, "'\\''")}'\n`).join(''))
  const audioInput = request.audio !== null ? ['-i', request.audio] : []
  const audioMap = request.audio !== null ? ['-map', '1:a:0'] : []
  await runFfmpeg(
    request.toolchain.ffmpeg.path,
    [
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      list,
      ...audioInput,
      // The source's metadata (creation time, location) as a single job keeps it.
      '-i',
      request.source,
      '-map',
      '0:v:0',
      ...audioMap,
      '-map_metadata',
      request.audio !== null ? '2' : '1',
      '-c',
      'copy',
      '-movflags',
      '+faststart',
      '-y',
      request.output
    ],
    { signal: request.signal }
  )
  return (await stat(request.output)).size
}

export interface JoinCheck {
  bytes: number
  durationSeconds: number
  videoSeconds: number
  audioSeconds: number | null
  /** How much further apart the audio's and the video's ends are than in the source (seconds). */
  driftSeconds: number | null
  /** What is wrong with it, or null. */
  problem: string | null
}

async function streamSeconds(ffprobePath: string, file: string, selector: 'v:0' | 'a:0'): Promise<number | null> {
  // The last packet's end, not the header's duration: what a player plays.
  const { stdout } = await execFileTethered(
    ffprobePath,
    ['-v', 'error', '-select_streams', selector, '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file],
    { maxBuffer: 64 << 20 }
  )
  let end: number | null = null
  for (const line of String(stdout).split('\n')) {
    const [pts, duration] = line.split(',').map(Number)
    if (pts === undefined || !Number.isFinite(pts)) continue
    const packetEnd = pts + (Number.isFinite(duration) ? (duration ?? 0) : 0)
    if (end === null || packetEnd > end) end = packetEnd
  }
  return end
}

/**
 * The joined file against the promise: under the target, the source's length, and audio and
 * video in step: the joined file's audio-to-video end gap within 40 ms of the source's own.
 */
export async function checkJoined(request: {
  toolchain: FfmpegToolchain
  file: string
  source: string
  targetBytes: number
  durationSeconds: number
  withAudio: boolean
}): Promise<JoinCheck> {
  const { toolchain, file } = request
  const ffprobe = toolchain.ffprobe.path
  const bytes = (await stat(file)).size
  const media = await probeMedia(ffprobe, file, bytes)
  const videoSeconds = (await streamSeconds(ffprobe, file, 'v:0')) ?? media.durationSeconds
  const audioSeconds = request.withAudio ? await streamSeconds(ffprobe, file, 'a:0') : null
  let drift: number | null = null
  if (audioSeconds !== null) {
    const sourceVideo = await streamSeconds(ffprobe, request.source, 'v:0')
    const sourceAudio = await streamSeconds(ffprobe, request.source, 'a:0')
    drift = audioSeconds - videoSeconds - (sourceVideo !== null && sourceAudio !== null ? sourceAudio - sourceVideo : 0)
  }
  let problem: string | null = null
  if (bytes > request.targetBytes) problem = `over the target (${bytes} > ${request.targetBytes} bytes)`
  else if (Math.abs(videoSeconds - request.durationSeconds) > 0.2)
    problem = `the video is ${videoSeconds.toFixed(2)} s long, the source ${request.durationSeconds.toFixed(2)} s`
  else if (drift !== null && Math.abs(drift) > MAX_AV_DRIFT_SECONDS) problem = `audio and video drifted ${Math.abs(drift).toFixed(3)} s apart`
  return { bytes, durationSeconds: media.durationSeconds, videoSeconds, audioSeconds, driftSeconds: drift, problem }
}

/** One encoded part: its range, file, the rate it was encoded at and its bytes. */
export interface EncodedPart {
  range: SegmentRange
  path: string
  videoKbps: number
  bytes: number
}

/** Re-encodes after an overshoot before the join gives up (each one re-encodes one part). */
export const MAX_JOIN_CORRECTIONS = 3

/**
 * Joins the parts and checks the result; over the target, the largest part is encoded again
 * (by `reencode`, at a rate lowered by the overshoot plus a margin) and the parts joined again.
 * Returns the check of the last join: its `problem` is null only when the file keeps the promise.
 */
export async function joinUnderTarget(request: {
  toolchain: FfmpegToolchain
  parts: EncodedPart[]
  audio: string | null
  source: string
  output: string
  workFolder: string
  targetBytes: number
  durationSeconds: number
  reencode: (part: EncodedPart, videoKbps: number) => Promise<EncodedPart>
  signal?: AbortSignal
}): Promise<JoinCheck & { corrections: number }> {
  const parts = [...request.parts]
  for (let corrections = 0; ; corrections++) {
    await joinSegments({ ...request, parts: parts.map((part) => part.path) })
    const check = await checkJoined({ ...request, file: request.output, withAudio: request.audio !== null })
    const over = check.bytes - request.targetBytes
    if (over <= 0 || corrections >= MAX_JOIN_CORRECTIONS) return { ...check, corrections }
    const largest = parts.reduce((best, part, index) => (part.bytes > (parts[best]?.bytes ?? 0) ? index : best), 0)
    const part = parts[largest]
    if (!part) return { ...check, corrections }
    // The overshoot and 1% of the target more come off this part; x264's two passes land within a few %.
    const budget = part.bytes - over - request.targetBytes * 0.01
    if (budget <= 0) return { ...check, corrections }
    parts[largest] = await request.reencode(part, (part.videoKbps * budget * 0.97) / part.bytes)
  }
}
