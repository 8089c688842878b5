// A source already under the target with nothing else asked: the same streams handed back, as a
// byte copy, or repackaged into the asked container when it takes them as they are; with a cut on
// a keyframe or a turn in rotation metadata (issue 14), the same streams cut and turned.
import { type Container, DEFAULT_CONTAINER, type QualityPreference } from '../../shared/compression'
import { COPYABLE_AUDIO } from './budget'
import { editNotes } from './edit'
import { SOURCE_CODEC_OF } from './options'
import { planCarriedStreams } from './streams'
import type { EncodePlan, PlanInput } from './types'

/** Video codecs (ffprobe names) each container takes as-is for a remux. */
const REMUXABLE_VIDEO: Record<Container, readonly string[]> = {
  mp4: ['h264', 'hevc', 'av1', 'vp9', 'mpeg4'],
  mov: ['h264', 'hevc', 'mpeg4', 'prores'],
  mkv: ['h264', 'hevc', 'av1', 'vp9', 'vp8', 'mpeg4', 'mpeg2video', 'theora'],
  webm: ['vp8', 'vp9', 'av1']
}

/** The container a file's extension names, or null for one the engine does not write (avi, mpg...). */
export function containerOfExtension(extension: string): Container | null {
  if (extension === 'mp4' || extension === 'm4v') return 'mp4'
  if (extension === 'mov' || extension === 'qt') return 'mov'
  if (extension === 'mkv') return 'mkv'
  if (extension === 'webm') return 'webm'
  return null
}

/**
 * The copy, remux or edit plan, or null when the container cannot take the source's streams as
 * they are. `targetBytes` is null only for an edit without a size asked.
 */
export function planCopyOrRemux(input: PlanInput, quality: QualityPreference, targetBytes: number | null): EncodePlan | null {
  const { media, options } = input
  const edit = input.edit ?? null
  const base = {
    videoCodec: (['h264', 'hevc', 'vp9', 'av1'] as const).find((c) => SOURCE_CODEC_OF[c] === media.video.codec) ?? 'h264',
    encoder: 'copy',
    quality,
    scaleShortSide: null,
    fpsCap: null,
    targetBytes,
    videoKbps: null,
    crf: null,
    overheadBytes: 0,
    adaptAfterAnalysis: false,
    standInAnalysisKbps: null,
    toneMapFrom: null,
    edit
  }
  const sourceContainer = containerOfExtension(input.sourceExtension)
  if (edit === null && (!options.container || options.container === sourceContainer)) {
    return {
      // Nothing to do: next to the original nothing is written; into an output folder the user
      // chose, a byte copy (every track, subtitles included, as it is). The result says which.
      ...base,
      mode: 'copy',
      container: sourceContainer ?? DEFAULT_CONTAINER,
      extension: input.sourceExtension,
      subtitles: [],
      attachments: [],
      audio: media.audio ? { kind: 'copy', kbps: (media.audio.bitRate ?? 0) / 1000 } : { kind: 'none' },
      changes: []
    }
  }
  // A cut or a turn writes a new file: in the asked container, else the source's (MP4 for a
  // source in one the engine does not write).
  const container = options.container ?? sourceContainer ?? DEFAULT_CONTAINER
  const videoOk = REMUXABLE_VIDEO[container].includes(media.video.codec)
  const audioOk = !media.audio || COPYABLE_AUDIO[container].includes(media.audio.codec)
  if (!videoOk || !audioOk) return null
  // The result's sentence says it was repackaged (alreadyUnderTarget); changes keep what else happened.
  const changes: string[] = editNotes(edit, true)
  const { subtitles, attachments } = planCarriedStreams(media, container, media.audio !== null, changes)
  return {
    ...base,
    mode: edit !== null ? 'edit' : 'remux',
    container,
    extension: container,
    subtitles,
    attachments,
    audio: media.audio ? { kind: 'copy', kbps: (media.audio.bitRate ?? 0) / 1000 } : { kind: 'none' },
    changes
  }
}
