// The BUILT main process (out/main/index.js) started against a stand-in for the Electron runtime
// (issue #4: Electron's binary cannot be downloaded here, and the Electron runtime is the one
// thing tests may fake). Everything else is real: the bundled electron-store writing to a temp
// user-data folder, the queue, the handlers, the IPC wrapper. It checks the wiring that unit
// tests cannot see: secure window options, every channel registered through the wrapper, the
// sender check on the real registration, CSP, navigation and new-window denial, the tray.
import { EventEmitter } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import Module, { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NemoTestServer } from '../../src/cloud/nemo/test-server'
import { INVOKE_ARGS } from '../../src/shared/ipc/contract'
import { MAIN_BUNDLE, requireAppBuilt, ROOT } from './build'

type Listener = (...args: unknown[]) => unknown

/** Records what the main process asks of Electron. */
class FakeElectron {
  readonly windows: FakeWindow[] = []
  readonly trays: FakeTray[] = []
  readonly handlers = new Map<string, Listener>()
  readonly rawIpcListeners: string[] = []
  headerHook: Listener | null = null
  permissionRequestHandler: Listener | null = null
  permissionCheckHandler: Listener | null = null
  readonly app: EventEmitter & Record<string, unknown>
  private resolveReady: () => void = () => undefined
  private readonly readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve))
  private windowWaiters: Array<() => void> = []

  constructor(readonly userData: string) {
    const app = new EventEmitter() as EventEmitter & Record<string, unknown>
    Object.assign(app, {
      isPackaged: false,
      requestSingleInstanceLock: () => true,
      whenReady: () => this.readyPromise,
      quit: () => app.emit('fake-quit'),
      getPath: () => userData,
      getVersion: () => '0.0.0-test',
      getName: () => 'Compress Video',
      // A Chinese system (issue #13): the tray speaks it until the settings choose another language.
      getLocale: () => 'zh-CN',
      setLoginItemSettings: () => undefined
    })
    this.app = app
  }

  ready(): void {
    this.resolveReady()
  }

  windowCreated(): Promise<void> {
    if (this.windows.length > 0) return Promise.resolve()
    return new Promise((resolve) => this.windowWaiters.push(resolve))
  }

  module(): Record<string, unknown> {
    // The classes below close over `electron` to record into it (their own `this` is the window).
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const electron = this
    return {
      app: this.app,
      BrowserWindow: class extends FakeWindow {
        constructor(options: Record<string, unknown>) {
          super(options)
          electron.windows.push(this)
          electron.windowWaiters.splice(0).forEach((resolve) => resolve())
        }
      },
      Tray: class extends FakeTray {
        constructor() {
          super()
          electron.trays.push(this)
        }
      },
      Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
      ipcMain: {
        handle: (channel: string, listener: Listener) => this.handlers.set(channel, listener),
        removeHandler: (channel: string) => this.handlers.delete(channel),
        on: (channel: string) => this.rawIpcListeners.push(channel)
      },
      dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showErrorBox: () => undefined },
      shell: { openPath: async () => '', showItemInFolder: () => undefined, openExternal: async () => undefined },
      nativeImage: { createFromPath: (file: string) => ({ file }) },
      Notification: Object.assign(class {}, { isSupported: () => false }),
      session: {
        defaultSession: {
          webRequest: { onHeadersReceived: (hook: Listener) => (this.headerHook = hook) },
          setPermissionRequestHandler: (handler: Listener) => (this.permissionRequestHandler = handler),
          setPermissionCheckHandler: (handler: Listener) => (this.permissionCheckHandler = handler)
        }
      },
      // Reversible but never the plain text, so the test can tell what was stored encrypted.
      safeStorage: {
        isEncryptionAvailable: () => true,
        encryptString: (plain: string) => Buffer.from(`fake-keychain:${[...plain].reverse().join('')}`),
        decryptString: (cipher: Buffer) => [...cipher.toString().replace(/^fake-keychain:/, '')].reverse().join('')
      }
    }
  }
}

class FakeWebContents extends EventEmitter {
  windowOpenHandler: Listener | null = null
  url = ''
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler
  }
  getURL(): string {
    return this.url
  }
  isDestroyed(): boolean {
    return false
  }
  send(): void {}
}

class FakeWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  loaded: string | null = null
  constructor(readonly options: Record<string, unknown>) {
    super()
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url
    this.webContents.url = url
    return Promise.resolve()
  }
  show(): void {}
  hide(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false
  }
  isDestroyed(): boolean {
    return false
  }
}

class FakeTray extends EventEmitter {
  tooltip = ''
  menu: { template: Array<{ label?: string }> } | null = null
  setToolTip(text: string): void {
    this.tooltip = text
  }
  setContextMenu(menu: { template: Array<{ label?: string }> }): void {
    this.menu = menu
  }
  destroy(): void {}
}

