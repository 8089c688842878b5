// How long a plan takes to encode on this machine, now: each pass of the plan is run on a short
// sample of the file (to ffmpeg's null output, so nothing is written but the analysis statistics
// in a private temp folder), and the times are scaled to the whole length; a short file's
// analysis pass is run whole (WHOLE_ANALYSIS_MAX_PIXELS).
// A formula from pixels and codec was off by 2-6x on the footage clips: the time depends as much
// on the bitrate, the source's decoder and how busy the machine is, which a sample measures.
// The same sampler makes the preview's samples (preview.ts): its final pass keeps its parts as
// files, encoded with the plan the job is expected to end with.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { CompressOptions } from '../shared/compression'
import { readMeanQuantiser } from './compress'
import { type EncodeStep, analysisStatsPath, buildEncodeArgs, editFilters, passLogPrefixIn } from './ffmpeg/args'
import { hardwareEncoderNamed } from './ffmpeg/hardware'
import type { FfmpegToolchain } from './ffmpeg/locate'
import { runFfmpeg } from './ffmpeg/run'
import type { EncodePlan } from './plan'
import { adaptToAnalysis } from './plan/adapt'
import { planWithEffort } from './plan/effort'
import type { MediaInfo } from './probe'
import { type SsimMeasurement, measureSsim, sampleRateFor } from './quality'

/**
 * Share of the file sampled: about a tenth of the encode's time, but at least 3 s, because the
 * sample's time is scaled up to the whole file and on a short clip a tenth is mostly start-up
 * noise (a 7.6 s clip read 26 s once when a tenth of it was timed on a busy machine).
 */
const SAMPLE_SHARE = 0.1
const MIN_SAMPLE_SECONDS = 3
/**
 * Where the sample's parts come from: a fifth, the middle and four fifths of the way in. One part
 * from the middle alone read a trailer's busiest shots and overestimated it 1.7x; encoding speed
 * follows the content, so the parts spread over the file as its content does.
 */
export const SAMPLE_POINTS = [0.2, 0.5, 0.8]

/** A stretch of the original: `seconds` long from `start` (seconds). */
export interface SamplePart {
  start: number
  seconds: number
}

/** The estimate's parts of a file this long: a tenth of it (at least 3 s), in one part from the middle of a short file, else in three spread over it. */
export function estimateParts(duration: number): SamplePart[] {
  const sample = Math.min(duration, Math.max(MIN_SAMPLE_SECONDS, duration * SAMPLE_SHARE))
  if (sample >= duration / 2) return [{ start: Math.max(0, (duration - sample) / 2), seconds: sample }]
  const part = sample / SAMPLE_POINTS.length
  return SAMPLE_POINTS.map((at) => ({ start: Math.min(duration - part, Math.max(0, duration * at - part / 2)), seconds: part }))
}

/**
 * The plan limited to a sample `seconds` long from `start` of what it encodes: a trim of the
 * source (a trimmed plan's samples lie inside its part), so ffmpeg seeks and stops as a job's trim does.
 */
export function samplePlan(plan: EncodePlan, start: number, seconds: number): EncodePlan {
  const offset = plan.edit?.trim?.start ?? 0
  const trim = { start: offset + start, end: offset + start + seconds }
  const edit = plan.edit ?? { trim: null, keyframeStart: null, rotate: null, sourceRotation: 0, shape: null }
  return { ...plan, edit: { ...edit, trim, keyframeStart: null } }
}

/** What measureSamplePart compares: an encode of `part` alone, made with `plan`, and the original. */
export interface SamplePartMeasure {
  ffmpegPath: string
  input: string
  file: string
  plan: EncodePlan
  media: MediaInfo
  part: SamplePart
  sampleFps: number
  vmaf?: boolean | undefined
  signal?: AbortSignal | undefined
}

/**
 * A sample of the result against the same stretch of the original, in the source's seconds and
 * turned and shaped as the result (`media` is the edited picture); null when it could not be
 * measured (a cancel still throws). The estimate's quality timing and the quality floor's check.
 */
export function measureSamplePart(sample: SamplePartMeasure): Promise<SsimMeasurement | null> {
  const { plan, part } = sample
  return measureSsim({
    ffmpegPath: sample.ffmpegPath,
    distorted: sample.file,
    reference: sample.input,
    window: { start: (plan.edit?.trim?.start ?? 0) + part.start, seconds: part.seconds },
    referenceFilters: editFilters(plan.edit),
    width: sample.media.video.displayWidth,
    height: sample.media.video.displayHeight,
    sampleFps: sample.sampleFps,
    vmaf: sample.vmaf,
    signal: sample.signal
  }).catch((error: unknown) => {
    if ((error as Error).name === 'AbortError') throw error
    return null
  })
}

