// The app window with secure defaults (issue #4; Electron security checklist): sandboxed renderer,
// context isolation, no Node, no navigation away from our page, no new windows, no webviews. Links
// to the web go to the OS browser only if isSafeExternalUrl agrees. Web permissions are refused
// for the whole session (index.ts, permissions.ts).
import { BrowserWindow, shell } from 'electron'
import type { NativeImage } from 'electron'
import { isSafeExternalUrl } from './security'

export interface MainWindowOptions {
  preloadPath: string
  /** file:// URL of the built renderer, or the dev server's URL. */
  rendererUrl: string
  icon: NativeImage
}

export function createMainWindow({ preloadPath, rendererUrl, icon }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1000,
    height: 720,
    minWidth: 560,
    minHeight: 420,
    show: false,
    title: 'Compress Video',
    icon,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false
    }
  })
  window.once('ready-to-show', () => window.show())

  const openOutside = (url: string): void => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url)
  }
  // A dropped file that the page did not handle would otherwise navigate the window to it.
  window.webContents.on('will-navigate', (event, url) => {
    if (url === window.webContents.getURL()) return
    event.preventDefault()
    openOutside(url)
  })
  window.webContents.on('will-redirect', (event) => event.preventDefault())
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url)
    return { action: 'deny' }
  })

  void window.loadURL(rendererUrl)
  return window
}