describe('built main process with a stand-in Electron runtime', () => {
  let userData: string
  let electron: FakeElectron
  const originalLoad = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load

  beforeAll(async () => {
    requireAppBuilt()
    userData = await mkdtemp(path.join(os.tmpdir(), 'compress-video-main-'))
    // The app takes over an id from the CLI's cloud.json; keep it away from the real user's one.
    process.env['XDG_CONFIG_HOME'] = path.join(userData, 'config')
    electron = new FakeElectron(userData)
    const fakeModule = electron.module()
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown }
    loader._load = function load(request: string, ...rest: unknown[]) {
      return request === 'electron' ? fakeModule : originalLoad.call(this, request, ...rest)
    }
    createRequire(path.join(ROOT, 'package.json'))(MAIN_BUNDLE)
    electron.ready()
    await electron.windowCreated()
  })

  afterAll(async () => {
    ;(Module as unknown as { _load: unknown })._load = originalLoad
    await rm(userData, { recursive: true, force: true })
  })

  it('opens the window with secure defaults on the built renderer', () => {
    const [window] = electron.windows
    expect(window?.options['webPreferences']).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false
    })
    expect((window?.options['webPreferences'] as { preload: string }).preload).toBe(path.join(ROOT, 'out', 'preload', 'index.js'))
    expect(window?.loaded).toBe(pathToFileURL(path.join(ROOT, 'out', 'renderer', 'index.html')).href)
  })

  it('denies navigation, new windows, and web permission requests and checks from our own page', () => {
    const contents = electron.windows[0]!.webContents
    let prevented = false
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'file:///etc/passwd')
    expect(prevented).toBe(true)
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    const ourPage = { requestingUrl: electron.windows[0]!.loaded, isMainFrame: true }
    const answers: unknown[] = []
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      electron.permissionRequestHandler?.(contents, permission, (granted: boolean) => answers.push(granted), ourPage)
      answers.push(electron.permissionCheckHandler?.(contents, permission, 'file:///', ourPage))
    }
    expect(answers).toEqual(Array.from({ length: 8 }, () => false))
  })

  it('registers every contract channel through the wrapper, which checks the sender', async () => {
    expect([...electron.handlers.keys()].sort()).toEqual(Object.keys(INVOKE_ARGS).sort())
    const getSettings = electron.handlers.get('settings:get')!
    const trusted = { senderFrame: { url: electron.windows[0]!.loaded, parent: null } }
    await expect(getSettings(trusted)).resolves.toMatchObject({ ok: true, value: { concurrency: 1, engine: 'local' } })
    await expect(getSettings({ senderFrame: { url: 'https://evil.example/', parent: null } })).resolves.toMatchObject({
      ok: false,
      error: { code: 'untrusted-sender' }
    })
    const update = electron.handlers.get('settings:update')!
    await expect(update(trusted, { concurrency: 3 })).resolves.toMatchObject({ ok: true, value: { concurrency: 3 } })
    // electron-store wrote it to the user-data folder.
    expect(existsSync(path.join(userData, 'settings.json'))).toBe(true)
  })

  it("sends the strict CSP header and shows the queue in the tray, in the system's language, then in the one chosen", async () => {
    let headers: Record<string, string[]> = {}
    electron.headerHook?.({ responseHeaders: {} }, (response: { responseHeaders: Record<string, string[]> }) => (headers = response.responseHeaders))
    expect(headers['Content-Security-Policy']?.[0]).toContain("script-src 'self'")
    const [tray] = electron.trays
    const labels = (): unknown[] => tray?.menu?.template.map((item) => item.label).filter(Boolean) ?? []
    // app.getLocale() says zh-CN, and the window is told the same.
    expect(tray?.tooltip).toBe('视频压缩 · 空闲')
    expect(labels()).toEqual(['显示窗口', '添加文件…', '暂停队列', '监视文件夹', '设置…', '退出'])
    const trusted = { senderFrame: { url: electron.windows[0]!.loaded, parent: null } }
    await expect(electron.handlers.get('app:system-locale')!(trusted)).resolves.toEqual({ ok: true, value: 'zh-CN' })
    await expect(electron.handlers.get('settings:update')!(trusted, { language: 'en' })).resolves.toMatchObject({ ok: true })
    expect(tray?.tooltip).toBe('Compress Video · idle')
    expect(labels()).toEqual(['Show window', 'Add files…', 'Pause queue', 'Watch folders', 'Settings…', 'Quit'])
  })

  it('keeps the cloud client id in the settings and the anonymous token encrypted with safeStorage (issue #6)', async () => {
    const server = await NemoTestServer.start()
    try {
      const trusted = { senderFrame: { url: electron.windows[0]!.loaded, parent: null } }
      await electron.handlers.get('settings:update')!(trusted, { engine: 'cloud', cloudApiUrl: server.url })
      await expect(electron.handlers.get('cloud:credits')!(trusted)).resolves.toMatchObject({ ok: true, value: { available: 90, total: 100 } })
      const [issued] = server.issuedTokens
      expect(issued).toBeDefined()
      const saved = JSON.parse(await readFile(path.join(userData, 'settings.json'), 'utf8')) as Record<string, unknown>
      expect(saved['cloudClientId']).toBe(issued?.clientId)
      expect(saved['cloudToken']).toMatchObject({ scheme: 'safeStorage' })
      expect(JSON.stringify(saved)).not.toContain(issued?.token)
    } finally {
      await server.close()
    }
  })

  it('registers no raw ipcMain listener of its own (electron-store adds its one sync data channel)', () => {
    expect(electron.rawIpcListeners.filter((channel) => channel !== 'electron-store-get-data')).toEqual([])
  })
})
