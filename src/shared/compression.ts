// The vocabulary of a compression, shared by the engine, the CLI, the request parser and the
// renderer. Pure types and constants: no Node or Electron APIs (it runs in the renderer too).
import type { Words } from './words'

export const CONTAINERS = ['mp4', 'webm', 'mov', 'mkv'] as const
export type Container = (typeof CONTAINERS)[number]

export const VIDEO_CODECS = ['h264', 'hevc', 'vp9', 'av1'] as const
export type VideoCodec = (typeof VIDEO_CODECS)[number]

export const QUALITY_PREFERENCES = ['high', 'balanced', 'small'] as const
export type QualityPreference = (typeof QUALITY_PREFERENCES)[number]

export type AudioMode = 'keep' | 'remove'

/** Whether to encode on the graphics chip (issue 17): auto = where it does not cost visible quality. */
export const HARDWARE_PREFERENCES = ['auto', 'on', 'off'] as const
export type HardwarePreference = (typeof HARDWARE_PREFERENCES)[number]
export const DEFAULT_HARDWARE: HardwarePreference = 'auto'

/**
 * How much encoding effort to spend (issue 17 §1): balanced (default) picks the x264 preset from
 * what the analysis pass measured, the fastest one that loses nothing measurable at this budget;
 * thorough keeps the quality preference's own preset (medium for balanced); fast puts speed first
 * (SSIM within about 0.005 of thorough).
 */
export const SPEED_PREFERENCES = ['fast', 'balanced', 'thorough'] as const
export type SpeedPreference = (typeof SPEED_PREFERENCES)[number]
export const DEFAULT_SPEED: SpeedPreference = 'balanced'

/** The shapes a result can be given (issue 14): width:height, as the platforms name them. */
export const ASPECTS = ['9:16', '1:1', '16:9', '4:5'] as const
export type Aspect = (typeof ASPECTS)[number]

/**
 * How a picture of another shape is made to fit the aspect: crop (centred, the default), pad with
 * black bars, or pad with a blurred, enlarged copy of the picture behind it.
 */
export const FITS = ['crop', 'pad', 'blur'] as const
export type Fit = (typeof FITS)[number]
export const DEFAULT_FIT: Fit = 'crop'

/** Quarter turns, clockwise, in degrees. */
export const ROTATIONS = [90, 180, 270] as const
export type Rotation = (typeof ROTATIONS)[number]

/**
 * Where a trim may cut (issue 14): on any frame (the default: the kept part is re-encoded, so it
 * starts and ends exactly where asked), or on keyframes only, copied without re-encoding (fast,
 * no quality loss, but the start moves back to the keyframe before it; the result says how far).
 */
export const TRIM_PRECISIONS = ['frame', 'keyframe'] as const
export type TrimPrecision = (typeof TRIM_PRECISIONS)[number]

/** What the user asked for. Every field is optional: null/undefined means "engine decides". */
export interface CompressOptions {
  /** Hard upper bound for the output file, in bytes. */
  targetBytes?: number | null
  /** Target as a fraction of the source size (0 < r < 1), e.g. 0.5 for "half the size". */
  targetRatio?: number | null
  /** Output short side in pixels (720 means 1280x720 landscape or 720x1280 portrait). */
  resolution?: number | null
  /** Frame-rate cap. */
  fps?: number | null
  container?: Container | null
  videoCodec?: VideoCodec | null
  audio?: AudioMode | null
  quality?: QualityPreference | null
  /** The graphics chip's encoder: auto (default), on (whenever one works), off (x264 only). */
  hardware?: HardwarePreference | null
  /** Encoding effort (issue 17 §1): fast, balanced (default, chosen per file), thorough. */
  speed?: SpeedPreference | null
  /**
   * The part of the source to keep (issue 14), in seconds from the file's start; null: from the
   * start / to the end. shared/trim.ts resolves them against the file's duration.
   */
  trimStart?: number | null
  trimEnd?: number | null
  /**
   * The same points counted back from the end of the file, for what is said without knowing its
   * length: "the last minute only" is trimStartFromEnd 60, "drop the last 10 seconds" is
   * trimEndFromEnd 10. Each replaces its counterpart above (never both set).
   */
  trimStartFromEnd?: number | null
  trimEndFromEnd?: number | null
  /** Cut on any frame (default) or on keyframes without re-encoding. */
  trimPrecision?: TrimPrecision | null
  /** The result's shape; null keeps the source's. */
  aspect?: Aspect | null
  /** How the picture is fitted into `aspect`: crop (default), black bars or blurred bars. */
  fit?: Fit | null
  /** A quarter turn clockwise (90), upside down (180) or a quarter turn counterclockwise (270). */
  rotate?: Rotation | null
  /**
   * The least quality the result may have with a size target (issue #12): a named level, or a
   * number (0..1: luma SSIM; above 1, up to 100: VMAF). Without a target the quality mode decides
   * the size and this is not checked.
   */
  minQuality?: QualityFloor | null
  /** Run a job whose samples say the floor cannot be met at the target anyway (the result notes it). */
  allowBelowFloor?: boolean | null
}

