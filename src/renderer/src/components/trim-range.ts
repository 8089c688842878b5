// The trim control's rules (issue 14 "a range control on the row"), pure: where a handle sits for
// a time and the time a handle's place means, how a handle moves (by drag, key or typed time)
// without crossing the other, and the request's words for the range, so the job's request and
// the control always say the same thing (the control writes a sentence the request parser reads
// back, and reads its range back from the job's options).
import type { CompressOptions } from '../../../shared/compression'
import { formatTimecode, resolveTrim } from '../../../shared/trim'

/** The part kept, in seconds from the start of the file. */
export interface Range {
  start: number
  end: number
}

export type Handle = 'start' | 'end'

/** The shortest part the control keeps (a tenth of a second: what the request's words can say). */
export const MIN_KEPT_SECONDS = 0.1

/** Times are kept in tenths: what formatTimecode writes and the parser reads back unchanged. */
export function toTenths(seconds: number): number {
  return Math.round(seconds * 10) / 10
}

/** Where a time sits along the track, 0 (start) to 1 (end). */
export function fractionAt(seconds: number, duration: number): number {
  return duration > 0 ? Math.min(1, Math.max(0, seconds / duration)) : 0
}

/** The time at a place along the track (0..1), in tenths. */
export function secondsAt(fraction: number, duration: number): number {
  return toTenths(Math.min(1, Math.max(0, fraction)) * duration)
}

/** The range the job's options keep: the whole file when they cut nothing (or cannot apply). */
export function rangeFromOptions(options: CompressOptions, duration: number): Range {
  const range = resolveTrim(options, duration)
  return range === null || 'error' in range ? { start: 0, end: duration } : { start: range.start, end: range.end }
}

/** `handle` moved to `seconds`: kept within the file and at least MIN_KEPT_SECONDS from the other handle. */
export function moveHandle(range: Range, handle: Handle, seconds: number, duration: number): Range {
  const at = toTenths(seconds)
  if (handle === 'start') return { ...range, start: Math.max(0, Math.min(at, toTenths(range.end - MIN_KEPT_SECONDS))) }
  return { ...range, end: Math.min(duration, Math.max(at, toTenths(range.start + MIN_KEPT_SECONDS))) }
}

/** How far a key moves a handle: arrows a second (a tenth on clips under 10 s), Page keys ten times that. */
export function keyStep(key: string, duration: number): number | null {
  const small = duration < 10 ? 0.1 : 1
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return -small
    case 'ArrowRight':
    case 'ArrowUp':
      return small
    case 'PageDown':
      return -small * 10
    case 'PageUp':
      return small * 10
    default:
      return null
  }
}

/** The time a key moves `handle` to (Home and End: the file's start and end), or null for other keys. */
export function timeForKey(key: string, range: Range, handle: Handle, duration: number): number | null {
  if (key === 'Home') return 0
  if (key === 'End') return duration
  const step = keyStep(key, duration)
  return step === null ? null : range[handle] + step
}

/** Whether the range is the whole file (nothing to cut): the end within a twentieth of a second of it. */
export function isWholeFile(range: Range, duration: number): boolean {
  return range.start <= 0 && range.end >= duration - 0.05
}

/** The range's points as the request's sentence writes them ("0:05", "1:20.5"). */
export function rangeWords(range: Range): { start: string; end: string } {
  return { start: formatTimecode(range.start), end: formatTimecode(range.end) }
}

/**
 * The request with the control's earlier sentence taken off (the first of `previous` the text ends
 * with: the same range in each language, as the window's language may have changed since) and
 * `next` put at its end; null `next` leaves it off (the whole file kept). A request without a
 * closing full stop gets one first, so the parser reads two sentences.
 */
export function withTrimSentence(text: string, previous: readonly string[], next: string | null): string {
  let base = text.trim()
  const earlier = previous.find((sentence) => sentence !== '' && base.endsWith(sentence))
  if (earlier !== undefined) base = base.slice(0, base.length - earlier.length).trim()
  if (next === null) return base
  if (base === '') return next
  return `${base}${/[.!?。！？]$/u.test(base) ? '' : '.'} ${next}`
}
