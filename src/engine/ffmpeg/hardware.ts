// Video encoders on the graphics chip (issue 17, part 2): one table of the H.264/HEVC hardware
// encoders ffmpeg has, each with the exact arguments of a bitrate-targeted encode; a probe that
// counts an encoder as available only when a tiny real encode succeeds (`ffmpeg -encoders` lists
// h264_nvenc on machines with no NVIDIA card); and the rule for when one is worth using.
//
// None of these encoders takes ffmpeg's `-pass 1/2`: each encodes in one run, some with an
// internal look at the frames ahead (NVENC's multipass, Quick Sync's lookahead). The engine's
// verify-and-correct loop (compress.ts) is what holds the size, exactly as for x264.
//
// Verified where: the probe and the fallback to x264 on the project's machines (no encoder chip
// there: every listed encoder fails its probe). The argument lists only by reading ffmpeg's
// documentation (`ffmpeg -h encoder=NAME`, doc/encoders.texi) and HandBrake's encavcodec.c.
import { realpathSync, statSync } from 'node:fs'
import type { HardwarePreference, VideoCodec } from '../../shared/compression'
import { FfmpegError, lastMeaningfulLine, runFfmpeg } from './run'
import { execFileTethered } from './tether'
import { parseEncoderList, parseFfmpegVersion, parseFilterList } from './locate'

export type HardwareVendor = 'videotoolbox' | 'nvenc' | 'qsv' | 'amf' | 'vaapi'

export interface HardwareEncoder {
  /** ffmpeg's encoder name, e.g. h264_nvenc. */
  name: string
  codec: Extract<VideoCodec, 'h264' | 'hevc'>
  vendor: HardwareVendor
  /** Global options before `-i` (a device to open). */
  beforeInput: readonly string[]
  /** Appended to the filter chain: the frames' way into the chip's memory. */
  uploadFilters: readonly string[]
  /**
   * Everything after `-c:v NAME` for a bitrate-targeted encode. `{b}` is the target bitrate in
   * bits per second, `{max}` and `{buf}` the VBV peak rate and buffer (VBV below).
   */
  args: readonly string[]
}

/** How people call each vendor's encoder in sentences. */
export const VENDOR_LABEL: Readonly<Record<HardwareVendor, string>> = {
  videotoolbox: 'Apple VideoToolbox',
  nvenc: 'NVIDIA NVENC',
  qsv: 'Intel Quick Sync',
  amf: 'AMD AMF',
  vaapi: 'VA-API'
}

/**
 * VBV as every encoder here takes it (-maxrate, -bufsize): peaks up to 1.5x the average so hard
 * scenes get bits (VBR, not CBR), the buffer 2 s of the average, the ratio of ffmpeg's H.264 VBV
 * guide (`-maxrate 1M -bufsize 2M`). VA-API's VBR needs a maxrate above -b:v (without it the
 * peak is the average: CBR); AMF's vbr_peak takes its peak from it.
 */
const VBV = ['-b:v', '{b}', '-maxrate', '{max}', '-bufsize', '{buf}'] as const
const VBV_PEAK = 1.5
const VBV_BUFFER_SECONDS = 2

/** The first render node, where Linux graphics drivers offer VA-API (ffmpeg's VAAPI guide). */
const VAAPI_DEVICE = '/dev/dri/renderD128'

/**
 * In order of preference when more than one works: the chip's own encoder first (VideoToolbox is
 * the only one on a Mac; NVENC and Quick Sync have a lookahead in their rate control), VA-API
 * last (the generic Linux interface to the same Intel/AMD chips, without lookahead).
 */
