// The plan, visible (issue 3): one line for people saying what will happen, and the same line
// with numbers for a known file (target bitrate, chosen resolution, estimated time).

import {
  CODEC_LABEL,
  CONTAINER_LABEL,
  DEFAULT_CONTAINER,
  DEFAULT_FIT,
  FLOOR_LABEL,
  defaultCodecFor,
  type Aspect,
  type AudioMode,
  type Container,
  type Fit,
  type QualityPreference,
  type Rotation,
  type VideoCodec
} from '../compression'
import { shapeFor } from '../shape'
import { formatTimecode, keptDuration, resolveTrim, type TrimFields } from '../trim'
import { formatBytes } from '../units'
import type { ParsedRequest, RequestDetails, RequestFields, SourceFacts, SourcePlan } from './types'

/** "100 MB", "18.1 MB", "1.5 GB": decimal units, as targets are given. */
export function describeSize(bytes: number): string {
  return formatBytes(bytes)
}

/** "Half the size", "A quarter of the size", "30% of the original size". */
export function describeRatio(ratio: number): string {
  if (Math.abs(ratio - 0.5) < 1e-9) return 'Half the size'
  if (Math.abs(ratio - 0.25) < 1e-9) return 'A quarter of the size'
  if (Math.abs(ratio - 1 / 3) < 1e-9) return 'A third of the size'
  const percent = Math.round(ratio * 1000) / 10
  return `${percent}% of the original size`
}

function describeResolution(shortSide: number): string {
  if (shortSide === 2160) return '4K (2160p)'
  if (shortSide === 4320) return '8K (4320p)'
  return `${shortSide}p`
}

