// The shape of a parsed plain-language request (issue 3). The top-level keys are exactly the
// keys of `compress-video plan --json`; everything else lives under `details`.

import type {
  Aspect,
  AudioMode,
  Container,
  Fit,
  QualityFloorLevel,
  QualityPreference,
  Rotation,
  SpeedPreference,
  TrimPrecision,
  VideoCodec
} from '../compression'

/**
 * What the text asks for, routed as the NemoVideo skill routes it (shared/docs/nemo-protocol.md,
 * "Routing of what the user types"), with 'compress' for everything the local engine can do.
 */
export type RequestIntent = 'compress' | 'export' | 'credits' | 'status' | 'upload' | 'other'

export const REQUEST_INTENTS: readonly RequestIntent[] = ['compress', 'export', 'credits', 'status', 'upload', 'other']

export interface PlatformLimitUsed {
  name: string
  limitBytes: number
  note: string
  source: string
}

/** A platform's documented shape or length, for the plan of a known file (issue 14). */
export interface PlatformRuleUsed {
  name: string
  source: string
}

export interface RequestDetails {
  /**
   * Why the request cannot be planned at all ("under 0 MB"), or null. When set, the same text is
   * also the first warning, and callers must not compress (the CLI exits 2 with this message).
   */
  error: string | null
  /** The phrases that were understood, in the order the rules read them (for "why this plan?"). */
  matched: string[]
  /** The platform limit behind `targetBytes`, with its source, when a platform set the target. */
  platformLimit: PlatformLimitUsed | null
  /** Every platform named, even when an explicit size won over its limit. */
  platformsMentioned: string[]
  /**
   * Trim points counted back from the end of the file ("the last minute": startFromEnd 60; "drop
   * the last 10 seconds": endFromEnd 10), which `trimStart`/`trimEnd` cannot hold without the
   * file's length, and where the cut may fall (null: on any frame).
   */
  trim: { startFromEnd: number | null; endFromEnd: number | null; precision: TrimPrecision | null }
  /** How the picture fits `aspect` (crop unless bars were asked); null without an aspect. */
  fit: Fit | null
  /** The encoding effort asked (issue 17 §1: "quickly" fast, "I can wait" thorough); null: the engine's per-file choice. */
  speed: SpeedPreference | null
  /** The shortest length limit among the platforms named ("X accepts up to 2:20"), for a plan with a file. */
  lengthLimit: (PlatformRuleUsed & { maxSeconds: number }) | null
  /** The shape a platform named shows full screen (TikTok: 9:16), for a plan with a file. */
  platformAspect: (PlatformRuleUsed & { aspect: Aspect }) | null
  /** Sizes that describe the input ("my 2GB video", "from 500MB"), which are not targets. */
  sourceSizes: number[]
  /** Edits only the NemoVideo cloud engine can do ("add subtitles"); non-empty means intent 'other'. */
  cloudOnly: string[]
  /** How ambiguous wording was read, e.g. "'compress 30%' read as 30% smaller". */
  assumptions: string[]
  /** The text after normalisation (width, case, number words), for debugging a miss. */
  normalizedText: string
}

export interface ParsedRequest {
  intent: RequestIntent
  /** Upper bound for the output in bytes (MB = 10^6, MiB = 2^20). */
  targetBytes: number | null
  /** Fraction of the source size, e.g. 0.3 for "reduce by 70%". */
  targetRatio: number | null
  /** Output short side in px: "1080x1920 vertical" -> 1080, "4K" -> 2160. */
  resolution: number | null
  fps: number | null
  /** The container asked for as output ("turn this mov into an mp4" -> mp4), not the source's. */
  container: Container | null
  videoCodec: VideoCodec | null
  /** 'keep' unless removal was asked. */
  audio: AudioMode
  quality: QualityPreference | null
  /** The least quality the result may have (issue #12: "must look good" is 'good', "keep the quality" 'high'), or null. */
  minQuality: QualityFloorLevel | null
  /** Name of the platform whose limit became `targetBytes`. */
  platform: string | null
  /** The part kept, in seconds from the start of the file, or null (from the start / to the end). */
  trimStart: number | null
  trimEnd: number | null
  /** The result's shape, or null to keep the source's. */
  aspect: Aspect | null
  /** Quarter turns clockwise, or null. */
  rotate: Rotation | null
  /** One line for people, e.g. "Under 100 MB · keep resolution · H.264 MP4 · AAC audio". */
  summary: string
  /** Contradictions, ignored parts and refusals, each a sentence that says what was done. */
  warnings: string[]
  details: RequestDetails
}

/** What is known about the input file, for a plan with numbers filled in. */
export interface SourceFacts {
  sizeBytes: number
  durationSeconds: number
  width: number
  height: number
  fps: number | null
  hasAudio: boolean
}

export interface SourcePlan {
  summary: string
  warnings: string[]
  /**
   * What the platforms named document and this file does not meet (too long, another shape),
   * with what to add to the request (issue 14); also among the warnings. Worth saying even when
   * nothing needs encoding.
   */
  platformHints: string[]
  /** The byte target for this file (a ratio turned into bytes), or null when none was asked. */
  targetBytes: number | null
  /** Video bitrate that fills the target, or null when there is no target or it cannot fit. */
  videoKbps: number | null
  /** Output short side chosen for this file. */
  resolution: number | null
  /** Rough encode time on a typical machine; see the heuristic in summary.ts. */
  estimatedSeconds: number | null
}

/**
 * The parsed request's settings, in the order `plan --json` prints them (before summary,
 * warnings and details): one list for the JSON, the summary, the settling and the test tables.
 */
export const REQUEST_FIELDS = [
  'intent',
  'targetBytes',
  'targetRatio',
  'resolution',
  'fps',
  'container',
  'videoCodec',
  'audio',
  'quality',
  'minQuality',
  'platform',
  'trimStart',
  'trimEnd',
  'aspect',
  'rotate'
] as const satisfies ReadonlyArray<keyof ParsedRequest>

export type RequestFields = Pick<ParsedRequest, (typeof REQUEST_FIELDS)[number]>
