// The settings service's test doubles, for tests and the e2e harness only: never imported by the
// app, the CLI or the server (the app keeps its settings in electron-store, src/main/stores.ts).
export { createMemoryKeyValuePort } from './memory-key-value-port'
