// How long a plan takes to encode on this machine, now: each pass of the plan is run on a short
// sample of the file (to ffmpeg's null output, so nothing is written but the analysis statistics
// in a private temp folder), and the times are scaled to the whole length; a short file's
// analysis pass is run whole (WHOLE_ANALYSIS_MAX_PIXELS).
// A formula from pixels and codec was off by 2-6x on the footage clips: the time depends as much
// on the bitrate, the source's decoder and how busy the machine is, which a sample measures.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { CompressOptions } from '../shared/compression'
import { readMeanQuantiser } from './compress'
import { type EncodeStep, analysisStatsPath, buildEncodeArgs, editFilters, passLogPrefixIn } from './ffmpeg/args'
import type { FfmpegToolchain } from './ffmpeg/locate'
import { runFfmpeg } from './ffmpeg/run'
import type { EncodePlan } from './plan'
import { adaptToAnalysis } from './plan/adapt'
import type { MediaInfo } from './probe'
import { measureSsim, sampleRateFor } from './quality'

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
const SAMPLE_POINTS = [0.2, 0.5, 0.8]

/**
 * The plan limited to a sample `seconds` long from `start` of what it encodes: a trim of the
 * source (a trimmed plan's samples lie inside its part), so ffmpeg seeks and stops as a job's trim does.
 */
function samplePlan(plan: EncodePlan, start: number, seconds: number): EncodePlan {
  const offset = plan.edit?.trim?.start ?? 0
  const trim = { start: offset + start, end: offset + start + seconds }
  const edit = plan.edit ?? { trim: null, keyframeStart: null, rotate: null, sourceRotation: 0, shape: null }
  return { ...plan, edit: { ...edit, trim, keyframeStart: null } }
}

