// The settings domain's store (issue #4 "Settings view"): main owns and validates the settings;
// the store mirrors them and reports main's sentence when a change is refused.
import { create } from 'zustand'
import type { AppView, Settings, SettingsPatch } from '../../../shared/ipc/contract'
import { desktopApi } from '../api'

interface SettingsStore {
  settings: Settings | null
  error: string | null
  /** Which view is shown; main can ask for one (tray "Settings…", a notification click). */
  view: AppView
  connect(): () => void
  update(patch: SettingsPatch): Promise<boolean>
  pickOutputFolder(): Promise<void>
  /** Asks for a folder and adds it to the watch folders (issue #5). */
  addWatchFolder(): Promise<void>
  setView(view: AppView): void
}

export const useSettingsStore = create<SettingsStore>()((set, get) => ({
  settings: null,
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
    try {
      set({ settings: await desktopApi().updateSettings(patch), error: null })
      return true
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) })
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
  setView: (view) => set({ view })
}))
