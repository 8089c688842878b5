// Issue 17 §1, effort where it shows: the x264 preset of the final pass, chosen per file from
// what the analysis pass measured. A `veryfast` final pass takes about 0.6 of `medium`'s time and
// costs nothing measurable on most footage, but up to 0.008 SSIM on starved or noisy streams
// (BENCHMARKS.md, "Effort where it shows"). Pure: no time measured here decides anything.
import { type CompressOptions, DEFAULT_SPEED, type QualityPreference, type SpeedPreference } from '../../shared/compression'
import type { MediaInfo } from '../probe'
import { pixelsAt, planBitsPerPixel, sourceShortSide } from './picture'
import type { EncodePlan } from './types'

export type X264Preset = 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow'

/** The preset each quality preference has always used (speed `thorough`: today's behaviour). */
export const X264_QUALITY_PRESET: Readonly<Record<QualityPreference, X264Preset>> = { high: 'slow', balanced: 'medium', small: 'fast' }

/** What the analysis pass measured, at the picture the final pass encodes. */
export interface EffortInput {
  /** Mean x264 quantiser of the analysis pass (superfast, at the final bitrate). */
  meanQp: number
  /** Video bits per pixel per frame at the budget (planBitsPerPixel). */
  bitsPerPixel: number
  /** Pixels in all frames of the final pass (width x height x fps x seconds). */
  totalPixels: number
  quality: QualityPreference
  speed: SpeedPreference
}

/** Why a preset was chosen: a code and the English note for the result's changes (a verb phrase, as the others: "The engine used ..."). */
export interface EffortChoice {
  readonly preset: X264Preset
  readonly reason: 'asked' | 'thorough' | 'starved' | 'short' | 'easy' | 'fast'
  readonly note: string
}

/**
 * Above this mean quantiser the budget is starved and `medium`'s sub-pixel refinement shows: the
 * iPhone clip at 1 MB (QP 36.5) lost 0.0020 SSIM with `veryfast`, while the screencast (QP 34.2)
 * and every clip at QP 31 or less lost at most 0.0008 (BENCHMARKS.md, "Effort where it shows").
 * The 360° clip at 500 KB reads 36.3 after its re-analysis at 480p and keeps `medium`.
 */
const STARVED_QP = 35.5
/**
 * How hard the content is for its bits: the quantiser the analysis pass needed, less the 6 QP that
 * each halving of the bits per pixel adds (x264: 6 QP = half the bits). Noisy sources read high
 * at any budget: the night time-lapse (MPEG-2 grain) 14.6 at 1 MB and 12.3 at 0.4 MB, where
 * `veryfast` lost 0.0043 and 0.0080 SSIM; the clips that lost nothing measurable read 8.1 (iPhone
 * at 3 MB) or less (Sintel 7.2-7.6, rocket 4.2, Megamind 3.1, screencast -11.2).
 */
const NOISY_INDEX = 9
/**
 * A final pass over fewer pixels than this (about a second of 720p30) takes under a second at
 * any preset: nothing worth saving, so it keeps `medium`.
 */
const SHORT_PIXELS = 2e7

/** The final pass's x264 preset for this file and why (issue 17 §1). */
export function chooseX264Effort(input: EffortInput): EffortChoice {
  const own = X264_QUALITY_PRESET[input.quality]
  if (input.speed === 'thorough') return { preset: own, reason: 'thorough', note: `used x264's ${own} preset (thorough encoding)` }
  // "high" asks for the slow preset in any case but fast; "small" is already at fast.
  if (input.speed === 'balanced' && input.quality !== 'balanced')
    return { preset: own, reason: 'asked', note: `used x264's ${own} preset for the ${input.quality} quality setting` }
  const starved = input.meanQp > STARVED_QP || noiseIndex(input.meanQp, input.bitsPerPixel) > NOISY_INDEX
  if (input.speed === 'fast') {
    // `faster` where the budget is starved: the time-lapse at 0.4 MB lost 0.0067 with `veryfast`
    // against our `medium` (half-time runs), 0.0024 with `faster`, the iPhone clip at 1 MB 0.0010
    // (BENCHMARKS.md, "Effort where it shows"): within the 0.005 that fast allows.
    const preset = starved ? 'faster' : 'veryfast'
    return { preset, reason: 'fast', note: `used x264's ${preset} preset: speed first` }
  }
  if (input.totalPixels < SHORT_PIXELS)
    return { preset: 'medium', reason: 'short', note: "used x264's medium preset: a short file, where a faster one would save under a second" }
  if (starved) return { preset: 'medium', reason: 'starved', note: "used x264's medium preset: a tight budget for this content, where a faster one would show" }
  return { preset: 'veryfast', reason: 'easy', note: "used x264's veryfast preset: easy content at this size, where medium would look the same" }
}

/** The analysis pass's quantiser corrected to one bit per pixel per frame (see NOISY_INDEX). */
export function noiseIndex(meanQp: number, bitsPerPixel: number): number {
  return meanQp + 6 * Math.log2(Math.max(bitsPerPixel, 1e-6))
}

/**
 * Issue 17 §1: the x264 final pass's preset from what the analysis pass measured (plan/effort.ts),
 * said in the result's changes. Other encoders, and a statistics file we could not read, keep the
 * quality preference's preset.
 */
export function planWithEffort(
  plan: EncodePlan,
  media: MediaInfo,
  meanQp: number | null,
  options: CompressOptions,
  onDecided?: (line: string) => void
): EncodePlan {
  if (plan.encoder !== 'libx264' || meanQp === null) return plan
  const fps = plan.fpsCap ?? media.video.fps ?? 30
  const bitsPerPixel = planBitsPerPixel(plan, media)
  const pixelsPerFrame = pixelsAt(media, plan.scaleShortSide ?? sourceShortSide(media))
  const effort = chooseX264Effort({
    meanQp,
    bitsPerPixel,
    totalPixels: pixelsPerFrame * fps * media.durationSeconds,
    quality: plan.quality,
    speed: options.speed ?? DEFAULT_SPEED
  })
  onDecided?.(
    `effort: mean quantiser ${meanQp.toFixed(2)}, ${bitsPerPixel.toFixed(4)} bits/pixel, noise index ${noiseIndex(meanQp, bitsPerPixel).toFixed(1)}: ${effort.preset} (${effort.reason})`
  )
  return { ...plan, effort, changes: [...plan.changes, effort.note] }
}
