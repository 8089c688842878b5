// Contradictions and nonsense (issue 3): each gets a clear explanation, never a crash or a
// silent default. Refusals set details.error and lead the warnings.

import { describe, expect, it } from 'vitest'
import { isUserFacingError } from '../errors'
import { MB } from './expectations'
import { parseRequest, requestToOptions } from './index'

describe('refused requests', () => {
  it.each([
    ['under 0 MB', /more than 0 bytes/],
    ['compress to under -5MB', /more than 0 bytes/],
    ['0kb', /more than 0 bytes/],
    ['under 1 kb', /too small for any playable video/],
    ['reduce by 100%', /leave nothing/],
    ['reduce by 0%', /would not make the file smaller/],
    ['150% of the size', /would not make the file smaller/],
    ['make it twice the size', /bigger/],
    ['make it bigger', /bigger/],
    ['0 fps', /frame rate of 0/],
    ['1000fps', /more than the engine produces/],
    ['0x0', /not a picture size/],
    ['', /empty/],
    ['   ', /empty/]
  ])('%s', (text, reason) => {
    const request = parseRequest(text)
    expect(request.details.error).toMatch(reason)
    // The refusal is also the first warning, so a caller that prints warnings prints it.
    expect(request.warnings[0]).toMatch(reason)
    expect(request.summary).toMatch(/^Cannot plan this: /)
    expect(request.targetBytes).toBeNull()
  })

  it('requestToOptions refuses a refused request with its reason', () => {
    const request = parseRequest('under 0 MB')
    let caught: unknown = null
    try {
      requestToOptions(request)
    } catch (error) {
      caught = error
    }
    expect(isUserFacingError(caught)).toBe(true)
    expect(caught instanceof Error ? caught.message : '').toMatch(/more than 0 bytes/)
  })
})

