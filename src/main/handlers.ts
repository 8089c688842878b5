// The main process's side of the contract: one plain function per invoke channel, built from the
// services it is given (issue #4). No Electron imports: the app passes Electron's dialog and shell
// wrapped in these small ports, and the e2e test binds the very same handlers into a Chromium page.
import type { CompressOptions } from '../shared/compression'
import { UserFacingError } from '../shared/errors'
import type { CloudCredits, InvokeHandlers, PlanPreview, Settings } from '../shared/ipc/contract'
import type { JobQueue } from '../services/queue'
import type { SettingsService } from '../services/settings'
import type { ResolvedInputs } from './inputs'

export interface DialogPort {
  pickFiles(): Promise<string[]>
  pickFolder(): Promise<string | null>
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
  /** The cloud account's balance at the address in the settings (issue #6 "credits shown when cloud is chosen"). */
  cloudCredits(): Promise<CloudCredits>
}

/** Where results of a new job go, from the settings. */
export function outputDirFrom(settings: Settings): string | null {
  return settings.outputLocation === 'folder' && settings.outputFolder.trim() !== '' ? settings.outputFolder : null
}

export function createHandlers(services: HandlerServices): InvokeHandlers {
  const { queue, settings } = services

  /** The options for new jobs: the typed text, or the default request when the box is empty. */
  function optionsFor(text: string): { text: string; options: CompressOptions } {
    const effective = text.trim() !== '' ? text.trim() : settings.get().defaultRequest.trim()
    const preview = services.interpretRequest(effective)
    if (preview.error !== null || preview.options === null) throw new UserFacingError('invalid-option', preview.error ?? 'The request could not be understood. Change it and try again.')
    return { text: effective, options: preview.options }
  }

  async function resultPath(jobId: string): Promise<string> {
    const job = queue.get(jobId)
    const output = job?.outcome?.output
    if (!job || !output) throw new UserFacingError('not-found', 'This job has no result file yet. Wait for it to finish, or retry it.')
    if (!(await services.fileExists(output))) throw new UserFacingError('not-found', `The result "${output}" is gone. It was moved or deleted; retry the job to make it again.`)
    return output
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
    'queue:remove': (id) => queue.remove(id),
    'queue:clear-finished': () => queue.clearFinished(),
    'dialog:pick-files': () => services.dialogs.pickFiles(),
    'dialog:pick-folder': () => services.dialogs.pickFolder(),
    'shell:open-result': async (id) => {
      const problem = await services.shell.openPath(await resultPath(id))
      if (problem) throw new UserFacingError('unexpected', `The result could not be opened: ${problem}. Try "Show in folder" instead.`)
    },
    'shell:show-result': async (id) => services.shell.showItemInFolder(await resultPath(id)),
    'request:preview': (text) => services.interpretRequest(text.trim() !== '' ? text : settings.get().defaultRequest),
    'settings:get': () => settings.get(),
    'settings:update': (patch) => settings.update(patch),
    'cloud:credits': () => services.cloudCredits()
  }
}
