// The composition root without Electron (issue #4 "thin Electron glue"): settings, engine choice,
// queue and handlers wired together from ports. src/main/index.ts calls it with electron-store and
// Electron's dialog/shell; the e2e test calls it with in-memory stores and a stand-in for the
// native dialogs, so both run the same wiring with the real queue and the real engine.
import { access } from 'node:fs/promises'
import { createLocalEngine } from '../engine'
import type { LocalEngine } from '../engine'
import { cleanStaleWork } from '../jobs/work-journal'
import { readFileDetails, readFrameStrip } from '../engine/details'
import { loadToolchain } from '../engine/ffmpeg/locate'
import type { EngineConfig } from '../engine/types'
import type { CompressionEngine } from '../jobs/types'
import { formatCredits } from '../cloud'
import type { NemoCredits } from '../cloud'
import type { CompressResult } from '../shared/compression'
import { UserFacingError } from '../shared/errors'
import { englishWords, errorWords, type Words } from '../shared/words'
import type { CloudCredits, InvokeHandlers, Settings } from '../shared/ipc/contract'
import { createJobQueue } from '../services/queue'
import type { Clock, JobQueue, QueueRepository } from '../services/queue'
import { createSettingsService } from '../services/settings'
import type { KeyValuePort, SettingsService } from '../services/settings'
import { createHandlers } from './handlers'
import type { DialogPort, ShellPort } from './handlers'
import { identifyFfmpeg } from './ffmpeg-check'
import { createAppLanguage } from './language'
import type { AppLanguage } from './language'
import { resolveInputPaths } from './inputs'
import { interpretRequest } from './request'
import { failedResult } from '../jobs/results'

export interface AppPorts {
  settingsStore: KeyValuePort
  queueRepository: QueueRepository
  dialogs: DialogPort
  shell: ShellPort
  clock?: Clock
  createLocalEngine?: (config: EngineConfig) => Promise<CompressionEngine>
  /** The cloud engine (src/cloud/nemo); apiUrl null means its default address. */
  createCloudEngine?: (apiUrl: string | null) => CloudEngine
  /**
   * The system's locale: Electron's app.getLocale() in the app (issue #13). Tests that do not
   * look at the language leave it out and get an English system.
   */
  systemLocale?: string
}

/** What the app needs of the cloud engine: jobs (with text and messages) and the balance. */
export interface CloudEngine extends CompressionEngine {
  credits(signal?: AbortSignal): Promise<NemoCredits>
}

const NO_CLOUD_PREVIEW = errorWords('errors:app.noCloudPreview')
const NO_CLOUD = errorWords('errors:app.noCloud')

export interface AppServices {
  settings: SettingsService
  queue: JobQueue
  handlers: InvokeHandlers
  /** The language of the tray, the notifications and main's notices and dialogs. */
  language: AppLanguage
}

export function createAppServices(ports: AppPorts): AppServices {
  const settings = createSettingsService(ports.settingsStore)
  const systemLocale = ports.systemLocale ?? 'en-US'
  const language = createAppLanguage(settings, systemLocale)
  const engineFor = createEngineSelector(settings, ports)
  const queue = createJobQueue({
    engine: engineFor,
    repository: ports.queueRepository,
    concurrency: settings.get().concurrency,
    // At start (queue.restore), what dead processes left: the app's own crash, a killed CLI.
    removeStaleWork: cleanStaleWork,
    ...(ports.clock ? { clock: ports.clock } : {})
  })
  settings.onChange((current) => queue.setConcurrency(current.concurrency))
  const handlers = createHandlers({
    queue,
    settings,
    resolveInputs: resolveInputPaths,
    interpretRequest,
    dialogs: ports.dialogs,
    shell: ports.shell,
    fileExists: (filePath) =>
      access(filePath).then(
        () => true,
        () => false
      ),
    identifyFfmpeg,
    cloudCredits: async (): Promise<CloudCredits> => {
      if (!ports.createCloudEngine) throw new UserFacingError('cloud', NO_CLOUD)
      const credits = await ports.createCloudEngine(cloudApiUrlOf(settings.get())).credits()
      return { available: credits.available, frozen: credits.frozen, total: credits.total, summary: formatCredits(credits) }
    },
    // loadToolchain caches per binary, so a details call costs no ffmpeg lookup after the first.
    fileDetails: async (filePath) => readFileDetails(await loadToolchain({ ffmpegPath: settings.get().ffmpegPath || null }), filePath),
    frameStrip: async (filePath) => readFrameStrip(await loadToolchain({ ffmpegPath: settings.get().ffmpegPath || null }), filePath),
    previewFile: async (filePath, options, signal) => {
      const engine = settings.get().engine === 'cloud' ? null : await engineFor()
      // Only the local engine previews (engine/preview.ts); the cloud engine has no such call.
      if (!canPreview(engine)) throw new UserFacingError('cloud', NO_CLOUD_PREVIEW)
      return engine.preview({ input: filePath, options, signal })
    },
    systemLocale
  })
  return { settings, queue, handlers, language }
}

/**
 * The engine for the next job, from the settings at that moment. The local engine is kept while
 * its ffmpeg path stays the same (finding ffmpeg and its encoders costs a few process starts).
 * A failed lookup (no ffmpeg) is not kept, so fixing the path in settings works on retry.
 */
function cloudApiUrlOf(settings: Settings): string | null {
  return settings.cloudApiUrl === '' ? null : settings.cloudApiUrl
}

function createEngineSelector(settings: SettingsService, ports: AppPorts): () => Promise<CompressionEngine> {
  const makeLocal = ports.createLocalEngine ?? createLocalEngine
  let cached: { ffmpegPath: string; hardware: Settings['hardware']; engine: Promise<CompressionEngine> } | null = null
  return async () => {
    const current: Settings = settings.get()
    if (current.engine === 'cloud') {
      if (ports.createCloudEngine) return ports.createCloudEngine(cloudApiUrlOf(current))
      return unavailableEngine(NO_CLOUD)
    }
    if (!cached || cached.ffmpegPath !== current.ffmpegPath || cached.hardware !== current.hardware) {
      const engine = makeLocal({ ffmpegPath: current.ffmpegPath || null, hardware: current.hardware })
      cached = { ffmpegPath: current.ffmpegPath, hardware: current.hardware, engine }
      engine.catch(() => {
        if (cached?.engine === engine) cached = null
      })
    }
    return cached.engine
  }
}

function canPreview(engine: CompressionEngine | null): engine is CompressionEngine & Pick<LocalEngine, 'preview'> {
  return engine !== null && typeof (engine as Partial<Pick<LocalEngine, 'preview'>>).preview === 'function'
}

function unavailableEngine(words: Words): CompressionEngine {
  return {
    compress: async (request): Promise<CompressResult> => failedResult({ input: request.input }, { code: 'cloud', message: englishWords(words), words })
  }
}
