// A target's byte budget: what the container adds around the streams, the audio's bitrate (never
// above the source's, lowered for a tight budget), the share of the budget rate control aims for,
// and the video bitrate, which is what is left.
import type { AudioMode, Container, QualityPreference, VideoCodec } from '../../shared/compression'
import type { MediaInfo } from '../probe'
import type { AudioPlan } from './types'

/** Below this the video is a slideshow of blocks at any size: the target is impossible. */
export const MIN_VIDEO_KBPS = 20

/** Share of the budget rate control aims for: its misses are around 1-2% (x264/x265), more for VP9/AV1. */
export const RATE_SAFETY: Record<VideoCodec, number> = { h264: 0.995, hevc: 0.985, vp9: 0.97, av1: 0.97 }

const AUDIO_LADDER_KBPS = [160, 128, 96, 64, 48, 32] as const
const AUDIO_BASE_KBPS: Record<QualityPreference, number> = { high: 160, balanced: 128, small: 96 }
export const MIN_AUDIO_KBPS: Record<'aac' | 'libopus', number> = { aac: 32, libopus: 16 }
/** Audio gets at most this share of a tight budget before its bitrate is lowered. */
const MAX_AUDIO_SHARE = 0.15

/** Audio codecs each container takes as-is when the source already uses them. */
export const COPYABLE_AUDIO: Record<Container, readonly string[]> = {
  mp4: ['aac'],
  mov: ['aac'],
  mkv: ['aac', 'opus', 'vorbis', 'mp3'],
  webm: ['opus', 'vorbis']
}

/**
 * Bytes the container adds around the streams: headers, the metadata we carry over, and index
 * entries per packet. Measured on x264/AAC outputs of the bundled ffmpeg: MP4 (faststart) about
 * 2 KB + 3 KB with an audio track + twice the tag text + 11 bytes per video frame (stsz, ctts,
 * stts) + 6 per audio frame; Matroska about the same base, 10 and 8 bytes per packet (block
 * headers, clusters, cues). Over-estimating costs a sliver of quality, under-estimating a retry.
 */
export function estimateOverheadBytes(container: Container, durationSeconds: number, fps: number, audio: AudioPlan, tagChars = 0): number {
  const videoPackets = durationSeconds * fps
  const audioPackets = audio.kind === 'none' ? 0 : durationSeconds * 48
  const mp4Like = container === 'mp4' || container === 'mov'
  const base = 2_048 + (audio.kind === 'none' ? 0 : 3_072) + 2 * tagChars
  return Math.ceil(base + videoPackets * (mp4Like ? 11 : 10) + audioPackets * (mp4Like ? 6 : 8))
}

/** Characters of container metadata that -map_metadata carries into the output. */
export function tagCharsOf(media: MediaInfo): number {
  return Object.entries(media.tags).reduce((sum, [key, value]) => sum + key.length + value.length, 0)
}

/**
 * The video's bitrate: the target less the overhead (container, carried streams), at the share
 * rate control aims for, less the audio.
 */
export function videoKbpsFor(targetBytes: number, overheadBytes: number, audio: AudioPlan, durationSeconds: number, rateSafety: number): number {
  const audioBits = audio.kind === 'none' ? 0 : audio.kbps * 1000 * durationSeconds
  const videoBits = (targetBytes - overheadBytes) * 8 * rateSafety - audioBits
  return videoBits / durationSeconds / 1000
}

export function audioEncoderFor(container: Container): 'aac' | 'libopus' {
  return container === 'webm' ? 'libopus' : 'aac'
}

export function wantsAudio(media: MediaInfo, audio: AudioMode | null | undefined): boolean {
  return audio !== 'remove' && media.audio !== null
}

/** The audio bitrate people would pick for this quality, never above the source's. */
export function baseAudioKbps(media: MediaInfo, quality: QualityPreference): number {
  let kbps = AUDIO_BASE_KBPS[quality]
  if ((media.audio?.channels ?? 2) < 2) kbps = Math.max(48, Math.round(kbps / 2))
  const sourceKbps = media.audio?.bitRate ? media.audio.bitRate / 1000 : null
  if (sourceKbps !== null && sourceKbps < kbps) {
    kbps = AUDIO_LADDER_KBPS.find((step) => step <= sourceKbps) ?? 32
  }
  return kbps
}

/** Constant quality (no budget): the source's audio when it is no richer than this quality's bitrate, else that bitrate. */
export function planAudioForQuality(
  media: MediaInfo,
  quality: QualityPreference,
  keepAudio: boolean,
  canCopyAudio: boolean,
  encoder: 'aac' | 'libopus'
): AudioPlan {
  const baseKbps = baseAudioKbps(media, quality)
  return !keepAudio
    ? { kind: 'none' }
    : canCopyAudio && (media.audio?.bitRate ?? Infinity) <= baseKbps * 1000 * 1.1
      ? { kind: 'copy', kbps: (media.audio?.bitRate ?? 0) / 1000 }
      : { kind: 'encode', encoder, kbps: baseKbps, channels: Math.min(2, media.audio?.channels ?? 2) }
}

export function planAudioForBudget(
  media: MediaInfo,
  quality: QualityPreference,
  keepAudio: boolean,
  canCopyAudio: boolean,
  encoder: 'aac' | 'libopus',
  targetBytes: number,
  duration: number,
  container: Container,
  fps: number
): AudioPlan {
  if (!keepAudio || !media.audio) return { kind: 'none' }
  const totalKbps = ((targetBytes - estimateOverheadBytes(container, duration, fps, { kind: 'none' })) * 8) / duration / 1000
  const sourceKbps = media.audio.bitRate ? media.audio.bitRate / 1000 : null
  const base = baseAudioKbps(media, quality)
  if (canCopyAudio && sourceKbps !== null && sourceKbps <= base * 1.1 && sourceKbps <= totalKbps * MAX_AUDIO_SHARE) {
    return { kind: 'copy', kbps: sourceKbps }
  }
  let kbps = base
  const ladder = encoder === 'libopus' ? [...AUDIO_LADDER_KBPS, 24, 16] : [...AUDIO_LADDER_KBPS]
  for (const step of ladder) {
    if (step > base) continue
    kbps = step
    if (step <= totalKbps * MAX_AUDIO_SHARE) break
  }
  kbps = Math.max(kbps, MIN_AUDIO_KBPS[encoder])
  const channels = kbps <= 48 ? 1 : Math.min(2, media.audio.channels)
  return { kind: 'encode', encoder, kbps, channels }
}
