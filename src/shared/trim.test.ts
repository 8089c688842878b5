import { describe, expect, it } from 'vitest'
import { compressOptionsSchema, savedJobSchema } from './ipc/contract'
import { alreadySmallEnough } from './targets'
import { formatTimecode, hasTrim, keptDuration, parseTimecode, resolveTrim } from './trim'

describe('trim points (issue 14)', () => {
  it.each([
    ['1:20', 80],
    ['01:20', 80],
    ['0:05.5', 5.5],
    ['1:02:03', 3723],
    ['80', 80],
    ['80s', 80],
    ['80 sec', 80],
    ['1m20s', 80],
    ['1 min 20 s', 80],
    ['2min', 120],
    ['1h', 3600],
    ['1:75', null],
    ['1:60:00', null],
    ['', null],
    ['soon', null],
    ['-5', null]
  ])('%s -> %s', (text, seconds) => {
    expect(parseTimecode(text)).toBe(seconds)
  })

  it('writes points as a player shows them', () => {
    expect(formatTimecode(80)).toBe('1:20')
    expect(formatTimecode(5.5)).toBe('0:05.5')
    expect(formatTimecode(3723)).toBe('1:02:03')
    expect(formatTimecode(59.96)).toBe('1:00')
  })

  it('resolves points from the start and from the end against the duration', () => {
    expect(resolveTrim({}, 100)).toBeNull()
    expect(resolveTrim({ trimStart: 0 }, 100)).toBeNull()
    expect(resolveTrim({ trimStart: 5, trimEnd: 80 }, 100)).toEqual({ start: 5, end: 80 })
    expect(resolveTrim({ trimStartFromEnd: 60 }, 100)).toEqual({ start: 40, end: 100 })
    expect(resolveTrim({ trimStartFromEnd: 600 }, 100)).toEqual({ start: 0, end: 100 })
    expect(resolveTrim({ trimEndFromEnd: 10 }, 100)).toEqual({ start: 0, end: 90 })
    // "the first 30 seconds" of a 20-second clip is all of it.
    expect(resolveTrim({ trimEnd: 30 }, 20)).toEqual({ start: 0, end: 20 })
    expect(keptDuration({ trimStart: 5, trimEnd: 80 }, 100)).toBe(75)
    expect(keptDuration({}, 100)).toBe(100)
  })

  it('says why a trim cannot be applied to a file', () => {
    expect(resolveTrim({ trimStart: 120 }, 60)).toEqual({ error: 'The trim starts at 2:00, but the video is only 1:00 long: choose a start before 1:00.' })
    expect(resolveTrim({ trimEndFromEnd: 90 }, 60)).toEqual({ error: expect.stringMatching(/keep nothing: the video is 1:00 long/) as string })
    expect(resolveTrim({ trimStart: 50, trimEndFromEnd: 20 }, 60)).toEqual({
      error: expect.stringMatching(/ends at 0:40, before it starts \(0:50\)/) as string
    })
  })

  it('a trim, a shape or a turn is never "already small enough"', () => {
    expect(alreadySmallEnough({ targetBytes: 10e6 }, 1e6)).toBe(true)
    expect(alreadySmallEnough({ targetBytes: 10e6, trimEnd: 30 }, 1e6)).toBe(false)
    expect(alreadySmallEnough({ targetBytes: 10e6, aspect: '9:16' }, 1e6)).toBe(false)
    expect(alreadySmallEnough({ targetBytes: 10e6, rotate: 90 }, 1e6)).toBe(false)
    expect(hasTrim({ trimStart: 0, trimEnd: null })).toBe(false)
  })
})

describe('the IPC contract carries them (a queued or saved job keeps them)', () => {
  const options = { targetBytes: 10e6, trimStart: 5, trimEnd: 80, trimPrecision: 'keyframe', aspect: '9:16', fit: 'blur', rotate: 270 } as const

  it('accepts them and gives them back', () => {
    expect(compressOptionsSchema.parse(options)).toEqual(options)
    const saved = savedJobSchema.parse({
      id: 'a',
      input: '/v.mp4',
      name: 'v.mp4',
      request: 'first minute',
      options: { trimEndFromEnd: 10, trimStartFromEnd: 60 },
      outputDir: null,
      state: 'queued',
      inputBytes: 1,
      outcome: null,
      addedAt: 0
    })
    expect(saved.options).toEqual({ trimEndFromEnd: 10, trimStartFromEnd: 60 })
  })

  it.each([
    [{ aspect: '4:3' }],
    [{ rotate: 45 }],
    [{ fit: 'stretch' }],
    [{ trimStart: -1 }],
    [{ trimStart: 10, trimEnd: 5 }],
    [{ trimStart: 10, trimStartFromEnd: 5 }],
    [{ trimEnd: 10, trimEndFromEnd: 5 }],
    [{ trimStartFromEnd: 10, trimEndFromEnd: 20 }],
    [{ trimPrecision: 'rough' }]
  ])('refuses %j', (bad) => {
    expect(compressOptionsSchema.safeParse(bad).success).toBe(false)
  })
})
