// electron-store behind the services' ports (issue #4 "Settings in electron-store behind a small
// settings interface"). Two files in the user-data folder: settings.json and queue.json, so a
// damaged queue never costs the settings.
import Store from 'electron-store'
import type { PersistedQueue, QueueRepository } from '../services/queue'
import type { KeyValuePort } from '../services/settings'

export function createSettingsStore(): KeyValuePort {
  const store = new Store<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: true })
  return { get: (key) => store.get(key), set: (key, value) => store.set(key, value) }
}

export function createQueueRepository(): QueueRepository {
  const store = new Store<Record<string, unknown>>({ name: 'queue', clearInvalidConfig: true })
  return {
    load() {
      const saved = store.get('queue')
      // Shape is checked loosely: the queue restores jobs field by field and ignores the rest.
      if (typeof saved !== 'object' || saved === null || !Array.isArray((saved as PersistedQueue).jobs)) return null
      return saved as PersistedQueue
    },
    save: (queue) => store.set('queue', queue)
  }
}