/**
 * The named floors: 'good' is at least "slight softening" (no visible blocks), 'high' is "looks
 * the same"; the thresholds are qualityLabel's (below), so the floor and the result's words agree.
 */
export const QUALITY_FLOORS = ['good', 'high'] as const
export type QualityFloorLevel = (typeof QUALITY_FLOORS)[number]
export type QualityFloor = QualityFloorLevel | number

/** The label a named floor asks for at least. */
export const FLOOR_LABEL: Readonly<Record<QualityFloorLevel, QualityLabel>> = { good: 'slight softening', high: 'looks the same' }

/** Whether a number is a floor: SSIM in (0, 1], or VMAF in (1, 100]. */
export function isFloorValue(value: number): boolean {
  return Number.isFinite(value) && value > 0 && value <= 100
}

/**
 * Whether a score meets the floor: a named one by its label (VMAF where measured, else SSIM, as
 * qualityLabel); a number up to 1 by SSIM, above 1 by VMAF (null when VMAF was not measured: the
 * floor cannot be judged).
 */
export function meetsFloor(score: QualityScore, floor: QualityFloor): boolean | null {
  if (typeof floor === 'number') {
    if (floor <= 1) return score.ssim >= floor
    return score.vmaf === null ? null : score.vmaf >= floor
  }
  return QUALITY_LABELS.indexOf(score.label) <= QUALITY_LABELS.indexOf(FLOOR_LABEL[floor])
}

/** "'slight softening' or better", "SSIM 0.97", "VMAF 90": the floor in the engine's English sentences. */
export function describeFloor(floor: QualityFloor): string {
  if (typeof floor === 'number') return floor <= 1 ? `SSIM ${floor.toFixed(3)}` : `VMAF ${floor.toFixed(0)}`
  return floor === 'high' ? `'${FLOOR_LABEL.high}'` : `'${FLOOR_LABEL.good}' or better`
}

/** Which codecs each container can carry (what we allow; ffmpeg could do more with tricks). */
export const CONTAINER_VIDEO_CODECS: Readonly<Record<Container, readonly VideoCodec[]>> = {
  mp4: ['h264', 'hevc', 'vp9', 'av1'],
  mov: ['h264', 'hevc'],
  mkv: ['h264', 'hevc', 'vp9', 'av1'],
  webm: ['vp9', 'av1']
}

/** The output short sides the engine produces, in pixels (flags, requests and the planner agree). */
export const SHORT_SIDE_RANGE = { min: 16, max: 8640 } as const

export const DEFAULT_CONTAINER: Container = 'mp4'
/** How people write the container names in sentences. */
export const CONTAINER_LABEL: Readonly<Record<Container, string>> = { mp4: 'MP4', webm: 'WebM', mov: 'MOV', mkv: 'MKV' }
/** How people write the codec names in sentences: the one table (requests, the engine's messages, the CLI, the app). */
export const CODEC_LABEL: Readonly<Record<VideoCodec, string>> = { h264: 'H.264', hevc: 'HEVC', vp9: 'VP9', av1: 'AV1' }
export const DEFAULT_QUALITY: QualityPreference = 'balanced'

