import { describe, expect, it } from 'vitest'
import { parseRequest } from '../../../shared/request'
import { fractionAt, isWholeFile, moveHandle, rangeFromOptions, rangeWords, secondsAt, timeForKey, withTrimSentence } from './trim-range'

const sentence = (start: number, end: number): string => {
  const words = rangeWords({ start, end })
  return `Keep ${words.start} to ${words.end}.`
}

describe('trim control rules', () => {
  it('turns handle places into times and back, in tenths', () => {
    expect(fractionAt(15, 60)).toBe(0.25)
    expect(fractionAt(90, 60)).toBe(1)
    expect(fractionAt(5, 0)).toBe(0)
    expect(secondsAt(0.25, 60)).toBe(15)
    expect(secondsAt(0.3333, 10)).toBe(3.3)
    expect(secondsAt(-1, 10)).toBe(0)
    expect(secondsAt(fractionAt(12.3, 40), 40)).toBe(12.3)
  })

  it('keeps the handles apart and inside the file', () => {
    const range = { start: 2, end: 8 }
    expect(moveHandle(range, 'start', 9, 10)).toEqual({ start: 7.9, end: 8 })
    expect(moveHandle(range, 'start', -3, 10)).toEqual({ start: 0, end: 8 })
    expect(moveHandle(range, 'end', 1, 10)).toEqual({ start: 2, end: 2.1 })
    expect(moveHandle(range, 'end', 12, 10)).toEqual({ start: 2, end: 10 })
  })

  it('moves a handle by keys: arrows, Page keys, Home and End', () => {
    const range = { start: 2, end: 8 }
    expect(timeForKey('ArrowRight', range, 'start', 60)).toBe(3)
    expect(timeForKey('ArrowLeft', range, 'end', 60)).toBe(7)
    expect(timeForKey('ArrowUp', range, 'end', 5)).toBeCloseTo(8.1)
    expect(timeForKey('PageDown', range, 'end', 60)).toBe(-2)
    expect(timeForKey('Home', range, 'end', 60)).toBe(0)
    expect(timeForKey('End', range, 'start', 60)).toBe(60)
    expect(timeForKey('a', range, 'start', 60)).toBeNull()
  })

  it('reads its range from the options, the whole file when nothing is cut', () => {
    expect(rangeFromOptions({}, 30)).toEqual({ start: 0, end: 30 })
    expect(rangeFromOptions({ trimStart: 5, trimEnd: 20 }, 30)).toEqual({ start: 5, end: 20 })
    expect(rangeFromOptions({ trimEnd: 40 }, 30)).toEqual({ start: 0, end: 30 })
    expect(rangeFromOptions({ trimStartFromEnd: 10 }, 30)).toEqual({ start: 20, end: 30 })
    expect(isWholeFile({ start: 0, end: 29.97 }, 30)).toBe(true)
    expect(isWholeFile({ start: 0, end: 29 }, 30)).toBe(false)
  })

  it('writes its range into the request so that the parser reads the same range back', () => {
    const first = withTrimSentence('under 10 MB', [], sentence(5, 20.5))
    expect(first).toBe('under 10 MB. Keep 0:05 to 0:20.5.')
    const second = withTrimSentence(first, ['保留0:05到0:20.5。', sentence(5, 20.5)], sentence(1.2, 62))
    expect(second).toBe('under 10 MB. Keep 0:01.2 to 1:02.')
    const parsed = parseRequest(second)
    expect(parsed.targetBytes).toBe(10_000_000)
    expect(parsed.trimStart).toBe(1.2)
    expect(parsed.trimEnd).toBe(62)
    expect(withTrimSentence(second, [sentence(1.2, 62)], null)).toBe('under 10 MB.')
    expect(withTrimSentence('', [], sentence(0, 3))).toBe('Keep 0:00 to 0:03.')
    // A trim the person typed stays; the control's sentence comes after it, and the parser takes the later one.
    const typed = parseRequest(withTrimSentence('only the first 30 seconds', [], sentence(5, 20)))
    expect([typed.trimStart, typed.trimEnd]).toEqual([5, 20])
    const chinese = parseRequest(withTrimSentence('小于10MB', [], '保留0:05到0:20。'))
    expect([chinese.targetBytes, chinese.trimStart, chinese.trimEnd]).toEqual([10_000_000, 5, 20])
  })
})
