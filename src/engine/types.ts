// The local engine's public contract, used by the CLI, the app's job queue and the watcher.
import type { CompressOptions, CompressResult, HardwarePreference, JobProgress } from '../shared/compression'
import type { ExplicitPathOrigin } from './ffmpeg/locate'

export interface EngineConfig {
  /** Explicit ffmpeg/ffprobe paths (settings or flags) win over everything else. */
  ffmpegPath?: string | null
  ffprobePath?: string | null
  /** Where those paths came from, for messages: the CLI's flags or the app's settings (default). */
  explicitFrom?: ExplicitPathOrigin
  /** Inputs larger than this are refused before any work (bytes). Default: no limit. */
  maxInputBytes?: number | null
  /** The graphics chip's encoder when a job's options do not say (the app's setting). Default auto. */
  hardware?: HardwarePreference | null
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
