// What the rules have read so far (issue 3): every mention, before contradictions are settled
// and one value per field is chosen (settle.ts).

import type { Container, QualityPreference, VideoCodec } from '../../compression'
import type { PlatformLimit } from '../platforms'

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
  platforms: PlatformLimit[]
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
    platforms: [],
    sourceSizes: [],
    cloudOnly: [],
    warnings: [],
    errors: [],
    assumptions: [],
    otherSettingMentioned: false,
    vagueWishes: []
  }
}
