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
  /** Backend replies (translated), "⏳ Still working..." and notices, for the job's row (the cloud engine). */
  onMessage?: (text: string) => void
}

export interface CompressionEngine {
  /** Never throws for bad input or failed encodes: the result says what happened. */
  compress(request: CompressJobRequest): Promise<CompressResult>
}