export function defaultCodecFor(container: Container): VideoCodec {
  return container === 'webm' ? 'vp9' : 'h264'
}

export type JobPhase = 'checking' | 'analysing' | 'encoding' | 'verifying' | 'copying' | 'finishing'

export interface JobProgress {
  phase: JobPhase
  /** 0..100 over the whole job (all passes and attempts). */
  percent: number
  /** Encoding speed as a multiple of real time (ffmpeg's "speed"), when known. */
  speed: number | null
  /** Seconds left for the whole job, when known. */
  etaSeconds: number | null
  /** Human text of what is happening, in English, e.g. "Pass 1 of 2: analysing" (logs, tests, older front ends). */
  detail: string
  /** The same step as catalogue words (progress:*, words.ts), where the engine gives them: front ends say these in the user's language. */
  detailWords?: Words | null
}

export type JobStatus = 'done' | 'skipped' | 'failed' | 'cancelled'

export interface CompressResult {
  status: JobStatus
  input: string
  output: string | null
  inputBytes: number | null
  outputBytes: number | null
  /** One sentence for people: what happened, or what is wrong and what to do (in English). */
  message: string
  /** The same sentence as catalogue words, where the engine gives them (words.ts): front ends say these in the user's language. */
  words?: Words | null
  /** What the engine changed on its own, e.g. "lowered resolution to 720p to fit 10 MB". */
  changes: string[]
  /** Wall time of the job in milliseconds. */
  elapsedMs: number
  /** Error code when status is failed (see errors.ts). */
  errorCode?: string
  /**
   * How close a finished (status done) local result is to the original; null (or absent, for
   * engines that do not measure, e.g. the cloud) when not measured or the measurement failed.
   */
  quality?: QualityScore | null
  /** Length of the result in seconds, as read back from it (issue 14: the part kept when trimmed); absent when nothing was written. */
  durationSeconds?: number | null
  /**
   * A job refused because its quality floor cannot be met at the target (errorCode
   * 'below-quality-floor', issue #12): the smallest size whose samples meet it; null when even the
   * original's size does not. Absent otherwise.
   */
  smallestBytesForFloor?: number | null
}

/** What a compression did to the picture, in words (see qualityLabel for the thresholds). */
export const QUALITY_LABELS = ['looks the same', 'slight softening', 'visible blocks'] as const
export type QualityLabel = (typeof QUALITY_LABELS)[number]

export interface QualityScore {
  /** Luma SSIM (ffmpeg's `ssim` filter, `Y`), 0..1, on frames sampled across the clip. */
  ssim: number
  /** VMAF 0..100 when the ffmpeg in use has libvmaf with a usable model; null otherwise. */
  vmaf: number | null
  label: QualityLabel
}

/**
 * Words for a score. VMAF decides when measured: Netflix's guidance puts one just-noticeable
 * difference at about 6 VMAF points, and 93+ is the usual "cannot tell it from the source" bar;
 * below 80 artefacts are plain. Otherwise luma SSIM: 0.98+ is the common rule of thumb for
 * "indistinguishable" in 8-bit video, and below 0.95 the loss is no longer a softening (the
 * screencast sent to 240p by an old rule scored 0.939, against 0.993 at 768p: test/engine.test.ts).
 * Rules of thumb, not a viewing test, so the numbers are reported beside the words.
 */
/** "looks the same (SSIM 0.9870, VMAF 95.2)": the words, then the numbers behind them. */
export function describeQuality(quality: QualityScore): string {
  return `${quality.label} (SSIM ${quality.ssim.toFixed(4)}${quality.vmaf !== null ? `, VMAF ${quality.vmaf.toFixed(1)}` : ''})`
}

export function qualityLabel(ssim: number, vmaf: number | null): QualityLabel {
  if (vmaf !== null) return vmaf >= 93 ? 'looks the same' : vmaf >= 80 ? 'slight softening' : 'visible blocks'
  return ssim >= 0.98 ? 'looks the same' : ssim >= 0.95 ? 'slight softening' : 'visible blocks'
}
