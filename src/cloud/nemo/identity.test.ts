import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ClientIdRejectedError, isValidClientId, JsonFileClientIdStore, NemoIdentity } from './identity'
import { MemoryClientIdStore } from '../testing'

let dir: string | null = null
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = null
})

describe('JsonFileClientIdStore', () => {
  it('persists the id and token in a file only the user can read', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nemo-id-'))
    const file = path.join(dir, 'config', 'compress-video', 'cloud.json')
    const store = new JsonFileClientIdStore(file)
    expect(await store.get()).toBeNull()
    await store.set('id-1')
    await store.setToken('nmv_usr_secret')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ clientId: 'id-1', token: 'nmv_usr_secret' })
    // A token belongs to the id it was issued for.
    await store.set('id-2')
    expect(await store.getToken()).toBeNull()
    await writeFile(file, 'not json')
    expect(await store.get()).toBeNull()
  })
})

describe('NemoIdentity', () => {
  it('generates one client id, persists it and reuses it for new tokens', async () => {
    const store = new MemoryClientIdStore()
    const asked: string[] = []
    const identity = new NemoIdentity({
      store,
      requestAnonymousToken: async (id) => {
        asked.push(id)
        return `nmv_usr_token_${asked.length}`
      }
    })
    const [a, b] = await Promise.all([identity.token(), identity.token()])
    expect(a).toBe('nmv_usr_token_1')
    expect(b).toBe(a) // concurrent jobs share one request
    expect(await identity.refresh(a)).toBe('nmv_usr_token_2')
    expect(await identity.refresh(a)).toBe('nmv_usr_token_2') // already replaced: no third request
    expect(asked).toEqual([store.id, store.id])
    expect(isValidClientId(store.id)).toBe(true)
    expect(identity.redact('x nmv_usr_token_1 y nmv_usr_token_2')).toBe('x [token] y [token]')
  })

  it('replaces an invalid stored id and a rejected one, but not one from NEMO_CLIENT_ID', async () => {
    const store = new MemoryClientIdStore('x'.repeat(65))
    let rejections = 1
    const identity = new NemoIdentity({
      store,
      requestAnonymousToken: async () => {
        if (rejections-- > 0) throw new ClientIdRejectedError('400')
        return 'nmv_usr_ok'
      }
    })
    expect(await identity.token()).toBe('nmv_usr_ok')
    expect(store.id).toMatch(/^[0-9a-f-]{36}$/)

    const env = new NemoIdentity({
      clientId: 'mine',
      store: new MemoryClientIdStore(),
      requestAnonymousToken: async () => {
        throw new ClientIdRejectedError('400')
      }
    })
    await expect(env.token()).rejects.toThrow(/NEMO_CLIENT_ID/)
  })

  it('uses NEMO_TOKEN as is and refuses to swap it for an anonymous one', async () => {
    const identity = new NemoIdentity({ token: ' nmv_usr_mine ', store: new MemoryClientIdStore(), requestAnonymousToken: async () => 'never' })
    expect(identity.isAnonymous).toBe(false)
    expect(await identity.token()).toBe('nmv_usr_mine')
    await expect(identity.refresh('nmv_usr_mine')).rejects.toThrow(/NEMO_TOKEN/)
  })
})

describe('NemoIdentity shared token request', () => {
  it("does not let one job's cancel fail another job waiting for the same token, and each cancel is honoured at once", async () => {
    let answer: ((token: string) => void) | null = null
    let started: () => void = () => undefined
    const requestStarted = new Promise<void>((resolve) => (started = resolve))
    const identity = new NemoIdentity({
      store: new MemoryClientIdStore('id-1'),
      requestAnonymousToken: (_clientId, signal) =>
        new Promise<string>((resolve, reject) => {
          answer = resolve
          started()
          signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
        })
    })
    const jobA = new AbortController()
    const jobB = new AbortController()
    const a = identity.token(jobA.signal)
    const b = identity.token(jobB.signal)
    const c = identity.token()
    // All three wait on the one request to the service.
    await requestStarted
    jobA.abort()
    await expect(a).rejects.toMatchObject({ code: 'cancelled' })
    // b settles on its own cancel, not when the shared request answers (it has not yet).
    jobB.abort()
    await expect(b).rejects.toMatchObject({ code: 'cancelled' })
    ;(answer as unknown as (token: string) => void)('nmv_usr_shared')
    await expect(c).resolves.toBe('nmv_usr_shared')
  })
})
