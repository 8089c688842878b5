// window.api, generated from the contract (issue #4 "Preload: window.api built from the
// contract: one function per message, nothing else exposed"). Kept apart from contract.ts so the
// sandboxed preload bundles only this and types, not the zod schemas main validates with.
//
// The preload exposes the bridge (buildDesktopBridge): its calls answer main's envelopes as they
// are, because an Error thrown across Electron's contextBridge keeps only its message, and main's
// sentence as catalogue words (issue 13) would be lost on the way. The page unwraps them
// (desktopApiOver): a failure becomes a BridgeCallError with main's code and words.
import type { Words } from '../words'
import type { InvokeArgs, InvokeChannel, InvokeEnvelope, InvokeResult, PushChannel, PushEvents } from './contract'

export class BridgeCallError extends Error {
  override readonly name = 'BridgeCallError'
  constructor(
    message: string,
    readonly code: string,
    /** Main's sentence as catalogue words, to say in the window's language; null: only the English message. */
    readonly words: Words | null = null
  ) {
    super(message)
  }
}

export function unwrapEnvelope<T>(envelope: InvokeEnvelope<T>): T {
  if (envelope.ok) return envelope.value
  throw new BridgeCallError(envelope.error.message, envelope.error.code, envelope.error.words ?? null)
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

/** The page's API: each call answers main's value, or throws BridgeCallError with main's code and words. */
export type DesktopApi = {
  readonly [M in keyof ApiMethods]: (...args: InvokeArgs<ApiMethods[M]>) => Promise<InvokeResult<ApiMethods[M]>>
} & BridgeEvents

/** What the preload exposes as window.api: each call answers main's envelope (see the top of this file). */
export type DesktopBridge = {
  readonly [M in keyof ApiMethods]: (...args: InvokeArgs<ApiMethods[M]>) => Promise<InvokeEnvelope<InvokeResult<ApiMethods[M]>>>
} & BridgeEvents

type BridgeEvents = {
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
export function buildDesktopBridge(transport: BridgeTransport): DesktopBridge {
  const api: Record<string, unknown> = {}
  for (const [method, channel] of Object.entries(API_METHODS)) {
    api[method] = (...args: unknown[]) => transport.invoke(channel, args)
  }
  for (const [method, channel] of Object.entries(API_EVENTS)) {
    api[method] = (listener: (payload: unknown) => void) => transport.subscribe(channel, listener)
  }
  api['pathForFile'] = (file: File) => transport.pathForFile(file)
  // The mapped types above describe exactly the keys filled in by the two loops.
  return Object.freeze(api) as DesktopBridge
}

/** The page's side of the bridge: the same functions, each answer unwrapped. */
export function desktopApiOver(bridge: DesktopBridge): DesktopApi {
  const api: Record<string, unknown> = { ...bridge }
  const calls = bridge as unknown as Record<string, (...args: unknown[]) => Promise<InvokeEnvelope<unknown>>>
  for (const method of Object.keys(API_METHODS)) {
    api[method] = async (...args: unknown[]) => unwrapEnvelope(await calls[method]!(...args))
  }
  return Object.freeze(api) as DesktopApi
}
