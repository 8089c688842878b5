export { createSettingsService, migrateSettings, SETTINGS_KEY } from './settings'
export type { KeyValuePort, SettingsService } from './settings'
// A test double (./testing), re-exported here only for test/e2e/app.e2e.test.ts, which issue #11's
// change was not to touch: remove this line once that file imports it from ./testing.
/** @deprecated Import it from services/settings/testing. */
export { createMemoryKeyValuePort } from './testing'
