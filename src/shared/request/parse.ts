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
// - Trims, shapes and turns (issue 14) are read first, with their own decisions at the top of
//   rules/trim.ts and rules/shape.ts; what they leave of "cut", "crop" and "rotate" ("crop out the
//   logo", "flip it") is still a cloud edit.

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
import { readSpeed } from './rules/speed'
import { readRatios } from './rules/ratios'
import { readBareResolutions, readPictureSizes, readResolutionNames } from './rules/resolution'
import { Scanner } from './rules/scanner'
import { settleDraft } from './rules/settle'
import { readShapes } from './rules/shape'
import { readSizes } from './rules/sizes'
import { readTrims } from './rules/trim'
import { summarizeRequest } from './summary'
import type { ParsedRequest } from './types'

export function parseRequest(text: string): ParsedRequest {
  const normalizedText = normalizeRequestText(typeof text === 'string' ? text : '')
  const scan = new Scanner(normalizedText)
  const draft = newDraft()

  if (normalizedText.length === 0) {
    draft.errors.push('The request is empty: say what you want, for example "under 25 MB" or "720p MP4".')
  }

  // The order is part of the meaning (see the top of this file): each rule reads only what the
  // rules before it left.
  readShapes(scan, draft) // "9:16" before any time or fraction; "crop to square" before the cloud's "crop"
  readTrims(scan, draft) // "drop the first 5 seconds" before the cloud's "drop"; "1m20s" before the sizes
  readCloudEdits(scan, draft)
  readFormats(scan, draft) // "mp4" before any number rule could see its "4"
  readBitrates(scan, draft) // "bitrate 2000k" before the sizes could read "2000k"
  readPictureSizes(scan, draft)
  readResolutionsWithFrameRates(scan, draft) // "720p60" before either rule alone
  readFrameRates(scan, draft)
  readResolutionNames(scan, draft) // after the frame rates, so "120p" is one
  readSizes(scan, draft)
  readBareResolutions(scan, draft) // after the sizes, so "1080 MB" is a size
  readAudio(scan, draft)
  // Issue 17 §1: the encoding effort ("quickly", "I can wait", "尽快"), kept in details.speed.
  const speed = readSpeed(scan)
  readQuality(scan, draft)
  readRatios(scan, draft)
  readPlatforms(scan, draft)

  const settled = settleDraft(draft)
  const { targetBytes, targetRatio, resolution, fps, container, videoCodec, audio, quality, minQuality, platform, platformLimit } = settled
  const { trimStart, trimEnd, aspect, rotate, trim, fit, lengthLimit, platformAspect } = settled
  const warnings = draft.warnings

  if (draft.cloudOnly.length > 0) {
    warnings.push(
      `This needs the NemoVideo cloud engine: ${draft.cloudOnly.join(', ')}. The local engine only compresses and converts (size, resolution, frame rate, format, codec, audio removal, trimming, shape, rotation).`
    )
  }

  const intent = normalizedText.length === 0 ? 'other' : decideIntent(scan, draft, settled)

  if (intent === 'other' && draft.cloudOnly.length === 0 && normalizedText.length > 0) {
    warnings.push(
      'No compression setting found. Say a size ("under 25 MB"), a place ("for Discord"), a resolution ("720p") or a format ("as MP4"); free-form edits need the NemoVideo cloud engine.'
    )
  }

  // Refusals lead the warnings so a caller that prints only the first one prints the reason.
  const error = draft.errors.length > 0 ? draft.errors.join(' ') : null
  if (error !== null) warnings.unshift(...draft.errors)

  const fields = {
    intent,
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
    trimStart,
    trimEnd,
    aspect,
    rotate
  }
  return {
    ...fields,
    summary: summarizeRequest({ ...fields, error, cloudOnly: draft.cloudOnly, trim, fit }),
    warnings,
    details: {
      error,
      matched: scan.matched,
      platformLimit,
      platformsMentioned: draft.platforms.map((p) => p.name),
      trim,
      fit,
      speed,
      lengthLimit,
      platformAspect,
      sourceSizes: draft.sourceSizes,
      cloudOnly: draft.cloudOnly,
      assumptions: draft.assumptions,
      normalizedText
    }
  }
}
