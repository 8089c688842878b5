import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { NemoApiError, NemoClient } from './client'
import { MemoryClientIdStore } from '../testing'
import { NemoTestServer } from './test-server'

function clientFor(apiUrl: string): NemoClient {
  return new NemoClient({ apiUrl, clientIdStore: new MemoryClientIdStore(), appVersion: '1.0.0' })
}

describe('NemoClient API address', () => {
  it('refuses plain http to another computer, since every request carries the bearer token', () => {
    expect(() => clientFor('http://mega-api-prod.nemovideo.ai')).toThrow(/https:\/\//)
    expect(() => clientFor('http://192.168.1.20:8080')).toThrow(/https:\/\//)
    expect(() => clientFor('ftp://example.com')).toThrow(/https:\/\//)
  })

  it('accepts https anywhere and plain http on this computer (loopback test servers)', () => {
    expect(clientFor('https://mega-api-prod.nemovideo.ai/').apiUrl).toBe('https://mega-api-prod.nemovideo.ai')
    for (const url of ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000']) expect(clientFor(url).apiUrl).toBe(url)
  })
})

// What each endpoint makes of an answer that is not what the note describes: the same clear
// message for a missing or mistyped field, and no complaint about fields it does not know.
describe('NemoClient reading the answers of its endpoints', () => {
  let server: NemoTestServer | null = null
  let dir: string | null = null

  afterEach(async () => {
    await server?.close()
    server = null
    if (dir) await rm(dir, { recursive: true, force: true })
    dir = null
  })

  async function start(): Promise<{ server: NemoTestServer; client: NemoClient }> {
    server = await NemoTestServer.start()
    return { server, client: clientFor(server.url) }
  }

  async function expectApiError(promise: Promise<unknown>, message: string): Promise<void> {
    const error: unknown = await promise.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(NemoApiError)
    expect(error).toMatchObject({ code: 'cloud', message, nemoCode: null, httpStatus: null })
  }

  it('anonymous token: trims it, ignores extra fields, and says so when there is none', async () => {
    const { server, client } = await start()
    server.failOnce('POST', /^\/api\/auth\/anonymous-token$/, {
      status: 200,
      json: { code: 0, data: { token: '  nmv_usr_trimmed  ', credits: 100, user_id: 'u1' } }
    })
    expect(await client.identity.token()).toBe('nmv_usr_trimmed')
    for (const data of [{ credits: 100 }, { token: '   ' }, { token: 42 }, ['nmv_usr_in_an_array'], 'nmv_usr_bare_string', null]) {
      const fresh = clientFor(server.url)
      server.failOnce('POST', /^\/api\/auth\/anonymous-token$/, { status: 200, json: { code: 0, data } })
      await expectApiError(fresh.identity.token(), 'NemoVideo did not hand out a sign-in token. Try again later.')
    }
  })

  it('session: either spelling of the ids, snake_case first, ids as strings, and a clear error without one', async () => {
    const { server, client } = await start()
    const session = /^\/api\/tasks\/me\/with-session\//
    const answers: [unknown, { sessionId: string; taskId: string | null }][] = [
      [
        { code: 0, data: { session_id: '7390000000000000001', task_id: 't1', extra: true } },
        { sessionId: '7390000000000000001', taskId: 't1' }
      ],
      [
        { code: 0, data: { sessionId: 1234, taskId: 5 } },
        { sessionId: '1234', taskId: '5' }
      ],
      [
        { code: 0, data: { session_id: null, sessionId: 's2', task_id: null, taskId: 't2' } },
        { sessionId: 's2', taskId: 't2' }
      ],
      // A task id of the wrong type is no task id; the camelCase one is not consulted then.
      [
        { code: 0, data: { session_id: 's3', task_id: { nested: 1 }, taskId: 't3' } },
        { sessionId: 's3', taskId: null }
      ],
      [{ session_id: 's4' }, { sessionId: 's4', taskId: null }]
    ]
    for (const [json, expected] of answers) {
      server.failOnce('POST', session, { status: 200, json })
      expect(await client.createSession()).toEqual(expected)
    }
    const broken: unknown[] = [{}, { session_id: '' }, { session_id: true, sessionId: 's5' }, { session_id: { id: 's6' } }, ['s7'], 's8', null]
    for (const data of broken) {
      server.failOnce('POST', session, { status: 200, json: { code: 0, data } })
      await expectApiError(client.createSession(), 'NemoVideo did not return a project session. Try again later.')
    }
  })

  it('upload: reads each file, names unnamed ones after the local file, and skips what is not a file', async () => {
    const { server, client } = await start()
    dir = await mkdtemp(path.join(os.tmpdir(), 'nemo-client-'))
    const file = path.join(dir, 'clip.mp4')
    await writeFile(file, Buffer.alloc(1024))
    const upload = /^\/api\/upload-video\//
    server.failOnce('POST', upload, {
      status: 200,
      json: {
        code: 0,
        data: {
          files: [
            { filename: 'remote.mp4', file_type: 'video', cdn_url: 'https://cdn/x.mp4', duration: 1.5, width: 320, height: 240, extra: 1 },
            { filename: 7, file_type: 1, cdn_url: null, duration: '2', width: '320' },
            'not a file',
            null,
            [1]
          ],
          session_state_applied: true
        }
      }
    })
    expect(await client.uploadFile('s1', file, { size: 1024 })).toEqual([
      { filename: 'remote.mp4', fileType: 'video', cdnUrl: 'https://cdn/x.mp4', duration: 1.5, width: 320, height: 240 },
      { filename: 'clip.mp4', fileType: null, cdnUrl: null, duration: null, width: null, height: null }
    ])
    for (const data of [{ files: 'clip.mp4' }, {}, null, ['clip.mp4']]) {
      server.failOnce('POST', upload, { status: 200, json: { code: 0, data } })
      expect(await client.uploadFile('s1', file, { size: 1024 })).toEqual([])
    }
  })
})
