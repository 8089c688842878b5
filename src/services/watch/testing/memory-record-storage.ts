// TEST DOUBLE: a WatchRecordStorage in memory, so a test opens a record without a file; `text` is
// what was saved last, for the test to read or to seed the next record with.
import type { WatchRecordStorage } from '../record-storage'

export function memoryRecordStorage(initial: string | null = null): WatchRecordStorage & { text: string | null } {
  const storage = {
    text: initial,
    async load() {
      return storage.text
    },
    async save(text: string) {
      storage.text = text
    },
    async quarantine() {
      return null
    }
  }
  return storage
}
