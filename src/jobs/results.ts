// The one way to build a result that is not a finished compression: every engine and runner
// (local engine, cloud engine, queue, watcher, the app's stand-in engines) hands back the same
// shape, so the fields a front end reads (no output, no output size, the code) cannot drift.
import type { CompressResult } from '../shared/compression'
import { describeError } from '../shared/errors'
import type { Words } from '../shared/words'

/** What is known of the job when it ends without a result file. */
export interface ResultBasis {
  input: string
  inputBytes?: number | null
  /** What the engine had decided before it stopped (e.g. the cloud's "delivers MP4" note). */
  changes?: string[]
  elapsedMs?: number
}

function withoutOutput(basis: ResultBasis): Omit<CompressResult, 'status' | 'message'> {
  return {
    input: basis.input,
    output: null,
    inputBytes: basis.inputBytes ?? null,
    outputBytes: null,
    changes: basis.changes ?? [],
    elapsedMs: basis.elapsedMs ?? 0
  }
}

/** A job that failed with `code`; the code 'cancelled' makes it a cancelled job (the user stopped it). */
export function failedResult(basis: ResultBasis, failure: { code: string; message: string; words?: Words }): CompressResult {
  return {
    ...withoutOutput(basis),
    status: failure.code === 'cancelled' ? 'cancelled' : 'failed',
    message: failure.message,
    ...(failure.words ? { words: failure.words } : {}),
    errorCode: failure.code
  }
}

/** A job that failed with whatever was thrown, described for people (UserFacingError, ffmpeg, file system). */
export function resultFromError(basis: ResultBasis, error: unknown): CompressResult {
  return failedResult(basis, describeError(error))
}

/** Nothing to do: the original already is what was asked, and it is kept as it is. */
export function skippedResult(basis: ResultBasis, message: string): CompressResult {
  return { ...withoutOutput(basis), status: 'skipped', message }
}