export const HARDWARE_ENCODERS: readonly HardwareEncoder[] = [
  // VideoToolbox: no multipass in ffmpeg; -b:v is the average, -maxrate a data-rate limit
  // (H.264 only: macOS refuses DataRateLimits for HEVC). allow_sw 0: Apple's software fallback
  // would not be the graphics chip, so it fails and x264 takes over.
  {
    name: 'h264_videotoolbox',
    codec: 'h264',
    vendor: 'videotoolbox',
    beforeInput: [],
    uploadFilters: [],
    args: ['-allow_sw', '0', '-realtime', '0', '-b:v', '{b}', '-maxrate', '{max}', '-pix_fmt', 'nv12']
  },
  {
    name: 'hevc_videotoolbox',
    codec: 'hevc',
    vendor: 'videotoolbox',
    beforeInput: [],
    uploadFilters: [],
    args: ['-allow_sw', '0', '-realtime', '0', '-b:v', '{b}', '-pix_fmt', 'nv12']
  },
  // NVENC (ffmpeg 4.3+ presets): p5 "slow (good quality)", tune hq, VBR with a full-resolution
  // first look at each frame (-multipass fullres, HandBrake's default for its two-pass NVENC,
  // rc vbr as HandBrake sets it), 32 frames of lookahead, spatial adaptive quantisation.
  {
    name: 'h264_nvenc',
    codec: 'h264',
    vendor: 'nvenc',
    beforeInput: [],
    uploadFilters: [],
    args: ['-preset', 'p5', '-tune', 'hq', '-rc', 'vbr', '-multipass', 'fullres', '-rc-lookahead', '32', '-spatial-aq', '1', ...VBV, '-pix_fmt', 'yuv420p']
  },
  {
    name: 'hevc_nvenc',
    codec: 'hevc',
    vendor: 'nvenc',
    beforeInput: [],
    uploadFilters: [],
    args: ['-preset', 'p5', '-tune', 'hq', '-rc', 'vbr', '-multipass', 'fullres', '-rc-lookahead', '32', '-spatial-aq', '1', ...VBV, '-pix_fmt', 'yuv420p']
  },
  // Quick Sync: b:v with a maxrate above it is VBR; h264_qsv's -look_ahead 1 switches to its
  // lookahead rate control (LA, 40 frames); hevc_qsv takes a lookahead depth only with the
  // extended bitrate control (-extbrc 1). Frames from system memory in NV12 (no upload filter).
  {
    name: 'h264_qsv',
    codec: 'h264',
    vendor: 'qsv',
    beforeInput: [],
    uploadFilters: [],
    args: ['-preset', 'slow', '-look_ahead', '1', '-look_ahead_depth', '40', ...VBV, '-pix_fmt', 'nv12']
  },
  {
    name: 'hevc_qsv',
    codec: 'hevc',
    vendor: 'qsv',
    beforeInput: [],
    uploadFilters: [],
    args: ['-preset', 'slow', '-extbrc', '1', '-look_ahead_depth', '40', ...VBV, '-pix_fmt', 'nv12']
  },
  // AMF: peak-constrained VBR (rc vbr_peak, as HandBrake uses for its AMD encodes), the quality
  // preset, the transcoding usage. No multipass in ffmpeg's AMF encoders.
  {
    name: 'h264_amf',
    codec: 'h264',
    vendor: 'amf',
    beforeInput: [],
    uploadFilters: [],
    args: ['-usage', 'transcoding', '-quality', 'quality', '-rc', 'vbr_peak', ...VBV, '-pix_fmt', 'nv12']
  },
  {
    name: 'hevc_amf',
    codec: 'hevc',
    vendor: 'amf',
    beforeInput: [],
    uploadFilters: [],
    args: ['-usage', 'transcoding', '-quality', 'quality', '-rc', 'vbr_peak', ...VBV, '-pix_fmt', 'nv12']
  },
  // VA-API: open the render node, convert to NV12 and upload the frames (ffmpeg's VAAPI guide),
  // VBR rate control (-rc_mode, ffmpeg 4.3+). No multipass or lookahead.
  {
    name: 'h264_vaapi',
    codec: 'h264',
    vendor: 'vaapi',
    beforeInput: ['-vaapi_device', VAAPI_DEVICE],
    uploadFilters: ['format=nv12', 'hwupload'],
    args: ['-rc_mode', 'VBR', ...VBV]
  },
  {
    name: 'hevc_vaapi',
    codec: 'hevc',
    vendor: 'vaapi',
    beforeInput: ['-vaapi_device', VAAPI_DEVICE],
    uploadFilters: ['format=nv12', 'hwupload'],
    args: ['-rc_mode', 'VBR', ...VBV]
  }
]

export function hardwareEncoderNamed(name: string): HardwareEncoder | null {
  return HARDWARE_ENCODERS.find((encoder) => encoder.name === name) ?? null
}

/** The encoder's arguments after `-c:v NAME` for an average of `bitsPerSecond`. */
export function hardwareRateArgs(encoder: HardwareEncoder, bitsPerSecond: number): string[] {
  const b = Math.max(1000, Math.round(bitsPerSecond))
  const values: Record<string, string> = { '{b}': String(b), '{max}': String(Math.round(b * VBV_PEAK)), '{buf}': String(Math.round(b * VBV_BUFFER_SECONDS)) }
  return encoder.args.map((arg) => values[arg] ?? arg)
}

