// Errors that reach people. Each has a stable code (for tests, JSON output and the UI) and a
// message that says what is wrong and what to do. Anything else that escapes is a bug and is
// shown as "unexpected error" with its message, never with a stack trace.
import { englishWords, type Words } from './words'

export type ErrorCode =
  | 'not-found'
  | 'is-directory'
  | 'unreadable'
  | 'empty-file'
  | 'unsupported-extension'
  | 'not-a-video'
  | 'too-large'
  | 'impossible-target'
  | 'below-quality-floor'
  | 'invalid-option'
  | 'codec-unavailable'
  | 'output-unwritable'
  | 'disk-full'
  | 'encode-failed'
  | 'target-missed'
  | 'ffmpeg-missing'
  | 'cancelled'
  | 'network'
  | 'cloud'
  | 'unexpected'

export class UserFacingError extends Error {
  override readonly name = 'UserFacingError'
  /** The sentence as a catalogue key and parameters (null for those still written in English): see words.ts. */
  readonly words: Words | null
  constructor(
    readonly code: ErrorCode,
    what: string | Words
  ) {
    super(typeof what === 'string' ? what : englishWords(what))
    this.words = typeof what === 'string' ? null : what
  }
}

/**
 * The quality floor cannot be met at the target (issue #12): refused before any work, with the
 * smallest size the samples say meets it (null: not even the original's size).
 */
export class BelowFloorError extends UserFacingError {
  constructor(
    what: string | Words,
    readonly smallestBytesForFloor: number | null
  ) {
    super('below-quality-floor', what)
  }
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError
}

/** A message fit for people from anything thrown (and its words, where it has them). */
export function describeError(error: unknown): { code: ErrorCode; message: string; words?: Words } {
  if (isUserFacingError(error)) return { code: error.code, message: error.message, ...(error.words ? { words: error.words } : {}) }
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'cancelled', message: 'Cancelled.' }
  }
  const text = error instanceof Error ? error.message : String(error)
  return { code: 'unexpected', message: `Unexpected error: ${text}. Please try again; if it keeps happening, report it with this message.` }
}
