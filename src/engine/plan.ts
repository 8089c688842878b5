// From what the user asked and what the file is to a concrete encode plan: mode, codecs,
// bitrates, resolution and frame rate, and the notes about what the engine decided on its own.
// Pure functions (no I/O) so every rule is unit-tested.
import {
  type AudioMode,
  CONTAINER_LABEL,
  CONTAINER_VIDEO_CODECS,
  type CompressOptions,
  type Container,
  DEFAULT_CONTAINER,
  DEFAULT_QUALITY,
  type QualityPreference,
  SHORT_SIDE_RANGE,
  type VideoCodec,
  defaultCodecFor
} from '../shared/compression'
import { UserFacingError } from '../shared/errors'
import { resolveTargetBytes } from '../shared/targets'
import { formatBytes } from '../shared/units'
import { HARDWARE_RATE_SAFETY, type HardwareEncoder } from './ffmpeg/hardware'
import type { MediaInfo, SubtitleKind } from './probe'

/**
 * How each container holds subtitles: MP4/MOV only as mov_text, WebM only as WebVTT, Matroska
 * anything but mov_text (ffmpeg's Matroska muxer refuses it, so it becomes SRT there). Picture
 * subtitles (Blu-ray PGS, DVD, DVB) cannot become text without OCR: only Matroska keeps them.
 */
function subtitleEncoderFor(container: Container, codec: string, kind: SubtitleKind): SubtitlePlan['encoder'] | null {
  if (kind === 'other') return null
  if (container === 'mkv') {
    if (kind === 'bitmap') return MATROSKA_BITMAP_CODECS.has(codec) ? 'copy' : null
    return codec === 'mov_text' ? 'srt' : 'copy'
  }
  if (kind === 'bitmap') return null
  if (container === 'webm') return codec === 'webvtt' ? 'copy' : 'webvtt'
  return codec === 'mov_text' ? 'copy' : 'mov_text'
}

/**
 * Picture subtitle formats ffmpeg's Matroska muxer takes. It refuses DivX's XSUB ("Subtitle codec
 * is not supported", the whole encode fails), and converting XSUB to DVD subtitles is unreliable
 * (tried: ffmpeg 4 wrote 12-minute cues, ffmpeg 5 stopped), so an XSUB track is left out everywhere.
 */
const MATROSKA_BITMAP_CODECS: ReadonlySet<string> = new Set(['hdmv_pgs_subtitle', 'dvd_subtitle', 'dvb_subtitle'])

/** Rough size of a text track when the file does not say: about a cue every 3 s of ~60 bytes. */
const TEXT_SUBTITLE_BYTES_PER_SECOND = 25
/** Picture tracks are much bigger (a Blu-ray PGS track is 10-30 MB for a film). */
const BITMAP_SUBTITLE_BYTES_PER_SECOND = 4_000

/** Keeps every subtitle track the output container can hold; says which ones it cannot. */
export function planSubtitles(media: MediaInfo, container: Container, changes: string[]): SubtitlePlan[] {
  const kept: SubtitlePlan[] = []
  const dropped = new Map<string, number>()
  for (const track of media.subtitles) {
    const encoder = subtitleEncoderFor(container, track.codec, track.kind)
    if (encoder === null) {
      dropped.set(track.codec, (dropped.get(track.codec) ?? 0) + 1)
      continue
    }
    const perSecond = track.kind === 'bitmap' ? BITMAP_SUBTITLE_BYTES_PER_SECOND : TEXT_SUBTITLE_BYTES_PER_SECOND
    // Conversions add a few bytes per cue (mov_text sample headers): budget 10% more.
    const estimatedBytes = Math.ceil((track.bytes ?? perSecond * media.durationSeconds) * 1.1) + 1_024
    kept.push({ index: track.index, encoder, estimatedBytes })
  }
  for (const [codec, count] of dropped) {
    const name = SUBTITLE_NAMES[codec] ?? codec
    const what = `${count === 1 ? (/^[aeiou]/i.test(name) ? 'an' : 'a') : count} ${name} subtitle track${count === 1 ? '' : 's'}`
    // Only a picture format that Matroska takes is worth pointing to MKV for.
    const matroskaWouldKeep = container !== 'mkv' && MATROSKA_BITMAP_CODECS.has(codec)
    changes.push(
      matroskaWouldKeep
        ? `left out ${what}: ${CONTAINER_LABEL[container]} holds only text subtitles (choose MKV to keep picture subtitles)`
        : `left out ${what}: this format cannot be carried over`
    )
  }
  return kept
}

const SUBTITLE_NAMES: Readonly<Record<string, string>> = {
  hdmv_pgs_subtitle: 'Blu-ray (PGS) picture',
  dvd_subtitle: 'DVD picture',
  dvb_subtitle: 'DVB picture',
  xsub: 'DivX (XSUB) picture',
  eia_608: 'closed-caption (EIA-608)',
  dvb_teletext: 'teletext'
}

