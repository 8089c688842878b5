// Trims, turns and shapes (issue 14) as the planner and ffmpeg see them: the part of the source
// kept, the quarter turn and the shape the turned picture is fitted into, and the picture the
// encoder gets after them (editedMedia: the kept duration, the shaped size), so the budget, the
// resolution decision, the estimate and the result's length check all work on what is kept.
import { CONTAINER_LABEL, type CompressOptions, type Container, DEFAULT_FIT, type Rotation } from '../../shared/compression'
import { UserFacingError } from '../../shared/errors'
import { type ShapePlan, shapeFor } from '../../shared/shape'
import { formatTimecode, resolveTrim, type TrimRange } from '../../shared/trim'
import type { MediaInfo } from '../probe'

export type { ShapePlan } from '../../shared/shape'

/** What is cut, turned and reshaped; made once per job (planEdit) and carried by the plan. */
export interface EditPlan {
  /** The part of the source asked for, in its seconds; null: all of it. */
  readonly trim: TrimRange | null
  /**
   * When a cut on keyframes was asked: the keyframe at or before the asked start, where a cut
   * without re-encoding begins (the job finds it: keyframes.ts). Null otherwise.
   */
  readonly keyframeStart: number | null
  /** Quarter turns clockwise of the picture as it is shown. */
  readonly rotate: Rotation | null
  /** The source's own display rotation (counterclockwise degrees, probe.ts): a turn in metadata adds to it. */
  readonly sourceRotation: number
  /** Null when no shape was asked or the turned picture already has it (within 1%). */
  readonly shape: ShapePlan | null
}

/**
 * The edit the options ask of this file, or null when they ask none. A trim that does not fit the
 * file (a start past its end) is refused here, before anything is written.
 */
export function planEdit(media: MediaInfo, options: CompressOptions, keyframeStart: number | null = null): EditPlan | null {
  const range = resolveTrim(options, media.durationSeconds)
  if (range !== null && 'error' in range) throw new UserFacingError('invalid-option', range.error)
  const rotate = options.rotate ?? null
  const sideways = rotate === 90 || rotate === 270
  const width = sideways ? media.video.displayHeight : media.video.displayWidth
  const height = sideways ? media.video.displayWidth : media.video.displayHeight
  const shape = options.aspect != null ? shapeFor(width, height, options.aspect, options.fit ?? DEFAULT_FIT) : null
  if (range === null && rotate === null && shape === null) return null
  // The file's start is a keyframe; a later start moves back to the one before it (0 when none was found).
  const keyframe = range === null || options.trimPrecision !== 'keyframe' ? null : range.start > 0 ? Math.min(range.start, Math.max(0, keyframeStart ?? 0)) : 0
  return { trim: range, keyframeStart: keyframe, rotate, sourceRotation: media.video.rotation, shape }
}

/** Where the output's picture is turned: nowhere, in rotation metadata (the streams copied), or in the re-encode. */
export const METADATA_ROTATION_CONTAINERS: ReadonlySet<Container> = new Set(['mp4', 'mov'])

/**
 * Whether the edit can be written without re-encoding into `container`: a cut on a keyframe (or
 * none), a turn in rotation metadata (MP4 and MOV hold it; Matroska players ignore it), no shape.
 */
export function editCopyable(edit: EditPlan, container: Container): boolean {
  return edit.shape === null && (edit.trim === null || edit.keyframeStart !== null) && (edit.rotate === null || METADATA_ROTATION_CONTAINERS.has(container))
}

/** The part of the source a plan writes: from the keyframe when its streams are copied, else as asked. */
export function cutOf(edit: EditPlan | null, copied: boolean): TrimRange | null {
  if (edit?.trim == null) return null
  return copied && edit.keyframeStart !== null ? { start: edit.keyframeStart, end: edit.trim.end } : edit.trim
}

/** Seconds the plan's output lasts: the part cut, or the whole source. */
export function keptSeconds(edit: EditPlan | null, copied: boolean, sourceSeconds: number): number {
  const cut = cutOf(edit, copied)
  return cut === null ? sourceSeconds : cut.end - cut.start
}