/** A pass's arguments with the final pass's output going to ffmpeg's null muxer unless it is kept (for the quality timing). */
function sampleArgs(args: string[], toNull: boolean): string[] {
  // The analysis pass already ends in "-f null -"; the final pass ends in "-n <output>".
  return toNull ? [...args.slice(0, -2), '-f', 'null', '-'] : args
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
  const duration = media.durationSeconds
  if (!(duration > 0)) return null
  const sample = Math.min(duration, Math.max(MIN_SAMPLE_SECONDS, duration * SAMPLE_SHARE))
  // A short file is timed in one part from its middle; a longer one in parts spread over it.
  const parts = sample < duration / 2 ? SAMPLE_POINTS.length : 1
  const part = sample / parts
  const starts =
    parts === 1 ? [Math.max(0, (duration - sample) / 2)] : SAMPLE_POINTS.map((at) => Math.min(duration - part, Math.max(0, duration * at - part / 2)))
  const folder = await mkdtemp(path.join(os.tmpdir(), 'compress-video-estimate-'))
  try {
    const passLogPrefix = passLogPrefixIn(folder)
    const statsPath = analysisStatsPath(plan, passLogPrefix)
    let kept = 0
    /** Times one part of a pass; `keep` writes the final pass's part to a file (returned) instead of the null muxer. */
    const runPart = async (
      timedPlan: EncodePlan,
      step: EncodeStep,
      start: number,
      seconds: number,
      keep = false
    ): Promise<{ seconds: number; file: string }> => {
      const file = path.join(folder, `sample-${kept++}.${timedPlan.extension}`)
      const args = buildEncodeArgs(samplePlan(timedPlan, start, seconds), media, input, file, step, toolchain.version)
      // The analysis pass writes to the null muxer already; the final pass does unless kept.
      const toNull = step.pass !== 1 && !keep
      return { seconds: await timeRun(toolchain.ffmpeg.path, sampleArgs(args, toNull), signal), file }
    }
    const finalStep = (timedPlan: EncodePlan): EncodeStep => ({
      pass: null,
      videoKbps: timedPlan.mode === 'target' ? timedPlan.videoKbps : null,
      passLogPrefix: null
    })
    // What a run costs whatever its length (start-up, encoder set-up, lookahead): timed on a
    // tenth of a second and not scaled with the length.
    // The smaller of two tries: a busy moment must not be taken for start-up cost.
    const tiny = async (): Promise<number> => (await runPart(plan, finalStep(plan), starts[0] ?? 0, Math.min(part, 0.1))).seconds
    const fixed = Math.min(await tiny(), await tiny())
    /** One pass over the whole file: its parts timed, the start-up cost counted once per part taken off. */
    const pass = async (timedPlan: EncodePlan, step: EncodeStep, keep = false): Promise<{ seconds: number; meanQp: number | null; files: string[] }> => {
      let variable = 0
      const quantisers: number[] = []
      const files: string[] = []
      for (const start of starts) {
        const timed = await runPart(timedPlan, step, start, part, keep)
        variable += Math.max(0, timed.seconds - fixed)
        files.push(timed.file)
        const qp = step.pass === 1 && statsPath ? await readMeanQuantiser(statsPath) : null
        if (qp !== null) quantisers.push(qp)
      }
      const meanQp = quantisers.length > 0 ? quantisers.reduce((a, b) => a + b, 0) / quantisers.length : null
      return { seconds: fixed + (variable * duration) / sample, meanQp, files }
    }
    /**
     * The quality score every finished job ends with (quality.ts) decodes the whole original and
     * the whole result: timed on the final pass's parts against the same stretches of the original,
     * at the rate the job will compare, and scaled like the passes. Left out, it was most of what
     * the estimate missed on short clips (1 s of a 6.6 s screencast job).
     */
    const scoring = async (timedPlan: EncodePlan, files: string[]): Promise<number> => {
      if (media.video.dynamicRange !== 'sdr') return 0
      const resultFps = timedPlan.fpsCap !== null && media.video.fps !== null ? Math.min(timedPlan.fpsCap, media.video.fps) : media.video.fps
      const score = async (file: string, start: number, seconds: number): Promise<number> => {
        const started = performance.now()
        await measureSsim({
          ffmpegPath: toolchain.ffmpeg.path,
          distorted: file,
          reference: input,
          // In the source's seconds, turned and shaped as the result (`media` is the edited picture).
          window: { start: (timedPlan.edit?.trim?.start ?? 0) + start, seconds },
          referenceFilters: editFilters(timedPlan.edit),
          width: media.video.displayWidth,
          height: media.video.displayHeight,
          sampleFps: sampleRateFor(duration, media.video.fps, resultFps),
          signal
        }).catch((error: unknown) => {
          if ((error as Error).name === 'AbortError') throw error
        })
        return (performance.now() - started) / 1000
      }
      const first = files[0]
      if (first === undefined) return 0
      const fixedScore = await score(first, starts[0] ?? 0, Math.min(part, 0.1))
      let variable = 0
      for (const [i, file] of files.entries()) variable += Math.max(0, (await score(file, starts[i] ?? 0, part)) - fixedScore)
      return fixedScore + (variable * duration) / sample
    }
    if (plan.mode === 'crf') {
      const final = await pass(plan, finalStep(plan), true)
      return { seconds: final.seconds + (await scoring(plan, final.files)), finalPlan: plan }
    }
    const analysisStep: EncodeStep = { pass: 1, videoKbps: plan.videoKbps, passLogPrefix }
    const sampled = await pass(plan, analysisStep)
    let analysis = { seconds: sampled.seconds, meanQp: sampled.meanQp }
    if (framePixels(media) <= WHOLE_ANALYSIS_MAX_PIXELS && sample < duration && statsPath) {
      const args = buildEncodeArgs(plan, media, input, path.join(folder, `whole.${plan.extension}`), analysisStep, toolchain.version)
      analysis = { seconds: await timeRun(toolchain.ffmpeg.path, args, signal), meanQp: await readMeanQuantiser(statsPath) }
    }
    let total = analysis.seconds
    const adapted = analysis.meanQp !== null ? adaptToAnalysis(plan, media, analysis.meanQp, options) : null
    if (adapted) total += (await pass(adapted, { pass: 1, videoKbps: adapted.videoKbps, passLogPrefix })).seconds
    const finalPlan = adapted ?? plan
    const final = await pass(finalPlan, finalStep(finalPlan), true)
    return { seconds: total + final.seconds + (await scoring(finalPlan, final.files)), finalPlan }
  } finally {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined)
  }
}