describe('contradictions are explained, never silently resolved', () => {
  it('mute but keep the audio: keeps the audio and says why', () => {
    const request = parseRequest('mute but keep the audio')
    expect(request.audio).toBe('keep')
    expect(request.warnings).toHaveLength(1)
    expect(request.warnings[0]).toMatch(/both to remove the audio .* and to keep it/)
    expect(request.details.error).toBeNull()
  })

  it('two different sizes: the smaller wins, with a warning naming both', () => {
    const request = parseRequest('under 10mb, no wait, under 20 mb')
    expect(request.targetBytes).toBe(10 * MB)
    expect(request.warnings.join(' ')).toMatch(/Two different sizes .*"10mb".*"20 mb".*10 MB/)
  })

  it('the same size said twice is not a contradiction', () => {
    expect(parseRequest('under 10MB, max 10 mb').warnings).toEqual([])
  })

  it('two resolutions: the smaller wins', () => {
    const request = parseRequest('720p or 1080p')
    expect(request.resolution).toBe(720)
    expect(request.warnings.join(' ')).toMatch(/Two different resolutions/)
  })

  it('two frame rates: the smaller wins', () => {
    const request = parseRequest('30fps, actually 24 fps')
    expect(request.fps).toBe(24)
    expect(request.warnings.join(' ')).toMatch(/Two different frame rates/)
  })

  it('two containers: the first wins', () => {
    const request = parseRequest('as mp4 or webm')
    expect(request.container).toBe('mp4')
    expect(request.warnings.join(' ')).toMatch(/Two different containers .* using the first, MP4/)
  })

  it('a codec the container cannot carry: keeps the container, drops the codec, says so', () => {
    const request = parseRequest('webm with h264')
    expect(request.container).toBe('webm')
    expect(request.videoCodec).toBeNull()
    expect(request.warnings.join(' ')).toMatch(/WebM cannot carry H\.264/)
    expect(request.summary).toContain('VP9 WebM')
  })

  it('best quality and as small as possible: balanced, with a warning', () => {
    const request = parseRequest('best quality but as small as possible')
    expect(request.quality).toBe('balanced')
    expect(request.warnings.join(' ')).toMatch(/different qualities/)
  })

  it('the smallest file with a quality floor (issue #12): the floor holds, said once', () => {
    for (const text of ['as small as possible, under 10MB, but it must look good', '越小越好，但画质别损失太多，10M以内']) {
      const request = parseRequest(text)
      expect(request).toMatchObject({ targetBytes: 10 * MB, quality: 'balanced', minQuality: 'good' })
      expect(request.warnings).toHaveLength(1)
      expect(request.warnings[0]).toMatch(/asks for the smallest file \(.+\) and for a quality floor \(.+\); keeping the floor/)
    }
  })

  it('a size with no unit is not guessed', () => {
    const request = parseRequest('compress under 25')
    expect(request.targetBytes).toBeNull()
    expect(request.intent).toBe('compress')
    expect(request.warnings.join(' ')).toMatch(/"under 25" has no unit.*25 MB or 25 GB/)
  })

  it('an explicit size over the platform limit is kept, with the limit named', () => {
    const request = parseRequest('50MB for discord')
    expect(request.targetBytes).toBe(50 * MB)
    expect(request.platform).toBeNull()
    expect(request.details.platformsMentioned).toEqual(['Discord'])
    expect(request.warnings.join(' ')).toMatch(/over Discord's limit of 10 MB/)
  })

  it('unsupported output formats and codecs are named', () => {
    expect(parseRequest('convert to avi').warnings.join(' ')).toMatch(/AVI output is not supported/)
    expect(parseRequest('encode in prores').warnings.join(' ')).toMatch(/PRORES codec is not supported/)
    expect(parseRequest('avi to mp4').warnings).toEqual([]) // AVI as the source is fine
  })

  it('a bitrate is not silently turned into a size', () => {
    const request = parseRequest('2 mbps bitrate')
    expect(request.targetBytes).toBeNull()
    expect(request.warnings.join(' ')).toMatch(/bitrate .* is not a setting/)
  })

  it('"lower the resolution" without a number says a number is needed', () => {
    const request = parseRequest('lower the resolution')
    expect(request.resolution).toBeNull()
    expect(request.warnings.join(' ')).toMatch(/without a number/)
  })

  it('an edit plus compression settings: routed to the cloud, settings kept', () => {
    const request = parseRequest('compress to 10MB and add subtitles')
    expect(request.intent).toBe('other')
    expect(request.targetBytes).toBe(10 * MB)
    expect(request.details.cloudOnly).toEqual(['add subtitles'])
    expect(() => requestToOptions(request)).toThrow(/cloud engine/)
  })
})

describe('never crashes', () => {
  // A small deterministic generator, so a failure is reproducible.
  function* randomTexts(count: number): Generator<string> {
    let seed = 12345
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const pieces = [
      'under',
      '0',
      '-',
      '5',
      'mb',
      'MiB',
      'x',
      '1080',
      'p',
      '%',
      '60',
      'fps',
      '压缩',
      '到',
      '以内',
      '兆',
      '一',
      '二十',
      '分之',
      'half',
      'mute',
      'keep',
      'audio',
      'to',
      'mp4',
      'from',
      'h.264',
      '/',
      '.',
      ',',
      ' ',
      '😀',
      '\u0000',
      'discord',
      'nitro',
      'twenty',
      'point',
      'a',
      'gig',
      '4k',
      '帧率',
      '百分之',
      '成',
      '倍'
    ]
    for (let i = 0; i < count; i++) {
      const length = 1 + Math.floor(next() * 12)
      yield Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)] ?? '').join(next() < 0.5 ? ' ' : '')
    }
  }

  it('parses 2000 random jumbles without throwing, always with a summary', () => {
    for (const text of randomTexts(2000)) {
      const request = parseRequest(text)
      expect(typeof request.summary).toBe('string')
      expect(request.summary.length).toBeGreaterThan(0)
      if (request.targetBytes !== null) expect(request.targetBytes).toBeGreaterThan(0)
      if (request.targetRatio !== null) {
        expect(request.targetRatio).toBeGreaterThan(0)
        expect(request.targetRatio).toBeLessThan(1)
      }
    }
  })

  it('handles very long text quickly', () => {
    const text = 'please compress this under 10 MB '.repeat(2000)
    const started = Date.now()
    const request = parseRequest(text)
    expect(request.targetBytes).toBe(10 * MB)
    expect(Date.now() - started).toBeLessThan(5000)
  })
})