function subtitleBytes(subtitles: readonly SubtitlePlan[]): number {
  return subtitles.reduce((sum, track) => sum + track.estimatedBytes, 0)
}

/**
 * Matroska carries attached files (the fonts styled ASS subtitles are drawn with); the other
 * containers cannot, which the result says. Returns the stream indexes to copy.
 */
export function planAttachments(media: MediaInfo, container: Container, changes: string[]): number[] {
  if (media.attachments.length === 0) return []
  if (container === 'mkv') return media.attachments.map((attachment) => attachment.index)
  const count = media.attachments.length
  changes.push(
    `left out ${count === 1 ? 'an attached file' : `${count} attached files`} (${[...new Set(media.attachments.map((a) => a.codec))].join(', ')}): only MKV holds them`
  )
  return []
}

/** One audio track is kept (the default); the result says when others were left out. */
function noteOtherAudio(media: MediaInfo, keepAudio: boolean, changes: string[]): void {
  const others = media.otherAudioLanguages
  if (!keepAudio || others.length === 0) return
  const kept = media.audio?.language ? ` (${media.audio.language})` : ''
  const languages = others.filter((language): language is string => language !== null)
  const which = languages.length > 0 ? `: ${[...new Set(languages)].join(', ')}` : ''
  changes.push(
    `kept the default audio track${kept} and left out ${others.length === 1 ? 'another audio track' : `${others.length} other audio tracks`}${which}`
  )
}

/** Bytes the copied attachments add to the output. */
function attachmentBytes(media: MediaInfo, attachments: readonly number[]): number {
  return media.attachments.filter((a) => attachments.includes(a.index)).reduce((sum, a) => sum + a.bytes + 256, 0)
}

/**
 * Everything besides the picture and the one audio track, for every plan that writes a new file:
 * the subtitle tracks and attachments the container can hold, and a note for what is left out.
 */
function planCarriedStreams(media: MediaInfo, container: Container, keepAudio: boolean, changes: string[]): Pick<EncodePlan, 'subtitles' | 'attachments'> {
  noteOtherAudio(media, keepAudio, changes)
  return { subtitles: planSubtitles(media, container, changes), attachments: planAttachments(media, container, changes) }
}

/** Bytes the carried subtitle tracks and attachments take in the output (part of the overhead). */
function carriedBytes(media: MediaInfo, carried: Pick<EncodePlan, 'subtitles' | 'attachments'>): number {
  return subtitleBytes(carried.subtitles) + attachmentBytes(media, carried.attachments)
}

/** zscale (libzimg) linearises and converts the primaries; tonemap compresses the highlights. */
const TONE_MAPPING_FILTERS = ['zscale', 'tonemap'] as const

/**
 * HDR sources become standard range when they are re-encoded (copies keep their streams as they
 * are). Says so in the result, and says what happens when this ffmpeg cannot convert.
 */
function planToneMapping(media: MediaInfo, capabilities: Capabilities, changes: string[]): 'pq' | 'hlg' | null {
  const range = media.video.dynamicRange
  if (range === 'sdr') return null
  const name = range === 'pq' ? 'HDR10' : 'HLG HDR'
  if (TONE_MAPPING_FILTERS.every((filter) => capabilities.filters.has(filter))) {
    changes.push(`converted ${name} to standard range (SDR) so colours look right on every screen`)
    return range
  }
  changes.push(`kept the ${name} colour tags without converting: this ffmpeg lacks the zscale filter, so screens without HDR may show pale colours`)
  return null
}

export type PlanMode = 'copy' | 'remux' | 'crf' | 'target'

export type AudioPlan = { kind: 'none' } | { kind: 'copy'; kbps: number } | { kind: 'encode'; encoder: 'aac' | 'libopus'; kbps: number; channels: number }

/** One subtitle track to carry over: copied as it is, or converted to the container's text format. */
export interface SubtitlePlan {
  index: number
  encoder: 'copy' | 'mov_text' | 'webvtt' | 'srt'
  /** Bytes budgeted for the track in the output (target mode). */
  estimatedBytes: number
}

