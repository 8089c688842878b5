// The local engine's public contract, used by the CLI, the app's job queue and the watcher.
import type { CompressOptions, CompressResult, JobProgress } from '../shared/compression'

export interface EngineConfig {
  /** Explicit ffmpeg/ffprobe paths (settings or flags) win over everything else. */
  ffmpegPath?: string | null
  ffprobePath?: string | null
  /** Inputs larger than this are refused before any work (bytes). Default: no limit. */
  maxInputBytes?: number | null
}

export interface CompressJobRequest {
  input: string
  options: CompressOptions
  /** Where results go; default: next to the original. */
  outputDir?: string | null
  signal?: AbortSignal
  onProgress?: (progress: JobProgress) => void
}

export interface CompressionEngine {
  /** Never throws for bad input or failed encodes: the result says what happened. */
  compress(request: CompressJobRequest): Promise<CompressResult>
}
