// From everything the rules read to one value per field (issue 3): two targets of one kind,
// limits the engine cannot go past, combinations that cannot be written, and the platform limit
// against an explicit size. Where the request contradicts itself, the choice is said in a warning.

import {
  CODEC_LABEL,
  CONTAINER_LABEL,
  CONTAINER_VIDEO_CODECS,
  DEFAULT_FIT,
  type AudioMode,
  type QualityFloorLevel,
  type QualityPreference,
  SHORT_SIDE_RANGE
} from '../../compression'
import { formatTimecode } from '../../trim'
import { describeSize } from '../summary'
import type { PlatformLimitUsed, RequestDetails, RequestFields } from '../types'
import type { Draft, TrimPoint } from './draft'

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

/** Two different containers, codecs, shapes or turns: the first, with a warning. */
function pickFirst<T extends string | number>(
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
export type SettledFields = Omit<RequestFields, 'intent'> & Pick<RequestDetails, 'platformLimit' | 'trim' | 'fit' | 'lengthLimit' | 'platformAspect'>

/** "0:05", "1:00 before the end": a trim point in words. */
function describePoint(item: TrimPoint): string {
  return item.fromEnd ? `${formatTimecode(item.seconds)} before the end` : formatTimecode(item.seconds)
}

/** Two different starts (or ends): the first, with a warning. */
function pickPoint(items: readonly TrimPoint[], what: string, warnings: string[]): TrimPoint | null {
  const first = items[0]
  if (!first) return null
  const distinct = new Set(items.map((item) => `${item.fromEnd ? '-' : ''}${item.seconds}`))
  if (distinct.size > 1) {
    warnings.push(`Two different ${what} were asked (${quoted(items.map((item) => item.text))}); using the first, ${describePoint(first)}.`)
  }
  return first
}

type TrimFieldsSettled = Pick<SettledFields, 'trimStart' | 'trimEnd' | 'trim'>

/**
 * One start and one end (issue 14): a length said with a start becomes the end ("from 0:10, 30
 * seconds long": 0:10 to 0:40); an end before the start is refused, since no part is left.
 */
function settleTrim(draft: Draft): TrimFieldsSettled {
  const warnings = draft.warnings
  const start = pickPoint(draft.trimStarts, 'starts', warnings)
  let end = pickPoint(draft.trimEnds, 'ends', warnings)
  const length = pickSmallest(draft.trimLengths, (item) => item.seconds, 'lengths', formatTimecode, warnings)
  if (length !== null) {
    if (end !== null) {
      const implied = start === null || start.fromEnd === end.fromEnd ? Math.abs(end.seconds - (start?.seconds ?? 0)) : null
      if (implied === null || Math.abs(implied - length) > 0.001) {
        warnings.push(`The request gives both an end (${describePoint(end)}) and a length (${formatTimecode(length)}); using the end.`)
      }
    } else if (start?.fromEnd === true) {
      // "the last minute, 30 seconds long": from 1:00 before the end to 0:30 before it.
      if (length < start.seconds) end = { seconds: Math.round((start.seconds - length) * 1000) / 1000, fromEnd: true, text: '' }
    } else {
      end = { seconds: Math.round(((start?.seconds ?? 0) + length) * 1000) / 1000, fromEnd: false, text: '' }
    }
  }
  const precision = draft.trimPrecisions[0]?.value ?? null
  if (new Set(draft.trimPrecisions.map((item) => item.value)).size > 1) {
    warnings.push(
      `The request asks for both a quick cut on keyframes and a frame-exact one (${quoted(draft.trimPrecisions.map((item) => item.text))}); cutting on the exact frames.`
    )
  }
  const settledPrecision = new Set(draft.trimPrecisions.map((item) => item.value)).size > 1 ? 'frame' : precision
  if (start === null && end === null) {
    if (settledPrecision === 'keyframe') {
      warnings.push(
        `"${draft.trimPrecisions[0]?.text ?? ''}" is about where a trim cuts, and nothing is trimmed; say which part to keep ("only the first 30 seconds").`
      )
    }
    return { trimStart: null, trimEnd: null, trim: { startFromEnd: null, endFromEnd: null, precision: null } }
  }
  if (start !== null && end !== null && start.fromEnd === end.fromEnd) {
    const endsFirst = start.fromEnd ? end.seconds >= start.seconds : end.seconds <= start.seconds
    if (endsFirst) {
      draft.errors.push(
        `The trim ends (${describePoint(end)}) before it starts (${describePoint(start)}), so nothing would be left: give an end after the start${start.fromEnd ? '' : `, e.g. "from ${formatTimecode(start.seconds)} to ${formatTimecode(start.seconds + 30)}"`}.`
      )
    }
  }
  return {
    trimStart: start !== null && !start.fromEnd ? start.seconds : null,
    trimEnd: end !== null && !end.fromEnd ? end.seconds : null,
    trim: {
      startFromEnd: start?.fromEnd === true ? start.seconds : null,
      endFromEnd: end?.fromEnd === true ? end.seconds : null,
      precision: settledPrecision
    }
  }
}

type ShapeFieldsSettled = Pick<SettledFields, 'aspect' | 'fit' | 'rotate' | 'lengthLimit' | 'platformAspect'>

/** One shape, fit and turn; the platforms' shapes and lengths for the plan of a file. */
function settleShape(draft: Draft): ShapeFieldsSettled {
  const warnings = draft.warnings
  const shaped = draft.platforms.find((platform) => platform.shape !== undefined)
  const platformAspect = shaped?.shape ? { name: shaped.name, aspect: shaped.shape.aspect, source: shaped.shape.source } : null
  const lengthy = draft.platforms
    .filter((platform) => platform.length !== undefined)
    .sort((a, b) => (a.length?.maxSeconds ?? 0) - (b.length?.maxSeconds ?? 0))[0]
  const lengthLimit = lengthy?.length ? { name: lengthy.name, maxSeconds: lengthy.length.maxSeconds, source: lengthy.length.source } : null
  const aspects = [...draft.aspects]
  if (draft.platformShapeAsked.length > 0) {
    if (platformAspect !== null) aspects.push({ value: platformAspect.aspect, text: draft.platformShapeAsked[0] ?? '' })
    else
      warnings.push(
        `"${draft.platformShapeAsked[0] ?? ''}" needs a shape: say "vertical" (9:16), "square" (1:1) or "landscape" (16:9), or name the platform ("for TikTok").`
      )
  }
  const aspect = pickFirst(aspects, 'shapes', (value) => value, warnings)
  let fit = pickFirst(
    draft.fits,
    'ways to fit the picture',
    (value) => (value === 'crop' ? 'cropping' : value === 'pad' ? 'black bars' : 'blurred bars'),
    warnings
  )
  if (aspect === null && fit !== null) {
    warnings.push(
      `"${draft.fits[0]?.text ?? ''}" needs a shape to fit into: say "vertical" (9:16), "square" (1:1) or "landscape" (16:9). Keeping the source's shape.`
    )
    fit = null
  } else if (aspect !== null && fit === null) fit = DEFAULT_FIT
  const rotate = pickFirst(draft.rotations, 'turns', (value) => `${value}°`, warnings)
  return { aspect, fit, rotate, lengthLimit, platformAspect }
}

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

  // The quality floor (issue #12): the higher of those said. Asked with "as small as possible",
  // the floor holds (the size then gives way to it only up to the target) and that is said.
  const floors = draft.qualityFloors.map((item) => item.value)
  const minQuality: QualityFloorLevel | null = floors.includes('high') ? 'high' : floors.includes('good') ? 'good' : null
  const smallest = draft.qualities.filter((item) => item.value === 'small')
  if (minQuality !== null && smallest.length > 0) {
    warnings.push(
      `The request asks for the smallest file (${quoted(smallest.map((item) => item.text))}) and for a quality floor (${quoted(draft.qualityFloors.map((item) => item.text))}); keeping the floor: the file will be as small as that quality allows.`
    )
  }

  let quality: QualityPreference | null = null
  const qualityValues = [...new Set(draft.qualities.map((item) => item.value))]
  if (qualityValues.length === 1) quality = qualityValues[0] ?? null
  else if (qualityValues.length > 1) {
    quality = 'balanced'
    // The smallest file with a floor is said once, above.
    if (minQuality === null || smallest.length === 0 || qualityValues.length > 2)
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

  return {
    targetBytes,
    targetRatio,
    resolution,
    fps,
    container,
    videoCodec,
    audio,
    quality,
    minQuality,
    platform,
    platformLimit,
    ...settleTrim(draft),
    ...settleShape(draft)
  }
}
