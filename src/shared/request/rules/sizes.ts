// Sizes ("under 25 MB", "50M以内", "at least 50 MB"): which one is the target, which ones
// describe the input ("my 2GB video") and which are lower bounds said about the output.

import type { Draft } from './draft'
import { roleOf, type Role } from './role'
import type { Mention, Scanner } from './scanner'

/**
 * Below this no playable video fits (container headers and one keyframe of a tiny picture already
 * take kilobytes), so such a target is refused rather than attempted.
 */
const MIN_TARGET_BYTES = 10_000

const UNIT_FACTORS: ReadonlyArray<{ pattern: RegExp; factor: number }> = [
  { pattern: /^(?:kib|kibibytes?)$/, factor: 1024 },
  { pattern: /^(?:mib|mebibytes?)$/, factor: 1024 ** 2 },
  { pattern: /^(?:gib|gibibytes?)$/, factor: 1024 ** 3 },
  { pattern: /^(?:k|kb|kbs|kilobytes?|kilobites?|kilo|kilos|千字节)$/, factor: 1e3 },
  { pattern: /^(?:m|mb|mbs|mbyte|mbytes|mg|megs?|megabytes?|megabites?|megbytes?|mega ?bytes?|mega|兆|兆字节|兆b)$/, factor: 1e6 },
  { pattern: /^(?:g|gb|gbs|gbyte|gbytes|gigs?|gigabytes?|gigabites?|giga ?bytes?|giga|吉|吉字节)$/, factor: 1e9 },
  { pattern: /^(?:bytes?)$/, factor: 1 }
]

const SIZE_PATTERN =
  /(?<![a-z\d.])(-\s*)?(\d+(?:\.\d+)?|\.\d+)\s*(?:个\s*)?(kib|mib|gib|kibibytes?|mebibytes?|gibibytes?|kilobytes?|kilobites?|megabytes?|megabites?|megbytes?|mega ?bytes?|gigabytes?|gigabites?|giga ?bytes?|mbytes?|gbytes?|kbs|mbs|gbs|kb|mb|gb|megs?|gigs?|kilos?|mega|giga|mg|bytes?|k|m|g|兆字节|兆b|兆|千字节|吉字节|吉)(?![a-z])(?:'?s\b)?/g
const SIZE_AHEAD = /^-?\s*(?:\d+(?:\.\d+)?|\.\d+)\s*(?:个\s*)?(?:k|m|g|兆|吉|千字节|bytes?)/

/** Words before a size that make it an upper bound, i.e. the target. */
const UPPER_BEFORE =
  /(?:under|below|beneath|less than|lower than|smaller than|no more than|not more than|no bigger than|no larger than|not bigger than|not larger than|no greater than|not exceed(?:ing)?|don'?t exceed|not over|no over|at most|at max|max(?:imum)?(?: of| is| size| file size)?|up to|within|limit(?:ed)?(?: of| to| is| at)?|cap(?:ped)?(?: of| at| to| is)?|<=?|target(?: of| is| size)?|around|about|approx(?:imately)?|roughly|~|make it|into|to|小于|低于|不超过|不要超过|别超过|不能超过|不得超过|不大于|最多|最大|控制在|压缩到|压缩成|压到|压成|缩小到|减到|降到|变成|变为|到|在|为|成)\s*(?:a\s+|an\s+|the\s+)?$/
/** Words before a size that make it a lower bound, which describes the input, never the target. */
// ">" but not the arrow "->" / "=>", which points at the target.
const LOWER_BEFORE = /(?:over|above|more than|bigger than|larger than|greater than|at least|exceeds?|exceeding|(?<![-=])>=?|超过|大于|多于)\s*$/
/**
 * A lower bound that is said about the output, not the input: "at least 50 MB", "but bigger than
 * 50 MB", "但要大于50MB". Only these are checked against the target (a clash is warned, issue 16);
 * a bare "over 2GB" still describes the input.
 */
const FLOOR_BEFORE =
  /(?:\bat least|\bno less than|\bnot less than|\bno smaller than|\bnot smaller than|\bminimum(?: of| is)?|(?:至少|最少|最低)(?:也)?(?:要|得|需要)?|不小于|不低于)\s*$|(?:\bbut|\byet|\band|\balso|\bthough|但是?|而且|并且|还要?|要|同时)\s*(?:it\s+)?(?:should be\s+|must be\s+|needs? to be\s+|has to be\s+|be\s+|is\s+)?(?:over|above|more than|bigger than|larger than|greater than|超过|大于|多于)\s*$/
/** Words after a size that make it an upper bound: "25MB or less", "50M以内". */
const UPPER_AFTER = /^\s*(?:or (?:less|smaller|under|below)|max(?:imum)?\b|tops\b|limit\b|cap\b|以内|以下|之内|内|左右|上下|封顶|为限)/

function unitFactor(unit: string): number | null {
  for (const entry of UNIT_FACTORS) if (entry.pattern.test(unit)) return entry.factor
  return null
}

export function readSizes(scan: Scanner, draft: Draft): void {
  const mentions: Array<{ mention: Mention; bytes: number }> = []
  scan.take(SIZE_PATTERN, (mention) => {
    const negative = mention.groups[0] !== undefined
    const value = Number(mention.groups[1])
    const factor = unitFactor(mention.groups[2] ?? '')
    if (factor === null || !Number.isFinite(value)) return false
    mentions.push({ mention, bytes: Math.floor((negative ? -value : value) * factor) })
  })
  for (const { mention, bytes } of mentions) {
    const isRangeStart = /\bbetween\s*$/.test(mention.before) && /^\s*(?:and|-|to)\b/.test(mention.after)
    let role: Role
    if (UPPER_AFTER.test(mention.after)) role = 'target'
    else if (isRangeStart)
      role = 'source' // "between 20MB and 30MB": the upper end is the target
    else if (UPPER_BEFORE.test(mention.before) && !/\bfrom\s*$/.test(mention.before)) role = 'target'
    else if (FLOOR_BEFORE.test(mention.before)) {
      draft.sizeFloors.push({ bytes, text: mention.text })
      continue
    } else if (LOWER_BEFORE.test(mention.before)) role = 'source'
    else role = roleOf(mention, SIZE_AHEAD)
    if (role === 'source' && !isRangeStart) {
      draft.sourceSizes.push(bytes)
      continue
    }
    if (isRangeStart) continue
    if (bytes <= 0) {
      draft.errors.push(`"${mention.text}" is not a size a video can have: the target must be more than 0 bytes.`)
      continue
    }
    if (bytes < MIN_TARGET_BYTES) {
      draft.errors.push(
        `"${mention.text}" is too small for any playable video (headers and a single picture already take several kilobytes); ask for at least a few hundred KB.`
      )
      continue
    }
    draft.targetSizes.push({ bytes, text: mention.text })
  }
  // Comparatives with a number and no unit: "under 25", "50以内". Never guessed.
  scan.take(
    /(?:under|below|less than|smaller than|no more than|no bigger than|at most|max(?:imum)?|<=?|小于|不超过|低于|最多)\s*(\d+(?:\.\d+)?)(?!\s*(?:[a-z%\d.]|帧|秒|分|x))|(?<![\d.])(\d+(?:\.\d+)?)\s*(?:以内|以下|之内)/g,
    (mention) => {
      const number = mention.groups[0] ?? mention.groups[1] ?? ''
      draft.warnings.push(`"${mention.text}" has no unit, so it is not used as a size: write ${number} MB or ${number} GB.`)
    }
  )
}