/**
 * Share of the budget the hardware encode aims at. Not measured here (these machines have no
 * encoder chip); from what the encoders' own people report about single-run VBR: Quick Sync "6.3%
 * of difference" on a 600-frame clip (rigaya/QSVEnc#105), Intel's VA-API driver off by up to 10%
 * in its own VBR tests (intel/media-driver#439), NVENC not honouring high bitrates
 * (HandBrake#4467). x264 two-pass aims at 0.995 and lands within 1%. Aiming 6% under the target
 * takes the usual miss without a correcting pass; a larger miss costs one more hardware pass
 * (seconds), and a result far under the target gets the usual raise.
 */
export const HARDWARE_RATE_SAFETY = 0.94

/**
 * `auto` uses the chip only where its lower efficiency does not show: at least 0.1 bits per pixel
 * per frame for H.264 (0.07 for HEVC, at the planner's HEVC efficiency of 0.7). Hardware H.264
 * needs roughly 1.3-1.5x x264 medium's bits for the same picture; at 0.1 bpp (1080p30 at 6.2
 * Mbps, below the 8 Mbps YouTube recommends uploading at) that still leaves about three times the
 * 0.035 bpp where the planner starts lowering the resolution, where encoders differ least. Not
 * measured here (no chip); a choice from those numbers.
 */
export const AUTO_MIN_BITS_PER_PIXEL: Readonly<Record<HardwareEncoder['codec'], number>> = { h264: 0.1, hevc: 0.07 }

/** Whether to encode on the chip, and the sentence the result says about it. */
export function hardwareWorthIt(
  preference: HardwarePreference,
  codec: HardwareEncoder['codec'],
  bitsPerPixel: number,
  speedFirst: boolean
): { use: boolean; why: string } {
  if (preference === 'off') return { use: false, why: 'the graphics chip is switched off in the settings' }
  if (preference === 'on') return { use: true, why: 'the graphics chip was asked for' }
  if (speedFirst) return { use: true, why: 'speed was asked for' }
  const threshold = AUTO_MIN_BITS_PER_PIXEL[codec]
  return bitsPerPixel >= threshold
    ? { use: true, why: `${bitsPerPixel.toFixed(2)} bits per pixel is generous enough that it looks the same` }
    : { use: false, why: `at ${bitsPerPixel.toFixed(3)} bits per pixel x264 looks better than the graphics chip (it is used from ${threshold})` }
}

// ---------------------------------------------------------------------------------------------
// The probe
// ---------------------------------------------------------------------------------------------

/** One ffmpeg build as the probe saw it. */
export interface ProbedFfmpeg {
  path: string
  version: string
  filters: ReadonlySet<string>
  /** Hardware encoders this build lists that passed the test encode. */
  available: HardwareEncoder[]
  /** Hardware encoders this build lists that failed it, with ffmpeg's failing line. */
  unavailable: Array<{ encoder: HardwareEncoder; reason: string }>
}

/** A test encode that hangs (a driver waiting on a device) is a failure after this long. */
export const PROBE_TIME_LIMIT_MS = 15_000

/** The probe's test picture: tiny and short (0.2 s), but real frames through the real encoder. */
const PROBE_INPUT = ['-f', 'lavfi', '-i', 'testsrc2=s=256x144:d=0.2']

/** The test encode: the same arguments a real job uses (an option this build lacks fails here). */
export function probeArgs(encoder: HardwareEncoder): string[] {
  const filters = encoder.uploadFilters.length ? ['-vf', encoder.uploadFilters.join(',')] : []
  return [...encoder.beforeInput, ...PROBE_INPUT, ...filters, '-c:v', encoder.name, ...hardwareRateArgs(encoder, 300_000), '-an', '-f', 'null', '-']
}

async function testEncode(ffmpegPath: string, encoder: HardwareEncoder, timeLimitMs: number): Promise<string | null> {
  const timeout = AbortSignal.timeout(timeLimitMs)
  try {
    await runFfmpeg(ffmpegPath, probeArgs(encoder), { signal: timeout })
    return null
  } catch (error) {
    if (timeout.aborted) return `the test encode did not finish in ${Math.round(timeLimitMs / 1000)} s`
    if (error instanceof FfmpegError) return lastMeaningfulLine(error.stderrTail)
    return error instanceof Error ? error.message : String(error)
  }
}

interface BuildInfo {
  version: string
  filters: ReadonlySet<string>
  listed: ReadonlySet<string>
}

