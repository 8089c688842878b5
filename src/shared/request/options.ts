// From a parsed request to the engine's options (src/shared/compression.ts).

import type { CompressOptions } from '../compression'
import { UserFacingError } from '../errors'
import type { ParsedRequest } from './types'

/**
 * Converts a compress request to the engine's options. Null fields stay null: the engine
 * decides them. Throws a UserFacingError ('invalid-option') for a refused request or one that is
 * not a compression, so nobody compresses with options the person did not ask for.
 */
export function requestToOptions(request: ParsedRequest): CompressOptions {
  if (request.details.error !== null) throw new UserFacingError('invalid-option', request.details.error)
  if (request.intent !== 'compress') {
    const reason =
      request.intent === 'other' && request.details.cloudOnly.length > 0
        ? `it needs the NemoVideo cloud engine (${request.details.cloudOnly.join(', ')})`
        : `it is a request to ${request.intent === 'other' ? 'do something else' : `show or send (${request.intent})`}`
    throw new UserFacingError('invalid-option', `This request is not a compression: ${reason}.`)
  }
  return {
    targetBytes: request.targetBytes,
    targetRatio: request.targetRatio,
    resolution: request.resolution,
    fps: request.fps,
    container: request.container,
    videoCodec: request.videoCodec,
    audio: request.audio,
    quality: request.quality,
    minQuality: request.minQuality,
    trimStart: request.trimStart,
    trimEnd: request.trimEnd,
    trimStartFromEnd: request.details.trim.startFromEnd,
    trimEndFromEnd: request.details.trim.endFromEnd,
    trimPrecision: request.details.trim.precision,
    aspect: request.aspect,
    fit: request.details.fit,
    rotate: request.rotate,
    // Issue 17 §1: only when asked, so options without a wish stay as they were.
    ...(request.details.speed !== null ? { speed: request.details.speed } : {})
  }
}
