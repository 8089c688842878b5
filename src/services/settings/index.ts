export { createSettingsService, migrateSettings, SETTINGS_KEY } from './settings'
export type { KeyValuePort, SettingsService } from './settings'
