// What the rules have read so far (issue 3): every mention, before contradictions are settled
// and one value per field is chosen (settle.ts).

import type { Aspect, Container, Fit, QualityFloorLevel, QualityPreference, Rotation, TrimPrecision, VideoCodec } from '../../compression'
import type { PlatformLimit } from '../platforms'

/** A point of a trim as said: seconds from the start of the file, or (fromEnd) before its end. */
export interface TrimPoint {
  seconds: number
  fromEnd: boolean
  text: string
}

export interface Draft {
  targetSizes: Array<{ bytes: number; text: string }>
  /** Lower bounds said about the output ("at least 50 MB"), checked against the target. */
  sizeFloors: Array<{ bytes: number; text: string }>
  ratios: Array<{ ratio: number; text: string }>
  resolutions: Array<{ value: number; text: string }>
  frameRates: Array<{ value: number; text: string }>
  containers: Array<{ value: Container; text: string }>
  codecs: Array<{ value: VideoCodec; text: string }>
  audioRemove: string[]
  audioKeep: string[]
  qualities: Array<{ value: QualityPreference; text: string }>
  /** Quality floors said ("must look good", "画质别损失太多"), issue #12. */
  qualityFloors: Array<{ value: QualityFloorLevel; text: string }>
  platforms: PlatformLimit[]
  /** Where the kept part starts and ends, and how long it is ("30 seconds long"), as said (issue 14). */
  trimStarts: TrimPoint[]
  trimEnds: TrimPoint[]
  trimLengths: Array<{ seconds: number; text: string }>
  trimPrecisions: Array<{ value: TrimPrecision; text: string }>
  aspects: Array<{ value: Aspect; text: string }>
  /** A shape asked as the platform's own ("full screen for TikTok"), resolved once the platforms are read. */
  platformShapeAsked: string[]
  fits: Array<{ value: Fit; text: string }>
  rotations: Array<{ value: Rotation; text: string }>
  sourceSizes: number[]
  cloudOnly: string[]
  warnings: string[]
  errors: string[]
  assumptions: string[]
  /** Something was said about the output that needs no field, e.g. "keep the resolution". */
  otherSettingMentioned: boolean
  /** "lower the resolution" / "drop the frame rate" without a number: warned unless a number came too. */
  vagueWishes: Array<'resolution' | 'fps'>
}

/** An edit for the cloud engine, named once however often it is asked. */
export function addCloudOnly(draft: Draft, label: string): void {
  if (!draft.cloudOnly.includes(label)) draft.cloudOnly.push(label)
}

export function newDraft(): Draft {
  return {
    targetSizes: [],
    sizeFloors: [],
    ratios: [],
    resolutions: [],
    frameRates: [],
    containers: [],
    codecs: [],
    audioRemove: [],
    audioKeep: [],
    qualities: [],
    qualityFloors: [],
    platforms: [],
    trimStarts: [],
    trimEnds: [],
    trimLengths: [],
    trimPrecisions: [],
    aspects: [],
    platformShapeAsked: [],
    fits: [],
    rotations: [],
    sourceSizes: [],
    cloudOnly: [],
    warnings: [],
    errors: [],
    assumptions: [],
    otherSettingMentioned: false,
    vagueWishes: []
  }
}