export interface EncodePlan {
  mode: PlanMode
  container: Container
  /** File extension of the output, without dot. */
  extension: string
  videoCodec: VideoCodec
  /** ffmpeg encoder name, e.g. libx264. */
  encoder: string
  quality: QualityPreference
  /** Output short side when scaling, null to keep the source size. */
  scaleShortSide: number | null
  /** Output frame-rate cap, null to keep every frame as it is. */
  fpsCap: number | null
  audio: AudioPlan
  /** The promise: the output is never larger than this (target mode), or null. */
  targetBytes: number | null
  /** Video bitrate of the first attempt (target mode). */
  videoKbps: number | null
  /** Constant-quality value (crf mode). */
  crf: number | null
  /** Estimated container overhead in bytes (target mode). */
  overheadBytes: number
  /** What the engine decided on its own, said in the result. */
  changes: string[]
  /**
   * The resolution/frame rate may still be lowered after the analysis pass, from how hard the
   * encoder found the content (x264/x265 statistics), rather than from a pixel-count guess.
   */
  adaptAfterAnalysis: boolean
  /**
   * For encoders whose statistics we cannot read (VP9, AV1): the bitrate of the x264 analysis
   * pass that measures the content instead (the H.264 rate worth this plan's picture). Null when
   * the encoder's own analysis pass is read, or nothing is adapted.
   */
  standInAnalysisKbps: number | null
  /**
   * The HDR transfer to convert from when the source is HDR and is re-encoded: every encoder
   * here writes 8-bit 4:2:0, and HDR code values shown as standard range look grey and flat.
   */
  toneMapFrom: 'pq' | 'hlg' | null
  /** Subtitle tracks kept in the output, in source order. */
  subtitles: SubtitlePlan[]
  /** Attached files (fonts) copied along: only Matroska holds them. Stream indexes. */
  attachments: number[]
}

export interface Capabilities {
  encoders: ReadonlySet<string>
  filters: ReadonlySet<string>
}

const ENCODERS: Record<VideoCodec, readonly string[]> = {
  h264: ['libx264'],
  hevc: ['libx265'],
  vp9: ['libvpx-vp9'],
  av1: ['libaom-av1']
}

const CODEC_NAMES: Record<VideoCodec, string> = { h264: 'H.264', hevc: 'HEVC (H.265)', vp9: 'VP9', av1: 'AV1' }

/** Bits per pixel per frame below which the picture falls apart and fewer pixels look better. */
const MIN_BITS_PER_PIXEL: Record<QualityPreference, number> = { high: 0.05, balanced: 0.035, small: 0.025 }
/** Newer codecs need fewer bits for the same picture. */
const CODEC_EFFICIENCY: Record<VideoCodec, number> = { h264: 1, hevc: 0.7, vp9: 0.7, av1: 0.6 }

/** Standard short sides we step down through when the bitrate is too low. */
export const RESOLUTION_LADDER = [2160, 1440, 1080, 720, 540, 480, 360, 240, 144] as const

/** Below this the video is a slideshow of blocks at any size: the target is impossible. */
export const MIN_VIDEO_KBPS = 20
const MAX_SANE_FPS = 60

const AUDIO_LADDER_KBPS = [160, 128, 96, 64, 48, 32] as const
const AUDIO_BASE_KBPS: Record<QualityPreference, number> = { high: 160, balanced: 128, small: 96 }
const MIN_AUDIO_KBPS: Record<'aac' | 'libopus', number> = { aac: 32, libopus: 16 }
/** Audio gets at most this share of a tight budget before its bitrate is lowered. */
const MAX_AUDIO_SHARE = 0.15

const CRF: Record<VideoCodec, Record<QualityPreference, number>> = {
  h264: { high: 20, balanced: 23, small: 27 },
  hevc: { high: 24, balanced: 27, small: 31 },
  vp9: { high: 30, balanced: 34, small: 38 },
  av1: { high: 28, balanced: 33, small: 38 }
}

/** Audio codecs each container takes as-is when the source already uses them. */
const COPYABLE_AUDIO: Record<Container, readonly string[]> = {
  mp4: ['aac'],
  mov: ['aac'],
  mkv: ['aac', 'opus', 'vorbis', 'mp3'],
  webm: ['opus', 'vorbis']
}

/** Video codecs (ffprobe names) each container takes as-is for a remux. */
const REMUXABLE_VIDEO: Record<Container, readonly string[]> = {
  mp4: ['h264', 'hevc', 'av1', 'vp9', 'mpeg4'],
  mov: ['h264', 'hevc', 'mpeg4', 'prores'],
  mkv: ['h264', 'hevc', 'av1', 'vp9', 'vp8', 'mpeg4', 'mpeg2video', 'theora'],
  webm: ['vp8', 'vp9', 'av1']
}

const SOURCE_CODEC_OF: Record<VideoCodec, string> = { h264: 'h264', hevc: 'hevc', vp9: 'vp9', av1: 'av1' }

export function encoderFor(codec: VideoCodec, capabilities: Capabilities): string {
  const encoder = ENCODERS[codec].find((name) => capabilities.encoders.has(name))
  if (!encoder) {
    throw new UserFacingError(
      'codec-unavailable',
      `This ffmpeg cannot encode ${CODEC_NAMES[codec]} (it lacks ${ENCODERS[codec].join(' or ')}). Choose H.264, or point the settings to an ffmpeg that has it.`
    )
  }
  return encoder
}

