// The bridge as the stores see it. Components never import this (docs/style.md "components never
// call IPC directly"): they call store actions.
import type { DesktopApi } from '../../shared/ipc/bridge'

declare global {
  interface Window {
    readonly api: DesktopApi
  }
}

export function desktopApi(): DesktopApi {
  return window.api
}
