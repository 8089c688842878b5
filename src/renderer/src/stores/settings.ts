// The settings domain's store (issue #4 "Settings view"): main owns and validates the settings;
// the store mirrors them and reports main's sentence when a change is refused.
import { create } from 'zustand'
import type { AppView, CloudCredits, Settings, SettingsPatch } from '../../../shared/ipc/contract'
import { desktopApi } from '../api'

/** The cloud balance as the settings view shows it (issue #6 "credits shown when cloud is chosen"). */
export type CreditsState = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; credits: CloudCredits } | { status: 'error'; message: string }

interface SettingsStore {
  settings: Settings | null
  credits: CreditsState
  error: string | null
  /** Which view is shown; main can ask for one (tray "Settings…", a notification click). */
  view: AppView
  connect(): () => void
  update(patch: SettingsPatch): Promise<boolean>
  pickOutputFolder(): Promise<void>
  /** Asks for a folder and adds it to the watch folders (issue #5). */
  addWatchFolder(): Promise<void>
  setView(view: AppView): void
  /** Asks main for the cloud balance at the address in the settings. */
  refreshCredits(): Promise<void>
}

// Answers to an older request (the address changed meanwhile) must not overwrite a newer one.
let creditsRequest = 0

export const useSettingsStore = create<SettingsStore>()((set, get) => ({
  settings: null,
  credits: { status: 'idle' },
  error: null,
  view: 'queue',
  connect() {
    const api = desktopApi()
    const offChanged = api.onSettingsChanged((settings) => set({ settings }))
    const offNavigate = api.onNavigate((view) => set({ view }))
    api.getSettings().then(
      (settings) => set({ settings }),
      (error: unknown) => set({ error: error instanceof Error ? error.message : String(error) })
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
      set({ error: error instanceof Error ? error.message : String(error) })
      const kept = await desktopApi().getSettings().catch(() => shown)
      if (kept) set({ settings: kept })
      return false
    }
  },
  async pickOutputFolder() {
    const folder = await desktopApi().pickFolder()
    if (folder) await get().update({ outputLocation: 'folder', outputFolder: folder })
  },
  async addWatchFolder() {
    const current = get().settings
    const folder = await desktopApi().pickFolder()
    if (!folder || !current || current.watchFolders.some((entry) => entry.folder === folder)) return
    await get().update({ watchFolders: [...current.watchFolders, { id: crypto.randomUUID(), folder, request: '', recursive: false, includeExisting: false }] })
  },
  setView: (view) => set({ view }),
  async refreshCredits() {
    const request = ++creditsRequest
    set({ credits: { status: 'loading' } })
    try {
      const credits = await desktopApi().getCloudCredits()
      if (request === creditsRequest) set({ credits: { status: 'ready', credits } })
    } catch (error) {
      if (request === creditsRequest) set({ credits: { status: 'error', message: error instanceof Error ? error.message : String(error) } })
    }
  }
}))
