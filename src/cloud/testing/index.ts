// The cloud engine's test doubles, for tests and the e2e harness only: never imported by the app,
// the CLI or the server, so they are not part of the cloud's public exports (../index.ts).
import type { ClientIdStore } from '../nemo/identity'

/** The client id and token in memory, as a test sets them. */
export class MemoryClientIdStore implements ClientIdStore {
  constructor(
    public id: string | null = null,
    public cachedToken: string | null = null
  ) {}

  async get(): Promise<string | null> {
    return this.id
  }

  async set(id: string): Promise<void> {
    this.id = id
    this.cachedToken = null
  }

  async getToken(): Promise<string | null> {
    return this.cachedToken
  }

  async setToken(token: string | null): Promise<void> {
    this.cachedToken = token
  }
}
