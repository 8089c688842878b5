// Where the app keeps its NemoVideo identity (issue #6 "Identity": the client id persisted in the
// settings, the anonymous token "stored with Electron safeStorage where available"). Plain Node:
// the cipher is handed in, so safe-storage.ts is the only part that touches Electron and the
// tests use a fake one.
//
// The token is kept even where encryption is not available (stored as plain text then, as the
// CLI does in its 0600 file): the service hands out one anonymous token per client id per 7 days
// (protocol note, "Limits"), so forgetting it at every quit would lock the app out of the cloud.
import type { ClientIdStore } from '../cloud'
import type { KeyValuePort } from '../services/settings'

/** Encrypts short strings for storage at rest (Electron safeStorage in the app). */
export interface TokenCipher {
  /** Whether encryption is available now (safeStorage needs the OS keychain, and app 'ready'). */
  isAvailable(): boolean
  /** Returns storable text (base64 of the ciphertext). */
  encrypt(plain: string): string
  /** Throws when the text cannot be decrypted (another machine's or an old key's ciphertext). */
  decrypt(stored: string): string
}

export const CLIENT_ID_KEY = 'cloudClientId'
export const TOKEN_KEY = 'cloudToken'

/** How the token sits in the store: which scheme wrote `value`. */
interface StoredToken {
  scheme: 'safeStorage' | 'plain'
  value: string
}

export interface AppClientIdStoreDeps {
  /** The settings file's key-value port (electron-store); the same one the settings service uses. */
  store: KeyValuePort
  cipher: TokenCipher
  /**
   * Where earlier versions of the app kept the id and token (the CLI's cloud.json). Its id is
   * taken over once so an upgrade keeps the same id and does not spend a new token.
   */
  legacy?: ClientIdStore
}

function readStoredToken(raw: unknown): StoredToken | null {
  if (typeof raw !== 'object' || raw === null) return null
  const { scheme, value } = raw as Record<string, unknown>
  if ((scheme !== 'safeStorage' && scheme !== 'plain') || typeof value !== 'string' || value === '') return null
  return { scheme, value }
}

export function createAppClientIdStore(deps: AppClientIdStoreDeps): ClientIdStore {
  const { store, cipher } = deps
  let legacyChecked = false

  function writeToken(token: string | null): void {
    if (token === null) {
      // electron-store refuses undefined; null reads back as "no token".
      store.set(TOKEN_KEY, null)
      return
    }
    const stored: StoredToken = cipher.isAvailable() ? { scheme: 'safeStorage', value: cipher.encrypt(token) } : { scheme: 'plain', value: token }
    store.set(TOKEN_KEY, stored)
  }

  /** Takes over the id (and its token) an earlier version kept in the CLI's file, once. */
  async function adoptLegacy(): Promise<string | null> {
    if (legacyChecked || !deps.legacy) return null
    legacyChecked = true
    let id: string | null
    let token: string | null
    try {
      id = await deps.legacy.get()
      token = (await deps.legacy.getToken?.()) ?? null
    } catch {
      // An unreadable old file only costs a new id.
      return null
    }
    if (!id) return null
    store.set(CLIENT_ID_KEY, id)
    writeToken(token)
    return id
  }

  return {
    async get() {
      const id = store.get(CLIENT_ID_KEY)
      if (typeof id === 'string' && id !== '') return id
      return adoptLegacy()
    },

    async set(id) {
      store.set(CLIENT_ID_KEY, id)
      // A token belongs to the id it was issued for.
      writeToken(null)
    },

    async getToken() {
      const stored = readStoredToken(store.get(TOKEN_KEY))
      if (!stored) return null
      if (stored.scheme === 'plain') {
        // Written while encryption was unavailable: encrypt it now that it is.
        if (cipher.isAvailable()) writeToken(stored.value)
        return stored.value
      }
      if (!cipher.isAvailable()) return null
      try {
        return cipher.decrypt(stored.value)
      } catch {
        // Another keychain's ciphertext (profile copied, keyring reset): drop it; the identity
        // asks for a token again with the same client id.
        writeToken(null)
        return null
      }
    },

    async setToken(token) {
      writeToken(token)
    }
  }
}
