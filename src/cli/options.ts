// Command-line flags to engine options. Values are validated here so a typo is a usage error
// (exit 2) with a message that says what to type instead.
import {
  ASPECTS,
  type Aspect,
  CONTAINERS,
  CONTAINER_VIDEO_CODECS,
  type CompressOptions,
  type Container,
  FITS,
  type Fit,
  HARDWARE_PREFERENCES,
  type HardwarePreference,
  QUALITY_FLOORS,
  QUALITY_PREFERENCES,
  type QualityFloor,
  type QualityPreference,
  isFloorValue,
  ROTATIONS,
  SPEED_PREFERENCES,
  type SpeedPreference,
  type Rotation,
  SHORT_SIDE_RANGE,
  type VideoCodec
} from '../shared/compression'
import type { ParseKeys } from 'i18next'
import { formatTimecode, hasTrim, parseTimecode } from '../shared/trim'
import { parseByteSize } from '../shared/units'
import { englishWords, type Words, type WordsParams } from '../shared/words'

/** A key of the CLI's namespace, as "cli:usage.fps": checked against the catalogue by tsc. */
export type UsageWordsKey = `cli:${ParseKeys<'cli'>}`

/**
 * A mistake in the command line (exit 2), as catalogue words (issue 13): the CLI says them in its
 * language (index.ts); the message is the English sentence from the same catalogue.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError'
  readonly words: Words
  constructor(key: UsageWordsKey, params: WordsParams = {}) {
    const words: Words = { key, params: { ...params } }
    super(englishWords(words))
    this.words = words
  }
}

export interface CompressFlags {
  targetSize?: string
  resolution?: string
  fps?: string
  format?: string
  codec?: string
  audio?: boolean
  quality?: string
  minQuality?: string
  allowBelowFloor?: boolean
  hardware?: string
  /** Issue 17 §1: the encoding effort. */
  speed?: string
  /** Issue 14: the part to keep, its shape and its turn. */
  start?: string
  end?: string
  duration?: string
  trim?: string
  fastCut?: boolean
  aspect?: string
  fit?: string
  rotate?: string
}

const CODEC_ALIASES: Record<string, VideoCodec> = {
  h264: 'h264',
  'h.264': 'h264',
  x264: 'h264',
  avc: 'h264',
  hevc: 'hevc',
  h265: 'hevc',
  'h.265': 'hevc',
  x265: 'hevc',
  vp9: 'vp9',
  av1: 'av1'
}

const RESOLUTION_ALIASES: Record<string, number> = { '4k': 2160, uhd: 2160, '2k': 1440, fhd: 1080, hd: 720, sd: 480 }

/** "25MB", "1.5GiB", "800000" -> bytes; "50%" -> a share of the source. */
export function parseTargetSize(text: string): { targetBytes: number } | { targetRatio: number } {
  const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text)
  if (percent) {
    const ratio = Number(percent[1]) / 100
    if (ratio <= 0 || ratio > 1) throw new UsageError('cli:usage.targetSize.percent', { value: text })
    return { targetRatio: ratio }
  }
  const bytes = parseByteSize(text)
  if (bytes === null) throw new UsageError('cli:usage.targetSize.notASize', { value: text })
  if (bytes <= 0) throw new UsageError('cli:usage.targetSize.notPositive', { value: text })
  return { targetBytes: bytes }
}

export function parseResolution(text: string): number {
  const key = text.trim().toLowerCase()
  const alias = RESOLUTION_ALIASES[key]
  if (alias) return alias
  const match = /^(\d+)p?$/.exec(key)
  if (!match) throw new UsageError('cli:usage.resolution.notAShortSide', { value: text })
  const shortSide = Number(match[1])
  if (shortSide < SHORT_SIDE_RANGE.min || shortSide > SHORT_SIDE_RANGE.max) {
    throw new UsageError('cli:usage.resolution.outOfRange', { value: text, min: SHORT_SIDE_RANGE.min, max: SHORT_SIDE_RANGE.max })
  }
  return shortSide
}

export function parseFps(text: string): number {
  const value = Number(text.trim().replace(/fps$/i, ''))
  if (!Number.isFinite(value) || value < 1 || value > 240) throw new UsageError('cli:usage.fps', { value: text })
  return value
}

export function parseContainer(text: string): Container {
  const key = text.trim().toLowerCase().replace(/^\./, '')
  if ((CONTAINERS as readonly string[]).includes(key)) return key as Container
  throw new UsageError('cli:usage.format', { value: text, choices: CONTAINERS.join(', ') })
}

export function parseCodec(text: string): VideoCodec {
  const codec = CODEC_ALIASES[text.trim().toLowerCase()]
  if (!codec) throw new UsageError('cli:usage.codec', { value: text })
  return codec
}

