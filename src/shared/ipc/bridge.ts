// window.api, generated from the contract (issue #4 "Preload: window.api built from the
// contract: one function per message, nothing else exposed"). Kept apart from contract.ts so the
// sandboxed preload bundles only this and types, not the zod schemas main validates with.
import type { InvokeArgs, InvokeChannel, InvokeEnvelope, InvokeResult, PushChannel, PushEvents } from './contract'

export class BridgeCallError extends Error {
  override readonly name = 'BridgeCallError'
  constructor(
    message: string,
    readonly code: string
  ) {
    super(message)
  }
}

export function unwrapEnvelope<T>(envelope: InvokeEnvelope<T>): T {
  if (envelope.ok) return envelope.value
  throw new BridgeCallError(envelope.error.message, envelope.error.code)
}

export const API_METHODS = {
  listJobs: 'queue:list',
  addFiles: 'queue:add-files',
  pauseQueue: 'queue:pause',
  resumeQueue: 'queue:resume',
  cancelJob: 'queue:cancel',
  retryJob: 'queue:retry',
  retryBelowFloor: 'queue:retry-below-floor',
  removeJob: 'queue:remove',
  clearFinished: 'queue:clear-finished',
  pickFiles: 'dialog:pick-files',
  openResult: 'shell:open-result',
  showResult: 'shell:show-result',
  previewRequest: 'request:preview',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  chooseFfmpeg: 'settings:choose-ffmpeg',
  chooseOutputFolder: 'settings:choose-output-folder',
  addWatchFolder: 'settings:add-watch-folder',
  editWatchFolder: 'settings:edit-watch-folder',
  removeWatchFolder: 'settings:remove-watch-folder',
  getCloudCredits: 'cloud:credits',
  getSystemLocale: 'app:system-locale',
  getFileDetails: 'media:details',
  getFrameStrip: 'media:frames',
  setJobRequest: 'queue:set-request',
  previewJob: 'queue:preview',
  cancelPreview: 'queue:cancel-preview'
} as const satisfies Record<string, InvokeChannel>

export const API_EVENTS = {
  onQueueEvent: 'queue:event',
  onSettingsChanged: 'settings:changed',
  onNavigate: 'app:navigate',
  onNotice: 'app:notice'
} as const satisfies Record<string, PushChannel>

type ApiMethods = typeof API_METHODS
type ApiEvents = typeof API_EVENTS

export type Unsubscribe = () => void

export type DesktopApi = {
  readonly [M in keyof ApiMethods]: (...args: InvokeArgs<ApiMethods[M]>) => Promise<InvokeResult<ApiMethods[M]>>
} & {
  readonly [E in keyof ApiEvents]: (listener: (payload: PushEvents[ApiEvents[E]]) => void) => Unsubscribe
} & {
  /** The real path of a dropped file (Electron's webUtils.getPathForFile); '' when it has none. */
  readonly pathForFile: (file: File) => string
}

/** Transport the bridge is built on: ipcRenderer in the preload, Playwright bindings in e2e. */
export interface BridgeTransport {
  invoke(channel: InvokeChannel, args: readonly unknown[]): Promise<InvokeEnvelope<unknown>>
  subscribe(channel: PushChannel, listener: (payload: unknown) => void): Unsubscribe
  pathForFile(file: File): string
}

/** Builds window.api from the contract: exactly one function per message, nothing else. */
export function buildDesktopApi(transport: BridgeTransport): DesktopApi {
  const api: Record<string, unknown> = {}
  for (const [method, channel] of Object.entries(API_METHODS)) {
    api[method] = async (...args: unknown[]) => unwrapEnvelope(await transport.invoke(channel, args))
  }
  for (const [method, channel] of Object.entries(API_EVENTS)) {
    api[method] = (listener: (payload: unknown) => void) => transport.subscribe(channel, listener)
  }
  api['pathForFile'] = (file: File) => transport.pathForFile(file)
  // The mapped types above describe exactly the keys filled in by the two loops.
  return Object.freeze(api) as DesktopApi
}
