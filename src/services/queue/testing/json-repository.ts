// TEST HELPER on top of the queue's one in-memory repository (../in-memory-repository.ts): every
// save goes through JSON, as it does into the app's electron-store (src/main/stores.ts), so
// nothing un-serialisable slips by and a restored queue gets what a restart would; and the test
// can read what was saved last (`saved`) and count the saves (`saves`).
import { createInMemoryQueueRepository } from '../in-memory-repository'
import type { PersistedQueue, QueueRepository } from '../queue'

function asStored(queue: PersistedQueue): PersistedQueue {
  return JSON.parse(JSON.stringify(queue)) as PersistedQueue
}

export function createJsonQueueRepository(initial: PersistedQueue | null = null): QueueRepository & { readonly saved: PersistedQueue | null; saves: number } {
  const memory = createInMemoryQueueRepository()
  if (initial) memory.save(asStored(initial))
  const repository = {
    saves: 0,
    get saved(): PersistedQueue | null {
      const last = memory.load()
      return last ? asStored(last) : null
    },
    load: () => repository.saved,
    save(queue: PersistedQueue) {
      memory.save(asStored(queue))
      repository.saves += 1
    }
  }
  return repository
}
