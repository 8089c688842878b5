// Command-line flags to engine options. Values are validated here so a typo is a usage error
// (exit 2) with a message that says what to type instead.
import {
  CONTAINERS,
  CONTAINER_VIDEO_CODECS,
  type CompressOptions,
  type Container,
  QUALITY_PREFERENCES,
  type QualityPreference,
  SHORT_SIDE_RANGE,
  type VideoCodec
} from '../shared/compression'
import { parseByteSize } from '../shared/units'

export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export interface CompressFlags {
  targetSize?: string
  resolution?: string
  fps?: string
  format?: string
  codec?: string
  audio?: boolean
  quality?: string
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
    if (ratio <= 0 || ratio > 1) throw new UsageError(`--target-size ${text}: a percentage must be between 0 and 100, e.g. 50%.`)
    return { targetRatio: ratio }
  }
  const bytes = parseByteSize(text)
  if (bytes === null)
    throw new UsageError(`--target-size ${text}: not a size. Use a number with a unit, e.g. 25MB, 500KB, 1.5GB, 8MiB, or a share such as 50%.`)
  if (bytes <= 0) throw new UsageError(`--target-size ${text}: the target must be more than 0 bytes.`)
  return { targetBytes: bytes }
}

export function parseResolution(text: string): number {
  const key = text.trim().toLowerCase()
  const alias = RESOLUTION_ALIASES[key]
  if (alias) return alias
  const match = /^(\d+)p?$/.exec(key)
  if (!match) throw new UsageError(`--resolution ${text}: give the short side in pixels, e.g. 720, 1080p or 4k.`)
  const shortSide = Number(match[1])
  if (shortSide < SHORT_SIDE_RANGE.min || shortSide > SHORT_SIDE_RANGE.max) {
    throw new UsageError(`--resolution ${text}: the short side must be ${SHORT_SIDE_RANGE.min} to ${SHORT_SIDE_RANGE.max} pixels, e.g. 720, 1080p or 4k.`)
  }
  return shortSide
}

export function parseFps(text: string): number {
  const value = Number(text.trim().replace(/fps$/i, ''))
  if (!Number.isFinite(value) || value < 1 || value > 240) throw new UsageError(`--fps ${text}: give a frame rate between 1 and 240, e.g. 30.`)
  return value
}

export function parseContainer(text: string): Container {
  const key = text.trim().toLowerCase().replace(/^\./, '')
  if ((CONTAINERS as readonly string[]).includes(key)) return key as Container
  throw new UsageError(`--format ${text}: choose one of ${CONTAINERS.join(', ')}.`)
}

export function parseCodec(text: string): VideoCodec {
  const codec = CODEC_ALIASES[text.trim().toLowerCase()]
  if (!codec) throw new UsageError(`--codec ${text}: choose one of h264, hevc, vp9, av1.`)
  return codec
}

export function parseQuality(text: string): QualityPreference {
  const key = text.trim().toLowerCase()
  if ((QUALITY_PREFERENCES as readonly string[]).includes(key)) return key as QualityPreference
  throw new UsageError(`--quality ${text}: choose one of ${QUALITY_PREFERENCES.join(', ')}.`)
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
  // A container that cannot hold the codec is a mistake in the command line, not in a file.
  if (options.container && options.videoCodec && !CONTAINER_VIDEO_CODECS[options.container].includes(options.videoCodec)) {
    const fits = CONTAINER_VIDEO_CODECS[options.container].join(' or ')
    throw new UsageError(
      `--format ${options.container} cannot hold ${options.videoCodec} video: use --codec ${fits} with ${options.container}, or another --format.`
    )
  }
  return options
}
