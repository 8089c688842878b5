// The refusal of a target below the minimum: the smallest size this video can have (the lowest
// video and audio bitrates plus the container), and without the audio, so the user can choose.
import type { Container } from '../../shared/compression'
import { UserFacingError } from '../../shared/errors'
import { formatBytes } from '../../shared/units'
import type { MediaInfo } from '../probe'
import { MIN_AUDIO_KBPS, MIN_VIDEO_KBPS, RATE_SAFETY, estimateOverheadBytes } from './budget'
import type { AudioPlan } from './types'

export function impossibleTarget(
  media: MediaInfo,
  targetBytes: number,
  container: Container,
  fps: number,
  keepAudio: boolean,
  encoder: 'aac' | 'libopus',
  carriedStreamBytes: number
): UserFacingError {
  const duration = media.durationSeconds
  const minAudioKbps = keepAudio ? MIN_AUDIO_KBPS[encoder] : 0
  const audio: AudioPlan = keepAudio ? { kind: 'encode', encoder, kbps: minAudioKbps, channels: 1 } : { kind: 'none' }
  const minimum = (withAudioKbps: number, plan: AudioPlan): number =>
    Math.ceil(
      ((MIN_VIDEO_KBPS + withAudioKbps) * 1000 * duration) / 8 / RATE_SAFETY.h264 + estimateOverheadBytes(container, duration, fps, plan) + carriedStreamBytes
    )
  const smallest = minimum(minAudioKbps, audio)
  const withoutAudio = minimum(0, { kind: 'none' })
  const seconds = duration >= 120 ? `${Math.round(duration / 60)}-minute` : duration >= 0.5 ? `${Math.round(duration)}-second` : 'sub-second'
  const audioHint = keepAudio ? ` (about ${formatBytes(withoutAudio)} without the audio)` : ''
  const audioAlone = keepAudio && targetBytes < (minAudioKbps * 1000 * duration) / 8
  const lead = audioAlone
    ? `Even the audio alone of this ${seconds} video needs more than ${formatBytes(targetBytes)}.`
    : `A ${seconds} video cannot fit in ${formatBytes(targetBytes)}.`
  return new UserFacingError(
    'impossible-target',
    `${lead} The smallest possible is about ${formatBytes(smallest)}${audioHint}. Choose a bigger target${keepAudio ? ', remove the audio,' : ''} or trim the video.`
  )
}
