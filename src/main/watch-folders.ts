// Watch folders in the app (issue #4 tray "Watch folders (on/off)", issue #5): the folders from
// the settings are watched while the switch is on, and every complete new video goes through the
// app's job queue, so it shows in the window and the tray like a dropped file. Plain Node: the
// watch service, the queue and the settings are handed in and tested for real.
import type { Translator } from '../shared/i18n'
import type { AppNotice, Settings } from '../shared/ipc/contract'
import type { PlanPreview } from '../shared/ipc/contract'
import type { JobQueue } from '../services/queue'
import type { SettingsService } from '../services/settings'
import { createWatchService, queueEnqueuer, queuedResult } from '../services/watch'
import type { WatchEvent, WatchFolderConfig, WatchRecord, WatchService } from '../services/watch'
import { outputDirFrom } from './handlers'

/**
 * What of the watcher's events people must see in the window (issue #5: "reported once with its
 * reason", "shown as unavailable and resumes"). Jobs the queue runs already show in their rows,
 * so only what happens outside the queue becomes a notice. The titles are main's words, in the
 * app's language; the lines are the watch service's sentences as it says them (English until
 * its events carry codes).
 */
export function noticeForWatchEvent(event: WatchEvent, { t }: Translator): AppNotice | null {
  switch (event.type) {
    case 'warning':
      return { kind: 'error', title: t('notifications:watch.title'), lines: [event.message] }
    case 'folder-unavailable':
      return { kind: 'error', title: t('notifications:watch.unavailable'), lines: [event.message], key: `watch-folder:${event.watchId}` }
    case 'folder-available':
      return {
        kind: 'info',
        title: t('notifications:watch.back'),
        lines: [t('notifications:watch.watchingAgain', { folder: event.folder })],
        key: `watch-folder:${event.watchId}`
      }
    case 'failed':
      // result null: the watcher itself refused the file (it could not be opened); no row shows it.
      return event.result === null ? { kind: 'error', title: t('notifications:watch.fileNotCompressed'), lines: [event.message] } : null
    default:
      return null
  }
}

export interface WatchFoldersDeps {
  settings: SettingsService
  queue: JobQueue
  interpretRequest: (text: string) => PlanPreview
  /** The app's words now (AppLanguage.current): a folder left unwatched is said in them. */
  words(): Translator
  openRecord(): Promise<WatchRecord>
  /** Told about every watch event and about folders skipped for a request that cannot be read. */
  onEvent?: (event: WatchEvent) => void
  stabilityMs?: number
}

export interface WatchFolders {
  /** Starts, changes or stops watching to match the settings. Calls run one after another. */
  apply(): Promise<void>
  isWatching(): boolean
  stop(): Promise<void>
}

/** The watch service's folder list from the settings; folders whose request is not understood are left out. */
export function watchConfigsFrom(
  settings: Settings,
  interpret: (text: string) => PlanPreview,
  warn: (message: string) => void,
  { t }: Translator
): WatchFolderConfig[] {
  const configs: WatchFolderConfig[] = []
  for (const folder of settings.watchFolders) {
    const text = folder.request.trim() !== '' ? folder.request : settings.defaultRequest
    const preview = interpret(text)
    if (preview.error !== null || preview.options === null) {
      warn(t('notifications:watch.notWatched', { folder: folder.folder, reason: preview.error ?? t('notifications:watch.requestNotUnderstood') }))
      continue
    }
    configs.push({
      id: folder.id,
      folder: folder.folder,
      request: text,
      options: preview.options,
      enabled: true,
      recursive: folder.recursive,
      includeExisting: folder.includeExisting,
      outputDir: outputDirFrom(settings)
    })
  }
  return configs
}

export function createWatchFolders(deps: WatchFoldersDeps): WatchFolders {
  let service: WatchService | null = null
  let record: WatchRecord | null = null
  let chain = Promise.resolve()
  const requests = new Map<string, string>()
  // Every settings change re-applies; a folder whose request is still not understood is said once.
  let saidBefore = new Set<string>()

  /**
   * Watched jobs the queue brought back from the last run (saved at quit) belong to the watcher
   * again: it records their results and does not hand those files on a second time.
   */
  function adoptRestoredJobs(target: WatchService, configs: readonly WatchFolderConfig[]): void {
    const watched = new Set(configs.map((config) => config.id))
    for (const job of deps.queue.snapshot().jobs) {
      if (job.watchId === null || !watched.has(job.watchId) || (job.state !== 'queued' && job.state !== 'running')) continue
      target.adopt(job.watchId, job.input, queuedResult(deps.queue, job.id))
    }
  }

  async function applyNow(): Promise<void> {
    const current = deps.settings.get()
    const warnings: string[] = []
    const configs = current.watchFoldersEnabled ? watchConfigsFrom(current, deps.interpretRequest, (message) => warnings.push(message), deps.words()) : []
    for (const message of warnings) if (!saidBefore.has(message)) deps.onEvent?.({ type: 'warning', message })
    saidBefore = new Set(warnings)
    requests.clear()
    for (const config of configs) requests.set(config.id, config.request)
    if (configs.length === 0) {
      if (service) {
        const stopping = service
        service = null
        await stopping.stop()
      }
      return
    }
    if (service) {
      adoptRestoredJobs(service, configs)
      await service.setFolders(configs)
      return
    }
    record ??= await deps.openRecord()
    const created = createWatchService({
      enqueue: queueEnqueuer(deps.queue, (id) => requests.get(id) ?? ''),
      record,
      folders: configs,
      ...(deps.stabilityMs !== undefined ? { stabilityMs: deps.stabilityMs } : {})
    })
    if (deps.onEvent) created.onAny(deps.onEvent)
    service = created
    adoptRestoredJobs(created, configs)
    await created.start()
  }

  return {
    apply() {
      chain = chain.then(applyNow, applyNow)
      return chain
    },
    isWatching: () => service !== null,
    async stop() {
      await chain.catch(() => undefined)
      const stopping = service
      service = null
      await stopping?.stop()
    }
  }
}
