// The settings domain's store (issue #4 "Settings view"): main owns and validates the settings;
// the store mirrors them and reports main's sentence when a change is refused.
import { create } from 'zustand'
import type { AppView, CloudCredits, Settings, SettingsPatch, WatchFolderEdit } from '../../../shared/ipc/contract'
import { desktopApi } from '../api'
import { sayError } from '../error-words'

/** The cloud balance as the settings view shows it (issue #6 "credits shown when cloud is chosen"). */
export type CreditsState = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; credits: CloudCredits } | { status: 'error'; message: string }

interface SettingsStore {
  settings: Settings | null
  /** The system's locale as main reads it (Electron's app.getLocale()); null until it answered. */
  systemLocale: string | null
  credits: CreditsState
  error: string | null
  /** Which view is shown; main can ask for one (tray "Settings…", a notification click). */
  view: AppView
  connect(): () => void
  update: (patch: SettingsPatch) => Promise<boolean>
  /**
   * Paths main runs or writes into are chosen in dialogs main opens, never sent from here (issue
   * #10 "Security"): these ask main to open one and store the answer.
   */
  chooseOutputFolder: () => Promise<void>
  chooseFfmpeg: () => Promise<void>
  /** Asks for a folder and adds it to the watch folders (issue #5). */
  addWatchFolder: () => Promise<void>
  editWatchFolder: (id: string, edit: WatchFolderEdit) => Promise<void>
  removeWatchFolder: (id: string) => Promise<void>
  setView: (view: AppView) => void
  /** Asks main for the cloud balance at the address in the settings. */
  refreshCredits: () => Promise<void>
}

// Answers to an older request (the address changed meanwhile) must not overwrite a newer one.
let creditsRequest = 0

export const useSettingsStore = create<SettingsStore>()((set, get) => ({
  settings: null,
  systemLocale: null,
  credits: { status: 'idle' },
  error: null,
  view: 'queue',
  connect() {
    const api = desktopApi()
    const offChanged = api.onSettingsChanged((settings) => set({ settings }))
    const offNavigate = api.onNavigate((view) => set({ view }))
    api.getSettings().then(
      (settings) => set({ settings }),
      (error: unknown) => set({ error: sayError(error) })
    )
    // Without an answer the window keeps the browser's languages (i18n.ts): nothing to report.
    api.getSystemLocale().then(
      (systemLocale) => set({ systemLocale }),
      () => undefined
    )
    return () => {
      offChanged()
      offNavigate()
    }
  },
  async update(patch) {
    // The control shows the change at once: a radio or checkbox that snaps back until main has
    // answered reads as "ignored" (and was seen flickering in the e2e run). Main's answer then
    // replaces it; on a refusal, the settings main kept.
    const shown = get().settings
    if (shown) set({ settings: { ...shown, ...patch } })
    try {
      set({ settings: await desktopApi().updateSettings(patch), error: null })
      return true
    } catch (error) {
      set({ error: sayError(error) })
      const kept = await desktopApi()
        .getSettings()
        .catch(() => shown)
      if (kept) set({ settings: kept })
      return false
    }
  },
  chooseOutputFolder: () => ask(() => desktopApi().chooseOutputFolder()),
  chooseFfmpeg: () => ask(() => desktopApi().chooseFfmpeg()),
  addWatchFolder: () => ask(() => desktopApi().addWatchFolder()),
  editWatchFolder: (id, edit) => ask(() => desktopApi().editWatchFolder(id, edit)),
  removeWatchFolder: (id) => ask(() => desktopApi().removeWatchFolder(id)),
  setView: (view) => set({ view }),
  async refreshCredits() {
    const request = ++creditsRequest
    set({ credits: { status: 'loading' } })
    try {
      const credits = await desktopApi().getCloudCredits()
      if (request === creditsRequest) set({ credits: { status: 'ready', credits } })
    } catch (error) {
      if (request === creditsRequest) set({ credits: { status: 'error', message: sayError(error) } })
    }
  }
}))

/** A settings call to main: its answer is shown, or its refusal (main kept the settings as they were). */
async function ask(call: () => Promise<Settings>): Promise<void> {
  try {
    useSettingsStore.setState({ settings: await call(), error: null })
  } catch (error) {
    useSettingsStore.setState({ error: sayError(error) })
  }
}
