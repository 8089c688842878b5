// Trim points (issue 14): how people write a point in a video ("1:20", "80s", "1m20s", "0:05.5")
// and what part of a file a trim keeps once its duration is known. One place for the CLI flags,
// the request parser, the engine and the server's check of a result's length.
import type { CompressOptions } from './compression'

/** Trim points in the options, as they name them. */
export type TrimFields = Pick<CompressOptions, 'trimStart' | 'trimEnd' | 'trimStartFromEnd' | 'trimEndFromEnd'>

/** The part of a file that is kept, in seconds from its start. */
export interface TrimRange {
  start: number
  end: number
}

/**
 * "1:20" -> 80, "1:02:03.5" -> 3723.5, "80" / "80s" / "80 sec" -> 80, "1m20s" / "1 min 20 s" -> 80,
 * "2min" -> 120, "1h" -> 3600. Null when it is not a point in time (also minutes or seconds of 60
 * or more after a colon, as in "1:75").
 */
export function parseTimecode(text: string): number | null {
  const value = text.trim().toLowerCase()
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$/.exec(value)
  if (clock) {
    const hours = Number(clock[1] ?? 0)
    const minutes = Number(clock[2])
    const seconds = Number(clock[3])
    if (seconds >= 60 || (clock[1] !== undefined && minutes >= 60)) return null
    return hours * 3600 + minutes * 60 + seconds
  }
  const units = /^(?:(\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)\s*)?(?:(\d+(?:\.\d+)?)\s*(?:m|mins?|minutes?)\s*)?(?:(\d+(?:\.\d+)?)\s*(?:s|secs?|seconds?)?)?$/.exec(
    value
  )
  if (!units || value === '' || (units[1] === undefined && units[2] === undefined && units[3] === undefined)) return null
  return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0)
}

/** 80 -> "1:20", 5.5 -> "0:05.5", 3723 -> "1:02:03": a point as people read it on a player. */
export function formatTimecode(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?'
  // Tenths where there are any, so "0:05.5" stays what was asked; never "0:60".
  const tenths = Math.round(seconds * 10)
  const whole = Math.floor(tenths / 10)
  const fraction = tenths % 10
  const h = Math.floor(whole / 3600)
  const m = Math.floor((whole % 3600) / 60)
  const s = `${String(whole % 60).padStart(2, '0')}${fraction > 0 ? `.${fraction}` : ''}`
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/** Whether the options cut anything at all. */
export function hasTrim(options: TrimFields): boolean {
  return (options.trimStart ?? 0) > 0 || options.trimEnd != null || (options.trimStartFromEnd ?? null) !== null || (options.trimEndFromEnd ?? 0) > 0
}

/**
 * The part of a file of `durationSeconds` that the options keep, or the sentence that says why
 * they cannot be applied to it (a start past its end, an end before the start). Null when nothing
 * is cut. An end past the end of the file is the end of the file: "the first 30 seconds" of a
 * 20-second clip is all of it.
 */
export function resolveTrim(options: TrimFields, durationSeconds: number): TrimRange | { error: string } | null {
  if (!hasTrim(options)) return null
  const length = formatTimecode(durationSeconds)
  const start = options.trimStartFromEnd != null ? Math.max(0, durationSeconds - options.trimStartFromEnd) : (options.trimStart ?? 0)
  const end = options.trimEndFromEnd != null ? durationSeconds - options.trimEndFromEnd : Math.min(durationSeconds, options.trimEnd ?? durationSeconds)
  if (start >= durationSeconds) {
    return { error: `The trim starts at ${formatTimecode(start)}, but the video is only ${length} long: choose a start before ${length}.` }
  }
  if (end <= 0) {
    return {
      error: `The trim would keep nothing: the video is ${length} long, and cutting ${formatTimecode(options.trimEndFromEnd ?? 0)} from its end leaves none of it.`
    }
  }
  if (end <= start) {
    return { error: `The trim ends at ${formatTimecode(end)}, before it starts (${formatTimecode(start)}): choose an end after the start.` }
  }
  return { start, end }
}

/** The length of what is kept: the trimmed part, or the whole file. */
export function keptDuration(options: TrimFields, durationSeconds: number): number {
  const range = resolveTrim(options, durationSeconds)
  return range === null || 'error' in range ? durationSeconds : range.end - range.start
}

/**
 * How far a keyframe cut may move its start back: x264's default keyframe interval (250 frames)
 * at 25 fps. A check of a result's length allows this much more with a quick cut; the engine
 * says the real shift, which it measures.
 */
export const KEYFRAME_CUT_MAX_SHIFT_SECONDS = 10

/**
 * Whether a result of `resultSeconds` has the length the options ask of a source of
 * `sourceSeconds`: the kept part, within 2% (at least a second), and longer by up to a keyframe
 * interval after a quick cut (its start moves back to a keyframe).
 */
export function hasExpectedLength(options: CompressOptions, sourceSeconds: number, resultSeconds: number): boolean {
  const expected = keptDuration(options, sourceSeconds)
  const tolerance = Math.max(1, expected * 0.02)
  const extra = options.trimPrecision === 'keyframe' && hasTrim(options) ? KEYFRAME_CUT_MAX_SHIFT_SECONDS : 0
  return resultSeconds >= expected - tolerance && resultSeconds <= expected + tolerance + extra
}
