// ffmpeg argument arrays for each kind of plan. Kept apart from the orchestration so the exact
// command lines are unit-tested and easy to compare with the usual manual recipes.
import path from 'node:path'
import type { Rotation } from '../../shared/compression'
import type { EditPlan, EncodePlan, ShapePlan } from '../plan'
import { longOverShort } from '../../shared/shape'
import { cutOf, metadataRotation } from '../plan/edit'
import type { MediaInfo } from '../probe'
import { hardwareEncoderNamed, hardwareRateArgs } from './hardware'

export interface EncodeStep {
  /** 1 = analysis pass (no output file), 2 = final pass, null = single pass. */
  pass: 1 | 2 | null
  videoKbps: number | null
  /** Prefix for two-pass statistics files (in a private temporary folder). */
  passLogPrefix: string | null
}

const X264_PRESET = { high: 'slow', balanced: 'medium', small: 'fast' } as const
/** x264's weighted P-frame prediction per preset (x264 --fullhelp): 2 from medium up, 1 below. */
const X264_WEIGHTP = { slow: 2, medium: 2, fast: 1 } as const
/** x264's rc-lookahead per preset (x264 --fullhelp). */
const X264_LOOKAHEAD = { slow: 50, medium: 40, fast: 30 } as const
const X265_PRESET = { high: 'slow', balanced: 'medium', small: 'fast' } as const
const VPX_CPU_USED = { high: 1, balanced: 2, small: 4 } as const
const AOM_CPU_USED = { high: 4, balanced: 6, small: 8 } as const

function majorMinor(version: string): number {
  const [major, minor] = version.split('.').map(Number)
  return Number.isFinite(major) ? (major ?? 0) * 100 + (Number.isFinite(minor) ? (minor ?? 0) : 0) : 0
}

function evenSide(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2)
}

/** A quarter turn of the picture as shown (ffmpeg has already applied the source's own rotation). */
const TURN_FILTERS: Readonly<Record<Rotation, readonly string[]>> = { 90: ['transpose=clock'], 180: ['hflip', 'vflip'], 270: ['transpose=cclock'] }

/**
 * The shape (issue 14): a centred crop; or the picture scaled into a canvas with black bars; or
 * over a blurred, enlarged copy of itself filling the canvas. Sizes from the plan (edit.ts shapeFor).
 */
function shapeFilters(shape: ShapePlan): string[] {
  if (shape.fit === 'crop') return [`crop=${shape.width}:${shape.height}`, 'setsar=1']
  const inner = [`scale=${shape.innerWidth}:${shape.innerHeight}:flags=lanczos`, 'setsar=1']
  if (shape.fit === 'pad') return [...inner, `pad=${shape.width}:${shape.height}:(ow-iw)/2:(oh-ih)/2:black`]
  // boxblur's radius must stay under a quarter of the smaller side (its chroma planes are half size).
  const radius = Math.max(1, Math.floor(Math.min(shape.width, shape.height) / 20))
  return [
    ...inner,
    `split[cv_fg][cv_bg];[cv_bg]scale=${shape.width}:${shape.height}:force_original_aspect_ratio=increase,crop=${shape.width}:${shape.height},boxblur=${radius}:2[cv_blur];[cv_blur][cv_fg]overlay=(W-w)/2:(H-h)/2`
  ]
}

/** The turn, then the shape of the turned picture: the picture as the edit makes it, before any scaling (also the quality score's reference). */
export function editFilters(edit: EditPlan | null): string[] {
  return [...(edit?.rotate != null ? TURN_FILTERS[edit.rotate] : []), ...(edit?.shape != null ? shapeFilters(edit.shape) : [])]
}

