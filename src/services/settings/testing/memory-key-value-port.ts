// TEST DOUBLE: a KeyValuePort in memory (no Electron, no electron-store). Values are copied in and
// out (structuredClone) as a real store would, so a test cannot change what is stored by accident;
// `data` is what is stored, for the test to read.
import type { KeyValuePort } from '../settings'

export function createMemoryKeyValuePort(initial: Record<string, unknown> = {}): KeyValuePort & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>(Object.entries(initial))
  return {
    data,
    get: (key) => structuredClone(data.get(key)),
    set: (key, value) => void data.set(key, structuredClone(value))
  }
}
