// The picture: the standard sizes a plan steps down through, the bits per pixel a bitrate gives
// at a size and frame rate, the note that says a resolution was lowered, and the conversion of
// HDR to standard range.
import type { QualityPreference, VideoCodec } from '../../shared/compression'
import { formatBytes } from '../../shared/units'
import type { MediaInfo } from '../probe'
import type { Capabilities, EncodePlan } from './types'

/** Standard short sides we step down through when the bitrate is too low. */
export const RESOLUTION_LADDER = [2160, 1440, 1080, 720, 540, 480, 360, 240, 144] as const

/** Bits per pixel per frame below which the picture falls apart and fewer pixels look better. */
export const MIN_BITS_PER_PIXEL: Record<QualityPreference, number> = { high: 0.05, balanced: 0.035, small: 0.025 }
/** Newer codecs need fewer bits for the same picture. */
export const CODEC_EFFICIENCY: Record<VideoCodec, number> = { h264: 1, hevc: 0.7, vp9: 0.7, av1: 0.6 }

/** zscale (libzimg) linearises and converts the primaries; tonemap compresses the highlights. */
const TONE_MAPPING_FILTERS = ['zscale', 'tonemap'] as const

export function sourceShortSide(media: MediaInfo): number {
  return Math.min(media.video.displayWidth, media.video.displayHeight)
}

export function pixelsAt(media: MediaInfo, shortSide: number): number {
  const { displayWidth: w, displayHeight: h } = media.video
  const scale = shortSide / Math.min(w, h)
  return Math.max(1, w * scale) * Math.max(1, h * scale)
}

/** Bits per pixel per frame the plan's video bitrate gives at its output size and frame rate. */
export function planBitsPerPixel(plan: EncodePlan, media: MediaInfo): number {
  const fps = plan.fpsCap ?? media.video.fps ?? 30
  return ((plan.videoKbps ?? 0) * 1000) / (pixelsAt(media, plan.scaleShortSide ?? sourceShortSide(media)) * fps)
}

/** The note for a resolution the engine lowered to fit the target (before or after the analysis pass). */
export function lowerResolutionNote(short: number, srcShort: number, targetBytes: number): string {
  return `lowered the resolution to ${short}p (from ${srcShort}p) so ${formatBytes(targetBytes)} still looks clean`
}

/**
 * HDR sources become standard range when they are re-encoded (copies keep their streams as they
 * are). Says so in the result, and says what happens when this ffmpeg cannot convert.
 */
export function planToneMapping(media: MediaInfo, capabilities: Capabilities, changes: string[]): 'pq' | 'hlg' | null {
  const range = media.video.dynamicRange
  if (range === 'sdr') return null
  const name = range === 'pq' ? 'HDR10' : 'HLG HDR'
  if (TONE_MAPPING_FILTERS.every((filter) => capabilities.filters.has(filter))) {
    changes.push(`converted ${name} to standard range (SDR) so colours look right on every screen`)
    return range
  }
  changes.push(`kept the ${name} colour tags without converting: this ffmpeg lacks the zscale filter, so screens without HDR may show pale colours`)
  return null
}
