// How long a plan takes to encode on this machine, now: each pass of the plan is run on a short
// sample from the middle of the file (to ffmpeg's null output, so nothing is written but the
// analysis statistics in a private temp folder), and the times are scaled to the whole length.
// A formula from pixels and codec was off by 2-6x on the footage clips: the time depends as much
// on the bitrate, the source's decoder and how busy the machine is, which a sample measures.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { CompressOptions } from '../shared/compression'
import { readMeanQuantiser } from './compress'
import { type EncodeStep, analysisStatsPath, buildEncodeArgs, passLogPrefixIn } from './ffmpeg/args'
import type { FfmpegToolchain } from './ffmpeg/locate'
import { runFfmpeg } from './ffmpeg/run'
import { type EncodePlan, adaptToAnalysis } from './plan'
import type { MediaInfo } from './probe'

/** Share of the file sampled (at least 1 s): about a tenth of the encode's time. */
const SAMPLE_SHARE = 0.1
const MIN_SAMPLE_SECONDS = 1

/** The final-pass arguments with the output replaced by ffmpeg's null muxer, limited to the sample. */
function sampleArgs(args: string[], start: number, seconds: number, analysis: boolean): string[] {
  // Input options before -i: read only the sample (a fast seek, then a length).
  const limited = ['-ss', start.toFixed(3), '-t', seconds.toFixed(3), ...args]
  // The analysis pass already ends in "-f null -"; the final pass ends in "-n <output>".
  return analysis ? limited : [...limited.slice(0, -2), '-f', 'null', '-']
}

async function timeRun(ffmpegPath: string, args: string[], signal?: AbortSignal): Promise<number> {
  const started = performance.now()
  await runFfmpeg(ffmpegPath, args, { signal })
  return (performance.now() - started) / 1000
}

/**
 * Seconds the plan's passes take for the whole file on this machine, or null for plans that do
 * not encode (copy, remux) or a file of unknown length. When the sample's analysis says the
 * engine will lower the resolution (as its own analysis pass would), the re-analysis and the
 * final pass are timed at that size. Size corrections (an extra final pass now and then) are not
 * counted.
 */
export async function estimateEncodeSeconds(
  toolchain: FfmpegToolchain,
  plan: EncodePlan,
  media: MediaInfo,
  input: string,
  options: CompressOptions,
  signal?: AbortSignal
): Promise<number | null> {
  if (plan.mode !== 'target' && plan.mode !== 'crf') return null
  const duration = media.durationSeconds
  if (!(duration > 0)) return null
  const sample = Math.min(duration, Math.max(MIN_SAMPLE_SECONDS, duration * SAMPLE_SHARE))
  const start = Math.max(0, (duration - sample) / 2)
  const folder = await mkdtemp(path.join(os.tmpdir(), 'compress-video-estimate-'))
  try {
    const passLogPrefix = passLogPrefixIn(folder)
    const time = async (timedPlan: EncodePlan, step: EncodeStep, seconds: number): Promise<number> => {
      const args = buildEncodeArgs(timedPlan, media, input, path.join(folder, `sample.${timedPlan.extension}`), step, toolchain.version)
      return timeRun(toolchain.ffmpeg.path, sampleArgs(args, start, seconds, step.pass === 1), signal)
    }
    const finalStep = (timedPlan: EncodePlan): EncodeStep => ({
      pass: null,
      videoKbps: timedPlan.mode === 'target' ? timedPlan.videoKbps : null,
      passLogPrefix: null
    })
    // What a run costs whatever its length (start-up, encoder set-up, lookahead): timed on a
    // tenth of a second and not scaled with the length.
    const fixed = await time(plan, finalStep(plan), Math.min(sample, 0.1))
    const scaled = (seconds: number): number => fixed + (Math.max(0, seconds - fixed) * duration) / sample
    if (plan.mode === 'crf') return scaled(await time(plan, finalStep(plan), sample))
    let total = scaled(await time(plan, { pass: 1, videoKbps: plan.videoKbps, passLogPrefix }, sample))
    const statsPath = analysisStatsPath(plan, passLogPrefix)
    const meanQp = statsPath ? await readMeanQuantiser(statsPath) : null
    const adapted = meanQp !== null ? adaptToAnalysis(plan, media, meanQp, options) : null
    if (adapted) total += scaled(await time(adapted, { pass: 1, videoKbps: adapted.videoKbps, passLogPrefix }, sample))
    const final = adapted ?? plan
    return total + scaled(await time(final, finalStep(final), sample))
  } finally {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined)
  }
}
