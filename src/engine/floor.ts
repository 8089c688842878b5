// The quality floor with the size target (issue #12: "under 25 MB but it must look good"):
// before any work, a few short parts of the file are encoded at the target's bitrate and compared
// with the original. When they fall below the floor, the job does not run blindly: a search over
// sizes (doubling, then halving the gap, on the same parts) finds the smallest size whose parts
// meet it, and the job is refused with that size (compress.ts), unless the user allowed it.
//
// The parts are the estimate's (estimate.ts estimateParts: a tenth of the file, at least 3 s, in
// three parts), each encoded as the preview's samples are, in the final pass's single run at the
// plan's bitrate and resolution (plan/ decides the resolution from each size, as the job's
// planner does; the job's analysis pass may still lower it). Each size costs three short encodes
// and three comparisons of FLOOR_FRAMES frames in all: a floor the target meets added 0.9 CPU s
// to the rocket clip's job (8 s, 640x360) and 0.5 CPU s to the Sintel trailer's (52 s, 480p); a
// refusal with its search took 5.1 and 4.4 CPU s, start-up included (README "Quality floor").
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { type CompressOptions, type QualityFloor, type QualityScore, describeFloor, describeQuality, meetsFloor } from '../shared/compression'
import { formatBytes } from '../shared/units'
import { errorWords, type Words } from '../shared/words'
import { makeWorkFolder, releaseWork } from '../jobs/work-journal'
import { estimateParts, measureSamplePart, resultFpsOf, samplePlan } from './estimate'
import { buildEncodeArgs } from './ffmpeg/args'
import type { FfmpegToolchain } from './ffmpeg/locate'
import { runFfmpeg } from './ffmpeg/run'
import { type EncodePlan, planCompression } from './plan'
import type { EditPlan } from './plan/edit'
import type { MediaInfo } from './probe'
import { type SsimMeasurement, sampleRateFor, samplesScore, vmafAvailable } from './quality'

/** Frames compared over the parts at each size: the preview's 60 halved, since each size is one comparison of several. */
const FLOOR_FRAMES = 30
/** The search stops when the gap between a size that fails and one that meets the floor is below this ratio. */
const SEARCH_PRECISION = 1.15
/** Sizes tried at most besides the target (doublings and halvings together), so the check stays a few seconds. */
const MAX_TRIES = 7

export interface FloorRequest {
  toolchain: FfmpegToolchain
  /** The original, as an absolute path. */
  input: string
  /** The picture the job encodes (compress.ts editSource). */
  media: MediaInfo
  edit: EditPlan | null
  /** Bytes of the part kept: the job never aims above them. */
  keptBytes: number
  options: CompressOptions
  floor: QualityFloor
  /** The job's plan at the target (mode 'target'). */
  plan: EncodePlan
  signal?: AbortSignal
}

export interface FloorCheck {
  floor: QualityFloor
  /** The parts' score at the target; null when they could not be scored (then nothing is said). */
  atTarget: QualityScore | null
  /** True: the target meets the floor; false: it does not; null: the floor cannot be judged (VMAF not measured here, HDR). */
  met: boolean | null
  targetBytes: number
  /** When not met: the smallest size whose parts meet the floor (rounded up to two significant figures); null when not even the original's size does. */
  smallestBytes: number | null
  /** Sizes encoded (the target's included), for the cost. */
  tries: number
}

/** Whether the target's parts meet the floor, and if not, the smallest size whose parts do. Null when there is nothing to check (no target plan). */
export async function checkQualityFloor(request: FloorRequest): Promise<FloorCheck | null> {
  const { plan, media, floor } = request
  if (plan.mode !== 'target' || plan.targetBytes === null || !(media.durationSeconds > 0)) return null
  const targetBytes = plan.targetBytes
  const unjudged: FloorCheck = { floor, atTarget: null, met: null, targetBytes, smallestBytes: null, tries: 0 }
  // HDR sources are tone-mapped to SDR: their score is not measured (quality.ts), nor the floor.
  if (media.video.dynamicRange !== 'sdr') return unjudged
  const vmaf = (typeof floor !== 'number' || floor > 1) && (await vmafAvailable(request.toolchain.ffmpeg.path, request.toolchain.filters))
  const folder = await makeWorkFolder()
  let tries = 0
  try {
    const scoreAt = async (bytes: number, at: EncodePlan | null): Promise<QualityScore | null> => {
      tries++
      return scoreParts(request, at ?? planAt(request, bytes), vmaf, path.join(folder, `size-${tries}`))
    }
    const atTarget = await scoreAt(targetBytes, plan)
    const met = atTarget === null ? null : meetsFloor(atTarget, floor)
    if (met !== false) return { ...unjudged, atTarget, met, tries }
    // Doubling until a size meets the floor (the original's own size always does: nothing is lost).
    let low = targetBytes
    let high: number | null = null
    while (high === null && tries < MAX_TRIES) {
      const bytes = Math.min(low * 2, request.keptBytes)
      if (bytes >= request.keptBytes) {
        high = request.keptBytes
        break
      }
      const score = await scoreAt(bytes, null)
      if (score !== null && meetsFloor(score, floor) === true) high = bytes
      else low = bytes
    }
    if (high === null) return { ...unjudged, atTarget, met, tries }
    while (high / low > SEARCH_PRECISION && tries < MAX_TRIES) {
      const bytes = Math.round(Math.sqrt(low * high))
      const score = await scoreAt(bytes, null)
      if (score !== null && meetsFloor(score, floor) === true) high = bytes
      else low = bytes
    }
    const smallestBytes = high >= request.keptBytes ? null : roundUp(high)
    return { ...unjudged, atTarget, met, smallestBytes, tries }
  } finally {
    await rm(folder, { recursive: true, force: true }).then(
      () => releaseWork(folder),
      () => undefined
    )
  }
}