export function parseQuality(text: string): QualityPreference {
  const key = text.trim().toLowerCase()
  if ((QUALITY_PREFERENCES as readonly string[]).includes(key)) return key as QualityPreference
  throw new UsageError('cli:usage.quality', { value: text, choices: QUALITY_PREFERENCES.join(', ') })
}

/** --min-quality: good, high, an SSIM (0..1) or a VMAF (above 1, up to 100). */
export function parseMinQuality(text: string): QualityFloor {
  const key = text.trim().toLowerCase()
  if ((QUALITY_FLOORS as readonly string[]).includes(key)) return key as QualityFloor
  const value = Number(key)
  if (key !== '' && isFloorValue(value)) return value
  throw new UsageError('cli:usage.minQuality', { value: text })
}

export function parseSpeed(text: string): SpeedPreference {
  const key = text.trim().toLowerCase()
  if ((SPEED_PREFERENCES as readonly string[]).includes(key)) return key as SpeedPreference
  throw new UsageError('cli:usage.speed', { value: text, choices: SPEED_PREFERENCES.join(', ') })
}

export function parseHardware(text: string): HardwarePreference {
  const key = text.trim().toLowerCase()
  if ((HARDWARE_PREFERENCES as readonly string[]).includes(key)) return key as HardwarePreference
  throw new UsageError('cli:usage.hardware', { value: text, choices: HARDWARE_PREFERENCES.join(', ') })
}

/** A point for --start/--end: "1:20", "80", "80s", "1m20s"; "-10" counts back from the end of the file. */
export function parseTrimPoint(flag: string, text: string): { seconds: number; fromEnd: boolean } {
  const fromEnd = text.trim().startsWith('-')
  const seconds = parseTimecode(fromEnd ? text.trim().slice(1) : text)
  if (seconds === null) throw new UsageError('cli:usage.trimPoint', { flag, value: text })
  if (fromEnd && seconds === 0) throw new UsageError('cli:usage.trimPointAtEnd', { flag, value: text })
  return { seconds, fromEnd }
}

/** A length for --duration: "30", "0:30", "30s", "1m". */
export function parseTrimLength(text: string): number {
  const seconds = parseTimecode(text)
  if (seconds === null) throw new UsageError('cli:usage.durationNotALength', { value: text })
  if (seconds <= 0) throw new UsageError('cli:usage.durationNotPositive', { value: text })
  return seconds
}

type TrimOptions = Pick<CompressOptions, 'trimStart' | 'trimEnd' | 'trimStartFromEnd' | 'trimEndFromEnd'>

/**
 * --start, --end, --duration and --trim to the options' trim points (two of --start, --end and
 * --duration at most; --trim A-B alone). Null when none of them is given.
 */
export function parseTrimFlags(flags: Pick<CompressFlags, 'start' | 'end' | 'duration' | 'trim'>): TrimOptions | null {
  if (flags.trim !== undefined) {
    if (flags.start !== undefined || flags.end !== undefined || flags.duration !== undefined) {
      throw new UsageError('cli:usage.trimAndEnds', { value: flags.trim })
    }
    const range = /^\s*([^-]*?)\s*-\s*([^-]*?)\s*$/.exec(flags.trim)
    if (!range || (range[1] === '' && range[2] === '')) {
      throw new UsageError('cli:usage.trimRange', { value: flags.trim })
    }
    return parseTrimFlags({ start: range[1] || undefined, end: range[2] || undefined })
  }
  if (flags.start === undefined && flags.end === undefined && flags.duration === undefined) return null
  if (flags.start !== undefined && flags.end !== undefined && flags.duration !== undefined) {
    throw new UsageError('cli:usage.trimAllThree')
  }
  const start = flags.start !== undefined ? parseTrimPoint('--start', flags.start) : null
  let end = flags.end !== undefined ? parseTrimPoint('--end', flags.end) : null
  if (flags.duration !== undefined) {
    const length = parseTrimLength(flags.duration)
    if (end !== null) {
      // A length that ends at --end: the start is that much before it.
      const back: TrimOptions = end.fromEnd
        ? { trimStartFromEnd: end.seconds + length, trimEndFromEnd: end.seconds }
        : { trimStart: end.seconds - length, trimEnd: end.seconds }
      if ((back.trimStart ?? 0) < 0) {
        throw new UsageError('cli:usage.beforeBeginning', { duration: flags.duration, end: flags.end ?? '' })
      }
      return withoutNulls(back)
    }
    if (start?.fromEnd === true) {
      return withoutNulls({ trimStartFromEnd: start.seconds, trimEndFromEnd: length < start.seconds ? start.seconds - length : null })
    }
    end = { seconds: (start?.seconds ?? 0) + length, fromEnd: false }
  }
  if (start !== null && end !== null && start.fromEnd === end.fromEnd) {
    const endsFirst = start.fromEnd ? end.seconds >= start.seconds : end.seconds <= start.seconds
    if (endsFirst) {
      const said = (point: { seconds: number; fromEnd: boolean }): string => `${point.fromEnd ? '-' : ''}${formatTimecode(point.seconds)}`
      throw new UsageError('cli:usage.endNotAfterStart', { end: said(end), start: said(start) })
    }
  }
  return withoutNulls({
    trimStart: start !== null && !start.fromEnd ? start.seconds : null,
    trimStartFromEnd: start?.fromEnd === true ? start.seconds : null,
    trimEnd: end !== null && !end.fromEnd ? end.seconds : null,
    trimEndFromEnd: end?.fromEnd === true ? end.seconds : null
  })
}

