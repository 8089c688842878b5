// The bridge as the stores see it. Components never import this (docs/style.md "components never
// call IPC directly"): they call store actions. The preload's window.api answers main's envelopes;
// here they are unwrapped, so a failure is a BridgeCallError with main's code and words.
import { desktopApiOver } from '../../shared/ipc/bridge'
import type { DesktopApi, DesktopBridge } from '../../shared/ipc/bridge'

declare global {
  interface Window {
    readonly api: DesktopBridge
  }
}

let api: DesktopApi | null = null

export function desktopApi(): DesktopApi {
  api ??= desktopApiOver(window.api)
  return api
}