/** A pass's arguments with the final pass's output going to ffmpeg's null muxer unless it is kept (for the quality timing). */
function sampleArgs(args: string[], toNull: boolean): string[] {
  // The analysis pass already ends in "-f null -"; the final pass ends in "-n <output>".
  return toNull ? [...args.slice(0, -2), '-f', 'null', '-'] : args
}

/** The frame rate of the result: the plan's cap where it lowers the source's. */
export function resultFpsOf(plan: EncodePlan, media: MediaInfo): number | null {
  return plan.fpsCap !== null && media.video.fps !== null ? Math.min(plan.fpsCap, media.video.fps) : media.video.fps
}

/**
 * A second output for the run that encodes a kept part: the still's frame, as decoded (turned
 * upright, the plan's frame rate applied, not scaled), raw, so writing it costs the timed run next
 * to nothing (a PNG of a 4K frame would be scaled up a hundredfold in a long file's estimate).
 */
function stillArgs(plan: EncodePlan, media: MediaInfo, still: SampleStill): string[] {
  // Turned and shaped as the sample is (issue 14), so the pair shows the same picture.
  const filters = [...editFilters(plan.edit), ...(plan.fpsCap !== null ? [`fps=${plan.fpsCap}`] : []), `select='eq(n,${still.frame})'`]
  return ['-map', `0:${media.video.index}`, '-vf', filters.join(','), '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', still.file]
}

async function timeRun(ffmpegPath: string, args: string[], signal?: AbortSignal): Promise<number> {
  const started = performance.now()
  await runFfmpeg(ffmpegPath, args, { signal })
  return (performance.now() - started) / 1000
}

/**
 * Files with at most this many pixels in all their frames have their analysis pass run whole to
 * decide the resolution, as the job will. x264's first-pass rate control starts every run from
 * the same prior and, on a starved budget, takes a couple of hundred frames to settle: on a 37-s
 * screencast at 50 kbps its 1.2-s sample parts read a mean quantiser of 55.8 against the whole
 * file's 37.1, so the estimate expected a lower resolution the job did not choose (and came out
 * at 0.45 of the real time). Longer files have longer parts, in which the start weighs less.
 * Counted in pixels rather than in the sample's measured time, so that the decision does not
 * depend on how busy the machine is: 10^9 pixels (the screencast has 0.44 of that; 16 s of
 * 1080p30 or about 70 s of 720p30) is a few seconds of x264's superfast analysis here.
 */
const WHOLE_ANALYSIS_MAX_PIXELS = 1e9

/** The pixels in all the frames of the file (at 30 fps when its rate is unknown). */
function framePixels(media: MediaInfo): number {
  return media.durationSeconds * (media.video.fps ?? 30) * media.video.width * media.video.height
}

/** What the estimate found: the time, and the plan the job is expected to end with (after the analysis pass). */
export interface EncodeEstimate {
  seconds: number
  finalPlan: EncodePlan
}

/** The estimate, and the final pass's parts encoded with its final plan: files in the request's folder. */
/** One of the original's frames kept by the run that encoded a sample: raw RGB (rgb24) at the display size, and its number in the part. */
export interface SampleStill {
  file: string
  frame: number
}

export interface SampledEncode extends EncodeEstimate {
  samples: Array<SamplePart & { file: string; still: SampleStill | null }>
  /** Each sample's comparison with the original, in order; null for an HDR source (not scored) or a failed measurement. */
  scores: SsimMeasurement[] | null
}

export interface SampleEncodeRequest {
  toolchain: FfmpegToolchain
  plan: EncodePlan
  media: MediaInfo
  input: string
  options: CompressOptions
  /** A private folder for the passes' statistics and the kept samples: the caller makes it and removes it. */
  folder: string
  /** Where the final pass's parts come from (the preview's); default the estimate's own (estimateParts). */
  finalParts?: readonly SamplePart[]
  /**
   * Per final part, seconds from its first frame to a frame of the original to keep (the preview's
   * before frame): the run that encodes the part writes the frame it decodes there as well.
   */
  stills?: readonly number[]
  /** Compare at least `frames` frames over the final parts (VMAF too with `vmaf`), for a score of the samples (the preview's). */
  score?: { frames: number; vmaf: boolean }
  signal?: AbortSignal
}

/**
 * Seconds the plan's passes take for the whole file on this machine, or null for plans that do
 * not encode (copy, remux) or a file of unknown length. When the analysis says the engine will
 * lower the resolution (as its own analysis pass would), the re-analysis and the final pass are
 * timed at that size, and the quality score the job ends with is timed on the final pass's parts.
 * Size corrections (an extra final pass now and then) are not counted.
 */
