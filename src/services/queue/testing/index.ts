// The queue's test doubles, for tests and the e2e harness only: never imported by the app, the
// CLI or the server, so they are not part of the queue's public exports (../index.ts). A test
// that only needs somewhere to keep the queue uses the product's createInMemoryQueueRepository.
export { ManualClock } from './manual-clock'
export { createJsonQueueRepository } from './json-repository'
export { ScriptedEngine, type ScriptedCall } from './scripted-engine'
