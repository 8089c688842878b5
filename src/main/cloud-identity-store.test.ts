import { describe, expect, it } from 'vitest'
import { MemoryClientIdStore } from '../cloud/testing'
import { createMemoryKeyValuePort } from '../services/settings/testing'
import { CLIENT_ID_KEY, createAppClientIdStore, TOKEN_KEY } from './cloud-identity-store'
import type { TokenCipher } from './cloud-identity-store'

/** A stand-in for safeStorage: reversible, but the token never appears in what is stored. */
function fakeCipher(available = true): TokenCipher & { available: boolean } {
  const cipher = {
    available,
    isAvailable: () => cipher.available,
    encrypt: (plain: string) => `enc:${Buffer.from([...plain].reverse().join('')).toString('base64')}`,
    decrypt: (stored: string) => {
      if (!stored.startsWith('enc:')) throw new Error('not ours')
      return [...Buffer.from(stored.slice(4), 'base64').toString()].reverse().join('')
    }
  }
  return cipher
}

const TOKEN = 'nmv_usr_secret_token_value'

describe('app cloud identity store', () => {
  it('keeps the client id in the settings and the token encrypted', async () => {
    const port = createMemoryKeyValuePort()
    const store = createAppClientIdStore({ store: port, cipher: fakeCipher() })
    expect(await store.get()).toBeNull()
    await store.set('client-1')
    await store.setToken?.(TOKEN)
    expect(port.get(CLIENT_ID_KEY)).toBe('client-1')
    expect(JSON.stringify(port.get(TOKEN_KEY))).not.toContain(TOKEN)
    expect(port.get(TOKEN_KEY)).toMatchObject({ scheme: 'safeStorage' })
    // A new store over the same settings (the next start) reads both back.
    const again = createAppClientIdStore({ store: port, cipher: fakeCipher() })
    expect(await again.get()).toBe('client-1')
    expect(await again.getToken?.()).toBe(TOKEN)
  })

  it('forgets the token when the id changes (a token belongs to its id)', async () => {
    const port = createMemoryKeyValuePort()
    const store = createAppClientIdStore({ store: port, cipher: fakeCipher() })
    await store.set('client-1')
    await store.setToken?.(TOKEN)
    await store.set('client-2')
    expect(await store.getToken?.()).toBeNull()
  })

  it('keeps the token as plain text only while encryption is unavailable, and encrypts it once it is', async () => {
    const port = createMemoryKeyValuePort()
    const cipher = fakeCipher(false)
    const store = createAppClientIdStore({ store: port, cipher })
    await store.setToken?.(TOKEN)
    expect(port.get(TOKEN_KEY)).toEqual({ scheme: 'plain', value: TOKEN })
    cipher.available = true
    expect(await store.getToken?.()).toBe(TOKEN)
    expect(port.get(TOKEN_KEY)).toMatchObject({ scheme: 'safeStorage' })
    expect(JSON.stringify(port.get(TOKEN_KEY))).not.toContain(TOKEN)
  })

  it('drops a token it cannot decrypt, so a new one is fetched with the same id', async () => {
    const port = createMemoryKeyValuePort()
    port.set(CLIENT_ID_KEY, 'client-1')
    port.set(TOKEN_KEY, { scheme: 'safeStorage', value: 'another keychain' })
    const store = createAppClientIdStore({ store: port, cipher: fakeCipher() })
    expect(await store.getToken?.()).toBeNull()
    expect(port.get(TOKEN_KEY)).toBeNull()
    expect(await store.get()).toBe('client-1')
  })

  it('takes over the id and token an earlier version kept in the CLI file, encrypting the token', async () => {
    const port = createMemoryKeyValuePort()
    const legacy = new MemoryClientIdStore('old-client', TOKEN)
    const store = createAppClientIdStore({ store: port, cipher: fakeCipher(), legacy })
    expect(await store.get()).toBe('old-client')
    expect(await store.getToken?.()).toBe(TOKEN)
    expect(port.get(CLIENT_ID_KEY)).toBe('old-client')
    expect(JSON.stringify(port.get(TOKEN_KEY))).not.toContain(TOKEN)
  })
})