export async function estimateEncodeSeconds(
  toolchain: FfmpegToolchain,
  plan: EncodePlan,
  media: MediaInfo,
  input: string,
  options: CompressOptions,
  signal?: AbortSignal
): Promise<EncodeEstimate | null> {
  if (plan.mode !== 'target' && plan.mode !== 'crf') return null
  if (!(media.durationSeconds > 0)) return null
  const folder = await mkdtemp(path.join(os.tmpdir(), 'compress-video-estimate-'))
  try {
    const sampled = await sampleEncode({ toolchain, plan, media, input, options, folder, signal })
    return sampled && { seconds: sampled.seconds, finalPlan: sampled.finalPlan }
  } finally {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined)
  }
}

/**
 * The estimate's passes (estimateEncodeSeconds), with the final pass's parts kept as files in
 * `request.folder` and taken from `request.finalParts` when given: the analysis parts, and with
 * them the resolution decision, stay the estimate's, so the plan is the one the job ends with.
 */
export async function sampleEncode(request: SampleEncodeRequest): Promise<SampledEncode | null> {
  const { toolchain, plan, media, input, options, folder, signal } = request
  if (plan.mode !== 'target' && plan.mode !== 'crf') return null
  const duration = media.durationSeconds
  if (!(duration > 0)) return null
  const parts = estimateParts(duration)
  const finalParts = request.finalParts ?? parts
  const firstPart = parts[0] ?? { start: 0, seconds: duration }
  const passLogPrefix = passLogPrefixIn(folder)
  const statsPath = analysisStatsPath(plan, passLogPrefix)
  let kept = 0
  /**
   * Times one part of a pass; `keep` writes the final pass's part to a file (returned) instead of
   * the null muxer, and `stillAt` keeps one of the original's frames the run decodes (stillArgs).
   */
  const runPart = async (
    timedPlan: EncodePlan,
    step: EncodeStep,
    part: SamplePart,
    keep = false,
    stillAt?: number
  ): Promise<{ seconds: number; file: string; still: SampleStill | null }> => {
    const file = path.join(folder, `sample-${kept++}.${timedPlan.extension}`)
    const args = buildEncodeArgs(samplePlan(timedPlan, part.start, part.seconds), media, input, file, step, toolchain.version)
    // The analysis pass writes to the null muxer already; the final pass does unless kept.
    const toNull = step.pass !== 1 && !keep
    const still =
      keep && stillAt !== undefined ? { file: `${file}.still.rgb`, frame: Math.max(0, Math.round(stillAt * (resultFpsOf(timedPlan, media) ?? 25))) } : null
    const limited = sampleArgs(args, toNull)
    const run = still ? [...limited, ...stillArgs(timedPlan, media, still)] : limited
    return { seconds: await timeRun(toolchain.ffmpeg.path, run, signal), file, still }
  }
  const finalStep = (timedPlan: EncodePlan): EncodeStep => ({
    pass: null,
    videoKbps: timedPlan.mode === 'target' ? timedPlan.videoKbps : null,
    passLogPrefix: null
  })
  // What a run costs whatever its length (start-up, encoder set-up, lookahead): timed on a
  // tenth of a second and not scaled with the length.
  // The smaller of two tries: a busy moment must not be taken for start-up cost.
  const tiny = async (): Promise<number> =>
    (await runPart(plan, finalStep(plan), { start: firstPart.start, seconds: Math.min(firstPart.seconds, 0.1) })).seconds
  const fixed = Math.min(await tiny(), await tiny())
  const secondsOf = (of: readonly SamplePart[]): number => of.reduce((sum, part) => sum + part.seconds, 0)
  /** One pass over the whole file: its parts timed, the start-up cost counted once per part taken off. */
  const pass = async (
    timedPlan: EncodePlan,
    step: EncodeStep,
    over: readonly SamplePart[],
    keep = false
  ): Promise<{ seconds: number; meanQp: number | null; files: string[]; stills: Array<SampleStill | null> }> => {
    let variable = 0
    const quantisers: number[] = []
    const files: string[] = []
    const stills: Array<SampleStill | null> = []
    for (const [i, part] of over.entries()) {
      const timed = await runPart(timedPlan, step, part, keep, request.stills?.[i])
      variable += Math.max(0, timed.seconds - fixed)
      files.push(timed.file)
      stills.push(timed.still)
      const qp = step.pass === 1 && statsPath ? await readMeanQuantiser(statsPath) : null
      if (qp !== null) quantisers.push(qp)
    }
    const meanQp = quantisers.length > 0 ? quantisers.reduce((a, b) => a + b, 0) / quantisers.length : null
    return { seconds: fixed + (variable * duration) / secondsOf(over), meanQp, files, stills }
  }
  /**
   * The quality score every finished job ends with (quality.ts) decodes the whole original and
   * the whole result: timed on the final pass's parts against the same stretches of the original,
   * at the rate the job will compare, and scaled like the passes. Left out, it was most of what
   * the estimate missed on short clips (1 s of a 6.6 s screencast job). With `request.score`, at
   * least that many frames are compared (the time goes into decoding both files, which the frame
   * count barely changes: 0.71 s at 2 fps, 0.76 s at 10 fps on a 2-s 720p part) and the
   * measurements are kept.
   */
  const scoring = async (timedPlan: EncodePlan, files: string[]): Promise<{ seconds: number; scores: SsimMeasurement[] | null }> => {
    if (media.video.dynamicRange !== 'sdr') return { seconds: 0, scores: null }
    const resultFps = resultFpsOf(timedPlan, media)
    const jobRate = sampleRateFor(duration, media.video.fps, resultFps)
    const sampleFps = request.score ? Math.max(jobRate, sampleRateFor(secondsOf(finalParts), media.video.fps, resultFps, request.score.frames)) : jobRate
    let failed = false
    const score = async (file: string, window: SamplePart): Promise<{ seconds: number; measured: SsimMeasurement | null }> => {
      const started = performance.now()
      const measured = await measureSamplePart({
        ffmpegPath: toolchain.ffmpeg.path,
        input,
        file,
        plan: timedPlan,
        media,
        part: window,
        sampleFps,
        vmaf: request.score?.vmaf,
        signal
      })
      if (measured === null) failed = true
      return { seconds: (performance.now() - started) / 1000, measured }
    }
    const first = files[0]
    const firstFinal = finalParts[0]
    if (first === undefined || firstFinal === undefined) return { seconds: 0, scores: null }
    const fixedScore = (await score(first, { start: firstFinal.start, seconds: Math.min(firstFinal.seconds, 0.1) })).seconds
    let variable = 0
    const scores: SsimMeasurement[] = []
    for (const [i, file] of files.entries()) {
      const part = finalParts[i]
      if (!part) continue
      const timed = await score(file, part)
      variable += Math.max(0, timed.seconds - fixedScore)
      if (timed.measured) scores.push(timed.measured)
    }
    return { seconds: fixedScore + (variable * duration) / secondsOf(finalParts), scores: failed ? null : scores }
  }
  const samplesOf = (final: { files: string[]; stills: Array<SampleStill | null> }): SampledEncode['samples'] =>
    finalParts.map((part, i) => ({ ...part, file: final.files[i] ?? '', still: final.stills[i] ?? null }))
  // Constant quality, and the graphics chip (the preview's: plan --file does not time it), are one run.
  if (plan.mode === 'crf' || hardwareEncoderNamed(plan.encoder)) {
    const final = await pass(plan, finalStep(plan), finalParts, true)
    const scored = await scoring(plan, final.files)
    return { seconds: final.seconds + scored.seconds, finalPlan: plan, samples: samplesOf(final), scores: scored.scores }
  }
  const analysisStep: EncodeStep = { pass: 1, videoKbps: plan.videoKbps, passLogPrefix }
  // A small file's analysis pass is run whole instead of on the parts (WHOLE_ANALYSIS_MAX_PIXELS).
  const wholeStats = framePixels(media) <= WHOLE_ANALYSIS_MAX_PIXELS && secondsOf(parts) < duration ? statsPath : null
  const analysis =
    wholeStats !== null
      ? {
          seconds: await timeRun(
            toolchain.ffmpeg.path,
            buildEncodeArgs(plan, media, input, path.join(folder, `whole.${plan.extension}`), analysisStep, toolchain.version),
            signal
          ),
          meanQp: await readMeanQuantiser(wholeStats)
        }
      : await pass(plan, analysisStep, parts)
  let total = analysis.seconds
  const adapted = analysis.meanQp !== null ? adaptToAnalysis(plan, media, analysis.meanQp, options) : null
  const reanalysis = adapted ? await pass(adapted, { pass: 1, videoKbps: adapted.videoKbps, passLogPrefix }, parts) : null
  if (reanalysis) total += reanalysis.seconds
  // The final pass at the preset the job will choose from the analysis (issue 17 §1).
  const finalMeanQp = reanalysis ? reanalysis.meanQp : analysis.meanQp
  const finalPlan = planWithEffort(adapted ?? plan, media, finalMeanQp, options)
  const final = await pass(finalPlan, finalStep(finalPlan), finalParts, true)
  const scored = await scoring(finalPlan, final.files)
  return { seconds: total + final.seconds + scored.seconds, finalPlan, samples: samplesOf(final), scores: scored.scores }
}
