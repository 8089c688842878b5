// The queue's test doubles, for tests and the e2e harness only: never imported by the app, the
// CLI or the server, so they are not part of the queue's public exports (../index.ts).
export { ManualClock } from './manual-clock'
export { createMemoryQueueRepository } from './memory-repository'
export { ScriptedEngine, type ScriptedCall } from './scripted-engine'