async function readBuild(ffmpegPath: string): Promise<BuildInfo> {
  const run = async (args: string[]): Promise<string> => (await execFileTethered(ffmpegPath, ['-hide_banner', ...args], { maxBuffer: 4 << 20 })).stdout
  const [versionOut, encodersOut, filtersOut] = await Promise.all([run(['-version']), run(['-encoders']), run(['-filters'])])
  return { version: parseFfmpegVersion(versionOut.split('\n')[0] ?? ''), filters: parseFilterList(filtersOut), listed: parseEncoderList(encodersOut) }
}

/** Per ffmpeg build (key below): what it is, and each test encode's outcome (null: it works). */
const buildCache = new Map<string, { info: Promise<BuildInfo | null>; tests: Map<string, Promise<string | null>> }>()

function buildKey(ffmpegPath: string): string | null {
  try {
    const real = realpathSync(ffmpegPath)
    const info = statSync(real)
    return `${real}\0${info.size}\0${info.mtimeMs}`
  } catch {
    return null
  }
}

async function probeBuild(ffmpegPath: string, key: string, codecs: ReadonlySet<VideoCodec>, timeLimitMs: number): Promise<ProbedFfmpeg | null> {
  let cached = buildCache.get(key)
  if (!cached) {
    cached = { info: readBuild(ffmpegPath).catch(() => null), tests: new Map() }
    buildCache.set(key, cached)
  }
  const info = await cached.info
  // A build that does not run at all is left out: its own use reports that.
  if (info === null) return null
  const available: HardwareEncoder[] = []
  const unavailable: ProbedFfmpeg['unavailable'] = []
  // One at a time: a chip opens only a few sessions at once, and the probes must not compete.
  for (const encoder of HARDWARE_ENCODERS) {
    if (!codecs.has(encoder.codec) || !info.listed.has(encoder.name)) continue
    let test = cached.tests.get(encoder.name)
    if (!test) {
      test = testEncode(ffmpegPath, encoder, timeLimitMs)
      cached.tests.set(encoder.name, test)
    }
    const reason = await test
    if (reason === null) available.push(encoder)
    else unavailable.push({ encoder, reason })
  }
  return { path: ffmpegPath, version: info.version, filters: info.filters, available, unavailable }
}

/**
 * The hardware encoders (of `codecs`, default both) of each ffmpeg in `ffmpegPaths`, duplicates
 * and missing files left out. Each build's lists and each encoder's test encode happen once per
 * build (its real file, size and modification time) for the life of the process; the builds are
 * probed side by side.
 */
export async function probeHardware(
  ffmpegPaths: readonly string[],
  codecs: ReadonlySet<VideoCodec> = new Set(['h264', 'hevc']),
  timeLimitMs = PROBE_TIME_LIMIT_MS
): Promise<ProbedFfmpeg[]> {
  const seen = new Set<string>()
  const probes: Array<Promise<ProbedFfmpeg | null>> = []
  for (const ffmpegPath of ffmpegPaths) {
    const key = buildKey(ffmpegPath)
    if (key === null || seen.has(key)) continue
    seen.add(key)
    probes.push(probeBuild(ffmpegPath, key, codecs, timeLimitMs))
  }
  return (await Promise.all(probes)).filter((probe): probe is ProbedFfmpeg => probe !== null)
}

/** Every hardware encoder listed by any of the builds that failed its probe, with the reason. */
export function describeUnavailable(probes: readonly ProbedFfmpeg[]): string[] {
  return probes.flatMap((probe) =>
    probe.unavailable.map(({ encoder, reason }) => `${encoder.name} (${VENDOR_LABEL[encoder.vendor]}) in ${probe.path}: ${reason}`)
  )
}

/** A hardware encoder that passed its probe, and the ffmpeg build to run it with. */
export interface HardwareChoice {
  encoder: HardwareEncoder
  ffmpegPath: string
  ffmpegVersion: string
}

/**
 * The best working encoder for `codec` over every probed build: the table's order first, then the
 * build's order (the engine's own ffmpeg is given first). A build qualifies only with every filter
 * the job needs (zscale and tonemap for an HDR source).
 */
export function chooseHardware(probes: readonly ProbedFfmpeg[], codec: VideoCodec, neededFilters: readonly string[] = []): HardwareChoice | null {
  for (const encoder of HARDWARE_ENCODERS) {
    if (encoder.codec !== codec) continue
    const build = probes.find((probe) => probe.available.includes(encoder) && neededFilters.every((filter) => probe.filters.has(filter)))
    if (build) return { encoder, ffmpegPath: build.path, ffmpegVersion: build.version }
  }
  return null
}