function videoFilters(plan: EncodePlan, media: MediaInfo): string[] {
  // Then the size: `media` is the edited picture (edit.ts editedMedia), so its orientation is the one written.
  const filters = editFilters(plan.edit)
  if (plan.scaleShortSide !== null) {
    // ffmpeg rotates before filtering, so the displayed orientation decides which side is short.
    const landscape = media.video.displayWidth >= media.video.displayHeight
    // A shape is written at its exact ratio (9:16 at 360p is 360x640, not the 360x642 of a
    // 404x720 crop scaled): the even crop of an odd size is a pixel off the ratio.
    const long = plan.edit?.shape != null ? evenSide(plan.scaleShortSide * longOverShort(plan.edit.shape.aspect)) : null
    const size =
      long !== null
        ? landscape
          ? `${long}:${plan.scaleShortSide}`
          : `${plan.scaleShortSide}:${long}`
        : landscape
          ? `-2:${plan.scaleShortSide}`
          : `${plan.scaleShortSide}:-2`
    filters.push(`scale=${size}:flags=lanczos`)
  } else if (plan.edit?.shape == null && (media.video.width % 2 !== 0 || media.video.height % 2 !== 0)) {
    // 4:2:0 encoders need even sizes (e.g. 720x405 MPEG-2 time-lapses): drop the odd line.
    filters.push('crop=trunc(iw/2)*2:trunc(ih/2)*2')
  }
  if (plan.fpsCap !== null) filters.push(`fps=${plan.fpsCap}`)
  // After scaling, so a 4K phone clip is converted at the size it is written at.
  if (plan.toneMapFrom !== null) filters.push(...toneMappingFilters(plan.toneMapFrom, media))
  // Last: the finished picture goes into the graphics chip's memory (VA-API).
  filters.push(...(hardwareEncoderNamed(plan.encoder)?.uploadFilters ?? []))
  return filters
}

/**
 * HDR (PQ or HLG, BT.2020) to standard range BT.709: to linear light in floating point, convert
 * the primaries, compress the highlights with the Hable curve (keeps contrast in the mid-tones;
 * desat=0 keeps bright colours from turning grey), then back to BT.709 limited-range 8-bit.
 * The usual ffmpeg recipe; zscale is told the input's transfer and matrix because many phone
 * files tag them only in the container.
 */
function toneMappingFilters(from: 'pq' | 'hlg', media: MediaInfo): string[] {
  const transferIn = from === 'pq' ? 'smpte2084' : 'arib-std-b67'
  return [
    `zscale=tin=${transferIn}:min=${hdrMatrix(media)}:pin=bt2020:t=linear:npl=100`,
    'format=gbrpf32le',
    'zscale=p=bt709',
    'tonemap=tonemap=hable:desat=0',
    'zscale=t=bt709:m=bt709:r=tv',
    'format=yuv420p'
  ]
}

/** Primaries an HDR source may name that are passed on as they are (others: BT.2020, as above). */
const HDR_PRIMARIES: ReadonlySet<string> = new Set(['bt2020', 'smpte432', 'smpte431', 'bt709'])

/**
 * Tags the stream as what it is. Converted: standard range, so players do not treat it as HDR.
 * HDR left as it is (no zscale): the source's HDR tags, said explicitly because ffmpeg 4 drops
 * them on the way to 8-bit, and untagged PQ/HLG pictures look pale on every screen, HDR or not.
 */
function colourTagArgs(plan: EncodePlan, media: MediaInfo): string[] {
  if (plan.toneMapFrom !== null) return ['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709']
  const range = media.video.dynamicRange
  if (range === 'sdr') return []
  const primaries = media.video.colorPrimaries !== null && HDR_PRIMARIES.has(media.video.colorPrimaries) ? media.video.colorPrimaries : 'bt2020'
  return ['-color_primaries', primaries, '-color_trc', range === 'pq' ? 'smpte2084' : 'arib-std-b67', '-colorspace', hdrMatrix(media)]
}

/** The HDR source's colour matrix: constant-luminance BT.2020 when it says so, else the usual one. */
function hdrMatrix(media: MediaInfo): 'bt2020c' | 'bt2020nc' {
  return media.video.colorSpace === 'bt2020c' ? 'bt2020c' : 'bt2020nc'
}