/**
 * The sentence of a target that does not meet its floor: "At 200 KB this video would look like
 * 'visible blocks' (SSIM 0.9123); for 'slight softening' or better it needs about 620 KB."
 */
export function floorCheckWords(check: FloorCheck): Words {
  const score = check.atTarget
  const looks =
    score === null
      ? errorWords('errors:floor.looksUnknown')
      : errorWords(score.vmaf !== null ? 'errors:floor.looksVmaf' : 'errors:floor.looks', {
          label: errorWords(`results:quality.${score.label}`),
          ssim: score.ssim.toFixed(4),
          ...(score.vmaf !== null ? { vmaf: score.vmaf.toFixed(1) } : {})
        })
  const floor = check.floor
  const level =
    typeof floor === 'number'
      ? floor <= 1
        ? errorWords('errors:floor.level.ssim', { value: floor.toFixed(3) })
        : errorWords('errors:floor.level.vmaf', { value: floor.toFixed(0) })
      : errorWords(`errors:floor.level.${floor}`)
  const said = { target: formatBytes(check.targetBytes), looks, floor: level }
  return check.smallestBytes !== null
    ? errorWords('errors:floor.below', { ...said, needed: formatBytes(check.smallestBytes) })
    : errorWords('errors:floor.belowAtAnySize', said)
}

export function describeFloorCheck(check: FloorCheck): string {
  const looks = check.atTarget !== null ? describeQuality(check.atTarget) : 'less than asked'
  const needs =
    check.smallestBytes !== null
      ? `it needs about ${formatBytes(check.smallestBytes)}`
      : "not even the original's size is enough to re-encode it at that quality"
  return `At ${formatBytes(check.targetBytes)} this video would look like '${looks.replace(/ \(/, "' (")}; for ${describeFloor(check.floor)} ${needs}.`
}

/** The job's plan at another size: the planner's, on the same file and options (the resolution follows the size). */
function planAt(request: FloorRequest, bytes: number): EncodePlan {
  return planCompression({
    media: request.media,
    sourceBytes: request.keptBytes,
    edit: request.edit,
    options: { ...request.options, targetBytes: bytes, targetRatio: null },
    capabilities: request.toolchain,
    sourceExtension: path.extname(request.input).slice(1).toLowerCase()
  })
}

/** The parts encoded with `plan` (its final pass's single run) and compared with the original, as one score; null when not measured. */
async function scoreParts(request: FloorRequest, plan: EncodePlan, vmaf: boolean, prefix: string): Promise<QualityScore | null> {
  // A size the planner would not re-encode at (already under it): the original itself.
  if (plan.mode !== 'target') return { ssim: 1, vmaf: vmaf ? 100 : null, label: 'looks the same' }
  const { media, toolchain, input, signal } = request
  const parts = estimateParts(media.durationSeconds)
  const seconds = parts.reduce((sum, part) => sum + part.seconds, 0)
  const sampleFps = sampleRateFor(seconds, media.video.fps, resultFpsOf(plan, media), FLOOR_FRAMES)
  const scores: SsimMeasurement[] = []
  for (const [i, part] of parts.entries()) {
    const file = `${prefix}-${i}.${plan.extension}`
    const step = { pass: null, videoKbps: plan.videoKbps, passLogPrefix: null }
    // A part that does not encode leaves the floor unjudged (the job says so and runs); it never fails the job.
    const encoded = await runFfmpeg(
      toolchain.ffmpeg.path,
      buildEncodeArgs(samplePlan(plan, part.start, part.seconds), media, input, file, step, toolchain.version),
      { signal }
    ).then(
      () => true,
      (error: unknown) => {
        if ((error as Error).name === 'AbortError') throw error
        return false
      }
    )
    if (!encoded) return null
    const measured = await measureSamplePart({ ffmpegPath: toolchain.ffmpeg.path, input, file, plan, media, part, sampleFps, vmaf, signal })
    if (measured === null) return null
    scores.push(measured)
  }
  return samplesScore(scores)
}

/** Up to two significant figures, so the size said is one a person can type (612 345 -> 620 000). */
function roundUp(bytes: number): number {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(bytes)) - 1)
  return Math.ceil(bytes / step) * step
}
