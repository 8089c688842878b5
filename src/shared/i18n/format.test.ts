import { describe, expect, it } from 'vitest'
import { formatBytes } from '../units'
import { formatterFor } from './format'

describe('the formatter (issue #13)', () => {
  const en = formatterFor('en')
  const zh = formatterFor('zh-CN')

  it('writes sizes with the decimal units and digits of formatBytes, numbers as the language writes them', () => {
    for (const bytes of [0, 999, 1_000, 12_345, 999_499, 9_500_000, 12_345_678, 123_456_789, 1_230_000_000]) expect(en.bytes(bytes)).toBe(formatBytes(bytes))
    expect(zh.bytes(12_345_678)).toBe('12.3 MB')
    expect(en.bytes(1_234_000_000_000)).toBe('1,234 GB')
    expect(en.number(25_000)).toBe('25,000')
    expect(en.bytes(Number.NaN)).toBe('?')
  })

  it('writes percentages, speeds and media lengths', () => {
    expect([en.percent(41), zh.percent(41), en.percent(100)]).toEqual(['41%', '41%', '100%'])
    expect(en.speed(1.46)).toBe('1.5×')
    expect([en.fixed(0.987, 4), zh.fixed(95.25, 1)]).toEqual(['0.9870', '95.3'])
    expect([en.clock(7), en.clock(245), en.clock(3723), zh.clock(245)]).toEqual(['0:07', '4:05', '1:02:03', '4:05'])
  })

  it('writes time spans in words, to the minute from a minute up: 秒 and 分钟 in Chinese', () => {
    expect([en.duration(45), en.duration(245), en.duration(3600), en.duration(3900), en.duration(3599)]).toEqual([
      '45 sec',
      '4 min',
      '1 hr',
      '1 hr 5 min',
      '1 hr'
    ])
    expect([zh.duration(45), zh.duration(245), zh.duration(3900)]).toEqual(['45秒', '4分钟', '1小时5分钟'])
    expect(en.duration(-1)).toBe('?')
  })
})
