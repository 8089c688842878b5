// Plain-language request -> ParsedRequest (issue 3). Pure TypeScript: the renderer runs it on
// every keystroke for a live preview, the CLI runs it for `plan` and `--request`.
//
// How it works: the text is normalised (normalize.ts), then rules run in a fixed order. Each rule
// blanks out what it understood, so a later rule never reads the same characters again: "mp4"
// is read as a container before the size rule could see a "4", "4k" as a resolution before it
// could be 4 KB, "720p60" as a resolution and a frame rate before either rule alone.
//
// Mentions that describe the input rather than the output ("this 2GB video", "turn this mov into
// an mp4", "from 4K to 1080p") are told apart by the words around them (`roleOf`, rules/role.ts).
//
// Decisions on ambiguous phrasings (also in the tests, which pin them):
// - Intent: any compression setting (size, ratio, platform, resolution, fps, container, codec,
//   audio, quality) makes it 'compress', even with "export" or "download" in the text: "export
//   1080p MP4" names output settings. 'export', 'upload', 'credits', 'status' only without any.
// - An edit the local engine cannot do ("add subtitles") makes it 'other' even when settings are
//   present, with a warning; the settings are still filled in so a caller can offer them.
// - Two different targets of one kind (sizes, resolutions, fps) take the smaller and warn; two
//   containers or codecs take the first and warn; "mute" with "keep the audio" keeps it and warns.
// - An explicit size beats a platform's limit; when it is over the limit a warning says so.
// - "compress 30%" (a percentage with no "to"/"of"/"by") is read as 30% smaller; "to 30%" and
//   "30% of the size" are 30% of the source.
// - "2K" is 1440 (what monitors sold as 2K are); "HD" is 720, "full HD" 1080; Chinese "高清" is
//   read as a quality wish ("keep it sharp"), not a resolution.
// - A size without a unit ("under 25") is not guessed: it is ignored with a warning.

import { CONTAINER_VIDEO_CODECS, type AudioMode, type Container, type QualityPreference, SHORT_SIDE_RANGE, type VideoCodec } from '../compression'
import { normalizeRequestText } from './normalize'
import { readAudio } from './rules/audio'
import { readBitrates } from './rules/bitrates'
import { readCloudEdits } from './rules/cloud-edits'
import { newDraft } from './rules/draft'
import { readFormats } from './rules/formats'
import { readFrameRates, readResolutionsWithFrameRates } from './rules/frame-rate'
import { decideIntent } from './rules/intent'
import { readPlatforms } from './rules/platforms'
import { readQuality } from './rules/quality'
import { readRatios } from './rules/ratios'
import { readBareResolutions, readPictureSizes, readResolutionNames } from './rules/resolution'
import { Scanner } from './rules/scanner'
import { readSizes } from './rules/sizes'
import { describeSize, summarizeRequest } from './summary'
import type { ParsedRequest, PlatformLimitUsed } from './types'

const MAX_FPS = 240

// --- Putting it together ---------------------------------------------------------------------

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
    warnings.push(`Two different ${what} were asked (${items.map((item) => `"${item.text}"`).join(', ')}); using the smaller, ${format(smallest)}.`)
  }
  return smallest
}

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
    warnings.push(`Two different ${what} were asked (${items.map((item) => `"${item.text}"`).join(', ')}); using the first, ${label(first.value)}.`)
  }
  return first.value
}

const CODEC_LABEL: Readonly<Record<VideoCodec, string>> = { h264: 'H.264', hevc: 'HEVC', vp9: 'VP9', av1: 'AV1' }
const CONTAINER_LABEL: Readonly<Record<Container, string>> = { mp4: 'MP4', webm: 'WebM', mov: 'MOV', mkv: 'MKV' }

export function parseRequest(text: string): ParsedRequest {
  const normalizedText = normalizeRequestText(typeof text === 'string' ? text : '')
  const scan = new Scanner(normalizedText)
  const draft = newDraft()

  if (normalizedText.length === 0) {
    draft.errors.push('The request is empty: say what you want, for example "under 25 MB" or "720p MP4".')
  }

  readCloudEdits(scan, draft)
  readFormats(scan, draft)
  readBitrates(scan, draft)
  readPictureSizes(scan, draft)
  readResolutionsWithFrameRates(scan, draft)
  readFrameRates(scan, draft)
  readResolutionNames(scan, draft)
  readSizes(scan, draft)
  readBareResolutions(scan, draft)
  readAudio(scan, draft)
  readQuality(scan, draft)
  readRatios(scan, draft)
  readPlatforms(scan, draft)

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
      `The request says both to remove the audio (${draft.audioRemove.map((t) => `"${t}"`).join(', ')}) and to keep it (${draft.audioKeep.map((t) => `"${t}"`).join(', ')}); keeping the audio, since removing it cannot be undone.`
    )
  } else if (draft.audioRemove.length > 0) {
    audio = 'remove'
  }

  let quality: QualityPreference | null = null
  const qualityValues = [...new Set(draft.qualities.map((item) => item.value))]
  if (qualityValues.length === 1) quality = qualityValues[0] ?? null
  else if (qualityValues.length > 1) {
    quality = 'balanced'
    warnings.push(
      `The request asks for different qualities (${draft.qualities.map((item) => `"${item.text}"`).join(', ')}); using a balance of size and quality.`
    )
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

  if (draft.cloudOnly.length > 0) {
    warnings.push(
      `This needs the NemoVideo cloud engine: ${draft.cloudOnly.join(', ')}. The local engine only compresses and converts (size, resolution, frame rate, format, codec, audio removal).`
    )
  }

  const hasSettings =
    targetBytes !== null ||
    targetRatio !== null ||
    resolution !== null ||
    fps !== null ||
    container !== null ||
    videoCodec !== null ||
    draft.audioRemove.length > 0 ||
    draft.audioKeep.length > 0 ||
    quality !== null ||
    draft.otherSettingMentioned ||
    draft.errors.length > 0 ||
    draft.containers.length > 0
  const intent = normalizedText.length === 0 ? 'other' : decideIntent(scan, draft, hasSettings)

  if (intent === 'other' && draft.cloudOnly.length === 0 && normalizedText.length > 0) {
    warnings.push(
      'No compression setting found. Say a size ("under 25 MB"), a place ("for Discord"), a resolution ("720p") or a format ("as MP4"); free-form edits need the NemoVideo cloud engine.'
    )
  }

  // Refusals lead the warnings so a caller that prints only the first one prints the reason.
  const error = draft.errors.length > 0 ? draft.errors.join(' ') : null
  if (error !== null) warnings.unshift(...draft.errors)

  const fields = { intent, targetBytes, targetRatio, resolution, fps, container, videoCodec, audio, quality, platform }
  return {
    ...fields,
    summary: summarizeRequest({ ...fields, error, cloudOnly: draft.cloudOnly }),
    warnings,
    details: {
      error,
      matched: scan.matched,
      platformLimit,
      platformsMentioned: draft.platforms.map((p) => p.name),
      sourceSizes: draft.sourceSizes,
      cloudOnly: draft.cloudOnly,
      assumptions: draft.assumptions,
      normalizedText
    }
  }
}