/** The counterclockwise display rotation to write when the turn goes into metadata (probe.ts's convention). */
export function metadataRotation(edit: EditPlan): number {
  return (((edit.sourceRotation - (edit.rotate ?? 0)) % 360) + 360) % 360
}

/**
 * The media as the encoder gets it after the edit: the kept part's length, the turned and shaped
 * picture (shown as it is coded, no rotation left), and what scales with the length (frame count,
 * subtitle bytes). The planner, the analysis-pass adjustment, the progress and the estimate read
 * this one, so every budget is the kept part's.
 */
export function editedMedia(media: MediaInfo, edit: EditPlan | null): MediaInfo {
  if (edit === null) return media
  const share = edit.trim !== null && media.durationSeconds > 0 ? (edit.trim.end - edit.trim.start) / media.durationSeconds : 1
  const sideways = edit.rotate === 90 || edit.rotate === 270
  const turnedWidth = sideways ? media.video.displayHeight : media.video.displayWidth
  const turnedHeight = sideways ? media.video.displayWidth : media.video.displayHeight
  const width = edit.shape?.width ?? turnedWidth
  const height = edit.shape?.height ?? turnedHeight
  const reshaped = edit.rotate !== null || edit.shape !== null
  return {
    ...media,
    durationSeconds: media.durationSeconds * share,
    sizeBytes: Math.round(media.sizeBytes * share),
    video: {
      ...media.video,
      // The coded size stays the source's when nothing turns or reshapes it (an odd size is still evened out).
      width: reshaped ? width : media.video.width,
      height: reshaped ? height : media.video.height,
      displayWidth: width,
      displayHeight: height,
      rotation: reshaped ? 0 : media.video.rotation,
      frameCount: media.video.frameCount === null ? null : Math.round(media.video.frameCount * share)
    },
    subtitles: media.subtitles.map((track) => ({ ...track, bytes: track.bytes === null ? null : Math.ceil(track.bytes * share) }))
  }
}

/** The bytes of the source's kept part, for the "never bigger than the input" rule and the copy test. */
export function keptBytes(sourceBytes: number, media: MediaInfo, edit: EditPlan | null): number {
  if (edit?.trim == null || !(media.durationSeconds > 0)) return sourceBytes
  return Math.ceil((sourceBytes * (edit.trim.end - edit.trim.start)) / media.durationSeconds)
}

const TURN_WORDS: Readonly<Record<Rotation, string>> = { 90: '90° clockwise', 180: 'upside down', 270: '90° counterclockwise' }

/** "turned 90° clockwise", for the result's notes. */
export function describeTurn(rotate: Rotation): string {
  return rotate === 180 ? 'turned upside down' : `turned ${TURN_WORDS[rotate]}`
}

/**
 * The notes a plan's edit adds to what the engine decided (issue 14: the result says how far a
 * quick cut moved). `turnEncodedIn`: the container the streams would have been copied into, when only the turn made the job re-encode.
 */
export function editNotes(edit: EditPlan | null, copied: boolean, turnEncodedIn: Container | null = null): string[] {
  if (edit === null) return []
  const notes: string[] = []
  const askedStart = edit.trim?.start ?? 0
  if (edit.keyframeStart !== null) {
    const shift = askedStart - edit.keyframeStart
    if (!copied) notes.push(`cut exactly at ${formatTimecode(askedStart)}: the video is re-encoded anyway, so the cut needs no keyframe`)
    else if (askedStart > 0 && shift < 0.001) notes.push(`cut at ${formatTimecode(askedStart)} without re-encoding (a keyframe is there)`)
    else if (askedStart > 0) {
      notes.push(
        `cut without re-encoding at the keyframe at ${formatTimecode(edit.keyframeStart)}, ${shift.toFixed(1)} s before the ${formatTimecode(askedStart)} asked`
      )
    } else notes.push('cut without re-encoding')
  }
  if (edit.rotate !== null && copied) notes.push(`${describeTurn(edit.rotate)} in the rotation metadata, without re-encoding`)
  if (edit.rotate !== null && turnEncodedIn !== null) {
    notes.push(
      `${describeTurn(edit.rotate)} in the picture, re-encoded: ${CONTAINER_LABEL[turnEncodedIn]} has no rotation metadata players follow (MP4 and MOV do)`
    )
  }
  return notes
}
