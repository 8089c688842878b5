import { describe, expect, it } from 'vitest'
import { meetsFloor } from '../shared/compression'
import { translatorFor } from '../shared/i18n'
import { englishWords, sayWords } from '../shared/words'
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

/** The usage error a call throws. */
function usageErrorOf(call: () => unknown): UsageError {
  try {
    call()
  } catch (error) {
    if (error instanceof UsageError) return error
    throw error
  }
  throw new Error('no usage error was thrown')
}

describe('usage errors as catalogue words (issue 13)', () => {
  // The English wording from before the words (tests of the built CLI and people's scripts match it).
  const ENGLISH: Array<[() => unknown, string]> = [
    [() => parseTargetSize('150%'), '--target-size 150%: a percentage must be between 0 and 100, e.g. 50%.'],
    [() => parseTargetSize('big'), '--target-size big: not a size. Use a number with a unit, e.g. 25MB, 500KB, 1.5GB, 8MiB, or a share such as 50%.'],
    [() => parseTargetSize('0MB'), '--target-size 0MB: the target must be more than 0 bytes.'],
    [() => parseResolution('huge'), '--resolution huge: give the short side in pixels, e.g. 720, 1080p or 4k.'],
    [() => parseResolution('8'), '--resolution 8: the short side must be 16 to 8640 pixels, e.g. 720, 1080p or 4k.'],
    [() => flagsToOptions({ fps: '500' }), '--fps 500: give a frame rate between 1 and 240, e.g. 30.'],
    [() => flagsToOptions({ format: 'avi' }), '--format avi: choose one of mp4, webm, mov, mkv.'],
    [() => flagsToOptions({ codec: 'mpeg2' }), '--codec mpeg2: choose one of h264, hevc, vp9, av1.'],
    [() => flagsToOptions({ quality: 'ultra' }), '--quality ultra: choose one of high, balanced, small.'],
    [
      () => parseMinQuality('great'),
      '--min-quality great: choose good (no visible blocks) or high (looks the same), or give an SSIM from 0 to 1 (e.g. 0.95) or a VMAF up to 100 (e.g. 85).'
    ],
    [() => flagsToOptions({ speed: 'slow' }), '--speed slow: choose one of fast, balanced, thorough.'],
    [
      () => flagsToOptions({ hardware: 'gpu' }),
      '--hardware gpu: choose one of auto, on, off (auto: the graphics chip where it does not cost visible quality).'
    ],
    [
      () => parseTrimFlags({ start: 'soon' }),
      '--start soon: not a point in the video. Write it as 1:20, 80 or 80s (seconds), or 1m20s; "-10" is 10 seconds before the end.'
    ],
    [() => parseTrimFlags({ end: '-0' }), '--end -0: 0 seconds before the end is the end; leave --end out to keep the whole end.'],
    [() => parseTrimFlags({ duration: 'long' }), '--duration long: not a length. Write it as 30 or 30s (seconds), 0:30 or 1m30s.'],
    [() => parseTrimFlags({ duration: '0' }), '--duration 0: the length must be more than 0 seconds.'],
    [
      () => parseTrimFlags({ trim: '1-2', start: '1' }),
      '--trim 1-2 says both ends already: leave out --start, --end and --duration, or use those instead of --trim.'
    ],
    [() => parseTrimFlags({ trim: '-' }), '--trim -: write the part to keep as START-END, e.g. --trim 0:05-1:20 (or 0:05- for the rest of the video).'],
    [
      () => parseTrimFlags({ start: '1', end: '2', duration: '1' }),
      '--start, --end and --duration: give two of them at most (a start and an end, or one of them and a length).'
    ],
    [
      () => parseTrimFlags({ end: '5', duration: '10' }),
      '--duration 10 --end 5: the part would start before the beginning of the video; give a shorter --duration.'
    ],
    [() => parseTrimFlags({ start: '1:20', end: '0:30' }), '--end 0:30 is not after --start 1:20: nothing would be left. Give an end after the start.'],
    [() => parseAspect('round'), '--aspect round: choose one of 9:16, 1:1, 16:9, 4:5 (or vertical, square, landscape).'],
    [() => flagsToOptions({ fit: 'stretch', aspect: '1:1' }), '--fit stretch: choose crop (centred, the default), pad (black bars) or blur (blurred bars).'],
    [() => parseRotate('45'), '--rotate 45: choose 90 (a quarter turn clockwise), 180 or 270 (a quarter turn counterclockwise).'],
    [() => flagsToOptions({ fastCut: true }), '--fast-cut cuts on keyframes, and nothing is cut: add --start, --end, --duration or --trim.'],
    [() => flagsToOptions({ fit: 'pad' }), '--fit pad needs a shape to fit into: add --aspect 9:16, 1:1, 16:9 or 4:5.'],
    [() => flagsToOptions({ format: 'webm', codec: 'h264' }), '--format webm cannot hold h264 video: use --codec vp9 or av1 with webm, or another --format.'],
    [() => flagsToOptions({ format: 'mov', codec: 'av1' }), '--format mov cannot hold av1 video: use --codec h264 or hevc with mov, or another --format.']
  ]

  it('says each in English as before, from the catalogue', () => {
    for (const [call, english] of ENGLISH) {
      const error = usageErrorOf(call)
      expect(error.message).toBe(english)
      expect(error.words.key).toMatch(/^cli:usage\./)
      expect(englishWords(error.words)).toBe(english)
    }
  })

  it('says each in Chinese, with nothing left in English but the flags and values', () => {
    const { t } = translatorFor('zh-CN')
    for (const [call, english] of ENGLISH) {
      const chinese = sayWords(t, usageErrorOf(call).words, '')
      expect(chinese, english).toMatch(/\p{Script=Han}/u)
      expect(chinese, english).not.toMatch(/\b(choose|give|not a|the|or|with|must)\b/)
    }
    expect(sayWords(t, usageErrorOf(() => parseTargetSize('big')).words, '')).toBe(
      '--target-size big：不是有效的大小。请写数字加单位，例如 25MB、500KB、1.5GB、8MiB，或写比例，例如 50%。'
    )
    expect(sayWords(t, usageErrorOf(() => flagsToOptions({ format: 'webm', codec: 'h264' })).words, '')).toBe(
      '--format webm 无法容纳 h264 视频：webm 请用 --codec vp9 或 av1，或换一种 --format。'
    )
  })
})
