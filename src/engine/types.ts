// The local engine's configuration (the job vocabulary it implements is in src/jobs/types.ts).
import type { HardwarePreference } from '../shared/compression'
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
