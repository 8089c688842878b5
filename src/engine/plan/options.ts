// The options' own rules, checked before any planning (a usable target, size and frame rate, a
// codec the container holds), and each codec's ffmpeg encoder and ffprobe name (its name for people
// is shared/compression.ts's CODEC_LABEL).
import { CODEC_LABEL, CONTAINER_LABEL, CONTAINER_VIDEO_CODECS, type CompressOptions, SHORT_SIDE_RANGE, type VideoCodec } from '../../shared/compression'
import { UserFacingError } from '../../shared/errors'
import type { Capabilities } from './types'

const ENCODERS: Record<VideoCodec, readonly string[]> = {
  h264: ['libx264'],
  hevc: ['libx265'],
  vp9: ['libvpx-vp9'],
  av1: ['libaom-av1']
}

export const SOURCE_CODEC_OF: Record<VideoCodec, string> = { h264: 'h264', hevc: 'hevc', vp9: 'vp9', av1: 'av1' }

export function encoderFor(codec: VideoCodec, capabilities: Capabilities): string {
  const encoder = ENCODERS[codec].find((name) => capabilities.encoders.has(name))
  if (!encoder) {
    throw new UserFacingError(
      'codec-unavailable',
      `This ffmpeg cannot encode ${CODEC_LABEL[codec]} (it lacks ${ENCODERS[codec].join(' or ')}). Choose ${CODEC_LABEL.h264}, or point the settings to an ffmpeg that has it.`
    )
  }
  return encoder
}

export function validateOptions(options: CompressOptions): void {
  const { targetBytes, targetRatio, resolution, fps } = options
  if (targetBytes != null && (!Number.isFinite(targetBytes) || targetBytes <= 0)) {
    throw new UserFacingError('invalid-option', 'The target size must be more than 0 bytes, e.g. 25MB.')
  }
  if (targetRatio != null && (!Number.isFinite(targetRatio) || targetRatio <= 0 || targetRatio > 1)) {
    throw new UserFacingError('invalid-option', 'The target as a share of the original must be between 0 and 100%, e.g. 0.5 for half the size.')
  }
  if (resolution != null && (!Number.isInteger(resolution) || resolution < SHORT_SIDE_RANGE.min || resolution > SHORT_SIDE_RANGE.max)) {
    throw new UserFacingError(
      'invalid-option',
      `The resolution ${String(resolution)} is not usable: give the short side in pixels between ${SHORT_SIDE_RANGE.min} and ${SHORT_SIDE_RANGE.max}, e.g. 720.`
    )
  }
  if (fps != null && (!Number.isFinite(fps) || fps < 1 || fps > 240)) {
    throw new UserFacingError('invalid-option', `The frame rate ${String(fps)} is not usable: give a value between 1 and 240, e.g. 30.`)
  }
  if (options.container && options.videoCodec && !CONTAINER_VIDEO_CODECS[options.container].includes(options.videoCodec)) {
    throw new UserFacingError(
      'invalid-option',
      `${CONTAINER_LABEL[options.container]} files cannot hold ${CODEC_LABEL[options.videoCodec]} video. Use ${CONTAINER_VIDEO_CODECS[options.container].map((c) => CODEC_LABEL[c]).join(' or ')} with ${CONTAINER_LABEL[options.container]}, or another format.`
    )
  }
}
