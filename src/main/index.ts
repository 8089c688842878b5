// Wiring only (issue #4, docs/style.md "Thin Electron glue"): Electron's pieces are connected to
// the plain services built by createAppServices. Everything with logic lives in tested modules:
// ipc.ts, handlers.ts, app-services.ts, tray-model.ts, inputs.ts, security.ts, permissions.ts.
import { app, type BrowserWindow, dialog, Notification, nativeImage, session, shell } from 'electron'
import type { WebContents } from 'electron'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import iconPath from '../../resources/icon.png?asset'
import trayIconPath from '../../resources/tray.png?asset'
import type { Translator } from '../shared/i18n'
import type { AppNotice, AppView, QueueEvent } from '../shared/ipc/contract'
import { describeError } from '../shared/errors'
import { ACCEPTED_INPUT_EXTENSIONS } from '../shared/video-files'
import { createNemoEngine } from '../cloud/nemo/engine'
import type { NemoEngine } from '../cloud/nemo/engine'
import { JsonFileClientIdStore } from '../cloud/nemo/identity'
import { createAppClientIdStore } from './cloud-identity-store'
import { createSafeStorageCipher } from './safe-storage'
import { createAppServices } from './app-services'
import type { AppServices } from './app-services'
import { pathsFromArgv } from './command-line'
import { createSenderCheck, createTrustedPageCheck } from './ipc'
import { registerElectronIpc } from './ipc-electron'
import { batchNotification } from './notification-text'
import { createPermissionPolicy } from './permissions'
import { createPushSender } from './push'
import { CONTENT_SECURITY_POLICY } from './security'
import { createQueueRepository, createSettingsStore } from './stores'
import { createAppTray } from './tray'
import { BatchTracker, buildTrayModel } from './tray-model'
import type { TrayAction } from './tray-model'
import { createMainWindow } from './window'
import { interpretRequest } from './request'
import { createWatchFolders, noticeForWatchEvent } from './watch-folders'
import { openWatchRecord } from '../services/watch'

const rendererUrl = process.env['ELECTRON_RENDERER_URL'] ?? pathToFileURL(path.join(__dirname, '../renderer/index.html')).href
const preloadPath = path.join(__dirname, '../preload/index.js')

// Paths that arrive before the queue is ready (macOS sends 'open-file' before 'ready' when the
// app is launched by opening a video) wait here.
const waitingPaths: string[] = []
let addPathsWhenReady: ((paths: string[]) => Promise<void>) | null = null
function addPathsSoon(paths: string[]): void {
  if (addPathsWhenReady) void addPathsWhenReady(paths)
  else waitingPaths.push(...paths)
}

if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it receives our argv through 'second-instance' and adds the files.
  app.quit()
} else {
  app.on('open-file', (event, filePath) => {
    // macOS: files dropped on the Dock icon or opened with the app.
    event.preventDefault()
    addPathsSoon([filePath])
  })
  void start()
}

