// Runs inside the e2e Chromium page in place of the preload bridge (issue #4 "Tests": the real
// main-process handlers bound into the page). window.api is built by the same buildDesktopBridge the
// preload uses; only its transport differs: Playwright bindings instead of ipcRenderer, and a
// name -> path table instead of Electron's webUtils.getPathForFile (the Electron runtime is the
// one thing the e2e test stands in for). Bundled by esbuild into an init script.
import { buildDesktopBridge } from '../../src/shared/ipc/bridge'
import type { DesktopBridge } from '../../src/shared/ipc/bridge'
import type { InvokeEnvelope } from '../../src/shared/ipc/contract'

/** The page's DataTransfer, declared here because this file is type-checked without the DOM lib. */
declare const DataTransfer: new () => { items: { add(file: File): unknown } }

export interface ShimGlobals {
  /** Installed by page.exposeBinding: the real dispatcher (validation + handlers) in Node. */
  __e2eInvoke(channel: string, args: readonly unknown[]): Promise<InvokeEnvelope<unknown>>
  /** Called by the test to deliver a push event, like webContents.send. */
  __e2ePush(channel: string, payload: unknown): void
  /** Where each dropped file "is" on disk, by file name (webUtils.getPathForFile's answer). */
  __e2eFilePaths: Map<string, string>
  /** A DataTransfer holding files with these names, for synthetic drag and drop events. */
  __e2eDataTransfer(names: readonly string[]): unknown
  /** Every push event type seen, in order: lets the test wait for progress it may not see drawn. */
  __e2eSeen: string[]
  api: DesktopBridge
}

const page = globalThis as unknown as ShimGlobals
const listeners = new Map<string, Set<(payload: unknown) => void>>()

page.__e2eFilePaths = new Map()
page.__e2eSeen = []
page.__e2ePush = (channel, payload) => {
  const type = typeof payload === 'object' && payload !== null && 'type' in payload ? String(payload.type) : channel
  page.__e2eSeen.push(type)
  for (const listener of listeners.get(channel) ?? []) listener(payload)
}
page.__e2eDataTransfer = (names) => {
  const transfer = new DataTransfer()
  for (const name of names) transfer.items.add(new File(['test'], name))
  return transfer
}
page.api = buildDesktopBridge({
  invoke: (channel, args) => page.__e2eInvoke(channel, args),
  subscribe(channel, listener) {
    const set = listeners.get(channel) ?? new Set()
    listeners.set(channel, set)
    set.add(listener)
    return () => set.delete(listener)
  },
  pathForFile: (file) => page.__e2eFilePaths.get(file.name) ?? ''
})
