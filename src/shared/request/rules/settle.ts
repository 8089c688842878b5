// From everything the rules read to one value per field (issue 3): two targets of one kind,
// limits the engine cannot go past, combinations that cannot be written, and the platform limit
// against an explicit size. Where the request contradicts itself, the choice is said in a warning.

import { CODEC_LABEL, CONTAINER_LABEL, CONTAINER_VIDEO_CODECS, type AudioMode, type QualityPreference, SHORT_SIDE_RANGE } from '../../compression'
import { describeSize } from '../summary'
import type { ParsedRequest, PlatformLimitUsed, RequestDetails } from '../types'
import type { Draft } from './draft'

/** The highest frame rate the engine produces. */
const MAX_FPS = 240

/** The words a contradiction came from, as the request said them: '"720p", "1080p"'. */
function quoted(texts: readonly string[]): string {
  return texts.map((text) => `"${text}"`).join(', ')
}

/** Two different sizes, ratios, resolutions or frame rates: the smaller, with a warning. */
function pickSmallest<T extends { text: string }>(
  items: readonly T[],
  valueOf: (item: T) => number,
  what: string,
  format: (value: number) => string,
  warnings: string[]
): number | null {
  if (items.length === 0) return null
  const values = [...new Set(items.map(valueOf))]
  const smallest = Math.min(...values)
  if (values.length > 1) {
    warnings.push(`Two different ${what} were asked (${quoted(items.map((item) => item.text))}); using the smaller, ${format(smallest)}.`)
  }
  return smallest
}

/** Two different containers or codecs: the first, with a warning. */
function pickFirst<T extends string>(
  items: ReadonlyArray<{ value: T; text: string }>,
  what: string,
  label: (value: T) => string,
  warnings: string[]
): T | null {
  const first = items[0]
  if (!first) return null
  const distinct = [...new Set(items.map((item) => item.value))]
  if (distinct.length > 1) {
    warnings.push(`Two different ${what} were asked (${quoted(items.map((item) => item.text))}); using the first, ${label(first.value)}.`)
  }
  return first.value
}

/** One value per setting, or null where the request said nothing about it: the parsed request's own fields. */
export type SettledFields = Pick<
  ParsedRequest,
  'targetBytes' | 'targetRatio' | 'resolution' | 'fps' | 'container' | 'videoCodec' | 'audio' | 'quality' | 'platform'
> &
  Pick<RequestDetails, 'platformLimit'>

/** Chooses one value per field from the draft; warnings, assumptions and errors go into the draft. */
export function settleDraft(draft: Draft): SettledFields {
  const warnings = draft.warnings
  const explicitBytes = pickSmallest(draft.targetSizes, (item) => item.bytes, 'sizes', describeSize, warnings)
  const targetRatio = pickSmallest(
    draft.ratios,
    (item) => item.ratio,
    'relative sizes',
    (ratio) => `${Math.round(ratio * 1000) / 10}% of the original`,
    warnings
  )
  const resolution = pickSmallest(
    draft.resolutions,
    (item) => item.value,
    'resolutions',
    (value) => `${value}p`,
    warnings
  )
  const fps = pickSmallest(
    draft.frameRates,
    (item) => item.value,
    'frame rates',
    (value) => `${value} fps`,
    warnings
  )
  const container = pickFirst(draft.containers, 'containers', (value) => CONTAINER_LABEL[value], warnings)
  let videoCodec = pickFirst(draft.codecs, 'codecs', (value) => CODEC_LABEL[value], warnings)

  if (draft.vagueWishes.includes('resolution') && resolution === null) {
    warnings.push('A lower resolution was asked without a number; say one ("720p") to choose it. The engine lowers it only if the target size needs that.')
  }
  if (draft.vagueWishes.includes('fps') && fps === null) {
    warnings.push('A lower frame rate was asked without a number; say one ("30fps") to change it. Keeping the source frame rate.')
  }
  if (resolution !== null && (resolution < SHORT_SIDE_RANGE.min || resolution > SHORT_SIDE_RANGE.max)) {
    draft.errors.push(
      `${resolution}p is not a resolution the engine can produce (${SHORT_SIDE_RANGE.min} to ${SHORT_SIDE_RANGE.max} pixels on the short side).`
    )
  }
  if (fps !== null && (fps <= 0 || fps > MAX_FPS)) {
    draft.errors.push(
      fps <= 0
        ? 'A frame rate of 0 or less has no pictures: give a frame rate of at least 1 fps.'
        : `${fps} fps is more than the engine produces (at most ${MAX_FPS} fps).`
    )
  }

  if (container !== null && videoCodec !== null && !CONTAINER_VIDEO_CODECS[container].includes(videoCodec)) {
    const allowed = CONTAINER_VIDEO_CODECS[container].map((codec) => CODEC_LABEL[codec]).join(' or ')
    warnings.push(
      `${CONTAINER_LABEL[container]} cannot carry ${CODEC_LABEL[videoCodec]} (only ${allowed}); keeping ${CONTAINER_LABEL[container]} and letting the engine choose its default codec.`
    )
    videoCodec = null
  }

  let audio: AudioMode = 'keep'
  if (draft.audioRemove.length > 0 && draft.audioKeep.length > 0) {
    warnings.push(
      `The request says both to remove the audio (${quoted(draft.audioRemove)}) and to keep it (${quoted(draft.audioKeep)}); keeping the audio, since removing it cannot be undone.`
    )
  } else if (draft.audioRemove.length > 0) {
    audio = 'remove'
  }

  let quality: QualityPreference | null = null
  const qualityValues = [...new Set(draft.qualities.map((item) => item.value))]
  if (qualityValues.length === 1) quality = qualityValues[0] ?? null
  else if (qualityValues.length > 1) {
    quality = 'balanced'
    warnings.push(`The request asks for different qualities (${quoted(draft.qualities.map((item) => item.text))}); using a balance of size and quality.`)
  }

  // Platform limits: the smallest of those named, unless an explicit size was given.
  let targetBytes = explicitBytes
  let platform: string | null = null
  let platformLimit: PlatformLimitUsed | null = null
  const strictest = [...draft.platforms].sort((a, b) => a.limitBytes - b.limitBytes)[0]
  if (strictest) {
    if (explicitBytes === null) {
      targetBytes = strictest.limitBytes
      platform = strictest.name
      platformLimit = { name: strictest.name, limitBytes: strictest.limitBytes, note: strictest.note, source: strictest.source }
      if (draft.platforms.length > 1) {
        draft.assumptions.push(`Several places named (${draft.platforms.map((p) => p.name).join(', ')}); aiming for the smallest limit, ${strictest.name}'s.`)
      }
    } else if (explicitBytes > strictest.limitBytes) {
      warnings.push(
        `${describeSize(explicitBytes)} is over ${strictest.name}'s limit of ${describeSize(strictest.limitBytes)} (${strictest.note}) Aiming for ${describeSize(explicitBytes)} as asked.`
      )
    }
  }

  for (const floor of draft.sizeFloors) {
    if (targetBytes === null)
      draft.sourceSizes.push(floor.bytes) // no cap: it tells about the input
    else if (floor.bytes >= targetBytes) {
      warnings.push(
        `The request asks for under ${describeSize(targetBytes)} and also at least ${describeSize(floor.bytes)} ("${floor.text}"); no file can be both, so the result stays under ${describeSize(targetBytes)}.`
      )
    }
  }

  return { targetBytes, targetRatio, resolution, fps, container, videoCodec, audio, quality, platform, platformLimit }
}
