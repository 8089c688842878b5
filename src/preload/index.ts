// The bridge (issue #4 "Preload"): window.api is built from the contract, one function per
// message and nothing else: no ipcRenderer, no generic send/invoke. Runs sandboxed, so it is
// bundled into one file with its few imports (electron.vite.config.ts).
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { buildDesktopBridge } from '../shared/ipc/bridge'
import type { InvokeEnvelope } from '../shared/ipc/contract'

const api = buildDesktopBridge({
  invoke: (channel, args) => ipcRenderer.invoke(channel, ...args) as Promise<InvokeEnvelope<unknown>>,
  subscribe: (channel, listener) => {
    // The event object carries the sender; the page gets only the payload.
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(channel, forward)
    return () => {
      ipcRenderer.removeListener(channel, forward)
    }
  },
  pathForFile: (file) => webUtils.getPathForFile(file)
})

contextBridge.exposeInMainWorld('api', api)
