// The main process's side of the contract: one plain function per invoke channel, built from the
// services it is given (issue #4). No Electron imports: the app passes Electron's dialog and shell
// wrapped in these small ports, and the e2e test binds the very same handlers into a Chromium page.
import { randomUUID } from 'node:crypto'
import type { CompressOptions } from '../shared/compression'
import { UserFacingError } from '../shared/errors'
import { errorWords } from '../shared/words'
import { formatBytes } from '../shared/units'
import type {
  BelowFloorChoice,
  CloudCredits,
  FileDetails,
  FrameStrip,
  InvokeHandlers,
  JobPreview,
  PlanPreview,
  Settings,
  WatchFolderEdit
} from '../shared/ipc/contract'
import type { PreviewResult } from '../engine'
import type { JobQueue } from '../services/queue'
import type { SettingsService } from '../services/settings'
import type { ResolvedInputs } from './inputs'

/** What a folder dialog is opened for (its title says it). */
export type FolderPurpose = 'output' | 'watch'

/**
 * The native dialogs, opened by main. Paths that main runs or writes into come only from these
 * (issue #10 "Security"), never from the page; each resolves to null (or []) when cancelled.
 */
export interface DialogPort {
  pickFiles(): Promise<string[]>
  pickFolder(purpose: FolderPurpose): Promise<string | null>
  /** The ffmpeg program to use. */
  pickFfmpeg(): Promise<string | null>
}

export interface ShellPort {
  /** Opens a file with its default app; resolves to an error text, '' on success (Electron's shape). */
  openPath(filePath: string): Promise<string>
  showItemInFolder(filePath: string): void
}

export interface HandlerServices {
  queue: JobQueue
  settings: SettingsService
  resolveInputs(paths: readonly string[]): Promise<ResolvedInputs>
  interpretRequest(text: string): PlanPreview
  dialogs: DialogPort
  shell: ShellPort
  fileExists(filePath: string): Promise<boolean>
  /** Resolves when the program says it is ffmpeg; rejects with a sentence otherwise (ffmpeg-check.ts). */
  identifyFfmpeg(filePath: string): Promise<unknown>
  /** The cloud account's balance at the address in the settings (issue #6 "credits shown when cloud is chosen"). */
  cloudCredits(): Promise<CloudCredits>
  /** Duration, size, codec and thumbnail of a file (engine/details.ts, with the ffmpeg in the settings). */
  fileDetails(filePath: string): Promise<FileDetails>
  /** Frames along a file for its trim control (engine/details.ts readFrameStrip). */
  frameStrip(filePath: string): Promise<FrameStrip>
  /**
   * A preview of a file with a job's options (engine/preview.ts through the local engine);
   * rejects with a sentence when the engine in the settings has none (the cloud engine).
   */
  previewFile(filePath: string, options: CompressOptions, signal: AbortSignal): Promise<PreviewResult>
  /** The system's locale (Electron's app.getLocale()). */
  systemLocale: string
}

/** The engine's PNG pairs as data URLs, the rest as it is (issue #12). */
export function jobPreviewOf(jobId: string, result: PreviewResult): JobPreview {
  const dataUrl = (png: Buffer): string => `data:image/png;base64,${png.toString('base64')}`
  return {
    jobId,
    samples: result.frames.map((frame) => ({ atSeconds: frame.atSeconds, before: dataUrl(frame.before), after: dataUrl(frame.after) })),
    quality: result.quality,
    predictedBytes: result.predictedBytes,
    inputBytes: result.inputBytes,
    predictedSeconds: result.predictedSeconds,
    changes: result.changes,
    message: result.message
  }
}

/** Where results of a new job go, from the settings. */
export function outputDirFrom(settings: Settings): string | null {
  return settings.outputLocation === 'folder' && settings.outputFolder.trim() !== '' ? settings.outputFolder : null
}

