import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from '../../shared/ipc/contract'
import { createSettingsService, migrateSettings, SETTINGS_KEY } from './settings'
import { createMemoryKeyValuePort } from './testing'

describe('migrateSettings', () => {
  it('gives the defaults for an empty store', () => {
    expect(migrateSettings(undefined)).toEqual(DEFAULT_SETTINGS)
  })

  it('migrates the unversioned prototype shape to the current version', () => {
    const migrated = migrateSettings({ request: 'under 25MB', useCloud: true, outputDir: '/videos/out', jobs: 3, notifications: false })
    expect(migrated).toEqual({
      ...DEFAULT_SETTINGS,
      version: SETTINGS_VERSION,
      defaultRequest: 'under 25MB',
      engine: 'cloud',
      outputLocation: 'folder',
      outputFolder: '/videos/out',
      concurrency: 3,
      notifications: false
    })
    expect(migrated).not.toHaveProperty('request')
    expect(migrated).not.toHaveProperty('useCloud')
  })

  it('resets only the fields that are invalid and drops unknown keys', () => {
    const migrated = migrateSettings({ version: 1, concurrency: 99, engine: 'quantum', closeToTray: false, cloudApiUrl: 'ftp://x', surprise: 1 })
    expect(migrated.concurrency).toBe(DEFAULT_SETTINGS.concurrency)
    expect(migrated.engine).toBe('local')
    expect(migrated.cloudApiUrl).toBe('')
    expect(migrated.closeToTray).toBe(false)
    expect(migrated).not.toHaveProperty('surprise')
  })

  it('migrates version 1 (before the language setting, issue #13) to the system language, keeping the rest', () => {
    const version1 = { ...DEFAULT_SETTINGS, version: 1, concurrency: 3, defaultRequest: 'for Discord' } as Record<string, unknown>
    delete version1['language']
    expect(migrateSettings(version1)).toEqual({ ...DEFAULT_SETTINGS, concurrency: 3, defaultRequest: 'for Discord', language: 'system' })
    // A language this version has no catalogue for is reset to the system's, not kept.
    expect(migrateSettings({ ...DEFAULT_SETTINGS, language: 'fr' }).language).toBe('system')
    expect(migrateSettings({ ...DEFAULT_SETTINGS, language: 'zh-CN' }).language).toBe('zh-CN')
  })

  it('survives a store that is not an object at all', () => {
    expect(migrateSettings('garbage')).toEqual(DEFAULT_SETTINGS)
    expect(migrateSettings([1, 2])).toEqual(DEFAULT_SETTINGS)
  })
})

describe('createSettingsService', () => {
  it('writes the migrated settings back on start', () => {
    const port = createMemoryKeyValuePort({ [SETTINGS_KEY]: { request: 'Discord' } })
    createSettingsService(port)
    expect(port.data.get(SETTINGS_KEY)).toMatchObject({ version: SETTINGS_VERSION, defaultRequest: 'Discord' })
  })

  it('validates and persists updates, and tells listeners', () => {
    const port = createMemoryKeyValuePort()
    const service = createSettingsService(port)
    const seen: number[] = []
    service.onChange((settings) => seen.push(settings.concurrency))
    service.update({ concurrency: 2, cloudApiUrl: 'https://api.example.com' })
    expect(service.get().concurrency).toBe(2)
    expect(createSettingsService(port).get()).toMatchObject({ concurrency: 2, cloudApiUrl: 'https://api.example.com' })
    expect(seen).toEqual([2])
  })

  it('refuses invalid updates with a sentence naming the setting and keeps the old value', () => {
    const service = createSettingsService(createMemoryKeyValuePort())
    expect(() => service.update({ concurrency: 0 })).toThrow(/"concurrency" is not valid/)
    expect(() => service.update({ version: 7 })).toThrow(/not valid/)
    expect(() => service.update({ engine: 'cloud', cloudApiUrl: 'not a url' })).toThrow(/cloudApiUrl/)
    // The token must not travel in clear text to another machine.
    expect(() => service.update({ cloudApiUrl: 'http://mega-api-prod.nemovideo.ai' })).toThrow(/https:\/\/ address/)
    expect(() => service.update({ language: 'zh-TW' })).toThrow(/"language" is not valid/)
    expect(service.get()).toEqual(DEFAULT_SETTINGS)
    expect(service.update({ language: 'zh-CN' }).language).toBe('zh-CN')
    service.update({ language: 'system' })
    // A local test server is fine.
    service.update({ cloudApiUrl: 'http://127.0.0.1:8080' })
    expect(service.get().cloudApiUrl).toBe('http://127.0.0.1:8080')
  })
})

describe('settings: values kept (review)', () => {
  it("keeps the prototype's parallel jobs as the most allowed instead of resetting to 1", () => {
    expect(migrateSettings({ jobs: 16 }).concurrency).toBe(8)
  })

  it('keeps the valid watch folders when one entry is damaged', () => {
    const good = { id: 'dl', folder: '/home/me/Downloads', request: '', recursive: false, includeExisting: false }
    const migrated = migrateSettings({ version: SETTINGS_VERSION, watchFolders: [good, { id: 'bad', folder: '' }] })
    expect(migrated.watchFolders).toEqual([good])
  })

  it('does not downgrade a file written by a newer version, on start or on update', () => {
    const newer = { ...DEFAULT_SETTINGS, version: SETTINGS_VERSION + 1, concurrency: 3, futureOption: 'x' }
    const port = createMemoryKeyValuePort({ [SETTINGS_KEY]: newer })
    const service = createSettingsService(port)
    expect(service.get().concurrency).toBe(3)
    expect(port.data.get(SETTINGS_KEY)).toEqual(newer)
    service.update({ concurrency: 2 })
    expect(port.data.get(SETTINGS_KEY)).toEqual({ ...newer, concurrency: 2 })
    expect(service.get()).toEqual({ ...DEFAULT_SETTINGS, concurrency: 2 })
  })
})
