// Numbers as people type them in requests: English number words ("twenty megabytes",
// "one point five gigs", "half a gig"), Chinese numerals ("五十兆", "一点五G", "百分之七十") and
// decimal commas ("10,5 MB"). Everything here rewrites text to plain digits so the rules in
// rules/ only ever have to read "20", "1.5" and "70%".

const SMALL_NUMBERS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19
}

const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40, // a common misspelling
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90
}

const SCALES: Readonly<Record<string, number>> = { hundred: 100, thousand: 1000 }

/**
 * Value of a run of English number words, e.g. ["twenty", "five"] -> 25,
 * ["one", "hundred", "fifty"] -> 150, ["a", "hundred"] -> 100. Null when the run is not a number.
 */
export function englishWordsToNumber(words: readonly string[]): number | null {
  let total = 0
  let current = 0
  let seenAny = false
  for (const [index, word] of words.entries()) {
    if (word === 'a' || word === 'an') {
      // "a hundred", "a thousand": only meaningful right before a scale word.
      if (index !== 0 || !(words[1] !== undefined && words[1] in SCALES)) return null
      current = 1
      continue
    }
    if (word === 'and') continue // "one hundred and fifty"
    const small = SMALL_NUMBERS[word] ?? TENS[word]
    if (small !== undefined) {
      current += small
      seenAny = true
      continue
    }
    const scale = SCALES[word]
    if (scale !== undefined) {
      current = (current === 0 ? 1 : current) * scale
      if (scale >= 1000) {
        total += current
        current = 0
      }
      seenAny = true
      continue
    }
    return null
  }
  return seenAny ? total + current : null
}

/**
 * Replaces English number words with digits: "twenty five megs" -> "25 megs",
 * "one point five gb" -> "1.5 gb", "half a gig" -> "0.5 gig", "a gig" -> "1 gig".
 * The text must already be lower-case.
 */
export function replaceEnglishNumberWords(text: string): string {
  let result = text.replace(/\bhalf an? (?=(?:gig|gigs|gigabyte|gb|meg|megs|megabyte|mb)\b)/g, '0.5 ')
  result = result.replace(/\ban? (?=(?:gig|gigs|gigabyte|gb|meg|megs|megabyte|mb)\b)/g, '1 ')
  // Runs of number words, optionally joined by hyphens ("twenty-five") or "and".
  const wordRun =
    /\b(?:an? )?(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)(?:(?:[ -]|-| and )(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|thousand))*\b/g
  result = result.replace(wordRun, (run) => {
    const words = run.split(/[ -]+/).filter((word) => word.length > 0)
    // "a" on its own in front of a non-scale word ("a five") is not a number; leave the article.
    const value = englishWordsToNumber(words)
    if (value === null) {
      const withoutArticle = words[0] === 'a' || words[0] === 'an' ? words.slice(1) : words
      const rest = englishWordsToNumber(withoutArticle)
      return rest === null ? run : `${words[0] ?? ''} ${rest}`
    }
    return String(value)
  })
  // "1 point 5" -> "1.5" (after the word runs became digits).
  result = result.replace(/\b(\d+) point (\d+|zero|one|two|three|four|five|six|seven|eight|nine)\b/g, (_m, whole: string, fraction: string) => {
    const digits = /^\d+$/.test(fraction) ? fraction : String(SMALL_NUMBERS[fraction] ?? '')
    return digits === '' ? _m : `${whole}.${digits}`
  })
  return result
}

// --- Chinese numerals -------------------------------------------------------------------------

const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9
}

const CHINESE_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10000 }