export function createHandlers(services: HandlerServices): InvokeHandlers {
  const { queue, settings } = services
  /** The preview running for each job: a new one for the same job stops the one before. */
  const previews = new Map<string, AbortController>()

  async function previewJob(jobId: string): Promise<JobPreview> {
    const job = queue.get(jobId)
    if (!job) throw new UserFacingError('not-found', errorWords('errors:app.jobGone'))
    if (job.state !== 'queued') throw new UserFacingError('invalid-option', errorWords('errors:app.previewStarted'))
    previews.get(jobId)?.abort()
    const controller = new AbortController()
    previews.set(jobId, controller)
    try {
      const input = await originalPath(jobId)
      return jobPreviewOf(jobId, await services.previewFile(input, job.options, controller.signal))
    } finally {
      if (previews.get(jobId) === controller) previews.delete(jobId)
    }
  }

  /** The options for new jobs: the typed text, or the default request when the box is empty. */
  function optionsFor(text: string): { text: string; options: CompressOptions } {
    const effective = text.trim() !== '' ? text.trim() : settings.get().defaultRequest.trim()
    const preview = services.interpretRequest(effective)
    if (preview.error !== null || preview.options === null)
      throw new UserFacingError('invalid-option', preview.error ?? errorWords('errors:app.requestUnreadable'))
    return { text: effective, options: preview.options }
  }

  /**
   * The options a job its quality floor refused runs again with, as the user chose (issue #12):
   * read from the job's own outcome, so the page names only the job and the choice.
   */
  function belowFloorRequest(jobId: string, choice: BelowFloorChoice): { text: string; options: CompressOptions } {
    const job = queue.get(jobId)
    if (!job) throw new UserFacingError('not-found', errorWords('errors:app.jobGone'))
    const outcome = job.outcome
    if (job.state !== 'failed' || outcome?.errorCode !== 'below-quality-floor')
      throw new UserFacingError('invalid-option', errorWords('errors:app.notBelowFloor', { name: job.name }))
    if (choice === 'anyway') return { text: job.request, options: { ...job.options, allowBelowFloor: true } }
    const smallest = outcome.smallestBytesForFloor
    if (smallest === null || smallest === undefined) throw new UserFacingError('invalid-option', errorWords('errors:app.noSizeMeetsFloor', { name: job.name }))
    // The size found is a target in bytes now (a share of the original would say the old one
    // again), and the row's request says it: "under 120KB, must look good → 320 KB".
    return { text: `${job.request} → ${formatBytes(smallest)}`, options: { ...job.options, targetBytes: smallest, targetRatio: null } }
  }

  async function resultPath(jobId: string): Promise<string> {
    const job = queue.get(jobId)
    const output = job?.outcome?.output
    if (!job || !output) throw new UserFacingError('not-found', errorWords('errors:app.noResultYet'))
    if (!(await services.fileExists(output))) throw new UserFacingError('not-found', errorWords('errors:app.resultGone', { path: output }))
    return output
  }

  async function originalPath(jobId: string): Promise<string> {
    const job = queue.get(jobId)
    if (!job) throw new UserFacingError('not-found', errorWords('errors:app.jobGone'))
    if (!(await services.fileExists(job.input))) throw new UserFacingError('not-found', errorWords('errors:app.originalGone', { path: job.input }))
    return job.input
  }

  /** One watch folder changed by `change`; a folder no longer in the settings is said, not skipped. */
  function changeWatchFolder(id: string, change: (entry: Settings['watchFolders'][number]) => Settings['watchFolders']): Settings {
    const current = settings.get().watchFolders
    if (!current.some((entry) => entry.id === id)) throw new UserFacingError('not-found', errorWords('errors:app.watchFolderGone'))
    return settings.update({ watchFolders: current.flatMap((entry) => (entry.id === id ? change(entry) : [entry])) })
  }

  return {
    'queue:list': () => queue.snapshot(),
    'queue:add-files': async (paths, text) => {
      // Understand the request before looking at files, so a typo costs nothing.
      const request = optionsFor(text)
      const { files, rejected } = await services.resolveInputs(paths)
      const added = queue.add(files, { ...request, outputDir: outputDirFrom(settings.get()) })
      return { added, rejected }
    },
    'queue:pause': () => queue.pause(),
    'queue:resume': () => queue.resume(),
    'queue:cancel': (id) => queue.cancel(id),
    'queue:retry': (id) => queue.retry(id),
    'queue:retry-below-floor': (id, choice) => queue.retry(id, belowFloorRequest(id, choice)),
    'queue:remove': (id) => queue.remove(id),
    'queue:clear-finished': () => queue.clearFinished(),
    'dialog:pick-files': () => services.dialogs.pickFiles(),
    'shell:open-result': async (id) => {
      const problem = await services.shell.openPath(await resultPath(id))
      if (problem) throw new UserFacingError('unexpected', errorWords('errors:app.cannotOpen', { problem }))
    },
    'shell:show-result': async (id) => services.shell.showItemInFolder(await resultPath(id)),
    // By job id: the page names a row, main knows its file (no path from the page is read).
    'media:details': async (id, which) => (which === 'result' ? services.fileDetails(await resultPath(id)) : services.fileDetails(await originalPath(id))),
    'media:frames': async (id) => services.frameStrip(await originalPath(id)),
    'queue:set-request': (id, text) => queue.editRequest(id, optionsFor(text)),
    'queue:preview': (id) => previewJob(id),
    'queue:cancel-preview': (id) => previews.get(id)?.abort(),
    'request:preview': (text) => services.interpretRequest(text.trim() !== '' ? text : settings.get().defaultRequest),
    'settings:get': () => settings.get(),
    'settings:update': (patch) => settings.update(patch),
    'settings:choose-ffmpeg': async () => {
      const chosen = await services.dialogs.pickFfmpeg()
      if (chosen === null) return settings.get()
      await services.identifyFfmpeg(chosen)
      return settings.update({ ffmpegPath: chosen })
    },
    'settings:choose-output-folder': async () => {
      const folder = await services.dialogs.pickFolder('output')
      return folder === null ? settings.get() : settings.update({ outputFolder: folder, outputLocation: 'folder' })
    },
    'settings:add-watch-folder': async () => {
      const folder = await services.dialogs.pickFolder('watch')
      const current = settings.get()
      if (folder === null) return current
      if (current.watchFolders.some((entry) => entry.folder === folder))
        throw new UserFacingError('invalid-option', errorWords('errors:app.watchFolderTwice', { folder }))
      return settings.update({ watchFolders: [...current.watchFolders, { id: randomUUID(), folder, request: '', recursive: false, includeExisting: false }] })
    },
    'settings:edit-watch-folder': (id, edit) => changeWatchFolder(id, (entry) => [{ ...entry, ...definedFields(edit) }]),
    'settings:remove-watch-folder': (id) => changeWatchFolder(id, () => []),
    'cloud:credits': () => services.cloudCredits(),
    'app:system-locale': () => services.systemLocale
  }
}

/** The fields that were given: a structured-clone IPC message can carry `undefined` values. */
function definedFields(edit: WatchFolderEdit): WatchFolderEdit {
  return Object.fromEntries(Object.entries(edit).filter(([, value]) => value !== undefined))
}