export function validateOptions(options: CompressOptions): void {
  const { targetBytes, targetRatio, resolution, fps } = options
  if (targetBytes != null && (!Number.isFinite(targetBytes) || targetBytes <= 0)) {
    throw new UserFacingError('invalid-option', 'The target size must be more than 0 bytes, e.g. 25MB.')
  }
  if (targetRatio != null && (!Number.isFinite(targetRatio) || targetRatio <= 0 || targetRatio > 1)) {
    throw new UserFacingError('invalid-option', 'The target as a share of the original must be between 0 and 100%, e.g. 0.5 for half the size.')
  }
  if (resolution != null && (!Number.isInteger(resolution) || resolution < SHORT_SIDE_RANGE.min || resolution > SHORT_SIDE_RANGE.max)) {
    throw new UserFacingError(
      'invalid-option',
      `The resolution ${String(resolution)} is not usable: give the short side in pixels between ${SHORT_SIDE_RANGE.min} and ${SHORT_SIDE_RANGE.max}, e.g. 720.`
    )
  }
  if (fps != null && (!Number.isFinite(fps) || fps < 1 || fps > 240)) {
    throw new UserFacingError('invalid-option', `The frame rate ${String(fps)} is not usable: give a value between 1 and 240, e.g. 30.`)
  }
  if (options.container && options.videoCodec && !CONTAINER_VIDEO_CODECS[options.container].includes(options.videoCodec)) {
    throw new UserFacingError(
      'invalid-option',
      `${CONTAINER_LABEL[options.container]} files cannot hold ${CODEC_NAMES[options.videoCodec]} video. Use ${CONTAINER_VIDEO_CODECS[options.container].map((c) => CODEC_NAMES[c]).join(' or ')} with ${CONTAINER_LABEL[options.container]}, or another format.`
    )
  }
}

/**
 * Bytes the container adds around the streams: headers, the metadata we carry over, and index
 * entries per packet. Measured on x264/AAC outputs of the bundled ffmpeg: MP4 (faststart) about
 * 2 KB + 3 KB with an audio track + twice the tag text + 11 bytes per video frame (stsz, ctts,
 * stts) + 6 per audio frame; Matroska about the same base, 10 and 8 bytes per packet (block
 * headers, clusters, cues). Over-estimating costs a sliver of quality, under-estimating a retry.
 */
export function estimateOverheadBytes(container: Container, durationSeconds: number, fps: number, audio: AudioPlan, tagChars = 0): number {
  const videoPackets = durationSeconds * fps
  const audioPackets = audio.kind === 'none' ? 0 : durationSeconds * 48
  const mp4Like = container === 'mp4' || container === 'mov'
  const base = 2_048 + (audio.kind === 'none' ? 0 : 3_072) + 2 * tagChars
  return Math.ceil(base + videoPackets * (mp4Like ? 11 : 10) + audioPackets * (mp4Like ? 6 : 8))
}

/** Characters of container metadata that -map_metadata carries into the output. */
function tagCharsOf(media: MediaInfo): number {
  return Object.entries(media.tags).reduce((sum, [key, value]) => sum + key.length + value.length, 0)
}

function sourceShortSide(media: MediaInfo): number {
  return Math.min(media.video.displayWidth, media.video.displayHeight)
}

function audioEncoderFor(container: Container): 'aac' | 'libopus' {
  return container === 'webm' ? 'libopus' : 'aac'
}

/** The audio bitrate people would pick for this quality, never above the source's. */
function baseAudioKbps(media: MediaInfo, quality: QualityPreference): number {
  let kbps = AUDIO_BASE_KBPS[quality]
  if ((media.audio?.channels ?? 2) < 2) kbps = Math.max(48, Math.round(kbps / 2))
  const sourceKbps = media.audio?.bitRate ? media.audio.bitRate / 1000 : null
  if (sourceKbps !== null && sourceKbps < kbps) {
    kbps = AUDIO_LADDER_KBPS.find((step) => step <= sourceKbps) ?? 32
  }
  return kbps
}

function wantsAudio(media: MediaInfo, audio: AudioMode | null | undefined): boolean {
  return audio !== 'remove' && media.audio !== null
}

interface PlanInput {
  media: MediaInfo
  sourceBytes: number
  options: CompressOptions
  capabilities: Capabilities
  /** Source file extension, lower case, without dot (for byte copies). */
  sourceExtension: string
  /** Re-encode even when the source is under the target (a remux came out over it). */
  forceEncode?: boolean
  /**
   * Encode on the graphics chip with this encoder (of the plan's codec, target mode): one run, no
   * analysis pass, so the resolution follows bits per pixel, and more headroom in the budget.
   */
  hardware?: HardwareEncoder | null
}

