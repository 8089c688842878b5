// The local (offline) engine: ffmpeg/ffprobe found once, then one job at a time per call.
import type { CompressResult } from '../shared/compression'
import { runCompressJob } from './compress'
import { type FfmpegToolchain, loadToolchain } from './ffmpeg/locate'
import { type PreviewRequest, type PreviewResult, previewCompression } from './preview'
import type { EngineConfig } from './types'
import type { CompressJobRequest, CompressionEngine } from '../jobs/types'

export type { EngineConfig } from './types'
export type { FfmpegToolchain } from './ffmpeg/locate'
export { ACCEPTED_INPUT_EXTENSIONS, isAcceptedVideoExtension } from './checks'
export type { PreviewFrame, PreviewRequest, PreviewResult, PreviewStage } from './preview'

export class LocalEngine implements CompressionEngine {
  constructor(
    readonly toolchain: FfmpegToolchain,
    private readonly config: EngineConfig = {}
  ) {}

  compress(request: CompressJobRequest): Promise<CompressResult> {
    return runCompressJob(this.toolchain, this.config, request)
  }

  /** A few samples encoded with the plan the job would run, before it runs (preview.ts). */
  preview(request: PreviewRequest): Promise<PreviewResult> {
    return previewCompression(this.toolchain, this.config, request)
  }
}

/** Finds ffmpeg/ffprobe (throws a UserFacingError 'ffmpeg-missing' if there is none). */
export async function createLocalEngine(config: EngineConfig = {}): Promise<LocalEngine> {
  const toolchain = await loadToolchain({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath, explicitFrom: config.explicitFrom })
  return new LocalEngine(toolchain, config)
}
