// After the analysis pass: how hard the encoder found the content (the mean quantiser of its
// first-pass statistics), and a plan with fewer frames and pixels when the stream is starved.
import type { CompressOptions } from '../../shared/compression'
import { formatBytes } from '../../shared/units'
import type { MediaInfo } from '../probe'
import { RATE_SAFETY, estimateOverheadBytes, tagCharsOf } from './budget'
import { RESOLUTION_LADDER, lowerResolutionNote, sourceShortSide } from './picture'
import { carriedBytes } from './streams'
import type { EncodePlan } from './types'

/** Encoders whose first-pass statistics we read (text logs with a quantiser per frame). */
export const ANALYSABLE_ENCODERS: ReadonlySet<string> = new Set(['libx264', 'libx265'])

/**
 * Above this mean quantiser in the analysis pass the picture turns blocky, and fewer pixels
 * (or frames) at a lower quantiser look better. Calibrated with `npm run bench` on real footage:
 * a 1080p 360° clip at QP 48 gained 0.03 SSIM at 360p, while a night time-lapse at QP ~35 lost
 * 0.057 when scaled from 405p to 360p (fine detail does not survive resampling), and a phone clip
 * at QP 35.7 gained only 0.003 at 540p. So only clearly starved streams are scaled down.
 */
const MAX_MEAN_QP: Record<string, number> = { libx264: 37, libx265: 38 }
/** Scale down only when fewer than this share of the pixels would bring the quantiser back. */
const WORTHWHILE_PIXEL_SHARE = 0.6
/** Halving the pixels (or frames) lowers x264's quantiser by about this much (measured 4.3-5.6). */
const QP_PER_HALVING = 4.5

/** Mean quantiser over frames of an x264/x265 first-pass statistics file, or null. */
export function meanQuantiser(statsText: string): number | null {
  let sum = 0
  let count = 0
  for (const match of statsText.matchAll(/(?:^|\s)q:([\d.]+)/g)) {
    const value = Number(match[1])
    if (Number.isFinite(value)) {
      sum += value
      count++
    }
  }
  return count ? sum / count : null
}

/**
 * After the analysis pass: when the content is too hard for the budget at this size, a plan with
 * 30 fps (if above and not fixed) and the largest standard resolution expected to bring the
 * quantiser back under the limit. Null when the plan should stay as it is.
 */
export function adaptToAnalysis(plan: EncodePlan, media: MediaInfo, meanQp: number, options: CompressOptions): EncodePlan | null {
  if (!plan.adaptAfterAnalysis || plan.targetBytes === null || plan.videoKbps === null) return null
  const limit = MAX_MEAN_QP[plan.standInAnalysisKbps !== null ? 'libx264' : plan.encoder] ?? 37
  if (meanQp <= limit) return null
  // The share of the current pixel rate that would bring the quantiser down to the limit.
  let wanted = 2 ** ((limit - meanQp) / QP_PER_HALVING)
  const changes = [...plan.changes]
  let fpsCap = plan.fpsCap
  const currentFps = plan.fpsCap ?? media.video.fps ?? 30
  if (options.fps == null && currentFps > 30.5) {
    fpsCap = 30
    wanted /= 30 / currentFps
    changes.push(`lowered the frame rate to 30 fps to fit ${formatBytes(plan.targetBytes)}`)
  }
  let scaleShortSide = plan.scaleShortSide
  const srcShort = sourceShortSide(media)
  const currentShort = plan.scaleShortSide ?? srcShort
  // A small step down (405p to 360p) resamples away fine detail without freeing many bits:
  // a night time-lapse lost 0.056 SSIM that way. Only a clearly starved stream is scaled.
  if (options.resolution == null && wanted <= WORTHWHILE_PIXEL_SHARE) {
    const candidates = RESOLUTION_LADDER.filter((step) => step < currentShort)
    const fitting = candidates.find((step) => (step / currentShort) ** 2 <= wanted) ?? candidates[candidates.length - 1]
    if (fitting !== undefined && fitting < currentShort) {
      scaleShortSide = fitting
      changes.push(lowerResolutionNote(fitting, srcShort, plan.targetBytes))
    }
  }
  if (scaleShortSide === plan.scaleShortSide && fpsCap === plan.fpsCap) return null
  // Fewer frames means fewer index entries: recompute the overhead and give the bytes to video.
  const duration = media.durationSeconds
  const overheadBytes =
    estimateOverheadBytes(plan.container, duration, fpsCap ?? media.video.fps ?? 30, plan.audio, tagCharsOf(media)) + carriedBytes(media, plan)
  const videoKbps = plan.videoKbps + ((plan.overheadBytes - overheadBytes) * 8 * RATE_SAFETY[plan.videoCodec]) / duration / 1000
  return { ...plan, scaleShortSide, fpsCap, overheadBytes, videoKbps, changes, adaptAfterAnalysis: false, standInAnalysisKbps: null }
}