export function planCompression(input: PlanInput): EncodePlan {
  const { media, sourceBytes, options, capabilities } = input
  validateOptions(options)
  const quality = options.quality ?? DEFAULT_QUALITY
  const askedTarget = resolveTargetBytes(options, sourceBytes)
  const changes: string[] = []

  const srcShort = sourceShortSide(media)
  const srcFps = media.video.fps ?? 30
  const resolutionChange = options.resolution != null && options.resolution < srcShort
  const fpsChange = options.fps != null && options.fps < srcFps - 0.01
  const codecChange = options.videoCodec != null && SOURCE_CODEC_OF[options.videoCodec] !== media.video.codec
  const audioChange = options.audio === 'remove' && media.audio !== null
  const nothingElseAsked = !resolutionChange && !fpsChange && !codecChange && !audioChange

  // Already under the target and nothing else asked: hand back the same streams (issue #2).
  if (askedTarget !== null && sourceBytes <= askedTarget && nothingElseAsked && !input.forceEncode) {
    const copyPlan = planCopyOrRemux(input, quality, askedTarget)
    if (copyPlan) return copyPlan
  }

  const container = options.container ?? DEFAULT_CONTAINER
  const videoCodec = options.videoCodec ?? defaultCodecFor(container)
  if (!CONTAINER_VIDEO_CODECS[container].includes(videoCodec)) {
    validateOptions({ container, videoCodec })
  }
  const encoder = input.hardware?.name ?? encoderFor(videoCodec, capabilities)

  let scaleShortSide: number | null = null
  if (options.resolution != null) {
    if (options.resolution < srcShort) scaleShortSide = options.resolution
    else if (options.resolution > srcShort) changes.push(`kept the source's ${srcShort}p: enlarging a video adds no detail`)
  }
  let fpsCap: number | null = null
  if (options.fps != null) {
    if (options.fps < srcFps - 0.01) fpsCap = options.fps
  } else if (srcFps > MAX_SANE_FPS + 0.5) {
    fpsCap = MAX_SANE_FPS
    changes.push(`capped the frame rate at ${MAX_SANE_FPS} fps (the source has ${Math.round(srcFps)})`)
  }

  const keepAudio = wantsAudio(media, options.audio)
  const audioEncoder = audioEncoderFor(container)
  const canCopyAudio = keepAudio && media.audio !== null && COPYABLE_AUDIO[container].includes(media.audio.codec) && media.audio.bitRate !== null

  // A smaller picture asked and the target is above the source: aiming at the target (capped
  // at the source's size) spent as many bytes on 240p as the original spent on its full size.
  // Constant quality gives what the smaller picture needs, and the result is still never
  // bigger than the input (checked after encoding), so it is under the target too.
  const smallerPictureUnderTarget = askedTarget !== null && sourceBytes <= askedTarget && (resolutionChange || fpsChange)
  if (smallerPictureUnderTarget) {
    const picture = scaleShortSide !== null ? `${scaleShortSide}p` : `${fpsCap ?? srcFps} fps`
    changes.push(`the file is already under ${formatBytes(askedTarget)}, so the result is as small as the ${picture} picture needs`)
  }

  // No size asked: constant quality, and never bigger than the input (checked after encoding).
  if (askedTarget === null || smallerPictureUnderTarget) {
    const baseKbps = baseAudioKbps(media, quality)
    const audio: AudioPlan = !keepAudio
      ? { kind: 'none' }
      : canCopyAudio && (media.audio?.bitRate ?? Infinity) <= baseKbps * 1000 * 1.1
        ? { kind: 'copy', kbps: (media.audio?.bitRate ?? 0) / 1000 }
        : { kind: 'encode', encoder: audioEncoder, kbps: baseKbps, channels: Math.min(2, media.audio?.channels ?? 2) }
    const toneMapFrom = planToneMapping(media, capabilities, changes)
    const { subtitles, attachments } = planCarriedStreams(media, container, keepAudio, changes)
    return {
      mode: 'crf',
      container,
      extension: container,
      videoCodec,
      encoder,
      quality,
      scaleShortSide,
      fpsCap,
      audio,
      targetBytes: null,
      videoKbps: null,
      crf: CRF[videoCodec][quality],
      overheadBytes: 0,
      changes,
      adaptAfterAnalysis: false,
      standInAnalysisKbps: null,
      toneMapFrom,
      subtitles,
      attachments
    }
  }

  // Re-encoding never hands back more than the input, whatever the target.
  const targetBytes = Math.min(askedTarget, sourceBytes)
  const duration = media.durationSeconds
  const outFps = fpsCap ?? srcFps
  const audio = planAudioForBudget(media, quality, keepAudio, canCopyAudio, audioEncoder, targetBytes, duration, container, outFps)
  const { subtitles, attachments } = planCarriedStreams(media, container, keepAudio, changes)
  const carriedStreamBytes = carriedBytes(media, { subtitles, attachments })
  const overheadBytes = estimateOverheadBytes(container, duration, outFps, audio, tagCharsOf(media)) + carriedStreamBytes
  const audioBits = audio.kind === 'none' ? 0 : audio.kbps * 1000 * duration
  const videoBits = (targetBytes - overheadBytes) * 8 * (input.hardware ? HARDWARE_RATE_SAFETY : RATE_SAFETY[videoCodec]) - audioBits
  const videoKbps = videoBits / duration / 1000

  if (videoKbps < MIN_VIDEO_KBPS) {
    throw impossibleTarget(media, targetBytes, container, outFps, keepAudio, audioEncoder, carriedStreamBytes)
  }

  // Too few bits for this many pixels: fewer frames first (above 30 fps), then fewer pixels.
  // x264/x265 decide this after their analysis pass (adaptToAnalysis), which sees how complex
  // the content really is: a screen recording looks clean at a bitrate that ruins a phone video.
  // VP9's and AV1's first-pass statistics are binary and version-specific, so for them a quick
  // x264 pass at the H.264 bitrate worth the same picture stands in (a bits-per-pixel rule sent
  // a 768p screencast to 240p at 250 KB in VP9); without libx264, bits per pixel it is.
  // On the graphics chip (one run, no analysis pass) bits per pixel decide too.
  // Only what the user left open can change: the size, or a frame rate above 30.
  const mayAdapt = options.resolution == null || (options.fps == null && outFps > 30.5)
  const ownAnalysis = ANALYSABLE_ENCODERS.has(encoder)
  const standInAnalysisKbps =
    !ownAnalysis && !input.hardware && mayAdapt && capabilities.encoders.has('libx264') ? videoKbps / CODEC_EFFICIENCY[videoCodec] : null
  const adaptAfterAnalysis = mayAdapt && (ownAnalysis || standInAnalysisKbps !== null)
  if (!ownAnalysis && standInAnalysisKbps === null) {
    const threshold = MIN_BITS_PER_PIXEL[quality] * CODEC_EFFICIENCY[videoCodec]
    const bpp = (shortSide: number, fps: number): number => (videoKbps * 1000) / (pixelsAt(media, shortSide) * fps)
    if (options.fps == null && bpp(scaleShortSide ?? srcShort, outFps) < threshold && outFps > 30.5) {
      fpsCap = 30
      changes.push(`lowered the frame rate to 30 fps to fit ${formatBytes(targetBytes)}`)
    }
    if (options.resolution == null) {
      let short = srcShort
      for (const step of RESOLUTION_LADDER) {
        if (bpp(short, fpsCap ?? outFps) >= threshold) break
        if (step < short) short = step
      }
      if (short < srcShort) {
        scaleShortSide = short
        changes.push(lowerResolutionNote(short, srcShort, targetBytes))
      }
    }
  }
  if (audio.kind !== 'none' && media.audio?.bitRate && audio.kbps * 1000 < media.audio.bitRate * 0.75 && audio.kbps < baseAudioKbps(media, quality)) {
    changes.push(`lowered the audio to ${audio.kbps} kbps to leave room for the picture`)
  }
  if (askedTarget > sourceBytes) changes.push(`kept the output under the original's ${formatBytes(sourceBytes)}`)
  const toneMapFrom = planToneMapping(media, capabilities, changes)

  return {
    mode: 'target',
    container,
    extension: container,
    videoCodec,
    encoder,
    quality,
    scaleShortSide,
    fpsCap,
    audio,
    targetBytes,
    videoKbps,
    crf: null,
    overheadBytes,
    changes,
    adaptAfterAnalysis,
    standInAnalysisKbps,
    toneMapFrom,
    subtitles,
    attachments
  }
}

