// From what the user asked and what the file is to a concrete encode plan: mode, codecs,
// bitrates, resolution and frame rate, and the notes about what the engine decided on its own.
// Pure functions (no I/O) so every rule is unit-tested. This file composes the planner; its
// parts: the options (options.ts), copy or remux (copy.ts), the carried streams (streams.ts),
// the budget and audio (budget.ts), the picture (picture.ts), the refusal of a target below the
// minimum (minimum-size.ts), the adjustment after the analysis pass (adapt.ts), and the trim,
// turn and shape (edit.ts: the planner reads the edited media, so every budget is the kept part's).
import { CONTAINER_VIDEO_CODECS, DEFAULT_CONTAINER, DEFAULT_QUALITY, type QualityPreference, type VideoCodec, defaultCodecFor } from '../../shared/compression'
import { resolveTargetBytes } from '../../shared/targets'
import { formatBytes } from '../../shared/units'
import { HARDWARE_RATE_SAFETY } from '../ffmpeg/hardware'
import { ANALYSABLE_ENCODERS } from './adapt'
import {
  COPYABLE_AUDIO,
  MIN_VIDEO_KBPS,
  RATE_SAFETY,
  audioEncoderFor,
  baseAudioKbps,
  estimateOverheadBytes,
  planAudioForBudget,
  planAudioForQuality,
  tagCharsOf,
  videoKbpsFor,
  wantsAudio
} from './budget'
import { containerOfExtension, planCopyOrRemux } from './copy'
import { METADATA_ROTATION_CONTAINERS, editCopyable, editNotes } from './edit'
import { impossibleTarget } from './minimum-size'
import { SOURCE_CODEC_OF, encoderFor, validateOptions } from './options'
import { CODEC_EFFICIENCY, MIN_BITS_PER_PIXEL, RESOLUTION_LADDER, lowerResolutionNote, pixelsAt, planToneMapping, sourceShortSide } from './picture'
import { carriedBytes, planCarriedStreams } from './streams'
import type { EncodePlan, PlanInput } from './types'

export type { AudioPlan, Capabilities, CarriedStreams, EncodePlan, PlanInput, PlanMode, SubtitlePlan } from './types'
export type { EditPlan, ShapePlan } from './edit'

const MAX_SANE_FPS = 60

const CRF: Record<VideoCodec, Record<QualityPreference, number>> = {
  h264: { high: 20, balanced: 23, small: 27 },
  hevc: { high: 24, balanced: 27, small: 31 },
  vp9: { high: 30, balanced: 34, small: 38 },
  av1: { high: 28, balanced: 33, small: 38 }
}