async function start(): Promise<void> {
  await app.whenReady()
  const icon = nativeImage.createFromPath(iconPath)
  const push = createPushSender()
  const batch = new BatchTracker()
  let window: BrowserWindow | null = null
  let quitting = false

  // One settings file for the settings service and the cloud identity (client id and token).
  const settingsStore = createSettingsStore()
  // The client id lives in the settings, the token encrypted with safeStorage (issue #6); an id an
  // earlier version kept in the CLI's cloud.json is taken over so no new token is spent.
  const clientIdStore = createAppClientIdStore({ store: settingsStore, cipher: createSafeStorageCipher(), legacy: new JsonFileClientIdStore() })
  // One cloud client per address, sharing the identity.
  const cloudEngines = new Map<string, NemoEngine>()
  const cloudEngine = (apiUrl: string | null): NemoEngine => {
    const key = apiUrl ?? ''
    let engine = cloudEngines.get(key)
    if (!engine) {
      engine = createNemoEngine({ apiUrl, token: process.env['NEMO_TOKEN'] ?? null, clientIdStore, appVersion: app.getVersion() })
      cloudEngines.set(key, engine)
    }
    return engine
  }

  // The words of main's dialogs: the app's language (services.language) once the services exist.
  const words = (): Translator => services.language.current()
  const services: AppServices = createAppServices({
    // The system's language (issue #13); the settings may choose another.
    systemLocale: app.getLocale(),
    createCloudEngine: cloudEngine,
    settingsStore,
    queueRepository: createQueueRepository(),
    dialogs: {
      pickFiles: async () => {
        const { t } = words()
        const options: Electron.OpenDialogOptions = {
          title: t('dialogs:addVideos'),
          properties: ['openFile', 'multiSelections'],
          filters: [
            { name: t('dialogs:videos'), extensions: [...ACCEPTED_INPUT_EXTENSIONS] },
            { name: t('dialogs:allFiles'), extensions: ['*'] }
          ]
        }
        const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
        return result.canceled ? [] : result.filePaths
      },
      pickFolder: async (purpose) => {
        const options: Electron.OpenDialogOptions = {
          title: words().t(purpose === 'output' ? 'dialogs:outputFolder' : 'dialogs:addWatchFolder'),
          properties: ['openDirectory', 'createDirectory']
        }
        const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
        return result.canceled ? null : (result.filePaths[0] ?? null)
      },
      pickFfmpeg: async () => {
        const { t } = words()
        const options: Electron.OpenDialogOptions = {
          title: t('dialogs:chooseFfmpeg'),
          properties: ['openFile', 'showHiddenFiles'],
          ...(process.platform === 'win32' ? { filters: [{ name: t('dialogs:programs'), extensions: ['exe'] }] } : {})
        }
        const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
        return result.canceled ? null : (result.filePaths[0] ?? null)
      }
    },
    shell: { openPath: (filePath) => shell.openPath(filePath), showItemInFolder: (filePath) => shell.showItemInFolder(filePath) }
  })
  const { queue, settings, handlers, language } = services

  // Strict CSP also as a header, for the dev server (the built page carries it in a meta tag).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  registerElectronIpc(handlers, createSenderCheck(rendererUrl))
  // Web permissions (camera, clipboard reads, web notifications, ...) for the whole session, set
  // before the window opens. Both handlers: Chromium checks before it asks, and some calls
  // (navigator.permissions.query) only check. The policy refuses them all.
  const permitted = createPermissionPolicy(createTrustedPageCheck(rendererUrl))
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permitted({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }))
  )
  session.defaultSession.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    permitted({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame })
  )

  const showWindow = (view?: AppView): void => {
    if (!window || window.isDestroyed()) window = openWindow()
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
    if (view) push.send('app:navigate', view)
  }

  const openWindow = (): BrowserWindow => {
    const created = createMainWindow({ preloadPath, rendererUrl, icon })
    const contents: WebContents = created.webContents
    contents.on('did-finish-load', () => push.ready(contents))
    contents.on('did-start-loading', () => push.detach())
    created.on('close', (event) => {
      // Closing while work is queued hides to the tray instead of stopping it (setting).
      const busy = queue.snapshot().jobs.some((job) => job.state === 'queued' || job.state === 'running')
      if (!quitting && settings.get().closeToTray && busy) {
        event.preventDefault()
        created.hide()
      }
    })
    created.on('closed', () => {
      push.detach()
      if (window === created) window = null
    })
    return created
  }

  const addPaths = async (paths: string[]): Promise<void> => {
    if (paths.length === 0) return
    try {
      await handlers['queue:add-files'](paths, '')
    } catch (error) {
      dialog.showErrorBox(language.current().t('dialogs:couldNotAddFiles'), error instanceof Error ? error.message : String(error))
    }
  }

  const trayAction = (action: TrayAction, jobId?: string): void => {
    switch (action) {
      case 'show-window':
        return showWindow()
      case 'add-files':
        void Promise.resolve(handlers['dialog:pick-files']()).then(addPaths)
        return
      case 'pause':
        return queue.pause()
      case 'resume':
        return queue.resume()
      case 'toggle-watch':
        settings.update({ watchFoldersEnabled: !settings.get().watchFoldersEnabled })
        return
      case 'settings':
        return showWindow('settings')
      case 'quit':
        app.quit()
        return
      case 'show-result':
        if (jobId) void Promise.resolve(handlers['shell:show-result'](jobId)).catch(() => undefined)
        return
    }
  }
  const tray = createAppTray(nativeImage.createFromPath(trayIconPath), trayAction)
  const refreshTray = (): void => {
    const snapshot = queue.snapshot()
    tray.update(
      buildTrayModel(
        {
          jobs: snapshot.jobs,
          paused: snapshot.paused,
          finishedInBatch: batch.finishedInBatch,
          watchFoldersOn: settings.get().watchFoldersEnabled
        },
        language.current()
      )
    )
  }

  // Progress only moves the tooltip's percent: once a second is plenty for a tray.
  let trayTimer: ReturnType<typeof setTimeout> | null = null
  const refreshTraySoon = (): void => {
    trayTimer ??= setTimeout(() => {
      trayTimer = null
      refreshTray()
    }, 1000)
  }

  queue.subscribe((event: QueueEvent) => {
    push.send('queue:event', event)
    if (event.type === 'done' || event.type === 'failed') batch.jobFinished(event.job.id)
    if (event.type === 'jobs-added' || (event.type === 'job-updated' && event.job.state === 'queued')) batch.jobQueued()
    if (event.type === 'batch-finished') {
      batch.batchFinished()
      if (settings.get().notifications && Notification.isSupported()) {
        const text = batchNotification(event.finished, language.current())
        const notification = new Notification({ title: text.title, body: text.body, icon })
        notification.on('click', () => showWindow('queue'))
        notification.show()
      }
    }
    if (event.type === 'progress') refreshTraySoon()
    else refreshTray()
  })

  const applyLoginItem = (): void => {
    // Linux has no login items API in Electron; the setting is shown there but has no effect.
    if (process.platform !== 'linux') app.setLoginItemSettings({ openAtLogin: settings.get().launchAtLogin })
  }
  applyLoginItem()
  // Watch folders (issue #5): their jobs go through this queue; the record is shared with the CLI.
  // Their problems go to the window's notices (and the log), never only to a console nobody reads.
  const watchNotice = (notice: AppNotice): void => {
    console.warn(`${notice.title}: ${notice.lines.join(' ')}`)
    push.send('app:notice', notice)
  }
  const watchFolders = createWatchFolders({
    settings,
    queue,
    interpretRequest,
    words: () => language.current(),
    openRecord: () =>
      openWatchRecord({ onWarning: (message) => watchNotice({ kind: 'error', title: language.current().t('notifications:watch.title'), lines: [message] }) }),
    onEvent: (event) => {
      const notice = noticeForWatchEvent(event, language.current())
      if (notice) watchNotice(notice)
    }
  })
  const applyWatchFolders = (): void => {
    watchFolders
      .apply()
      .catch((error: unknown) =>
        watchNotice({ kind: 'error', title: language.current().t('notifications:watch.couldNotStart'), lines: [describeError(error).message] })
      )
  }
  settings.onChange((current) => {
    applyLoginItem()
    applyWatchFolders()
    refreshTray()
    push.send('settings:changed', current)
  })

  app.on('second-instance', (_event, argv, workingDirectory) => {
    showWindow('queue')
    addPathsSoon(pathsFromArgv(argv, workingDirectory, app.isPackaged))
  })
  app.on('activate', () => showWindow())
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let shutDown = false
  app.on('before-quit', (event) => {
    quitting = true
    if (shutDown) return
    // Stop running encodes (the engine removes their partial files) and save them as queued.
    event.preventDefault()
    void watchFolders
      .stop()
      .catch(() => undefined)
      .then(() => queue.shutdown())
      .finally(() => {
        shutDown = true
        tray.destroy()
        app.quit()
      })
  })

  await queue.restore()
  window = openWindow()
  refreshTray()
  applyWatchFolders()
  addPathsWhenReady = addPaths
  await addPaths([...pathsFromArgv(process.argv, process.cwd(), app.isPackaged), ...waitingPaths.splice(0)])
}
