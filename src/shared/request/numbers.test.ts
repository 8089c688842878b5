import { describe, expect, it } from 'vitest'
import { chineseToNumber, englishWordsToNumber, normalizeDigitSeparators, replaceChineseNumerals, replaceEnglishNumberWords } from './numbers'
import { correctSpelling } from './normalize'
import { emailAttachmentLimit, PLATFORM_LIMITS } from './platforms'

describe('number words', () => {
  it.each([
    [['twenty'], 20],
    [['twenty', 'five'], 25],
    [['one', 'hundred', 'and', 'fifty'], 150],
    [['a', 'hundred'], 100],
    [['two', 'thousand'], 2000],
    [['hello'], null]
  ])('%j -> %s', (words, value) => {
    expect(englishWordsToNumber(words)).toBe(value)
  })

  it('rewrites runs in text', () => {
    expect(replaceEnglishNumberWords('under twenty-five mb')).toBe('under 25 mb')
    expect(replaceEnglishNumberWords('one point five gigs')).toBe('1.5 gigs')
    expect(replaceEnglishNumberWords('half a gig')).toBe('0.5 gig')
    expect(replaceEnglishNumberWords('a meg')).toBe('1 meg')
  })

  it.each([
    ['五十', 50],
    ['十五', 15],
    ['一百二十', 120],
    ['两', 2],
    ['一点五', 1.5],
    ['二零二五', 2025],
    ['一万', 10000],
    ['好', null]
  ])('%s -> %s', (text, value) => {
    expect(chineseToNumber(text)).toBe(value)
  })

  it('rewrites only Chinese numerals that are quantities', () => {
    expect(replaceChineseNumerals('五十兆以内')).toBe('50兆以内')
    expect(replaceChineseNumerals('两个G')).toBe('2个G')
    expect(replaceChineseNumerals('减少百分之七十')).toBe('减少70%')
    expect(replaceChineseNumerals('压缩一下')).toBe('压缩一下')
    expect(replaceChineseNumerals('体积减一半')).toBe('体积减一半')
  })

  it('tells decimal commas from thousands separators', () => {
    expect(normalizeDigitSeparators('10,5 mb')).toBe('10.5 mb')
    expect(normalizeDigitSeparators('1,000 mb')).toBe('1000 mb')
    expect(normalizeDigitSeparators('1,000,000 bytes')).toBe('1000000 bytes')
    expect(normalizeDigitSeparators('10, 20 and 30')).toBe('10, 20 and 30')
  })
})

describe('spelling', () => {
  it.each([
    ['compres', 'compress'],
    ['qaulity', 'quality'],
    ['discrod', 'discord'],
    ['whatsap', 'whatsapp'],
    ['found', null],
    ['sound', null],
    ['revolution', null]
  ])('%s -> %s', (typo, word) => {
    expect(correctSpelling(typo)).toBe(word)
  })
})

describe('platform table', () => {
  it('every entry has a limit, a note and a source, and unique ids and aliases', () => {
    const ids = new Set<string>()
    const aliases = new Set<string>()
    for (const platform of PLATFORM_LIMITS) {
      expect(platform.limitBytes).toBeGreaterThan(0)
      expect(platform.note.length).toBeGreaterThan(10)
      expect(platform.source.length).toBeGreaterThan(10)
      expect(ids.has(platform.id)).toBe(false)
      ids.add(platform.id)
      for (const alias of platform.aliases) {
        expect(alias).toBe(alias.toLowerCase())
        expect(aliases.has(alias)).toBe(false)
        aliases.add(alias)
      }
    }
  })

  it('leaves room for base64 and headers in e-mail', () => {
    // 25e6 * 3/4 * 76/78 - 100 KB = 18.17 MB, rounded down to 18.1 MB.
    expect(emailAttachmentLimit(25e6)).toBe(18_100_000)
    expect(emailAttachmentLimit(20e6)).toBe(14_500_000)
  })

  it('Discord is 10 MB for free uploads (2025)', () => {
    expect(PLATFORM_LIMITS.find((platform) => platform.id === 'discord')?.limitBytes).toBe(10e6)
  })
})