/** Escapes a value for ffmpeg's key=value:key=value option lists (av_get_token). */
function escapeParamValue(value: string): string {
  return value.replace(/[\\:'=]/g, (c) => `\\${c}`)
}

function videoCodecArgs(plan: EncodePlan, step: EncodeStep): string[] {
  // Bits per second, not whole kbps: at 60 kbps one kbps is 1.7% of the file.
  const rate = step.videoKbps !== null ? ['-b:v', String(Math.max(1000, Math.round(step.videoKbps * 1000)))] : []
  const passArgs = step.pass !== null && step.passLogPrefix !== null ? ['-pass', String(step.pass), '-passlogfile', step.passLogPrefix] : []
  switch (plan.encoder) {
    case 'libx264': {
      // The analysis pass only gathers statistics, so x264's superfast preset does; but the
      // macroblock-tree statistics it hands to the final pass must look as far ahead as the
      // final preset does (a static night time-lapse lost 0.0025 SSIM with a 10-frame
      // lookahead), and x264 refuses statistics made with another weighted-prediction mode.
      // Measured on the iPhone clip: 2.1 s instead of 2.8 s for medium's turbo first pass,
      // same size, SSIM 0.97557 vs 0.97555.
      // The final pass's preset: the one chosen from the analysis pass (issue 17 §1, plan/effort.ts)
      // or the quality preference's own. The analysis pass is made before that choice, with the
      // quality preset's weighted prediction, so a final pass at another preset keeps that mode.
      const finalPreset = X264_PRESET[plan.quality]
      const chosen = step.pass === 2 ? (plan.effort?.preset ?? finalPreset) : finalPreset
      const preset = step.pass === 1 ? 'superfast' : chosen
      // In the final pass ratetol=0.1 makes x264 follow the target closely: with the default
      // (1.0) short clips overshoot by up to 5%, which would cost a whole corrective pass.
      const params =
        step.pass === 1
          ? [`weightp=${X264_WEIGHTP[finalPreset]}`, 'mbtree=1', `rc-lookahead=${X264_LOOKAHEAD[finalPreset]}`]
          : step.pass === 2
            ? ['ratetol=0.1', ...(chosen !== finalPreset ? [`weightp=${X264_WEIGHTP[finalPreset]}`] : [])]
            : []
      const analysis = params.length ? ['-x264-params', params.join(':')] : []
      return ['-c:v', 'libx264', '-preset', preset, ...analysis, ...(plan.crf !== null ? ['-crf', String(plan.crf)] : rate), ...passArgs, '-pix_fmt', 'yuv420p']
    }
    case 'libx265': {
      const params = ['log-level=error']
      // ffmpeg splits -x265-params at ':' and unescapes '\': a Windows temp path (C:\...) or a
      // TMPDIR with a colon would otherwise drop every parameter, two-pass included.
      if (step.pass !== null && step.passLogPrefix !== null) params.push(`pass=${step.pass}`, `stats=${escapeParamValue(`${step.passLogPrefix}.x265.log`)}`)
      const tag = plan.container === 'mp4' || plan.container === 'mov' ? ['-tag:v', 'hvc1'] : []
      return [
        '-c:v',
        'libx265',
        '-preset',
        X265_PRESET[plan.quality],
        ...(plan.crf !== null ? ['-crf', String(plan.crf)] : rate),
        '-x265-params',
        params.join(':'),
        '-pix_fmt',
        'yuv420p',
        ...tag
      ]
    }
    case 'libvpx-vp9': {
      const quality = plan.crf !== null ? ['-crf', String(plan.crf), '-b:v', '0'] : rate
      const speed = step.pass === 1 ? 4 : VPX_CPU_USED[plan.quality]
      return [
        '-c:v',
        'libvpx-vp9',
        ...quality,
        '-deadline',
        'good',
        '-cpu-used',
        String(speed),
        '-row-mt',
        '1',
        '-tile-columns',
        '1',
        ...passArgs,
        '-pix_fmt',
        'yuv420p'
      ]
    }
    case 'libaom-av1': {
      const quality = plan.crf !== null ? ['-crf', String(plan.crf), '-b:v', '0'] : rate
      return [
        '-c:v',
        'libaom-av1',
        ...quality,
        '-cpu-used',
        String(AOM_CPU_USED[plan.quality]),
        '-row-mt',
        '1',
        ...passArgs,
        '-pix_fmt',
        'yuv420p',
        '-strict',
        'experimental'
      ]
    }
    default: {
      // The graphics chip's encoders: one run at the step's bitrate, arguments from their table.
      const hardware = hardwareEncoderNamed(plan.encoder)
      if (!hardware || step.videoKbps === null) throw new Error(`no arguments known for encoder ${plan.encoder}`)
      const tag = hardware.codec === 'hevc' && (plan.container === 'mp4' || plan.container === 'mov') ? ['-tag:v', 'hvc1'] : []
      return ['-c:v', hardware.name, ...hardwareRateArgs(hardware, step.videoKbps * 1000), ...tag]
    }
  }
}

function audioArgs(plan: EncodePlan): string[] {
  const audio = plan.audio
  if (audio.kind === 'none') return ['-an']
  if (audio.kind === 'copy') return ['-c:a', 'copy']
  return ['-c:a', audio.encoder, '-b:a', `${audio.kbps}k`, '-ac', String(audio.channels)]
}

/** Container flags that keep metadata (creation time, Apple's location/make/model tags). */
function containerArgs(plan: EncodePlan): string[] {
  const args = ['-map_metadata', '0']
  if (plan.container === 'mp4' || plan.container === 'mov') args.push('-movflags', '+faststart+use_metadata_tags')
  return args
}

/**
 * Keep every frame with its own timestamp (variable-frame-rate phone footage stays in sync), at the
 * source's own clock when it is an MP4/MOV: without `-enc_time_base -1` the encoder counts time in
 * frames of the nominal rate (1001/30000 s for a "29.97 fps" phone clip), so a frame of a
 * variable-rate clip moves by up to half a frame (16 ms measured on a 24-30 fps clip on a 1/600 s
 * clock, and one frame of 115 dropped where two landed on the same tick), which shows as judder and
 * cost 0.016 SSIM when frames were paired by time (issue 17 §0, BENCHMARKS.md). Only MP4/MOV: they
 * give every frame a duration; Matroska/WebM often leave the last one without, and on the source's
 * clock that frame then ends where it starts and players drop it (seen: 65 of 66 frames decoded).
 * Only x264: libx265 (ffmpeg 4.1) takes the clock's rate for the frame rate (15360 fps) and refuses
 * to open; the other encoders keep ffmpeg's default.
 */
function timestampArgs(ffmpegVersion: string, plan: EncodePlan, media: MediaInfo): string[] {
  if (plan.fpsCap !== null) return []
  const passthrough = majorMinor(ffmpegVersion) >= 501 ? ['-fps_mode', 'passthrough'] : ['-vsync', 'passthrough']
  const isoMedia = media.formatName.split(',').some((name) => name === 'mov' || name === 'mp4')
  return isoMedia && plan.encoder === 'libx264' ? [...passthrough, '-enc_time_base:v', '-1'] : passthrough
}

function streamMaps(media: MediaInfo, plan: EncodePlan): string[] {
  const maps = ['-map', `0:${media.video.index}`]
  if (plan.audio.kind !== 'none' && media.audio) maps.push('-map', `0:${media.audio.index}`)
  for (const track of plan.subtitles) maps.push('-map', `0:${track.index}`)
  for (const index of plan.attachments) maps.push('-map', `0:${index}`)
  return maps
}

/** Per output subtitle stream (numbered in map order): copy or convert to the container's format. */
function subtitleArgs(plan: EncodePlan): string[] {
  const attachments = plan.attachments.length > 0 ? ['-c:t', 'copy'] : []
  return [...plan.subtitles.flatMap((track, outputIndex) => [`-c:s:${outputIndex}`, track.encoder]), ...attachments]
}

/**
 * A re-encoded trim, cut on the exact frame: -ss before -i seeks fast to the keyframe before the
 * start and decodes from there, dropping the frames before it (ffmpeg's accurate seek, for every
 * stream, so the sound starts with the picture), and the output's clock starts at 0; -t after the
 * input ends the output at the kept length.
 */
function trimArgs(plan: EncodePlan, copied: boolean): { beforeInput: string[]; afterInput: string[] } {
  const cut = cutOf(plan.edit, copied)
  if (cut === null) return { beforeInput: [], afterInput: [] }
  // A copy starts on the keyframe itself: a millisecond past it, so rounding never seeks to the one before.
  const seek = cut.start > 0 ? cut.start + (copied ? 0.001 : 0) : 0
  // A copy keeps the source's clock (-copyts), moved to start at 0: on ffmpeg's own clock the
  // copied video of a file with B-frames started a frame (40 ms) before its sound (issue 14 asks
  // 40 ms at most; measured 39 ms off, 1 ms with these). No -avoid_negative_ts: with it ffmpeg 4.1
  // copied the whole MP4, as if never seeked.
  const sourceClock = copied && seek > 0 ? ['-copyts', '-start_at_zero'] : []
  return {
    beforeInput: seek > 0 ? [...sourceClock, '-ss', seek.toFixed(3)] : [],
    afterInput: ['-t', (cut.end - seek).toFixed(3)]
  }
}

export function buildEncodeArgs(plan: EncodePlan, media: MediaInfo, input: string, output: string, step: EncodeStep, ffmpegVersion: string): string[] {
  const filters = videoFilters(plan, media)
  const analysisPass = step.pass === 1
  const trim = trimArgs(plan, false)
  const common = [
    // A device the encoder needs opened (VA-API) is a global option, before the input.
    ...(hardwareEncoderNamed(plan.encoder)?.beforeInput ?? []),
    ...trim.beforeInput,
    '-i',
    input,
    // The analysis pass needs no audio.
    ...(analysisPass ? ['-map', `0:${media.video.index}`] : streamMaps(media, plan)),
    ...trim.afterInput,
    ...(filters.length ? ['-vf', filters.join(',')] : []),
    ...timestampArgs(ffmpegVersion, plan, media),
    ...videoCodecArgs(plan, step),
    ...colourTagArgs(plan, media)
  ]
  // The null muxer of the analysis pass opens no file, so "-" writes nothing to stdout.
  if (analysisPass) return [...common, '-an', '-f', 'null', '-']
  return [...common, ...audioArgs(plan), ...subtitleArgs(plan), ...containerArgs(plan), '-n', output]
}

/**
 * A turn written into the rotation metadata of a copy (MP4/MOV): the source's display rotation
 * plus the turn. ffmpeg 6 takes it as -display_rotation (counterclockwise degrees, an input
 * option); before 6 as the stream's "rotate" tag, which the MP4 muxer turns into the same display
 * matrix (checked with ffmpeg 4.1 and 5.1: a tag of 270 shows the picture a quarter turn clockwise).
 * Either replaces the rotation the copied stream had.
 */
function rotationArgs(plan: EncodePlan, ffmpegVersion: string): { beforeInput: string[]; afterInput: string[] } {
  if (plan.edit?.rotate == null) return { beforeInput: [], afterInput: [] }
  const degrees = String(metadataRotation(plan.edit))
  return majorMinor(ffmpegVersion) >= 600
    ? { beforeInput: ['-display_rotation:v:0', degrees], afterInput: [] }
    : { beforeInput: [], afterInput: ['-metadata:s:v:0', `rotate=${degrees}`] }
}

export function buildCopyArgs(plan: EncodePlan, media: MediaInfo, input: string, output: string, ffmpegVersion: string): string[] {
  // Apple players open HEVC in MP4/MOV only when tagged hvc1 (ffmpeg's copy default is hev1).
  const tag = media.video.codec === 'hevc' && (plan.container === 'mp4' || plan.container === 'mov') ? ['-tag:v', 'hvc1'] : []
  // An edit plan (issue 14): the streams cut on a keyframe and turned in metadata.
  const trim = trimArgs(plan, true)
  const rotation = rotationArgs(plan, ffmpegVersion)
  return [
    ...trim.beforeInput,
    ...rotation.beforeInput,
    '-i',
    input,
    ...streamMaps(media, plan),
    ...trim.afterInput,
    '-c',
    'copy',
    ...tag,
    ...rotation.afterInput,
    ...subtitleArgs(plan),
    ...containerArgs(plan),
    '-n',
    output
  ]
}

/** Private folder for two-pass statistics, so parallel jobs never share log files. */
export function passLogPrefixIn(folder: string): string {
  return path.join(folder, 'pass')
}

/** Where the analysis pass leaves its text statistics (ffmpeg adds "-<stream>.log" for x264). */
export function analysisStatsPath(plan: EncodePlan, passLogPrefix: string): string | null {
  if (plan.encoder === 'libx264') return `${passLogPrefix}-0.log`
  if (plan.encoder === 'libx265') return `${passLogPrefix}.x265.log`
  return null
}