function lowerResolutionNote(short: number, srcShort: number, targetBytes: number): string {
  return `lowered the resolution to ${short}p (from ${srcShort}p) so ${formatBytes(targetBytes)} still looks clean`
}

/** Encoders whose first-pass statistics we read (text logs with a quantiser per frame). */
const ANALYSABLE_ENCODERS: ReadonlySet<string> = new Set(['libx264', 'libx265'])

/**
 * Above this mean quantiser in the analysis pass the picture turns blocky, and fewer pixels
 * (or frames) at a lower quantiser look better. Calibrated with `npm run bench` on real footage:
 * a 1080p 360° clip at QP 48 gained 0.03 SSIM at 360p, while a night time-lapse at QP ~35 lost
 * 0.057 when scaled from 405p to 360p (fine detail does not survive resampling), and a phone clip
 * at QP 35.7 gained only 0.003 at 540p. So only clearly starved streams are scaled down.
 */
const MAX_MEAN_QP: Record<string, number> = { libx264: 37, libx265: 38 }
/** Scale down only when fewer than this share of the pixels would bring the quantiser back. */
const WORTHWHILE_PIXEL_SHARE = 0.6
/** Halving the pixels (or frames) lowers x264's quantiser by about this much (measured 4.3-5.6). */
const QP_PER_HALVING = 4.5