/** "五十" -> 50, "一百二十" -> 120, "十五" -> 15, "二零二五" -> 2025, "一点五" -> 1.5. Null if not a number. */
export function chineseToNumber(text: string): number | null {
  if (text.length === 0) return null
  const pointIndex = text.indexOf('点')
  if (pointIndex >= 0) {
    const whole = chineseToNumber(text.slice(0, pointIndex))
    const fractionChars = [...text.slice(pointIndex + 1)]
    if (whole === null || fractionChars.length === 0) return null
    const fractionDigits = fractionChars.map((char) => CHINESE_DIGITS[char])
    if (fractionDigits.some((digit) => digit === undefined)) return null
    return Number(`${whole}.${fractionDigits.join('')}`)
  }
  const chars = [...text]
  // Digit-by-digit form without unit characters: "二零二五" (years, model numbers).
  if (chars.every((char) => char in CHINESE_DIGITS)) {
    if (chars.length === 1) return CHINESE_DIGITS[chars[0] ?? ''] ?? null
    return Number(chars.map((char) => CHINESE_DIGITS[char]).join(''))
  }
  let total = 0
  let section = 0
  let digit = 0
  for (const char of chars) {
    const value = CHINESE_DIGITS[char]
    if (value !== undefined) {
      digit = value
      continue
    }
    const unit = CHINESE_UNITS[char]
    if (unit === undefined) return null
    if (unit === 10000) {
      total += (section + digit) * unit
      section = 0
    } else {
      // "十五": a bare 十 means 10.
      section += (digit === 0 ? 1 : digit) * unit
    }
    digit = 0
  }
  return total + section + digit
}

const CHINESE_NUMERAL_RUN = '[零〇一二两三四五六七八九十百千万点]+'

/**
 * Replaces Chinese numerals that are clearly quantities with digits. Only numerals next to a
 * unit, a percent or a frame rate are rewritten, so words such as "一下" ("压缩一下") and "一半"
 * keep their meaning: "五十兆" -> "50兆", "两个G" -> "2个G", "百分之七十" -> "70%", "一分半" -> "1分半",
 * "帧率二十四" -> "帧率24", "三分之一" -> "1/3".
 */
export function replaceChineseNumerals(text: string): string {
  let result = text.replace(new RegExp(`百分之(${CHINESE_NUMERAL_RUN}|\\d+(?:\\.\\d+)?)`, 'g'), (match, number: string) => {
    const value = /\d/.test(number) ? Number(number) : chineseToNumber(number)
    return value === null ? match : `${value}%`
  })
  // "三分之一" (one third): denominator first in Chinese.
  result = result.replace(
    new RegExp(`(${CHINESE_NUMERAL_RUN}|\\d+)分之(${CHINESE_NUMERAL_RUN}|\\d+)`, 'g'),
    (match, denominator: string, numerator: string) => {
      const bottom = /\d/.test(denominator) ? Number(denominator) : chineseToNumber(denominator)
      const top = /\d/.test(numerator) ? Number(numerator) : chineseToNumber(numerator)
      return bottom === null || top === null ? match : ` ${top}/${bottom} `
    }
  )
  // Also times and angles (issue 14): "一分二十秒", "一分半", "两个小时", "九十度"; 分 only before
  // a number or 半, so "十分重要" ("very important") keeps its 十.
  result = result.replace(
    new RegExp(
      `(${CHINESE_NUMERAL_RUN})(?=\\s*(?:个\\s*)?(?:[mgk兆吉帧%p]|fps|千字节|秒|分钟|小时|度|分(?=\\s*(?:[\\d零〇一二两三四五六七八九十半]|到|至|$))|倍|成))`,
      'gi'
    ),
    (match, number: string) => {
      const value = chineseToNumber(number)
      return value === null ? match : String(value)
    }
  )
  result = result.replace(
    new RegExp(`(帧率|帧数|码率)(\\s*(?:改成|改为|降到|降至|设为|设置为|调到|变成|为|是|到)?\\s*)(${CHINESE_NUMERAL_RUN})`, 'g'),
    (match, label: string, verb: string, number: string) => {
      const value = chineseToNumber(number)
      return value === null ? match : `${label}${verb}${value}`
    }
  )
  return result
}

/**
 * Decimal commas ("10,5 MB" -> "10.5 MB") and thousands separators ("1,000 MB" -> "1000 MB").
 * A comma followed by exactly three digits is a thousands separator; one or two digits followed
 * by a unit letter is a decimal comma, as typed in much of Europe.
 */
export function normalizeDigitSeparators(text: string): string {
  let result = text
  // Repeated because "1,000,000" needs two passes: each match consumes the digit before it.
  for (let previous = ''; previous !== result;) {
    previous = result
    result = result.replace(/(\d),(\d{3})(?!\d)/, '$1$2')
  }
  result = result.replace(/(\d),(\d{1,2})(?=\s*[a-z兆])/g, '$1.$2')
  return result
}