const QUALITY_PHRASE: Readonly<Record<QualityPreference, string>> = {
  high: 'high quality',
  balanced: 'balanced quality',
  small: 'as small as possible'
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** What the one-line summary is made of: the parsed fields, and the details that change its words. */
export type SummaryFields = RequestFields & Pick<RequestDetails, 'error' | 'trim' | 'fit'> & { cloudOnly: readonly string[] }

/** The trim points of a parsed request as the engine's options name them. */
export function trimFieldsOf(fields: Pick<SummaryFields, 'trimStart' | 'trimEnd' | 'trim'>): TrimFields {
  return { trimStart: fields.trimStart, trimEnd: fields.trimEnd, trimStartFromEnd: fields.trim.startFromEnd, trimEndFromEnd: fields.trim.endFromEnd }
}

/**
 * The kept part in words (issue 14): "0:05 to 1:20", "the first 0:30", "from 0:05 to the end",
 * "the last 1:00", "all but the last 0:10"; null when nothing is cut.
 */
export function describeTrim(trim: TrimFields, precision: Pick<RequestDetails['trim'], 'precision'>['precision'] = null): string | null {
  const start =
    trim.trimStartFromEnd != null ? { at: trim.trimStartFromEnd, fromEnd: true } : trim.trimStart != null ? { at: trim.trimStart, fromEnd: false } : null
  const end = trim.trimEndFromEnd != null ? { at: trim.trimEndFromEnd, fromEnd: true } : trim.trimEnd != null ? { at: trim.trimEnd, fromEnd: false } : null
  const point = (p: { at: number; fromEnd: boolean }): string => (p.fromEnd ? `${formatTimecode(p.at)} before the end` : formatTimecode(p.at))
  let words: string
  if (start === null && end === null) return null
  else if (start === null && end !== null) words = end.fromEnd ? `all but the last ${formatTimecode(end.at)}` : `the first ${formatTimecode(end.at)}`
  else if (start !== null && end === null) words = start.fromEnd ? `the last ${formatTimecode(start.at)}` : `from ${formatTimecode(start.at)} to the end`
  else if (start !== null && end !== null) words = !start.fromEnd && !end.fromEnd ? `${point(start)} to ${point(end)}` : `from ${point(start)} to ${point(end)}`
  else return null
  return precision === 'keyframe' ? `${words} (quick cut at keyframes)` : words
}

const ASPECT_WORDS: Readonly<Record<Aspect, string>> = { '9:16': 'vertical 9:16', '1:1': 'square 1:1', '16:9': 'landscape 16:9', '4:5': '4:5' }
const FIT_WORDS: Readonly<Record<Fit, string>> = { crop: 'cropped', pad: 'with black bars', blur: 'with blurred bars' }
const ROTATE_WORDS: Readonly<Record<Rotation, string>> = { 90: 'turned 90° clockwise', 180: 'turned upside down', 270: 'turned 90° counterclockwise' }

/** "vertical 9:16, cropped", "square 1:1 with black bars". */
export function describeShape(aspect: Aspect, fit: Fit | null): string {
  return fit === 'crop' || fit === null ? `${ASPECT_WORDS[aspect]}, cropped` : `${ASPECT_WORDS[aspect]} ${FIT_WORDS[fit]}`
}

/** The edits of a request in the order the engine does them: the trim, the turn, then the shape the turned picture is fitted into. */
function editParts(fields: Pick<SummaryFields, 'trimStart' | 'trimEnd' | 'trim' | 'aspect' | 'fit' | 'rotate'>): string[] {
  const trimWords = describeTrim(trimFieldsOf(fields), fields.trim.precision)
  return [
    ...(trimWords !== null ? [trimWords] : []),
    ...(fields.rotate !== null ? [ROTATE_WORDS[fields.rotate]] : []),
    ...(fields.aspect !== null ? [describeShape(fields.aspect, fields.fit)] : [])
  ]
}

/** The output format as the engine will write it: the defaults of compression.ts fill the gaps. */
export function resolvedFormat(container: Container | null, videoCodec: VideoCodec | null): { container: Container; videoCodec: VideoCodec } {
  const resolvedContainer = container ?? DEFAULT_CONTAINER
  return { container: resolvedContainer, videoCodec: videoCodec ?? defaultCodecFor(resolvedContainer) }
}

function sizePart(fields: Pick<SummaryFields, 'targetBytes' | 'targetRatio' | 'platform' | 'quality' | 'minQuality'>, targetText?: string): string {
  let part: string
  if (fields.targetBytes !== null) {
    part = `Under ${targetText ?? describeSize(fields.targetBytes)}${fields.platform !== null ? ` for ${fields.platform}` : ''}`
    if (fields.targetRatio !== null) part += ` and at most ${describeRatio(fields.targetRatio).toLowerCase()}`
  } else if (fields.targetRatio !== null) {
    part = describeRatio(fields.targetRatio)
  } else {
    // No size: the quality wish is the whole size instruction.
    return capitalize(QUALITY_PHRASE[fields.quality ?? 'balanced'])
  }
  const withQuality = fields.quality !== null ? `${part}, ${QUALITY_PHRASE[fields.quality]}` : part
  // Issue #12: the floor the engine keeps to with the size (checked on samples before the job).
  return fields.minQuality !== null ? `${withQuality}, no worse than “${FLOOR_LABEL[fields.minQuality]}”` : withQuality
}

function audioPart(audio: AudioMode, container: Container): string {
  if (audio === 'remove') return 'no audio'
  // WebM carries Opus; the other containers get AAC, which every player reads.
  return container === 'webm' ? 'Opus audio' : 'AAC audio'
}

/** "Under 100 MB · keep resolution · H.264 MP4 · AAC audio" and the lines for other intents. */
export function summarizeRequest(fields: SummaryFields): string {
  if (fields.error !== null) return `Cannot plan this: ${fields.error}`
  switch (fields.intent) {
    case 'other':
      return fields.cloudOnly.length > 0
        ? `Needs the NemoVideo cloud engine: ${fields.cloudOnly.join(', ')}`
        : 'Not a compression request: the local engine compresses and converts (size, resolution, frame rate, format, codec, audio removal, trimming, shape, rotation); the NemoVideo cloud engine can take free-form edits'
    case 'export':
      return 'Export the video as it is (no compression settings given)'
    case 'credits':
      return 'Show the NemoVideo credit balance'
    case 'status':
      return 'Show the NemoVideo project status'
    case 'upload':
      return 'Upload the video to NemoVideo'
    case 'compress':
      break
  }
  const format = resolvedFormat(fields.container, fields.videoCodec)
  const parts = [
    sizePart(fields),
    ...editParts(fields),
    fields.resolution === null ? 'keep resolution' : describeResolution(fields.resolution),
    ...(fields.fps !== null ? [`${fields.fps} fps`] : []),
    `${CODEC_LABEL[format.videoCodec]} ${CONTAINER_LABEL[format.container]}`,
    audioPart(fields.audio, format.container)
  ]
  return parts.join(' · ')
}

// --- A plan for a known file -------------------------------------------------------------------

/** Audio bitrate the engine uses for AAC/Opus (bits per second). */
const AUDIO_BPS = 128_000
/** Share of the target left for audio and video after container overhead (about 2%). */
const PAYLOAD_SHARE = 0.98

/**
 * Video kbps below which H.264 at 30 fps looks poor at each short side. Rules of thumb from
 * common encoding ladders (YouTube's recommended upload rates and streaming ladders, roughly
 * halved because "watchable" is the bar here, not "pristine").
 */
const MIN_H264_KBPS: ReadonlyArray<{ shortSide: number; kbps: number }> = [
  { shortSide: 2160, kbps: 8000 },
  { shortSide: 1440, kbps: 4000 },
  { shortSide: 1080, kbps: 2000 },
  { shortSide: 720, kbps: 1000 },
  { shortSide: 480, kbps: 500 },
  { shortSide: 360, kbps: 300 },
  { shortSide: 240, kbps: 150 }
]

/** How many bits each codec needs relative to H.264 for similar quality (rough, widely quoted). */
const CODEC_BIT_COST: Readonly<Record<VideoCodec, number>> = { h264: 1, hevc: 0.6, vp9: 0.65, av1: 0.5 }

/** How much slower each codec encodes than H.264 at the engine's presets (rough). */
const CODEC_TIME_COST: Readonly<Record<VideoCodec, number>> = { h264: 1, hevc: 3, vp9: 4, av1: 6 }

/** Pixels per second a typical laptop encodes in H.264 at the engine's preset: 1080p30 in real time. */
const REFERENCE_PIXELS_PER_SECOND = 1920 * 1080 * 30

function minimumKbps(shortSide: number, codec: VideoCodec, fps: number): number {
  // Interpolate by pixel count between the ladder's rungs; below the lowest rung scale linearly.
  const rung = MIN_H264_KBPS.find((entry) => entry.shortSide <= shortSide) ?? MIN_H264_KBPS[MIN_H264_KBPS.length - 1]
  const base = rung ? (rung.kbps * (shortSide * shortSide)) / (rung.shortSide * rung.shortSide) : 150
  return base * CODEC_BIT_COST[codec] * (fps / 30)
}

function formatKbps(kbps: number): string {
  return `${Math.round(kbps)} kbps`
}

function formatSeconds(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.round((seconds % 3600) / 60)
  return `about ${hours} h ${minutes} min`
}

function formatDurationWords(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`
  return `${Math.round(seconds / 60)} min`
}

/**
 * What the platforms named document and this file does not meet (issue 14): too long ("X takes up
 * to 2:20; add 'only the first 2:20'") or another shape ("TikTok shows 9:16 full screen; add
 * 'vertical'"). Said, never done on its own: which part to keep, and whether to crop, is the person's call.
 */
function platformHints(request: ParsedRequest, keptSeconds: number, width: number, height: number): string[] {
  const hints: string[] = []
  const limit = request.details.lengthLimit
  if (limit !== null && keptSeconds > limit.maxSeconds + 0.05) {
    hints.push(
      `${limit.name} takes videos up to ${formatTimecode(limit.maxSeconds)}, and this one is ${formatTimecode(keptSeconds)}: add "only the first ${formatTimecode(limit.maxSeconds)}" (or another part) to the request.`
    )
  }
  const shape = request.details.platformAspect
  if (shape !== null && request.aspect === null && width > 0 && height > 0) {
    const [w, h] = shape.aspect.split(':').map(Number) as [number, number]
    if (Math.abs(width / height - w / h) > 0.02) {
      const word = shape.aspect === '9:16' ? 'vertical' : shape.aspect === '1:1' ? 'square' : shape.aspect
      hints.push(
        `${shape.name} shows ${shape.aspect} videos full screen, and this one is ${width}x${height}: add "${word}" to crop it (or "${word} with black bars").`
      )
    }
  }
  return hints
}

/**
 * The plan for one file: the byte target for it, the video bitrate that fills it, the resolution
 * that bitrate can carry, and a rough time. The engine makes the final choices; this is the
 * preview people see before work starts, so it states its assumptions as warnings.
 */
export function summarizeForSource(request: ParsedRequest, source: SourceFacts): SourcePlan {
  const warnings = [...request.warnings]
  const empty: SourcePlan = {
    summary: request.summary,
    warnings,
    platformHints: [],
    targetBytes: null,
    videoKbps: null,
    resolution: null,
    estimatedSeconds: null
  }
  if (request.details.error !== null || request.intent !== 'compress') return empty

  const format = resolvedFormat(request.container, request.videoCodec)
  // A quarter turn swaps the sides; a shape crops them or puts the picture on a canvas (shared/shape.ts,
  // as the engine does): the short side of that picture is what a resolution keeps or lowers.
  const turned = request.rotate === 90 || request.rotate === 270
  const width = turned ? source.height : source.width
  const height = turned ? source.width : source.height
  const shaped = request.aspect !== null ? shapeFor(width, height, request.aspect, request.details.fit ?? DEFAULT_FIT) : null
  const sourceShortSide = Math.min(shaped?.width ?? width, shaped?.height ?? height)
  const sourceLongSide = Math.max(shaped?.width ?? width, shaped?.height ?? height)
  // The budget is spent on what is kept (issue 14).
  const trim = trimFieldsOf({ ...request, trim: request.details.trim })
  const range = resolveTrim(trim, source.durationSeconds)
  if (range !== null && 'error' in range) {
    warnings.push(range.error)
    return empty
  }
  const duration = keptDuration(trim, source.durationSeconds)
  const hints = platformHints(request, duration, width, height)
  warnings.push(...hints)

  // The byte target for this file: a ratio becomes bytes; with both, the stricter one wins.
  const candidates = [request.targetBytes, request.targetRatio !== null ? Math.floor(request.targetRatio * source.sizeBytes) : null].filter(
    (value): value is number => value !== null
  )
  const targetBytes = candidates.length > 0 ? Math.min(...candidates) : null
  if (targetBytes !== null && targetBytes >= source.sizeBytes) {
    warnings.push(
      `The file is already ${describeSize(source.sizeBytes)}, within ${describeSize(targetBytes)}; it only needs re-encoding for the other settings.`
    )
  }

  let outputFps = source.fps ?? 30
  if (request.fps !== null) {
    if (source.fps !== null && request.fps > source.fps) {
      warnings.push(`The source has ${source.fps} fps; frames are not invented, so it stays at ${source.fps} fps instead of ${request.fps}.`)
    } else {
      outputFps = request.fps
    }
  }

  const hasAudioOut = source.hasAudio && request.audio === 'keep'
  const audioBps = hasAudioOut ? AUDIO_BPS : 0

  let requestedShortSide = request.resolution
  if (requestedShortSide !== null && requestedShortSide > sourceShortSide) {
    warnings.push(
      `The source is ${sourceShortSide}p; it is not upscaled to ${requestedShortSide}p (that adds size, not detail), so it stays ${sourceShortSide}p.`
    )
    requestedShortSide = sourceShortSide
  }

  let videoKbps: number | null = null
  let resolution = requestedShortSide ?? sourceShortSide
  if (targetBytes !== null && duration > 0) {
    const totalBps = (targetBytes * 8 * PAYLOAD_SHARE) / duration
    const rawVideoKbps = (totalBps - audioBps) / 1000
    const ladder = MIN_H264_KBPS.map((entry) => entry.shortSide).filter((side) => side <= sourceShortSide)
    const fitting = ladder.find((side) => minimumKbps(side, format.videoCodec, outputFps) <= rawVideoKbps)
    const suggestion = fitting ?? ladder[ladder.length - 1] ?? sourceShortSide
    if (rawVideoKbps <= 0) {
      const neededBytes = ((minimumKbps(240, format.videoCodec, outputFps) * 1000 + audioBps) * duration) / 8 / PAYLOAD_SHARE
      warnings.push(
        `${describeSize(targetBytes)} for ${formatDurationWords(duration)} of video leaves ${formatKbps(totalBps / 1000)} in all${hasAudioOut ? `, less than the ${formatKbps(AUDIO_BPS / 1000)} the audio alone needs` : ''}: there is no room for a picture, so the quality will be unusably poor or the target missed. ${hasAudioOut ? 'Remove the audio or allow' : 'Allow'} at least ${describeSize(neededBytes)}.`
      )
    } else {
      videoKbps = Math.round(rawVideoKbps)
    }
    if (requestedShortSide !== null) {
      const needed = minimumKbps(requestedShortSide, format.videoCodec, outputFps)
      if (rawVideoKbps < needed) {
        warnings.push(
          `${describeResolution(requestedShortSide)} needs about ${formatKbps(needed)} to look good, and ${describeSize(targetBytes)} leaves ${formatKbps(Math.max(0, rawVideoKbps))}: the quality will be poor. ${suggestion < requestedShortSide ? `${suggestion}p would look better at this size, or allow a larger size.` : 'Allow a larger size.'}`
        )
      }
    } else {
      resolution = Math.min(sourceShortSide, suggestion)
      if (fitting === undefined && rawVideoKbps > 0) {
        warnings.push(
          `${describeSize(targetBytes)} is very little for ${formatDurationWords(duration)} of video (${formatKbps(rawVideoKbps)}): even at ${resolution}p the quality will be poor.`
        )
      }
    }
  } else if (targetBytes !== null) {
    warnings.push('The video length is unknown, so the bitrate cannot be planned; the engine measures it before encoding.')
  }

  // Rough heuristic, not a measurement: time grows with output pixels per second, codec cost and
  // the number of passes (two when a size must be hit). Calibrated so 1080p30 H.264 in one pass
  // runs in real time, which is about what a recent 4-core laptop does at the engine's preset.
  const outputShort = resolution
  const outputLong = Math.round((sourceLongSide * outputShort) / Math.max(1, sourceShortSide))
  const pixelsPerSecond = outputShort * outputLong * outputFps
  const passes = targetBytes !== null ? 2 : 1
  const estimatedSeconds =
    duration > 0 ? Math.round((duration * pixelsPerSecond * CODEC_TIME_COST[format.videoCodec] * passes) / REFERENCE_PIXELS_PER_SECOND + 2) : null

  const resolutionText = outputShort === sourceShortSide ? `keep ${sourceShortSide}p` : `${describeResolution(outputShort)} (from ${sourceShortSide}p)`
  const parts = [
    sizePart(
      { targetBytes, targetRatio: null, platform: request.platform, quality: request.quality, minQuality: request.minQuality },
      // A ratio became bytes for this file: show both so the number is explained.
      targetBytes !== null && request.targetRatio !== null ? `${describeSize(targetBytes)} (${describeRatio(request.targetRatio).toLowerCase()})` : undefined
    ),
    ...editParts({ ...request, trim: request.details.trim, fit: request.details.fit }),
    resolutionText,
    ...(outputFps !== (source.fps ?? 30) || request.fps !== null ? [`${outputFps} fps`] : []),
    `${CODEC_LABEL[format.videoCodec]} ${CONTAINER_LABEL[format.container]}${videoKbps !== null ? ` at ${formatKbps(videoKbps)}` : ''}`,
    source.hasAudio ? audioPart(request.audio, format.container) : 'no audio (the source has none)',
    ...(estimatedSeconds !== null ? [`${formatSeconds(estimatedSeconds)} to encode`] : [])
  ]
  return { summary: parts.join(' · '), warnings, platformHints: hints, targetBytes, videoKbps, resolution: outputShort, estimatedSeconds }
}
