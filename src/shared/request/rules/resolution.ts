// The output resolution as a short side in pixels ("1920x1080", "720p", "4K", "全高清"),
// and wishes about it without a number ("keep the resolution", "lower the resolution").

import type { Draft } from './draft'
import { roleOf } from './role'
import type { Mention, Scanner } from './scanner'

export const RESOLUTION_WORDS: Readonly<Record<string, number>> = {
  '8k': 4320,
  '5k': 2880,
  '4k': 2160,
  uhd: 2160,
  'ultra hd': 2160,
  ultrahd: 2160,
  '2k': 1440,
  qhd: 1440,
  wqhd: 1440,
  'full hd': 1080,
  fullhd: 1080,
  'full-hd': 1080,
  fhd: 1080,
  hd: 720,
  sd: 480,
  超高清: 2160,
  全高清: 1080,
  超清: 1080,
  蓝光: 1080,
  标清: 480,
  流畅: 360
}

/** Short sides people actually name; others ("600p") are accepted only with a "p". */
const STANDARD_SHORT_SIDES: ReadonlySet<number> = new Set([144, 240, 360, 480, 540, 576, 720, 1080, 1440, 2160, 4320])

/** The next resolution, for "4k to 1080p" (the first one then describes the input). */
const RESOLUTION_AHEAD = /^(?:\d{3,4}\s*[pi]\b|\d{3,4}\b|[248]k\b|uhd|qhd|full ?hd|fhd|hd\b|sd\b|超高清|全高清|超清|标清)/

/** A resolution asked for the output; one that describes the input ("from 4K") is dropped. */
export function addResolution(draft: Draft, value: number, mention: Mention): void {
  if (roleOf(mention, RESOLUTION_AHEAD) === 'source') return
  draft.resolutions.push({ value, text: mention.text })
}

export function readPictureSizes(scan: Scanner, draft: Draft): void {
  // "1920x1080", "1080x1920 vertical": the short side is the resolution (orientation is kept).
  scan.take(/(?<![\d.])(\d{1,5})x(\d{1,5})(?![\d.])(?:\s*(?:vertical|portrait|landscape|horizontal|square|竖屏|横屏))?/g, (mention) => {
    const width = Number(mention.groups[0])
    const height = Number(mention.groups[1])
    if (width <= 0 || height <= 0) {
      draft.errors.push(`"${mention.text}" is not a picture size: both sides must be more than 0 pixels.`)
      return
    }
    if (Math.max(width, height) > 16384) {
      draft.errors.push(`"${mention.text}" is larger than any video encoder accepts (16384 pixels a side).`)
      return
    }
    if (width !== height && !/\b(?:vertical|portrait|landscape|horizontal)\b|竖屏|横屏/.test(mention.text)) {
      // Only the short side is kept; say so when the orientation is not stated, since it is the
      // source's orientation that wins.
      draft.assumptions.push(`"${mention.text}" read as a short side of ${Math.min(width, height)} px; the source's orientation is kept.`)
    }
    addResolution(draft, Math.min(width, height), mention)
  })
}

/**
 * Named resolutions ("4K", "full HD", "720p") and wishes without a number. Read after the frame
 * rates, so "120p" is already a frame rate (cinema shorthand), not a 120-pixel picture.
 */
export function readResolutionNames(scan: Scanner, draft: Draft): void {
  scan.take(/(?<![a-z0-9])(8k|5k|4k|2k|uhd|ultra ?hd|qhd|wqhd|full[ -]?hd|fhd|hd|sd|超高清|全高清|超清|蓝光|标清|流畅)(?![a-z0-9])/g, (mention) => {
    const word = (mention.groups[0] ?? '').replace(/^ultra ?hd$/, 'ultra hd').replace(/^full[ -]?hd$/, 'full hd')
    const value = RESOLUTION_WORDS[word]
    if (value === undefined) return false
    addResolution(draft, value, mention)
  })
  scan.take(/(?<![\d.])(\d{3,4})\s*[pi](?![a-z0-9])/g, (mention) => {
    const value = Number(mention.groups[0])
    if (value < 100) return false
    addResolution(draft, value, mention)
  })
  scan.take(
    /(?:keep|same|original|don'?t change|do not change|preserve|retain|保持|保留|不改|原)\s*(?:the\s+)?(?:original\s+|same\s+)?(?:resolution|res|size of the picture|分辨率)(?:不变)?|分辨率不变/g,
    () => {
      draft.otherSettingMentioned = true
    }
  )
  scan.take(/(?:lower|reduce|decrease|smaller|downscale|drop|降低|减小|缩小)\s*(?:the\s+)?(?:resolution|res|分辨率)|\bdownscale\b/g, () => {
    draft.vagueWishes.push('resolution')
    draft.otherSettingMentioned = true
  })
}

/** Bare standard numbers ("export 1080", "分辨率720"), read after sizes so "1080 MB" is a size. */
export function readBareResolutions(scan: Scanner, draft: Draft): void {
  scan.take(/(?<![\d.x])(2160|1440|1080|720|480|360)(?![\d.x%])/g, (mention) => {
    const value = Number(mention.groups[0])
    const cue =
      /(?:\bto|\bin|\bat|@|\bas|\binto|\bexport|\bmake it|\bresolution|\bres|分辨率|成|到|为)\s*$/.test(mention.before) ||
      /^\s*(?:resolution|res\b|分辨率|vertical|portrait|landscape)/.test(mention.after)
    if (!cue || !STANDARD_SHORT_SIDES.has(value)) return false
    addResolution(draft, value, mention)
  })
}
