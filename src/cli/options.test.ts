import { describe, expect, it } from 'vitest'
import { meetsFloor } from '../shared/compression'
import { UsageError, flagsToOptions, parseAspect, parseMinQuality, parseResolution, parseRotate, parseTargetSize, parseTrimFlags } from './options'

describe('CLI flags', () => {
  it('--min-quality (issue #12): good, high, an SSIM or a VMAF; --allow-below-floor', () => {
    expect(parseMinQuality('Good')).toBe('good')
    expect(parseMinQuality('high')).toBe('high')
    expect(parseMinQuality('0.95')).toBe(0.95)
    expect(parseMinQuality('85')).toBe(85)
    expect(() => parseMinQuality('great')).toThrow(/--min-quality great: choose good/)
    expect(() => parseMinQuality('0')).toThrow(UsageError)
    expect(() => parseMinQuality('101')).toThrow(UsageError)
    expect(flagsToOptions({ targetSize: '5MB', minQuality: 'good', allowBelowFloor: true })).toMatchObject({ minQuality: 'good', allowBelowFloor: true })
    // A named floor by the label (VMAF where measured, as the result's words); a number by its metric.
    const softened = { ssim: 0.96, vmaf: null, label: 'slight softening' } as const
    expect(meetsFloor(softened, 'good')).toBe(true)
    expect(meetsFloor(softened, 'high')).toBe(false)
    expect(meetsFloor(softened, 0.95)).toBe(true)
    expect(meetsFloor(softened, 0.97)).toBe(false)
    expect(meetsFloor(softened, 85)).toBeNull()
    expect(meetsFloor({ ssim: 0.96, vmaf: 90, label: 'slight softening' }, 85)).toBe(true)
  })

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
    expect(flagsToOptions({ hardware: 'OFF' }, { hardware: 'on' })).toEqual({ hardware: 'off' })
    expect(() => flagsToOptions({ hardware: 'gpu' })).toThrow(/--hardware gpu: choose one of auto, on, off/)
  })

  it('trims (issue 14): --start, --end, --duration, --trim; negative points count from the end', () => {
    expect(parseTrimFlags({})).toBeNull()
    expect(parseTrimFlags({ start: '0:05', end: '1:20' })).toEqual({ trimStart: 5, trimEnd: 80, trimStartFromEnd: null, trimEndFromEnd: null })
    expect(parseTrimFlags({ trim: '0:05-1:20' })).toEqual({ trimStart: 5, trimEnd: 80, trimStartFromEnd: null, trimEndFromEnd: null })
    expect(parseTrimFlags({ trim: '1m-' })).toMatchObject({ trimStart: 60, trimEnd: null })
    expect(parseTrimFlags({ duration: '30' })).toMatchObject({ trimStart: null, trimEnd: 30 })
    expect(parseTrimFlags({ start: '10s', duration: '0:30' })).toMatchObject({ trimStart: 10, trimEnd: 40 })
    expect(parseTrimFlags({ end: '1:00', duration: '20' })).toMatchObject({ trimStart: 40, trimEnd: 60 })
    expect(parseTrimFlags({ start: '-1:00' })).toMatchObject({ trimStart: null, trimStartFromEnd: 60 })
    expect(parseTrimFlags({ start: '-60', duration: '20' })).toMatchObject({ trimStartFromEnd: 60, trimEndFromEnd: 40 })
    expect(parseTrimFlags({ end: '-10' })).toMatchObject({ trimEnd: null, trimEndFromEnd: 10 })
    expect(() => parseTrimFlags({ start: '1:20', end: '0:05' })).toThrow(/--end 0:05 is not after --start 1:20/)
    expect(() => parseTrimFlags({ start: 'soon' })).toThrow(/--start soon: not a point in the video/)
    expect(() => parseTrimFlags({ duration: '0' })).toThrow(/more than 0 seconds/)
    expect(() => parseTrimFlags({ trim: '0:05-1:20', start: '1' })).toThrow(/--trim 0:05-1:20 says both ends already/)
    expect(() => parseTrimFlags({ trim: '0:05' })).toThrow(/START-END/)
    expect(() => parseTrimFlags({ start: '1', end: '5', duration: '2' })).toThrow(/two of them at most/)
    expect(() => parseTrimFlags({ end: '0:10', duration: '30' })).toThrow(/before the beginning/)
    expect(() => parseTrimFlags({ start: '1:75' })).toThrow(UsageError)
  })

  it('flags replace the trim a request said; --fast-cut needs a trim', () => {
    expect(flagsToOptions({ start: '5' }, { trimStartFromEnd: 60, trimEnd: 90 })).toEqual({
      trimStart: 5,
      trimEnd: null,
      trimStartFromEnd: null,
      trimEndFromEnd: null
    })
    expect(flagsToOptions({ fastCut: true }, { trimEnd: 30 })).toEqual({ trimEnd: 30, trimPrecision: 'keyframe' })
    expect(() => flagsToOptions({ fastCut: true })).toThrow(/--fast-cut cuts on keyframes, and nothing is cut/)
  })

  it('shape and turn: --aspect, --fit, --rotate', () => {
    expect(parseAspect('9:16')).toBe('9:16')
    expect(parseAspect('9x16')).toBe('9:16')
    expect(parseAspect('square')).toBe('1:1')
    expect(() => parseAspect('4:3')).toThrow(/--aspect 4:3: choose one of 9:16, 1:1, 16:9, 4:5/)
    expect(parseRotate('90')).toBe(90)
    expect(parseRotate('-90')).toBe(270)
    expect(parseRotate('270°')).toBe(270)
    expect(() => parseRotate('45')).toThrow(/--rotate 45: choose 90/)
    expect(() => parseRotate('0')).toThrow(UsageError)
    expect(flagsToOptions({ aspect: '1:1', fit: 'blur', rotate: '180' })).toEqual({ aspect: '1:1', fit: 'blur', rotate: 180 })
    expect(flagsToOptions({ fit: 'pad' }, { aspect: '9:16' })).toEqual({ aspect: '9:16', fit: 'pad' })
    expect(() => flagsToOptions({ fit: 'pad' })).toThrow(/--fit pad needs a shape to fit into: add --aspect/)
  })
})