/** Mean quantiser over frames of an x264/x265 first-pass statistics file, or null. */
export function meanQuantiser(statsText: string): number | null {
  let sum = 0
  let count = 0
  for (const match of statsText.matchAll(/(?:^|\s)q:([\d.]+)/g)) {
    const value = Number(match[1])
    if (Number.isFinite(value)) {
      sum += value
      count++
    }
  }
  return count ? sum / count : null
}

/**
 * After the analysis pass: when the content is too hard for the budget at this size, a plan with
 * 30 fps (if above and not fixed) and the largest standard resolution expected to bring the
 * quantiser back under the limit. Null when the plan should stay as it is.
 */
export function adaptToAnalysis(plan: EncodePlan, media: MediaInfo, meanQp: number, options: CompressOptions): EncodePlan | null {
  if (!plan.adaptAfterAnalysis || plan.targetBytes === null || plan.videoKbps === null) return null
  const limit = MAX_MEAN_QP[plan.standInAnalysisKbps !== null ? 'libx264' : plan.encoder] ?? 37
  if (meanQp <= limit) return null
  // The share of the current pixel rate that would bring the quantiser down to the limit.
  let wanted = 2 ** ((limit - meanQp) / QP_PER_HALVING)
  const changes = [...plan.changes]
  let fpsCap = plan.fpsCap
  const currentFps = plan.fpsCap ?? media.video.fps ?? 30
  if (options.fps == null && currentFps > 30.5) {
    fpsCap = 30
    wanted /= 30 / currentFps
    changes.push(`lowered the frame rate to 30 fps to fit ${formatBytes(plan.targetBytes)}`)
  }
  let scaleShortSide = plan.scaleShortSide
  const srcShort = sourceShortSide(media)
  const currentShort = plan.scaleShortSide ?? srcShort
  // A small step down (405p to 360p) resamples away fine detail without freeing many bits:
  // a night time-lapse lost 0.056 SSIM that way. Only a clearly starved stream is scaled.
  if (options.resolution == null && wanted <= WORTHWHILE_PIXEL_SHARE) {
    const candidates = RESOLUTION_LADDER.filter((step) => step < currentShort)
    const fitting = candidates.find((step) => (step / currentShort) ** 2 <= wanted) ?? candidates[candidates.length - 1]
    if (fitting !== undefined && fitting < currentShort) {
      scaleShortSide = fitting
      changes.push(lowerResolutionNote(fitting, srcShort, plan.targetBytes))
    }
  }
  if (scaleShortSide === plan.scaleShortSide && fpsCap === plan.fpsCap) return null
  // Fewer frames means fewer index entries: recompute the overhead and give the bytes to video.
  const duration = media.durationSeconds
  const overheadBytes =
    estimateOverheadBytes(plan.container, duration, fpsCap ?? media.video.fps ?? 30, plan.audio, tagCharsOf(media)) + carriedBytes(media, plan)
  const videoKbps = plan.videoKbps + ((plan.overheadBytes - overheadBytes) * 8 * RATE_SAFETY[plan.videoCodec]) / duration / 1000
  return { ...plan, scaleShortSide, fpsCap, overheadBytes, videoKbps, changes, adaptAfterAnalysis: false, standInAnalysisKbps: null }
}

/** Share of the budget rate control aims for: its misses are around 1-2% (x264/x265), more for VP9/AV1. */
const RATE_SAFETY: Record<VideoCodec, number> = { h264: 0.995, hevc: 0.985, vp9: 0.97, av1: 0.97 }

/** Bits per pixel per frame the plan's video bitrate gives at its output size and frame rate. */
export function planBitsPerPixel(plan: EncodePlan, media: MediaInfo): number {
  const fps = plan.fpsCap ?? media.video.fps ?? 30
  return ((plan.videoKbps ?? 0) * 1000) / (pixelsAt(media, plan.scaleShortSide ?? sourceShortSide(media)) * fps)
}

function pixelsAt(media: MediaInfo, shortSide: number): number {
  const { displayWidth: w, displayHeight: h } = media.video
  const scale = shortSide / Math.min(w, h)
  return Math.max(1, w * scale) * Math.max(1, h * scale)
}

function planAudioForBudget(
  media: MediaInfo,
  quality: QualityPreference,
  keepAudio: boolean,
  canCopyAudio: boolean,
  encoder: 'aac' | 'libopus',
  targetBytes: number,
  duration: number,
  container: Container,
  fps: number
): AudioPlan {
  if (!keepAudio || !media.audio) return { kind: 'none' }
  const totalKbps = ((targetBytes - estimateOverheadBytes(container, duration, fps, { kind: 'none' })) * 8) / duration / 1000
  const sourceKbps = media.audio.bitRate ? media.audio.bitRate / 1000 : null
  const base = baseAudioKbps(media, quality)
  if (canCopyAudio && sourceKbps !== null && sourceKbps <= base * 1.1 && sourceKbps <= totalKbps * MAX_AUDIO_SHARE) {
    return { kind: 'copy', kbps: sourceKbps }
  }
  let kbps = base
  const ladder = encoder === 'libopus' ? [...AUDIO_LADDER_KBPS, 24, 16] : [...AUDIO_LADDER_KBPS]
  for (const step of ladder) {
    if (step > base) continue
    kbps = step
    if (step <= totalKbps * MAX_AUDIO_SHARE) break
  }
  kbps = Math.max(kbps, MIN_AUDIO_KBPS[encoder])
  const channels = kbps <= 48 ? 1 : Math.min(2, media.audio.channels)
  return { kind: 'encode', encoder, kbps, channels }
}

