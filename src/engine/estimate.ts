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
  // A short file is timed in one part from its middle; a longer one in parts spread over it.
  const parts = sample < duration / 2 ? SAMPLE_POINTS.length : 1
  const part = sample / parts
  const starts =
    parts === 1 ? [Math.max(0, (duration - sample) / 2)] : SAMPLE_POINTS.map((at) => Math.min(duration - part, Math.max(0, duration * at - part / 2)))
  const folder = await mkdtemp(path.join(os.tmpdir(), 'compress-video-estimate-'))
  try {
    const passLogPrefix = passLogPrefixIn(folder)
    const statsPath = analysisStatsPath(plan, passLogPrefix)
    const runPart = async (timedPlan: EncodePlan, step: EncodeStep, start: number, seconds: number): Promise<number> => {
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
    // The smaller of two tries: a busy moment must not be taken for start-up cost.
    const tiny = (): Promise<number> => runPart(plan, finalStep(plan), starts[0] ?? 0, Math.min(part, 0.1))
    const fixed = Math.min(await tiny(), await tiny())
    /** One pass over the whole file: its parts timed, the start-up cost counted once per part taken off. */
    const pass = async (timedPlan: EncodePlan, step: EncodeStep): Promise<{ seconds: number; meanQp: number | null }> => {
      let variable = 0
      const quantisers: number[] = []
      for (const start of starts) {
        variable += Math.max(0, (await runPart(timedPlan, step, start, part)) - fixed)
        const qp = step.pass === 1 && statsPath ? await readMeanQuantiser(statsPath) : null
        if (qp !== null) quantisers.push(qp)
      }
      const meanQp = quantisers.length > 0 ? quantisers.reduce((a, b) => a + b, 0) / quantisers.length : null
      return { seconds: fixed + (variable * duration) / sample, meanQp }
    }
    if (plan.mode === 'crf') return (await pass(plan, finalStep(plan))).seconds
    const analysis = await pass(plan, { pass: 1, videoKbps: plan.videoKbps, passLogPrefix })
    let total = analysis.seconds
    const adapted = analysis.meanQp !== null ? adaptToAnalysis(plan, media, analysis.meanQp, options) : null
    if (adapted) total += (await pass(adapted, { pass: 1, videoKbps: adapted.videoKbps, passLogPrefix })).seconds
    const final = adapted ?? plan
    return total + (await pass(final, finalStep(final))).seconds
  } finally {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined)
  }
}
