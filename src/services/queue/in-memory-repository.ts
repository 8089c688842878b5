// The queue's storage where nothing outlives the process: the CLI's compress and watch commands
// (the app keeps its queue in electron-store, src/main/stores.ts), and the tests that need nowhere
// more (./testing adds a JSON round trip and a count of saves on top, for those that look). It
// holds the last save as it is, without copying: the CLI never restores it, so keeping a saved
// queue costs nothing more.
import type { PersistedQueue, QueueRepository } from './queue'

export function createInMemoryQueueRepository(): QueueRepository {
  let saved: PersistedQueue | null = null
  return {
    load: () => saved,
    save: (queue) => {
      saved = queue
    }
  }
}
