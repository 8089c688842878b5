// The refusal of a target below the minimum: the smallest size this video can have (the lowest
// video and audio bitrates plus the container), and without the audio, so the user can choose;
// and how long a part of it the target does hold (issue 14), to keep only that.
import type { Container, QualityPreference, VideoCodec } from '../../shared/compression'
import { UserFacingError } from '../../shared/errors'
import { formatTimecode } from '../../shared/trim'
import { formatBytes } from '../../shared/units'
import { errorWords, type Words } from '../../shared/words'
import type { MediaInfo } from '../probe'
import { MIN_AUDIO_KBPS, MIN_VIDEO_KBPS, RATE_SAFETY, baseAudioKbps, estimateOverheadBytes } from './budget'
import { CODEC_EFFICIENCY, MIN_BITS_PER_PIXEL, pixelsAt, sourceShortSide } from './picture'
import type { AudioPlan } from './types'

/** The pictures a suggested length is worked out at, largest first: 720p when a second of it fits, else smaller. */
const SUGGESTED_SHORT_SIDES = [720, 480, 360, 240] as const

/** What a refusal needs to say how long a part fits: the plan's container, frame rate, audio, codec and quality. */
export interface FitRequest {
  container: Container
  fps: number
  keepAudio: boolean
  videoCodec: VideoCodec
  quality: QualityPreference
}

/**
 * How long a part of this video `targetBytes` holds at 720p (or the largest of 480p, 360p, 240p
 * that holds a second, never above the source's size), at the bits per pixel below which the
 * planner would lower the resolution, with the quality's audio: "at 720p, 25 MB holds about 1:40
 * of this video". Null when the whole video fits or not even a second does.
 */
export function lengthThatFits(media: MediaInfo, targetBytes: number, request: FitRequest): { seconds: number; shortSide: number } | null {
  const audioKbps = request.keepAudio ? baseAudioKbps(media, request.quality) : 0
  const audio: AudioPlan = request.keepAudio ? { kind: 'encode', encoder: 'aac', kbps: audioKbps, channels: 2 } : { kind: 'none' }
  const fixed = estimateOverheadBytes(request.container, 0, request.fps, audio)
  const overheadPerSecond = estimateOverheadBytes(request.container, 1, request.fps, audio) - fixed
  const sides = [...new Set(SUGGESTED_SHORT_SIDES.map((side) => Math.min(side, sourceShortSide(media))))]
  for (const shortSide of sides) {
    const videoBits = MIN_BITS_PER_PIXEL[request.quality] * CODEC_EFFICIENCY[request.videoCodec] * pixelsAt(media, shortSide) * request.fps
    const perSecond = overheadPerSecond + (videoBits + audioKbps * 1000) / 8 / RATE_SAFETY[request.videoCodec]
    const seconds = Math.floor((targetBytes - fixed) / perSecond)
    if (seconds >= media.durationSeconds) return null
    if (seconds >= 1) return { seconds, shortSide }
  }
  return null
}

/** ' At 720p, 25 MB holds about 1:40 of this video: keep only that much, e.g. "only the first 1:40".' (or nothing) */
export function lengthHint(media: MediaInfo, targetBytes: number, request: FitRequest): Words | '' {
  const fits = lengthThatFits(media, targetBytes, request)
  if (fits === null) return ''
  return errorWords('errors:target.fits', { short: fits.shortSide, target: formatBytes(targetBytes), length: formatTimecode(fits.seconds) })
}

export function impossibleTarget(
  media: MediaInfo,
  targetBytes: number,
  request: FitRequest,
  encoder: 'aac' | 'libopus',
  carriedStreamBytes: number
): UserFacingError {
  const { container, fps, keepAudio } = request
  const duration = media.durationSeconds
  const minAudioKbps = keepAudio ? MIN_AUDIO_KBPS[encoder] : 0
  const audio: AudioPlan = keepAudio ? { kind: 'encode', encoder, kbps: minAudioKbps, channels: 1 } : { kind: 'none' }
  const minimum = (withAudioKbps: number, plan: AudioPlan): number =>
    Math.ceil(
      ((MIN_VIDEO_KBPS + withAudioKbps) * 1000 * duration) / 8 / RATE_SAFETY.h264 + estimateOverheadBytes(container, duration, fps, plan) + carriedStreamBytes
    )
  const smallest = minimum(minAudioKbps, audio)
  const withoutAudio = minimum(0, { kind: 'none' })
  const length =
    duration >= 120
      ? errorWords('errors:target.length.minutes', { count: Math.round(duration / 60) })
      : duration >= 0.5
        ? errorWords('errors:target.length.seconds', { count: Math.round(duration) })
        : errorWords('errors:target.length.subSecond')
  const audioAlone = keepAudio && targetBytes < (minAudioKbps * 1000 * duration) / 8
  const key = audioAlone ? 'errors:target.audioAlone' : keepAudio ? 'errors:target.cannotFitWithAudio' : 'errors:target.cannotFit'
  return new UserFacingError(
    'impossible-target',
    errorWords(key, {
      length,
      target: formatBytes(targetBytes),
      smallest: formatBytes(smallest),
      withoutAudio: formatBytes(withoutAudio),
      fits: lengthHint(media, targetBytes, request)
    })
  )
}
