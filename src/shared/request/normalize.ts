// Turns what people type into one predictable form before the rules read it: half-width
// characters, lower case, digits for number words, and a few common misspellings fixed.
// Pure string work, no Node or DOM APIs (the renderer runs this on every keystroke).

import { normalizeDigitSeparators, replaceChineseNumerals, replaceEnglishNumberWords } from './numbers'

/**
 * Words the rules depend on. A typed word that is one edit away (two for long words) from exactly
 * one of these is read as it: "compres", "qaulity", "discrod", "whatsap", "resoltion".
 */
const VOCABULARY: readonly string[] = [
  'compress',
  'compression',
  'compressed',
  'smaller',
  'smallest',
  'quality',
  'possible',
  'without',
  'losing',
  'audio',
  'remove',
  'resolution',
  'frame',
  'framerate',
  'discord',
  'whatsapp',
  'telegram',
  'instagram',
  'twitter',
  'gmail',
  'outlook',
  'signal',
  'slack',
  'reddit',
  'github',
  'messenger',
  'email',
  'export',
  'download',
  'upload',
  'credits',
  'balance',
  'status',
  'tracks',
  'subtitles',
  'captions',
  'background',
  'music',
  'megabytes',
  'gigabytes',
  'megabyte',
  'gigabyte',
  'convert',
  'reduce',
  'quarter',
  'seconds',
  'vertical',
  'portrait',
  'landscape',
  'under',
  'below',
  'shrink',
  'video',
  'minimum',
  'maximum',
  'original',
  'watermark',
  'attachment',
  'highest',
  'lossless'
]

/** Common words one edit away from a vocabulary word that must not be "corrected". */
const LEAVE_ALONE: ReadonlySet<string> = new Set([
  'sounds',
  'found',
  'round',
  'bound',
  'audit',
  'slick',
  'black',
  'stack',
  'single',
  'design',
  'undue',
  'inder',
  'vide',
  'frames',
  'tracked',
  'track',
  'statue',
  'states',
  'stats',
  'balanced',
  'export',
  'expert',
  'exports',
  'uploads',
  'music',
  'musical',
  'remote',
  'removed',
  'reduced',
  'reduces',
  'converted',
  'converts',
  'videos',
  'under',
  'wonder',
  'thunder',
  'fonder',
  'render',
  'reader',
  'shrunk',
  'shrinks',
  'compressing',
  'compresses',
  'smallers',
  'quartet',
  'subtitle',
  'caption',
  'emails',
  'mails',
  'emailed',
  'twitters',
  'tweeter',
  'minimal',
  'maximal',
  'originals',
  'revolution',
  'lightest',
  'brightest',
  'tightest',
  'slightest',
  'mighty'
])

/** Optimal string alignment distance (Levenshtein plus adjacent swaps, "qaulity" = 1). */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  const rows = a.length + 1
  const cols = b.length + 1
  const table: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  const at = (i: number, j: number): number => table[i]?.[j] ?? Number.POSITIVE_INFINITY
  for (let i = 1; i < rows; i++) {
    let rowBest = Number.POSITIVE_INFINITY
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1)
      const row = table[i]
      if (row) row[j] = value
      rowBest = Math.min(rowBest, value)
    }
    if (rowBest > limit) return limit + 1
  }
  return at(a.length, b.length)
}

/** The vocabulary word a misspelt token stands for, or null when it is not clearly one. */
export function correctSpelling(token: string): string | null {
  if (token.length < 5 || LEAVE_ALONE.has(token) || VOCABULARY.includes(token)) return null
  // Long words get two edits; short ones only one, so "sound" never becomes "round".
  const allowed = token.length >= 9 ? 2 : 1
  let best: string | null = null
  let bestDistance = allowed + 1
  let tie = false
  for (const word of VOCABULARY) {
    const distance = editDistance(token, word, allowed)
    if (distance < bestDistance) {
      best = word
      bestDistance = distance
      tie = false
    } else if (distance === bestDistance) {
      tie = true
    }
  }
  return best !== null && bestDistance <= allowed && !tie ? best : null
}

/** Everything the rules need, applied in order; see each step's comment for the reason. */
export function normalizeRequestText(text: string): string {
  // NFKC folds full-width forms people type with a Chinese keyboard: "５０ＭＢ" -> "50MB", "，" -> ",".
  let result = text.normalize('NFKC').toLowerCase()
  result = result
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    // NFKC leaves the ideographic full stop and comma alone.
    .replace(/。/g, '.')
    .replace(/、/g, ',')
    .replace(/(\d)\s*[x×*]\s*(\d)/g, '$1x$2')
    // "1080 by 1920": a picture size said aloud (only 3-5 digit sides, so "by 20%" is untouched).
    .replace(/(?<![\d.])(\d{3,5})\s+by\s+(\d{3,5})(?![\d.])/g, '$1x$2')
    .replace(/≤/g, '<=')
    .replace(/≥/g, '>=')
  // Chat text glues a number to the word before it ("below20mb", "max5m", "to25mb"); the words
  // listed are the ones a size, resolution or rate follows, so "h264", "mp4" and "vp9" stay whole.
  result = result.replace(
    /(?<![a-z])(under|below|less than|max|maximum|min|minimum|upto|up to|to|at|about|around|within|only|into|than|least|most)(?=\.?\d)/g,
    '$1 '
  )
  result = normalizeDigitSeparators(result)
  result = replaceChineseNumerals(result)
  result = result.replace(/[a-z]+(?:'[a-z]+)?/g, (token) => correctSpelling(token) ?? token)
  result = replaceEnglishNumberWords(result)
  // "1 and a half gigs" -> "1.5 gigs" (after number words became digits).
  result = result.replace(/\b(\d+) and a half\b/g, (_match, whole: string) => `${whole}.5`)
  // Collapse runs of spaces so multi-word rules can use single spaces.
  return result.replace(/[ \t\r\n]+/g, ' ').trim()
}
