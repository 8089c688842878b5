// TEST DOUBLE: an in-memory QueueRepository, what tests and the e2e harness use instead of electron-store.
// It round-trips through JSON like the real store does, so nothing un-serialisable slips by.
import type { PersistedQueue, QueueRepository } from '../queue'

export function createMemoryQueueRepository(initial: PersistedQueue | null = null): QueueRepository & { readonly saved: PersistedQueue | null; saves: number } {
  let stored = initial ? JSON.stringify(initial) : null
  const repository = {
    saves: 0,
    get saved(): PersistedQueue | null {
      return stored ? (JSON.parse(stored) as PersistedQueue) : null
    },
    load: () => (stored ? (JSON.parse(stored) as PersistedQueue) : null),
    save(queue: PersistedQueue) {
      stored = JSON.stringify(queue)
      repository.saves += 1
    }
  }
  return repository
}
