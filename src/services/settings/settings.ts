// Settings behind a small interface (issue #4 "Settings"): a schema with defaults, validation of
// every change, and migration of whatever an older (or damaged) store holds. The storage is an
// injected key-value port: electron-store in the app (src/main/stores.ts), a Map in tests.
import { DEFAULT_SETTINGS, MAX_CONCURRENCY, SETTINGS_VERSION, settingsPatchSchema, settingsSchema, watchFolderSettingSchema } from '../../shared/ipc/contract'
import type { Settings, SettingsPatch } from '../../shared/ipc/contract'
import { UserFacingError } from '../../shared/errors'
import { errorWords } from '../../shared/words'

/** The storage the settings live in. electron-store satisfies it as-is. */
export interface KeyValuePort {
  get(key: string): unknown
  set(key: string, value: unknown): void
}

export const SETTINGS_KEY = 'settings'

export interface SettingsService {
  get(): Settings
  /** Validates and saves a partial change; throws UserFacingError('invalid-option') when invalid. */
  update(patch: unknown): Settings
  /** Called after every successful update. Returns an unsubscribe function. */
  onChange(listener: (settings: Settings) => void): () => void
}

type RawSettings = Record<string, unknown>

/**
 * One step per old version, each turning version N into N+1. Version 0 is what the first
 * prototype wrote before settings were versioned: `request`, `useCloud`, `outputDir`, `jobs`.
 */
const MIGRATIONS: Record<number, (raw: RawSettings) => RawSettings> = {
  0: (raw) => {
    const { request, useCloud, outputDir, jobs, ...rest } = raw
    return {
      ...rest,
      version: 1,
      ...(typeof request === 'string' ? { defaultRequest: request } : {}),
      ...(typeof useCloud === 'boolean' ? { engine: useCloud ? 'cloud' : 'local' } : {}),
      ...(typeof outputDir === 'string' && outputDir !== '' ? { outputLocation: 'folder', outputFolder: outputDir } : {}),
      // The prototype allowed more parallel jobs than we do: the most we allow, not the default of 1.
      ...(typeof jobs === 'number' && Number.isFinite(jobs) ? { concurrency: Math.min(MAX_CONCURRENCY, Math.max(1, Math.round(jobs))) } : {})
    }
  },
  // Version 2 adds the language (issue #13). Settings from before it get the default, System (the
  // field-by-field check below fills it in): the app now speaks the system's language until told otherwise.
  1: (raw) => ({ ...raw, version: 2 })
}

/**
 * Turns anything found in storage into valid settings: old versions are migrated step by step,
 * then each field is checked on its own so one bad value (hand-edited file, older bug) resets
 * only that field to its default instead of losing every setting. A store written by a newer
 * version of the app is read field by field the same way (we never downgrade its file).
 */
export function migrateSettings(stored: unknown): Settings {
  let raw: RawSettings = isRecord(stored) ? { ...stored } : {}
  let version = typeof raw['version'] === 'number' && Number.isInteger(raw['version']) ? raw['version'] : 0
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version]
    if (!step) break
    raw = step(raw)
    version += 1
  }
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS }
  for (const key of Object.keys(settingsSchema.shape) as Array<keyof Settings>) {
    if (key === 'version') continue
    if (key === 'watchFolders' && Array.isArray(raw[key])) {
      // One damaged folder entry costs that entry, not every watch folder.
      settings[key] = raw[key]
        .flatMap((entry) => {
          const folder = watchFolderSettingSchema.safeParse(entry)
          return folder.success ? [folder.data] : []
        })
        .slice(0, 50)
      continue
    }
    const parsed = settingsSchema.shape[key].safeParse(raw[key])
    if (parsed.success) settings[key] = parsed.data
  }
  settings['version'] = SETTINGS_VERSION
  // Every field came from the schema or the defaults; parse once more so the type is earned.
  return settingsSchema.parse(settings)
}

export function createSettingsService(port: KeyValuePort): SettingsService {
  const stored = port.get(SETTINGS_KEY)
  let current = migrateSettings(stored)
  // A file written by a newer version keeps its version and the fields this one does not know:
  // going back to the newer app must not find its settings downgraded.
  const newer = isRecord(stored) && typeof stored['version'] === 'number' && stored['version'] > SETTINGS_VERSION ? stored : null
  const write = (settings: Settings): void => port.set(SETTINGS_KEY, newer ? { ...newer, ...settings, version: newer['version'] } : settings)
  // Write the migrated form back so the file on disk is current after the first start.
  if (!newer) write(current)
  const listeners = new Set<(settings: Settings) => void>()

  return {
    get: () => current,
    update(patch: unknown): Settings {
      const parsed = settingsPatchSchema.safeParse(patch)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const where = issue?.path.join('.') || 'settings'
        throw new UserFacingError('invalid-option', errorWords('errors:app.settingInvalid', { setting: where, problem: issue?.message ?? 'unknown problem' }))
      }
      const cleaned: SettingsPatch = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined))
      current = settingsSchema.parse({ ...current, ...cleaned })
      write(current)
      for (const listener of listeners) listener(current)
      return current
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}

function isRecord(value: unknown): value is RawSettings {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