export function planCompression(input: PlanInput): EncodePlan {
  const { media, sourceBytes, options, capabilities } = input
  validateOptions(options)
  const quality = options.quality ?? DEFAULT_QUALITY
  const askedTarget = resolveTargetBytes(options, sourceBytes)
  const changes: string[] = []

  const srcShort = sourceShortSide(media)
  const srcFps = media.video.fps ?? 30
  const resolutionChange = options.resolution != null && options.resolution < srcShort
  const fpsChange = options.fps != null && options.fps < srcFps - 0.01
  const codecChange = options.videoCodec != null && SOURCE_CODEC_OF[options.videoCodec] !== media.video.codec
  const audioChange = options.audio === 'remove' && media.audio !== null
  // A trim on a keyframe and a turn in metadata need no re-encoding (issue 14); a shape, a
  // frame-exact cut, or a turn in a container without rotation metadata do.
  const edit = input.edit ?? null
  const copyContainer = options.container ?? containerOfExtension(input.sourceExtension) ?? DEFAULT_CONTAINER
  const editEncodes = edit !== null && !editCopyable(edit, copyContainer)
  const nothingElseAsked = !resolutionChange && !fpsChange && !codecChange && !audioChange && !editEncodes

  // Already under the target (or no target, and an edit that copies) and nothing else asked:
  // hand back the same streams (issue #2), cut and turned as asked.
  const underTarget = askedTarget !== null ? sourceBytes <= askedTarget : edit !== null
  if (underTarget && nothingElseAsked && !input.forceEncode) {
    const copyPlan = planCopyOrRemux(input, quality, askedTarget)
    if (copyPlan) return copyPlan
  }
  // Only the turn stands in the way of copying the streams: it goes into the picture, and the result says why.
  const onlyTheTurnEncodes =
    edit?.rotate != null &&
    !METADATA_ROTATION_CONTAINERS.has(copyContainer) &&
    editCopyable({ ...edit, rotate: null }, copyContainer) &&
    !resolutionChange &&
    !fpsChange &&
    !codecChange &&
    !audioChange
  // A forced re-encode (the copy came out over the target, or wrong) says its own reason.
  if (!input.forceEncode) changes.push(...editNotes(edit, false, onlyTheTurnEncodes ? copyContainer : null))

  const container = options.container ?? DEFAULT_CONTAINER
  const videoCodec = options.videoCodec ?? defaultCodecFor(container)
  if (!CONTAINER_VIDEO_CODECS[container].includes(videoCodec)) {
    validateOptions({ container, videoCodec })
  }
  const encoder = input.hardware?.name ?? encoderFor(videoCodec, capabilities)
  // What a re-encoding plan says alike in both modes (constant quality, target); each adds the rest.
  const reencoding = { container, extension: container, videoCodec, encoder, quality, changes }

  let scaleShortSide: number | null = null
  if (options.resolution != null) {
    if (options.resolution < srcShort) scaleShortSide = options.resolution
    else if (options.resolution > srcShort) changes.push(`kept the source's ${srcShort}p: enlarging a video adds no detail`)
  }
  let fpsCap: number | null = null
  if (options.fps != null) {
    if (options.fps < srcFps - 0.01) fpsCap = options.fps
  } else if (srcFps > MAX_SANE_FPS + 0.5) {
    fpsCap = MAX_SANE_FPS
    changes.push(`capped the frame rate at ${MAX_SANE_FPS} fps (the source has ${Math.round(srcFps)})`)
  }

  const keepAudio = wantsAudio(media, options.audio)
  const audioEncoder = audioEncoderFor(container)
  // A trimmed re-encode encodes the sound too: copied audio packets start where the demuxer's
  // seek lands (the keyframe before), not at the frame the picture starts on.
  const canCopyAudio =
    keepAudio && media.audio !== null && COPYABLE_AUDIO[container].includes(media.audio.codec) && media.audio.bitRate !== null && edit?.trim == null

  // A smaller picture asked and the target is above the source: aiming at the target (capped
  // at the source's size) spent as many bytes on 240p as the original spent on its full size.
  // Constant quality gives what the smaller picture needs, and the result is still never
  // bigger than the input (checked after encoding), so it is under the target too.
  // The same for a trim, a turn or a shape of a part already under the target (issue 14).
  const smallerPictureUnderTarget = askedTarget !== null && sourceBytes <= askedTarget && (resolutionChange || fpsChange || editEncodes)
  if (smallerPictureUnderTarget) {
    const what = edit?.trim != null ? 'part kept' : 'file'
    if (resolutionChange || fpsChange) {
      const picture = scaleShortSide !== null ? `${scaleShortSide}p` : `${fpsCap ?? srcFps} fps`
      changes.push(`the ${what} is already under ${formatBytes(askedTarget)}, so the result is as small as the ${picture} picture needs`)
    } else changes.push(`the ${what} is already under ${formatBytes(askedTarget)}, so it is encoded at constant quality`)
  }

  // No size asked: constant quality, and never bigger than the input (checked after encoding).
  if (askedTarget === null || smallerPictureUnderTarget) {
    const audio = planAudioForQuality(media, quality, keepAudio, canCopyAudio, audioEncoder)
    const toneMapFrom = planToneMapping(media, capabilities, changes)
    const carried = planCarriedStreams(media, container, keepAudio, changes)
    return {
      ...reencoding,
      ...carried,
      mode: 'crf',
      scaleShortSide,
      fpsCap,
      audio,
      toneMapFrom,
      targetBytes: null,
      videoKbps: null,
      crf: CRF[videoCodec][quality],
      overheadBytes: 0,
      adaptAfterAnalysis: false,
      standInAnalysisKbps: null,
      edit
    }
  }

  // Re-encoding never hands back more than the input, whatever the target.
  const targetBytes = Math.min(askedTarget, sourceBytes)
  const duration = media.durationSeconds
  const outFps = fpsCap ?? srcFps
  const audio = planAudioForBudget(media, quality, keepAudio, canCopyAudio, audioEncoder, targetBytes, duration, container, outFps)
  const carried = planCarriedStreams(media, container, keepAudio, changes)
  const carriedStreamBytes = carriedBytes(media, carried)
  const overheadBytes = estimateOverheadBytes(container, duration, outFps, audio, tagCharsOf(media)) + carriedStreamBytes
  const videoKbps = videoKbpsFor(targetBytes, overheadBytes, audio, duration, input.hardware ? HARDWARE_RATE_SAFETY : RATE_SAFETY[videoCodec])

  if (videoKbps < MIN_VIDEO_KBPS) {
    throw impossibleTarget(media, targetBytes, { container, fps: outFps, keepAudio, videoCodec, quality }, audioEncoder, carriedStreamBytes)
  }

  // Too few bits for this many pixels: fewer frames first (above 30 fps), then fewer pixels.
  // x264/x265 decide this after their analysis pass (adaptToAnalysis), which sees how complex
  // the content really is: a screen recording looks clean at a bitrate that ruins a phone video.
  // VP9's and AV1's first-pass statistics are binary and version-specific, so for them a quick
  // x264 pass at the H.264 bitrate worth the same picture stands in (a bits-per-pixel rule sent
  // a 768p screencast to 240p at 250 KB in VP9); without libx264, bits per pixel it is.
  // On the graphics chip (one run, no analysis pass) bits per pixel decide too.
  // Only what the user left open can change: the size, or a frame rate above 30.
  const mayAdapt = options.resolution == null || (options.fps == null && outFps > 30.5)
  const ownAnalysis = ANALYSABLE_ENCODERS.has(encoder)
  const standInAnalysisKbps =
    !ownAnalysis && !input.hardware && mayAdapt && capabilities.encoders.has('libx264') ? videoKbps / CODEC_EFFICIENCY[videoCodec] : null
  const adaptAfterAnalysis = mayAdapt && (ownAnalysis || standInAnalysisKbps !== null)
  if (!ownAnalysis && standInAnalysisKbps === null) {
    const threshold = MIN_BITS_PER_PIXEL[quality] * CODEC_EFFICIENCY[videoCodec]
    const bpp = (shortSide: number, fps: number): number => (videoKbps * 1000) / (pixelsAt(media, shortSide) * fps)
    if (options.fps == null && bpp(scaleShortSide ?? srcShort, outFps) < threshold && outFps > 30.5) {
      fpsCap = 30
      changes.push(`lowered the frame rate to 30 fps to fit ${formatBytes(targetBytes)}`)
    }
    if (options.resolution == null) {
      let short = srcShort
      for (const step of RESOLUTION_LADDER) {
        if (bpp(short, fpsCap ?? outFps) >= threshold) break
        if (step < short) short = step
      }
      if (short < srcShort) {
        scaleShortSide = short
        changes.push(lowerResolutionNote(short, srcShort, targetBytes))
      }
    }
  }
  if (audio.kind !== 'none' && media.audio?.bitRate && audio.kbps * 1000 < media.audio.bitRate * 0.75 && audio.kbps < baseAudioKbps(media, quality)) {
    changes.push(`lowered the audio to ${audio.kbps} kbps to leave room for the picture`)
  }
  if (askedTarget > sourceBytes) {
    changes.push(
      edit?.trim != null
        ? `kept the output under the part's own size (about ${formatBytes(sourceBytes)})`
        : `kept the output under the original's ${formatBytes(sourceBytes)}`
    )
  }
  const toneMapFrom = planToneMapping(media, capabilities, changes)

  return {
    ...reencoding,
    ...carried,
    mode: 'target',
    scaleShortSide,
    fpsCap,
    audio,
    toneMapFrom,
    targetBytes,
    videoKbps,
    crf: null,
    overheadBytes,
    adaptAfterAnalysis,
    standInAnalysisKbps,
    edit
  }
}

/**
 * The plan with one more note in what the engine decided, for a decision taken after planning
 * (the job's own: a remux grew, the chip was used or failed): a plan is never changed once made.
 */
export function withChange(plan: EncodePlan, change: string): EncodePlan {
  return { ...plan, changes: [...plan.changes, change] }
}
