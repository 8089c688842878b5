// Sizes relative to the source ("30% smaller", "to a third", "half the size", "压缩到3成").

import type { Draft } from './draft'
import type { Mention, Scanner } from './scanner'

/**
 * Words before an amount that make it a reduction ("by a third", "cut 30%", "减少三分之一") rather
 * than what is left ("to a third", "a third of the size"): one rule for percentages, fractions
 * and tenths, so "by" is never read as "to" (issue 16).
 */
const REDUCTION_BEFORE =
  /(?:\bby|\breduce[ds]?|\breducing|\bcut|\bshrink|\blower|\bdecrease|\bsave|\btrim|\bknock|减少|缩小|降低|减小|减|少|压缩了?)\s*(?:it|the size|size|file size|the file size)?\s*(?:by)?\s*$/
/** Words after an amount that make it a reduction: "40% smaller", "10% off". */
const REDUCTION_AFTER = /^\s*(?:smaller|less|lighter|reduction|off|decrease|更小|的压缩)/

/** "of the size", "of the original size", "the size" after a fraction: part of what it says. */
const OF_THE_SIZE = String.raw`(?:\s+(?:of\s+)?(?:the\s+)?(?:original\s+)?size)?`

/** "1/3", "2 / 3 of the size"; the handler refuses a bottom of 0 or over 20. */
const SLASH_FRACTION = new RegExp(String.raw`(?<![\d./])(\d+)\s*\/\s*(\d+)(?![\d/])` + OF_THE_SIZE, 'g')

/** Fractions said in words ("a third", "three quarters of the original size"), as what is left. */
const FRACTION_WORDS: ReadonlyArray<{ pattern: RegExp; fraction: number }> = [
  { pattern: new RegExp(String.raw`\b(?:three quarters|3 quarters)\b` + OF_THE_SIZE, 'g'), fraction: 0.75 },
  { pattern: new RegExp(String.raw`\b(?:a|1|one)?\s*quarter\b` + OF_THE_SIZE, 'g'), fraction: 0.25 },
  { pattern: new RegExp(String.raw`\b(?:2|two) thirds\b` + OF_THE_SIZE, 'g'), fraction: 2 / 3 },
  { pattern: new RegExp(String.raw`\b(?:a|1|one)\s+third\b` + OF_THE_SIZE, 'g'), fraction: 1 / 3 }
]

function isReduction(mention: Mention): boolean {
  return REDUCTION_AFTER.test(mention.after) || REDUCTION_BEFORE.test(mention.before)
}

function percentRole(mention: Mention): 'reduction' | 'fraction' | 'ambiguous' {
  if (isReduction(mention)) return 'reduction'
  if (/^\s*(?:of\b|the size|size|大小|体积|of the original|of original)/.test(mention.after)) return 'fraction'
  if (/(?:\bto|\bdown to|\binto|\bat|\bmake it|\bonly|\bjust|原来的|原大小的|原体积的|压缩到|压到|缩小到|缩到|减到|降到|变成|到|剩)\s*$/.test(mention.before))
    return 'fraction'
  return 'ambiguous'
}

export function readRatios(scan: Scanner, draft: Draft): void {
  const add = (ratio: number, text: string): void => {
    if (!(ratio > 0)) {
      draft.errors.push(`"${text}" would leave nothing of the video: the result must keep more than 0% of the size.`)
      return
    }
    if (ratio >= 1) {
      draft.errors.push(`"${text}" would not make the file smaller: compression can only aim below the original size.`)
      return
    }
    // Rounded so "reduce by 70%" is 0.3, not 0.30000000000000004.
    draft.ratios.push({ ratio: Math.round(ratio * 1e6) / 1e6, text })
  }

  // Relative wishes about other things ("half the frame rate") are not sizes.
  scan.take(/\b(?:half|halve|double)\s+(?:the\s+)?(?:frame ?rate|fps|resolution|res|length|duration|bitrate|speed)\b/g, (mention) => {
    draft.warnings.push(`"${mention.text}" is not supported; give a number instead (for example "30fps" or "720p").`)
  })
  scan.take(/\b(?:twice|double|2x|\d+ times)\s+(?:the\s+)?(?:size|as big|as large|bigger|larger)\b|\b(?:bigger|larger)\b(?!\s+than)/g, (mention) => {
    draft.errors.push(`"${mention.text}" would make the file bigger: compression only makes files smaller.`)
  })
  scan.take(/(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent|per cent|pct)/g, (mention) => {
    const percent = Number(mention.groups[0])
    const role = percentRole(mention)
    if (/^\s*(?:quality|画质)/.test(mention.after)) {
      draft.warnings.push(`"${mention.text} quality" is not a setting; say "best quality" or "as small as possible".`)
      return
    }
    if (role === 'ambiguous') {
      // Said in the plan, not only in details: the other reading gives a very different file (issue 16).
      const reading = `"${mention.text}" read as ${mention.text} smaller (say "to ${mention.text}" for ${mention.text} of the size).`
      draft.assumptions.push(reading)
      draft.warnings.push(reading)
    }
    add(role === 'fraction' ? percent / 100 : 1 - percent / 100, mention.text)
  })
  // A fraction is what is left ("to a third") unless a reduction cue says it is taken away.
  const addFraction = (fraction: number, mention: Mention): void => add(isReduction(mention) ? 1 - fraction : fraction, mention.text)
  scan.take(SLASH_FRACTION, (mention) => {
    const top = Number(mention.groups[0])
    const bottom = Number(mention.groups[1])
    if (bottom === 0 || bottom > 20) return false
    addFraction(top / bottom, mention)
  })
  scan.take(
    /(\d+(?:\.\d+)?)\s*(?:x|times)\s+(?:smaller|less|lighter)|(?:by )?(?:a )?factor of\s*(\d+(?:\.\d+)?)|(?:缩小|压缩|减小)\s*(\d+(?:\.\d+)?)\s*倍/g,
    (mention) => {
      const factor = Number(mention.groups[0] ?? mention.groups[1] ?? mention.groups[2])
      if (!(factor > 1)) {
        draft.errors.push(`"${mention.text}" would not make the file smaller.`)
        return
      }
      add(1 / factor, mention.text)
    }
  )
  scan.take(/(?:原来的|原大小的|原体积的|压缩到|压到|缩小到|到)?\s*(\d+)成/g, (mention) => {
    addFraction(Number(mention.groups[0]) / 10, mention)
  })
  for (const { pattern, fraction } of FRACTION_WORDS) scan.take(pattern, (mention) => addFraction(fraction, mention))
  scan.take(
    /\b(?:in half|halve[ds]?|halving|half(?:\s+(?:the|its|of the|of its))?(?:\s+(?:original\s+)?(?:file\s+)?size)?|half as (?:big|large))\b|体积减半|大小减半|减半|一半|缩小一倍|小一倍/g,
    (mention) => add(0.5, mention.text)
  )
}
