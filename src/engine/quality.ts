// How close a result is to its original (issue #12 "a quality score on every result"): luma
// SSIM as ffmpeg's `ssim` filter reports it, and VMAF where this ffmpeg can compute it. One
// measurement for the engine (sampled frames, at the end of every finished job) and the bench
// (every frame), so their figures mean the same thing.
import { qualityLabel, type QualityScore } from '../shared/compression'
import { editFilters } from './ffmpeg/args'
import { execFileTethered } from './ffmpeg/tether'
import { type EditPlan, editedMedia } from './plan/edit'
import { type MediaInfo, probeMedia } from './probe'

export interface SsimRequest {
  ffmpegPath: string
  /** The compressed file. */
  distorted: string
  /** The original. */
  reference: string
  /** The original's display size (after rotation): the result is scaled back to it. */
  width: number
  height: number
  /** Frames per second compared, from both files at the same instants (sampleRateFor). */
  sampleFps: number
  /** Also compute VMAF (only when vmafAvailable said so for this ffmpeg). */
  vmaf?: boolean
  /**
   * Compare only `seconds`: the first of the distorted file, from `start` of the reference. For the
   * estimate's samples, where the distorted file is an encode of just that stretch.
   */
  window?: { start: number; seconds: number }
  /**
   * Filters that turn and shape the reference as the result was (issue 14: args.ts editFilters),
   * so a cropped or turned result is compared with the same part of the original.
   */
  referenceFilters?: readonly string[]
  signal?: AbortSignal
}

export interface SsimMeasurement {
  /** Luma SSIM (`Y`): what the engine reports. */
  y: number
  /** ffmpeg's `All` (luma and chroma weighted by plane size): what BENCHMARKS.md reports. */
  all: number
  /** Frames compared. */
  frames: number
  vmaf: number | null
}

/**
 * About this many frames are compared per job, spread evenly over the clip. Measured on the footage
 * clips (test/quality.test.ts): 120 keep the score within 0.005 of every frame's (60 did not on
 * the Sintel trailer's cuts). The time goes mostly into decoding both files, not the comparison.
 */
export const SAMPLED_FRAMES = 120

function even(n: number): number {
  return n - (n % 2)
}

/**
 * Compares `distorted` with `reference`. Both timelines start at zero (setpts) and `fps` picks
 * the frame shown at each sampled instant from each file, so frames are paired by timestamp: a
 * variable or lowered frame rate is not counted as loss, only the picture. Without `fps` the ssim
 * filter pairs each frame with the other file's latest one, which a few milliseconds of timestamp
 * rounding turns into the previous frame: the Sintel trailer (WebM, millisecond timestamps, video
 * starting at 3 ms) scored 0.923 that way against 0.985 with frames paired (x264 at 200 kbps).
 */
export async function measureSsim(request: SsimRequest): Promise<SsimMeasurement> {
  const width = even(request.width)
  const height = even(request.height)
  const sample = `,fps=${request.sampleFps.toFixed(6)}`
  const window = request.window
  // Odd source sizes are compared on the even area the encoders keep (x264 needs even sizes).
  const distorted = `[0:v]setpts=PTS-STARTPTS${sample},scale=${width}:${height}:flags=bicubic,format=yuv420p`
  const edited = request.referenceFilters?.length ? `,${request.referenceFilters.join(',')}` : ''
  const reference = `[1:v]setpts=PTS-STARTPTS${sample}${edited},crop=${width}:${height}:0:0,format=yuv420p`
  const graph = request.vmaf
    ? `${distorted},split[a1][a2];${reference},split[b1][b2];[a1][b1]ssim;[a2][b2]libvmaf`
    : `${distorted}[a];${reference}[b];[a][b]ssim`
  const { stderr } = await execFileTethered(
    request.ffmpegPath,
    [
      '-hide_banner',
      '-nostdin',
      '-nostats',
      ...(window ? ['-t', window.seconds.toFixed(3)] : []),
      '-i',
      request.distorted,
      ...(window ? ['-ss', window.start.toFixed(3), '-t', window.seconds.toFixed(3)] : []),
      '-i',
      request.reference,
      '-lavfi',
      graph,
      '-an',
      '-sn',
      '-dn',
      '-f',
      'null',
      '-'
    ],
    { signal: request.signal, maxBuffer: 4 << 20 }
  )
  return parseSsimOutput(stderr)
}

/** Reads the ssim (and libvmaf) summary lines of ffmpeg's stderr. Exported for tests. */
export function parseSsimOutput(stderr: string): SsimMeasurement {
  const summary = /SSIM Y:([\d.]+) .*All:([\d.]+)/.exec(stderr)
  if (!summary) throw new Error(`no SSIM in ffmpeg's output: ${stderr.trim().split('\n').pop() ?? ''}`)
  // The frame count is on the output's last "frame=" line (one output frame per pair compared).
  const frames = [...stderr.matchAll(/frame=\s*(\d+)/g)].pop()
  const vmaf = /VMAF score[:=]\s*([\d.]+)/.exec(stderr)
  return { y: Number(summary[1]), all: Number(summary[2]), frames: frames ? Number(frames[1]) : 0, vmaf: vmaf ? Number(vmaf[1]) : null }
}

