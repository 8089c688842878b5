// The watch service's test doubles, for tests and the e2e harness only: never imported by the app,
// the CLI or the server (the CLI keeps its record in the file, ../record-storage.ts).
export { memoryRecordStorage } from './memory-record-storage'
