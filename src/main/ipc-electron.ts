// The wrapper of ipc.ts bound to Electron's real ipcMain. Kept apart from ipc.ts so that file's
// logic runs in tests without Electron; with ipc.ts, the only code the lint rule lets touch ipcMain.
import { ipcMain } from 'electron'
import type { InvokeHandlers } from '../shared/ipc/contract'
import { registerIpcHandlers, type SenderFrameLike } from './ipc'

export function registerElectronIpc(handlers: InvokeHandlers, isTrustedSender: (frame: SenderFrameLike | null) => boolean): () => void {
  return registerIpcHandlers(ipcMain, handlers, isTrustedSender)
}
