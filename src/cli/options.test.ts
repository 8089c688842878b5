import { describe, expect, it } from 'vitest'
import { UsageError, flagsToOptions, parseResolution, parseTargetSize } from './options'

describe('CLI flags', () => {
  it('sizes: MB decimal, MiB binary, percentages', () => {
    expect(parseTargetSize('25MB')).toEqual({ targetBytes: 25_000_000 })
    expect(parseTargetSize('8 MiB')).toEqual({ targetBytes: 8_388_608 })
    expect(parseTargetSize('1.5gb')).toEqual({ targetBytes: 1_500_000_000 })
    expect(parseTargetSize('500KB')).toEqual({ targetBytes: 500_000 })
    expect(parseTargetSize('1TB')).toEqual({ targetBytes: 1e12 })
    expect(parseTargetSize('30%')).toEqual({ targetRatio: 0.3 })
    expect(() => parseTargetSize('big')).toThrow(UsageError)
    expect(() => parseTargetSize('0MB')).toThrow(/more than 0/)
    expect(() => parseTargetSize('150%')).toThrow(/between 0 and 100/)
  })

  it('resolutions and the rest', () => {
    expect(parseResolution('1080p')).toBe(1080)
    expect(parseResolution('4K')).toBe(2160)
    expect(() => parseResolution('huge')).toThrow(/short side/)
    expect(() => parseResolution('9000')).toThrow(/--resolution 9000: the short side must be 16 to 8640 pixels/)
    expect(() => parseResolution('8')).toThrow(UsageError)
    expect(parseResolution('8640')).toBe(8640)
    expect(flagsToOptions({ targetSize: '10MB', resolution: '720', fps: '30', format: 'mkv', codec: 'x265', audio: false, quality: 'small' })).toEqual({
      targetBytes: 10_000_000,
      targetRatio: null,
      resolution: 720,
      fps: 30,
      container: 'mkv',
      videoCodec: 'hevc',
      audio: 'remove',
      quality: 'small'
    })
    expect(() => flagsToOptions({ format: 'webm', codec: 'h264' })).toThrow(/--format webm cannot hold h264 video: use --codec vp9 or av1/)
    expect(() => flagsToOptions({ codec: 'divx' })).toThrow(/h264, hevc, vp9, av1/)
    expect(flagsToOptions({}, { targetBytes: 5 })).toEqual({ targetBytes: 5 })
  })
})