const vmafChecks = new Map<string, Promise<boolean>>()

/**
 * Whether this ffmpeg can really compute VMAF: having the libvmaf filter is not enough (the
 * bundled ffmpeg 4.1 has it but not the model file it loads by default), so a tiny comparison is
 * run once per binary and its success is the answer.
 */
export function vmafAvailable(ffmpegPath: string, filters: ReadonlySet<string>): Promise<boolean> {
  if (!filters.has('libvmaf')) return Promise.resolve(false)
  let check = vmafChecks.get(ffmpegPath)
  if (!check) {
    const source = 'testsrc=size=64x64:rate=5:duration=0.4'
    check = execFileTethered(ffmpegPath, [
      '-hide_banner',
      '-nostdin',
      '-f',
      'lavfi',
      '-i',
      source,
      '-f',
      'lavfi',
      '-i',
      source,
      '-lavfi',
      '[0:v][1:v]libvmaf',
      '-f',
      'null',
      '-'
    ]).then(
      ({ stderr }) => /VMAF score[:=]\s*[\d.]+/.test(stderr),
      () => false
    )
    vmafChecks.set(ffmpegPath, check)
  }
  return check
}

/**
 * The frame rate that compares about SAMPLED_FRAMES frames over the clip. It divides the frame
 * rate both files share (the lower of the two: a lowered frame rate keeps every n-th instant), so
 * each sampled instant is one where both have a frame: the result's frame is the same moment's
 * picture, and millisecond timestamps (WebM) rounding the other way cannot pick the next frame.
 */
export function sampleRateFor(durationSeconds: number, sourceFps: number | null, resultFps: number | null, frames = SAMPLED_FRAMES): number {
  const grid = Math.min(sourceFps ?? 25, resultFps ?? sourceFps ?? 25)
  if (!(durationSeconds > 0)) return grid
  // frames = Infinity: every frame (the bench, and the tests' reference figure).
  const everyNth = Math.max(1, Math.ceil((grid * durationSeconds) / frames))
  return grid / everyNth
}

export interface ScoreRequest {
  ffmpegPath: string
  ffprobePath: string
  filters: ReadonlySet<string>
  original: string
  /** The original as it is. */
  media: MediaInfo
  result: string
  /** The trim, turn and shape the result was made with: only that part, turned and shaped, is compared. */
  edit?: EditPlan | null
  signal?: AbortSignal
}

/**
 * The score of a finished job, or null when it cannot mean anything or could not be measured (the
 * job stands either way): an HDR original was tone-mapped to SDR, so a pixel comparison with it
 * would count the tone mapping as loss. A cancel while measuring still cancels the job.
 */
export async function scoreResult(request: ScoreRequest): Promise<QualityScore | null> {
  if (request.media.video.dynamicRange !== 'sdr') return null
  try {
    const resultMedia = await probeMedia(request.ffprobePath, request.result, 0, request.signal)
    const edit = request.edit ?? null
    const kept = editedMedia(request.media, edit)
    const measured = await measureSsim({
      ffmpegPath: request.ffmpegPath,
      distorted: request.result,
      reference: request.original,
      width: kept.video.displayWidth,
      height: kept.video.displayHeight,
      sampleFps: sampleRateFor(kept.durationSeconds, kept.video.fps, resultMedia.video.fps),
      vmaf: await vmafAvailable(request.ffmpegPath, request.filters),
      ...(edit?.trim ? { window: { start: edit.trim.start, seconds: edit.trim.end - edit.trim.start } } : {}),
      referenceFilters: editFilters(edit),
      signal: request.signal
    })
    return { ssim: round(measured.y, 4), vmaf: measured.vmaf === null ? null : round(measured.vmaf, 1), label: qualityLabel(measured.y, measured.vmaf) }
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    if (process.env.COMPRESS_VIDEO_DEBUG) process.stderr.write(`[compress-video] quality not measured: ${(error as Error).message}\n`)
    return null
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/** The samples' comparisons (the sampler's, quality.ts) as one score, frames weighted alike; null when there are none. */
export function samplesScore(scores: readonly SsimMeasurement[] | null): QualityScore | null {
  if (!scores || scores.length === 0) return null
  const frames = scores.reduce((sum, s) => sum + Math.max(1, s.frames), 0)
  const mean = (of: (s: SsimMeasurement) => number): number => scores.reduce((sum, s) => sum + of(s) * Math.max(1, s.frames), 0) / frames
  const ssim = Math.round(mean((s) => s.y) * 1e4) / 1e4
  const vmaf = scores.every((s) => s.vmaf !== null) ? Math.round(mean((s) => s.vmaf ?? 0) * 10) / 10 : null
  return { ssim, vmaf, label: qualityLabel(ssim, vmaf) }
}