function impossibleTarget(
  media: MediaInfo,
  targetBytes: number,
  container: Container,
  fps: number,
  keepAudio: boolean,
  encoder: 'aac' | 'libopus',
  carriedStreamBytes: number
): UserFacingError {
  const duration = media.durationSeconds
  const minAudioKbps = keepAudio ? MIN_AUDIO_KBPS[encoder] : 0
  const audio: AudioPlan = keepAudio ? { kind: 'encode', encoder, kbps: minAudioKbps, channels: 1 } : { kind: 'none' }
  const minimum = (withAudioKbps: number, plan: AudioPlan): number =>
    Math.ceil(
      ((MIN_VIDEO_KBPS + withAudioKbps) * 1000 * duration) / 8 / RATE_SAFETY.h264 + estimateOverheadBytes(container, duration, fps, plan) + carriedStreamBytes
    )
  const smallest = minimum(minAudioKbps, audio)
  const withoutAudio = minimum(0, { kind: 'none' })
  const seconds = duration >= 120 ? `${Math.round(duration / 60)}-minute` : duration >= 0.5 ? `${Math.round(duration)}-second` : 'sub-second'
  const audioHint = keepAudio ? ` (about ${formatBytes(withoutAudio)} without the audio)` : ''
  const audioAlone = keepAudio && targetBytes < (minAudioKbps * 1000 * duration) / 8
  const lead = audioAlone
    ? `Even the audio alone of this ${seconds} video needs more than ${formatBytes(targetBytes)}.`
    : `A ${seconds} video cannot fit in ${formatBytes(targetBytes)}.`
  return new UserFacingError(
    'impossible-target',
    `${lead} The smallest possible is about ${formatBytes(smallest)}${audioHint}. Choose a bigger target${keepAudio ? ', remove the audio,' : ''} or trim the video.`
  )
}

function planCopyOrRemux(input: PlanInput, quality: QualityPreference, targetBytes: number): EncodePlan | null {
  const { media, options } = input
  const base = {
    videoCodec: (['h264', 'hevc', 'vp9', 'av1'] as const).find((c) => SOURCE_CODEC_OF[c] === media.video.codec) ?? 'h264',
    encoder: 'copy',
    quality,
    scaleShortSide: null,
    fpsCap: null,
    targetBytes,
    videoKbps: null,
    crf: null,
    overheadBytes: 0,
    adaptAfterAnalysis: false,
    standInAnalysisKbps: null,
    toneMapFrom: null
  }
  const sourceContainer = containerOfExtension(input.sourceExtension)
  if (!options.container || options.container === sourceContainer) {
    return {
      // Nothing to do: next to the original nothing is written; into an output folder the user
      // chose, a byte copy (every track, subtitles included, as it is). The result says which.
      ...base,
      mode: 'copy',
      container: sourceContainer ?? DEFAULT_CONTAINER,
      extension: input.sourceExtension,
      subtitles: [],
      attachments: [],
      audio: media.audio ? { kind: 'copy', kbps: (media.audio.bitRate ?? 0) / 1000 } : { kind: 'none' },
      changes: []
    }
  }
  const container = options.container
  const videoOk = REMUXABLE_VIDEO[container].includes(media.video.codec)
  const audioOk = !media.audio || COPYABLE_AUDIO[container].includes(media.audio.codec)
  if (!videoOk || !audioOk) return null
  // The result's sentence says it was repackaged (alreadyUnderTarget); changes keep what else happened.
  const changes: string[] = []
  const { subtitles, attachments } = planCarriedStreams(media, container, media.audio !== null, changes)
  return {
    ...base,
    mode: 'remux',
    container,
    extension: container,
    subtitles,
    attachments,
    audio: media.audio ? { kind: 'copy', kbps: (media.audio.bitRate ?? 0) / 1000 } : { kind: 'none' },
    changes
  }
}

function containerOfExtension(extension: string): Container | null {
  if (extension === 'mp4' || extension === 'm4v') return 'mp4'
  if (extension === 'mov' || extension === 'qt') return 'mov'
  if (extension === 'mkv') return 'mkv'
  if (extension === 'webm') return 'webm'
  return null
}
