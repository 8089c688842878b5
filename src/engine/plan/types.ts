// What a plan is and what it is made from: the encode's mode, codecs, bitrates, picture, the
// streams carried along, and the notes about what the engine decided on its own. Made by
// planCompression (index.ts), carried out by ffmpeg/args.ts and compress.ts.
import type { CompressOptions, Container, QualityPreference, VideoCodec } from '../../shared/compression'
import type { HardwareEncoder } from '../ffmpeg/hardware'
import type { MediaInfo } from '../probe'
import type { EditPlan } from './edit'
import type { EffortChoice } from './effort'

/**
 * copy: the file as it is; remux: its streams in another container; edit: its streams cut on a
 * keyframe and/or turned in rotation metadata, without re-encoding (issue 14); crf, target: re-encoded.
 */
export type PlanMode = 'copy' | 'remux' | 'edit' | 'crf' | 'target'

export type AudioPlan = Readonly<
  { kind: 'none' } | { kind: 'copy'; kbps: number } | { kind: 'encode'; encoder: 'aac' | 'libopus'; kbps: number; channels: number }
>

/** One subtitle track to carry over: copied as it is, or converted to the container's text format. */
export interface SubtitlePlan {
  readonly index: number
  readonly encoder: 'copy' | 'mov_text' | 'webvtt' | 'srt'
  /** Bytes budgeted for the track in the output (target mode). */
  readonly estimatedBytes: number
}

/** Made once by the planner and never changed: a later decision makes a new plan (withChange, adaptToAnalysis). */
export interface EncodePlan {
  readonly mode: PlanMode
  readonly container: Container
  /** File extension of the output, without dot. */
  readonly extension: string
  readonly videoCodec: VideoCodec
  /** ffmpeg encoder name, e.g. libx264. */
  readonly encoder: string
  readonly quality: QualityPreference
  /** Output short side when scaling, null to keep the source size. */
  readonly scaleShortSide: number | null
  /** Output frame-rate cap, null to keep every frame as it is. */
  readonly fpsCap: number | null
  readonly audio: AudioPlan
  /** The promise: the output is never larger than this (target mode), or null. */
  readonly targetBytes: number | null
  /** Video bitrate of the first attempt (target mode). */
  readonly videoKbps: number | null
  /** Constant-quality value (crf mode). */
  readonly crf: number | null
  /** Estimated container overhead in bytes (target mode). */
  readonly overheadBytes: number
  /** What the engine decided on its own, said in the result. */
  readonly changes: readonly string[]
  /**
   * The resolution/frame rate may still be lowered after the analysis pass, from how hard the
   * encoder found the content (x264/x265 statistics), rather than from a pixel-count guess.
   */
  readonly adaptAfterAnalysis: boolean
  /**
   * For encoders whose statistics we cannot read (VP9, AV1): the bitrate of the x264 analysis
   * pass that measures the content instead (the H.264 rate worth this plan's picture). Null when
   * the encoder's own analysis pass is read, or nothing is adapted.
   */
  readonly standInAnalysisKbps: number | null
  /**
   * The HDR transfer to convert from when the source is HDR and is re-encoded: every encoder
   * here writes 8-bit 4:2:0, and HDR code values shown as standard range look grey and flat.
   */
  readonly toneMapFrom: 'pq' | 'hlg' | null
  /** Subtitle tracks kept in the output, in source order. */
  readonly subtitles: readonly SubtitlePlan[]
  /** Attached files (fonts) copied along: only Matroska holds them. Stream indexes. */
  readonly attachments: readonly number[]
  /** The trim, turn and shape (issue 14), or null; `media` is then the edited picture (edit.ts editedMedia). */
  readonly edit: EditPlan | null
  /**
   * The x264 final pass's preset, chosen from the analysis pass (issue 17 §1, effort.ts); absent
   * or null: the quality preference's own preset (thorough, and every plan before the analysis).
   */
  readonly effort?: EffortChoice | null
}

/** The subtitle tracks and attachments a plan carries besides the picture and the audio. */
export type CarriedStreams = Pick<EncodePlan, 'subtitles' | 'attachments'>

export interface Capabilities {
  encoders: ReadonlySet<string>
  filters: ReadonlySet<string>
}

export interface PlanInput {
  /** The media as the encoder gets it: with an edit, editedMedia's (the kept part, the shaped picture). */
  media: MediaInfo
  /** The bytes of what is kept (edit.ts keptBytes): the whole file without a trim. */
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
  /** The trim, turn and shape asked (planEdit), carried into the plan. */
  edit?: EditPlan | null
}
