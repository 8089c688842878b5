// The job vocabulary every engine speaks (the local ffmpeg engine, the NemoVideo cloud engine, a
// server worker's engine) and every runner uses (the app's queue, the CLI, the watcher).
import type { CompressOptions, CompressResult, JobProgress } from '../shared/compression'

export interface CompressJobRequest {
  input: string
  options: CompressOptions
  /** Where results go; default: next to the original. */
  outputDir?: string | null
  signal?: AbortSignal
  onProgress?: (progress: JobProgress) => void
  /**
   * The request in the user's words (default: a sentence built from `options`). The cloud engine
   * sends it to the backend; the local engine works from `options` alone.
   */
  text?: string | null
  /** News for the job's row while it works (the cloud engine): see EngineNews. */
  onNews?: (news: EngineNews) => void
}

/**
 * What an engine tells a job's row while it works: a reply or notice in the backend's words (the
 * cloud's replies, translated from its GUI talk), or that it is still working with nothing to say,
 * which each front end puts into words in its own language (issue 13: nothing recognises a
 * heartbeat by its English text any more).
 */
export type EngineNews = { kind: 'reply'; text: string } | { kind: 'still-working' }

export interface CompressionEngine {
  /** Never throws for bad input or failed encodes: the result says what happened. */
  compress(request: CompressJobRequest): Promise<CompressResult>
}