/** Every trim field, set or null, so trim flags replace all of a request's trim. */
function withoutNulls(trim: TrimOptions): Required<TrimOptions> {
  return {
    trimStart: trim.trimStart ?? null,
    trimEnd: trim.trimEnd ?? null,
    trimStartFromEnd: trim.trimStartFromEnd ?? null,
    trimEndFromEnd: trim.trimEndFromEnd ?? null
  }
}

const ASPECT_ALIASES: Record<string, Aspect> = { vertical: '9:16', portrait: '9:16', square: '1:1', landscape: '16:9', horizontal: '16:9' }

export function parseAspect(text: string): Aspect {
  const key = text.trim().toLowerCase().replace(/[x/]/, ':')
  if ((ASPECTS as readonly string[]).includes(key)) return key as Aspect
  const alias = ASPECT_ALIASES[key]
  if (alias) return alias
  throw new UsageError('cli:usage.aspect', { value: text, choices: ASPECTS.join(', ') })
}

export function parseFit(text: string): Fit {
  const key = text.trim().toLowerCase()
  if ((FITS as readonly string[]).includes(key)) return key as Fit
  throw new UsageError('cli:usage.fit', { value: text })
}

export function parseRotate(text: string): Rotation {
  const degrees = Number(text.trim().replace(/°$|deg(?:rees)?$/i, ''))
  const turned = Number.isInteger(degrees) ? ((degrees % 360) + 360) % 360 : NaN
  if ((ROTATIONS as readonly number[]).includes(turned)) return turned as Rotation
  throw new UsageError('cli:usage.rotate', { value: text })
}

/** Flags win over what a --request text said; unset flags leave the request's choice. */
export function flagsToOptions(flags: CompressFlags, base: CompressOptions = {}): CompressOptions {
  const options: CompressOptions = { ...base }
  if (flags.targetSize !== undefined) {
    const target = parseTargetSize(flags.targetSize)
    if ('targetBytes' in target) {
      options.targetBytes = target.targetBytes
      options.targetRatio = null
    } else {
      options.targetRatio = target.targetRatio
      options.targetBytes = null
    }
  }
  if (flags.resolution !== undefined) options.resolution = parseResolution(flags.resolution)
  if (flags.fps !== undefined) options.fps = parseFps(flags.fps)
  if (flags.format !== undefined) options.container = parseContainer(flags.format)
  if (flags.codec !== undefined) options.videoCodec = parseCodec(flags.codec)
  if (flags.audio === false) options.audio = 'remove'
  if (flags.quality !== undefined) options.quality = parseQuality(flags.quality)
  if (flags.hardware !== undefined) options.hardware = parseHardware(flags.hardware)
  if (flags.minQuality !== undefined) options.minQuality = parseMinQuality(flags.minQuality)
  if (flags.allowBelowFloor === true) options.allowBelowFloor = true
  if (flags.speed !== undefined) options.speed = parseSpeed(flags.speed)
  const trim = parseTrimFlags(flags)
  if (trim !== null) Object.assign(options, trim)
  if (flags.fastCut === true) options.trimPrecision = 'keyframe'
  if (flags.aspect !== undefined) options.aspect = parseAspect(flags.aspect)
  if (flags.fit !== undefined) options.fit = parseFit(flags.fit)
  if (flags.rotate !== undefined) options.rotate = parseRotate(flags.rotate)
  if (options.trimPrecision === 'keyframe' && !hasTrim(options)) {
    throw new UsageError('cli:usage.fastCutNothing')
  }
  if (flags.fit !== undefined && options.aspect == null) {
    throw new UsageError('cli:usage.fitWithoutAspect', { value: flags.fit })
  }
  // A container that cannot hold the codec is a mistake in the command line, not in a file.
  if (options.container && options.videoCodec && !CONTAINER_VIDEO_CODECS[options.container].includes(options.videoCodec)) {
    // "h264 or hevc", with "or" in the language spoken.
    const fits = CONTAINER_VIDEO_CODECS[options.container].reduceRight<string | Words>(
      (rest, codec) => (rest === '' ? codec : { key: 'cli:usage.either', params: { one: codec, other: rest } }),
      ''
    )
    throw new UsageError('cli:usage.containerCodec', { container: options.container, codec: options.videoCodec, fits })
  }
  return options
}
