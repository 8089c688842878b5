// End-to-end jobs against the loopback NemoVideo test server (real HTTP, real SSE streaming).
// Every case checks that the original is byte-identical and that no partial file is left.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CompressResult, JobProgress } from '../../shared/compression'
import { createNemoEngine, describeCompressRequest, type NemoEngine, type NemoEngineConfig, type NemoTimings } from './engine'
import { parseRequest, requestToOptions } from '../../shared/request'
import { MemoryClientIdStore } from '../testing'
import { adkText, adkToolCall, adkToolResult, HEARTBEAT_FRAMES, NemoTestServer } from './test-server'

const FAST: Partial<NemoTimings> = {
  rateLimitRetryMs: 50,
  requestTimeoutMs: 5_000,
  uploadAnswerTimeoutMs: 5_000,
  stillWorkingEveryMs: 150,
  messageTimeoutMs: 5_000,
  heartbeatOnlyTimeoutMs: 2_000,
  firstPollMs: 20,
  maxPollMs: 80,
  timeoutMs: 3_000,
  dropRecoveryFirstMs: 30,
  dropRecoveryNextMs: 60,
  dropRecoveryPolls: 4
}

const WEB_URL = 'https://web.nemo.test'
const EXPLICIT_TOKEN = 'nmv_usr_explicit_secret_token_1234'

interface Fixture {
  server: NemoTestServer
  dir: string
  input: string
  inputHash: string
  store: MemoryClientIdStore
  engine: NemoEngine
}

let fixture: Fixture | null = null

afterEach(async () => {
  if (!fixture) return
  await fixture.server.close()
  await rm(fixture.dir, { recursive: true, force: true })
  fixture = null
})

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

async function setup(config: Partial<NemoEngineConfig> = {}, inputName = 'holiday clip.mp4', inputBytes: Buffer = randomBytes(300 * 1024)): Promise<Fixture> {
  const server = await NemoTestServer.start()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nemo-engine-'))
  const input = path.join(dir, inputName)
  await writeFile(input, inputBytes)
  const store = new MemoryClientIdStore()
  const engine = createNemoEngine({
    apiUrl: server.url,
    webUrl: WEB_URL,
    clientIdStore: store,
    appVersion: '9.9.9',
    platform: 'linux',
    timings: FAST,
    ...config
  })
  fixture = { server, dir, input, inputHash: sha256(inputBytes), store, engine }
  return fixture
}

interface Run {
  result: CompressResult
  messages: string[]
  progress: JobProgress[]
}

/** How the runs below record the engine's "still working" news among its replies. */
const STILL_WORKING = '[still working]'

async function run(
  f: Fixture,
  options: { text?: string; signal?: AbortSignal; onProgress?: (p: JobProgress) => void; onMessage?: (m: string) => void } = {}
): Promise<Run> {
  const messages: string[] = []
  const progress: JobProgress[] = []
  const result = await f.engine.compress({
    input: f.input,
    options: {},
    ...(options.text ? { text: options.text } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (p) => {
      progress.push(p)
      options.onProgress?.(p)
    },
    onNews: (news) => {
      const m = news.kind === 'reply' ? news.text : STILL_WORKING
      messages.push(m)
      options.onMessage?.(m)
    }
  })
  return { result, messages, progress }
}

/** The original is untouched and the folder holds only it plus `outputs` (no partial files). */
async function expectCleanFolder(f: Fixture, outputs: string[] = []): Promise<void> {
  expect(sha256(await readFile(f.input))).toBe(f.inputHash)
  const entries = (await readdir(f.dir)).sort()
  expect(entries).toEqual([path.basename(f.input), ...outputs].sort())
}

/** No token ever shows up in what people see, or in a URL. */
function expectNoTokenLeak(f: Fixture, r: Run): void {
  const secrets = [...f.server.issuedTokens.map((issued) => issued.token), EXPLICIT_TOKEN]
  const visible = [...r.messages, ...r.progress.map((p) => p.detail), r.result.message, ...r.result.changes]
  for (const secret of secrets) {
    for (const text of visible) expect(text).not.toContain(secret)
    for (const request of [...f.server.requests, ...f.server.cdnRequests]) expect(request.path).not.toContain(secret)
  }
}

describe('NemoVideo engine: happy path', () => {
  it('uploads, sends the request, exports, downloads and writes <name>.compressed.mp4', async () => {
    const f = await setup()
    const r = await run(f, { text: 'make it 720p and small' })
    expect(r.result.status, r.result.message).toBe('done')
    const expectedName = 'holiday clip.compressed.mp4'
    expect(r.result.output).toBe(path.join(f.dir, expectedName))
    expect(await readFile(path.join(f.dir, expectedName))).toEqual(f.server.resultBytes)
    expect(r.result.outputBytes).toBe(f.server.resultBytes.length)
    await expectCleanFolder(f, [expectedName])

    // Identity: one anonymous token for a generated, persisted client id.
    expect(f.server.issuedTokens).toHaveLength(1)
    expect(f.store.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(f.server.issuedTokens[0]?.clientId).toBe(f.store.id)
    // Every API request carries the bearer token (except the token request) and attribution.
    for (const request of f.server.requests) {
      expect(request.headers['x-skill-source']).toBe('compress-video')
      expect(request.headers['x-skill-version']).toBe('9.9.9')
      expect(request.headers['x-skill-platform']).toBe('linux')
      if (request.path !== '/api/auth/anonymous-token') expect(request.headers.authorization).toBe(`Bearer ${f.server.issuedTokens[0]?.token}`)
    }
    // The upload is the file, byte for byte, in field `files`.
    const session = [...f.server.sessions.values()][0]
    expect(session?.uploads.map((u) => u.filename)).toEqual(['holiday clip.mp4'])
    expect(sha256(session?.uploads[0]?.bytes ?? Buffer.alloc(0))).toBe(f.inputHash)
    expect(session?.messages).toEqual(['make it 720p and small'])
    // Export: `render_<ts>` id, camelCase sessionId, the session's draft.
    const exportRequest = f.server.hits(/^\/api\/render\/proxy\/lambda$/, 'POST')[0]
    const exportBody = JSON.parse(exportRequest?.body.toString() ?? '{}') as Record<string, unknown>
    expect(exportBody.id).toMatch(/^render_\d+$/)
    expect(exportBody.sessionId).toBe(session?.sessionId)
    expect(exportBody.draft).toEqual(session?.draft)
    expect(exportBody.output).toEqual({ format: 'mp4', quality: 'high' })
    // The CDN download carried no token.
    expect(f.server.cdnRequests).toHaveLength(1)
    expect(f.server.cdnRequests[0]?.headers.authorization).toBeUndefined()

    // Replies shown after GUI translation; tool calls and results never shown.
    expect(r.messages.join('\n')).toContain('Done! I compressed your video.')
    expect(r.messages.join('\n')).not.toMatch(/click|Export button|tool-result-internal|tool-args|edit_multitrack/i)
    // Progress: all phases, never backwards, ends at 100.
    const phases = [...new Set(r.progress.map((p) => p.phase))]
    expect(phases).toEqual(['checking', 'copying', 'analysing', 'encoding', 'finishing'])
    const percents = r.progress.map((p) => p.percent)
    expect(percents).toEqual([...percents].sort((a, b) => a - b))
    expect(percents.at(-1)).toBe(100)
    expectNoTokenLeak(f, r)
  })

  it('works on a real video made with ffmpeg, builds the request text from options, and never makes a second name clash', async () => {
    const { execFileSync } = await import('node:child_process')
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nemo-ffmpeg-'))
    const video = path.join(dir, 'x.mp4')
    execFileSync(path.resolve('node_modules/@ffmpeg-installer/linux-x64/ffmpeg'), [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=320x240:rate=25',
      '-t',
      '1',
      '-pix_fmt',
      'yuv420p',
      video
    ])
    const bytes = await readFile(video)
    await rm(dir, { recursive: true })
    const f = await setup({}, 'x.mp4', bytes)
    await writeFile(path.join(f.dir, 'x.compressed.mp4'), "someone else's file")
    const result = await f.engine.compress({ input: f.input, options: { targetBytes: 25_000_000, resolution: 720, audio: 'remove', container: 'webm' } })
    expect(result.status, result.message).toBe('done')
    expect(path.basename(result.output ?? '')).toBe('x.compressed (2).mp4')
    expect(await readFile(path.join(f.dir, 'x.compressed.mp4'), 'utf8')).toBe("someone else's file")
    expect(result.changes.join(' ')).toContain('.mp4 instead of .webm')
    const message = [...f.server.sessions.values()][0]?.messages[0] ?? ''
    expect(message).toContain('at most 25 MB')
    expect(message).toContain('720p')
    expect(message).toContain('Remove the audio')
    await expectCleanFolder(f, ['x.compressed.mp4', 'x.compressed (2).mp4'])
  })

  it('a file already under the target, nothing else asked: nothing uploaded or charged, nothing written', async () => {
    const f = await setup()
    const size = (await readFile(f.input)).length
    const result = await f.engine.compress({ input: f.input, options: { targetBytes: size + 1000 }, text: 'under 1 GB' })
    expect(result.status).toBe('skipped')
    expect(result.output).toBeNull()
    expect(result.message).toMatch(/nothing to do.*nothing was sent to NemoVideo/)
    expect(f.server.requests).toEqual([])
    await expectCleanFolder(f)
    // Words that ask for more than a size still go to the cloud.
    const edit = await f.engine.compress({ input: f.input, options: { targetBytes: size + 1000 }, text: 'under 1 GB and add subtitles' })
    expect(edit.status).not.toBe('skipped')
    expect(f.server.hits(/^\/api\/upload-video\//)).not.toEqual([])
  })

  it('uses NEMO_TOKEN when given and never asks for an anonymous token', async () => {
    const f = await setup({ token: EXPLICIT_TOKEN })
    f.server.validTokens.add(EXPLICIT_TOKEN)
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    expect(f.server.hits(/anonymous-token/)).toHaveLength(0)
    expect(f.server.requests.every((request) => request.headers.authorization === `Bearer ${EXPLICIT_TOKEN}`)).toBe(true)
    expectNoTokenLeak(f, r)
    await expectCleanFolder(f, ['holiday clip.compressed.mp4'])
  })
})

describe('the request text built from options (issue 14)', () => {
  it.each([
    { trimStart: 5, trimEnd: 80 },
    { trimStartFromEnd: 60, trimEndFromEnd: 10, trimPrecision: 'keyframe' },
    { trimEnd: 30, targetBytes: 10_000_000, aspect: '9:16', fit: 'blur' },
    { aspect: '1:1', rotate: 270 },
    { aspect: '16:9', fit: 'pad', rotate: 180 },
    { trimStart: 1.5, rotate: 90 }
  ] as const)('%j reads back as itself (our server parses it)', (options) => {
    const text = describeCompressRequest(options)
    const parsed = parseRequest(text)
    expect(parsed.warnings, text).toEqual([])
    expect(requestToOptions(parsed)).toMatchObject(options)
  })

  it('says the length is kept only when it is', () => {
    expect(describeCompressRequest({ targetBytes: 1e6 })).toMatch(/keep its content and length unchanged/)
    expect(describeCompressRequest({ trimEnd: 30 })).toBe('Compress this video and make the file smaller. End at 0:30.')
  })
})

describe('NemoVideo engine: the SSE turn', () => {
  it('reads the state when the reply has no text, and shows the track summary', async () => {
    const f = await setup()
    f.server.sseScript = [{ write: adkToolCall() }, { write: adkToolResult() }]
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    expect(r.messages.some((m) => m.includes('Timeline (1 track): 1. Video: holiday clip.mp4 (0-1s)'))).toBe(true)
    // State read before the message (to compare) and after it.
    expect(f.server.hits(/^\/api\/state\//).length).toBeGreaterThanOrEqual(2)
    await expectCleanFolder(f, ['holiday clip.compressed.mp4'])
  })

  it('keeps waiting through heartbeats of every kind and says "Still working" meanwhile', async () => {
    const f = await setup()
    const beats = [HEARTBEAT_FRAMES.emptyData, HEARTBEAT_FRAMES.typed, HEARTBEAT_FRAMES.comment, 'event: heartbeat\ndata: {}\n\n']
    f.server.sseScript = [
      { write: adkToolCall() },
      ...Array.from({ length: 16 }, (_, i) => [{ write: beats[i % beats.length] ?? '' }, { waitMs: 40 }]).flat(),
      { write: adkText('All set.') }
    ]
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    expect(r.messages.filter((m) => m === STILL_WORKING).length).toBeGreaterThanOrEqual(2)
    expect(r.messages).toContain('All set.')
    await expectCleanFolder(f, ['holiday clip.compressed.mp4'])
  })

  it('stops after the heartbeats-only limit with a clear message', async () => {
    const f = await setup({ timings: { ...FAST, heartbeatOnlyTimeoutMs: 400 } })
    f.server.sseScript = [{ write: adkToolCall() }, ...Array.from({ length: 40 }, () => [{ write: HEARTBEAT_FRAMES.emptyData }, { waitMs: 50 }]).flat()]
    const r = await run(f)
    expect(r.result.status).toBe('failed')
    expect(r.result.errorCode).toBe('cloud')
    expect(r.result.message).toMatch(/kept saying it was busy/)
    expect(f.server.hits(/render/)).toHaveLength(0)
    await expectCleanFolder(f)
  })

  it('stops a message at the per-message limit even while tools keep running', async () => {
    const f = await setup({ timings: { ...FAST, messageTimeoutMs: 500 } })
    f.server.sseScript = Array.from({ length: 40 }, () => [{ write: adkToolCall() }, { waitMs: 50 }]).flat()
    const r = await run(f)
    expect(r.result.status).toBe('failed')
    expect(r.result.message).toMatch(/did not finish within/)
    await expectCleanFolder(f)
  })

  it('never re-sends after a dropped stream: it polls the state and goes on when the edit lands', async () => {
    const f = await setup()
    f.server.sseScript = [{ write: adkToolCall() }, { drop: true, editAfterMs: 60 }]
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    expect(f.server.hits(/^\/run_sse$/)).toHaveLength(1)
    expect(r.messages.join('\n')).toMatch(/dropped/)
    await expectCleanFolder(f, ['holiday clip.compressed.mp4'])
  })

  it('gives up after a dropped stream when the project never changes, still without re-sending', async () => {
    const f = await setup()
    f.server.sseScript = [{ write: adkToolCall() }, { drop: true }]
    const r = await run(f)
    expect(r.result.status).toBe('failed')
    expect(r.result.errorCode).toBe('network')
    expect(r.result.message).toMatch(/not sent again/)
    expect(f.server.hits(/^\/run_sse$/)).toHaveLength(1)
    // First state read + the bounded number of recovery polls.
    expect(f.server.hits(/^\/api\/state\//)).toHaveLength(1 + (FAST.dropRecoveryPolls ?? 0))
    await expectCleanFolder(f)
  })

  it("fails with the backend's words on an error event, and maps table codes in errorCode events", async () => {
    const f = await setup()
    f.server.sseScript = [{ write: adkToolCall() }, { write: 'data: {"error":"model overloaded"}\n\n' }]
    const r = await run(f)
    expect(r.result.status).toBe('failed')
    expect(r.result.message).toContain('model overloaded')
    await expectCleanFolder(f)

    f.server.sseScript = [{ write: 'data: {"errorCode":"2001","errorMessage":"insufficient credits"}\n\n' }]
    const second = await run(f)
    expect(second.result.message).toContain(`${WEB_URL}?bind=${f.store.id}`)
    await expectCleanFolder(f)
  })

  it('ignores a trailing "I encountered a temporary issue" after a normal reply', async () => {
    const f = await setup()
    f.server.sseScript = [{ write: adkText('Your video is now smaller.') }, { write: adkText('I encountered a temporary issue. Please try again.') }]
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    expect(r.messages).toContain('Your video is now smaller.')
    expect(r.messages.join('\n')).not.toMatch(/temporary issue/)
    await expectCleanFolder(f, ['holiday clip.compressed.mp4'])
  })
})

describe('NemoVideo engine: the error table', () => {
  it('gets a new anonymous token with the same client id when the token expires mid-job (1001), once', async () => {
    const f = await setup()
    let expired = false
    f.server.failOnce('POST', /^\/run_sse$/, () => {
      f.server.expireTokens()
      expired = true
      return { status: 200, json: { code: 1001, message: 'token expired' } }
    })
    const r = await run(f)
    expect(expired).toBe(true)
    expect(r.result.status, r.result.message).toBe('done')
    expect(f.server.issuedTokens).toHaveLength(2)
    expect(f.server.issuedTokens[1]?.clientId).toBe(f.server.issuedTokens[0]?.clientId)
    expect(f.store.cachedToken).toBe(f.server.issuedTokens[1]?.token)
    expect(f.server.hits(/^\/run_sse$/)).toHaveLength(2)
    expectNoTokenLeak(f, r)
    await expectCleanFolder(f, ['holiday clip.compressed.mp4'])
  })

  it('accepts 1001 sent with HTTP 401 as well', async () => {
    const f = await setup()
    f.server.badTokenHttpStatus = 401
    f.store.cachedToken = 'nmv_usr_stale_cached_token'
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    expect(f.server.issuedTokens).toHaveLength(1)
    expectNoTokenLeak(f, r)
  })

  it("does not loop when fresh tokens are refused too, and names NEMO_TOKEN when the user's token is refused", async () => {
    const f = await setup()
    f.server.failOnce('POST', /with-session/, { status: 200, json: { code: 1001, message: 'bad token' } }, 2)
    const r = await run(f)
    expect(r.result.status).toBe('failed')
    expect(f.server.issuedTokens).toHaveLength(2)
    expect(r.result.message).toMatch(/fresh sign-in token/)
    await expectCleanFolder(f)

    const g = createNemoEngine({ apiUrl: f.server.url, clientIdStore: new MemoryClientIdStore(), appVersion: '1', token: EXPLICIT_TOKEN, timings: FAST })
    const explicit = await g.compress({ input: f.input, options: {} })
    expect(explicit.status).toBe('failed')
    expect(explicit.message).toMatch(/NEMO_TOKEN/)
    expect(explicit.message).not.toContain(EXPLICIT_TOKEN)
    await expectCleanFolder(f)
  })

  it('starts a new session when the session is lost before the message (1002)', async () => {
    const f = await setup()
    f.server.failOnce('POST', /^\/api\/upload-video\//, { status: 200, json: { code: 1002, message: 'session not found' } })
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    expect(f.server.hits(/with-session/)).toHaveLength(2)
    expect(f.server.hits(/^\/run_sse$/)).toHaveLength(1)
    await expectCleanFolder(f, ['holiday clip.compressed.mp4'])
  })

  it('waits and retries once after HTTP 429, and gives a clear message on a second 429', async () => {
    const f = await setup()
    f.server.failOnce('POST', /with-session/, { status: 429, json: { detail: 'Too Many Requests' } })
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    expect(f.server.hits(/with-session/)).toHaveLength(2)

    f.server.failOnce('GET', /^\/api\/credits/, { status: 429, json: { detail: 'Too Many Requests' } }, 2)
    await expect(f.engine.credits()).rejects.toThrow(/Wait a few minutes/)
  })

  it('explains HTTP 402 as a plan limit, not credits', async () => {
    const f = await setup()
    f.server.failOnce('POST', /^\/api\/render\/proxy\/lambda$/, { status: 402, json: { detail: 'Payment Required' } })
    const r = await run(f)
    expect(r.result.status).toBe('failed')
    expect(r.result.message).toMatch(/plan does not allow export/)
    expect(r.result.message).toMatch(/register or upgrade/i)
    expect(r.result.message).not.toMatch(/credit/i)
    expect(f.server.hits(/^\/api\/render\/proxy\/lambda$/, 'POST')).toHaveLength(1)
    await expectCleanFolder(f)
  })

  it('explains 2001: registration link with the client id for anonymous users, top-up for registered ones', async () => {
    const f = await setup()
    f.server.failOnce('POST', /^\/run_sse$/, { status: 200, json: { code: 2001, message: 'insufficient credits' } })
    const r = await run(f)
    expect(r.result.status).toBe('failed')
    expect(r.result.message).toContain(`${WEB_URL}?bind=${f.store.id}`)
    await expectCleanFolder(f)

    const g = createNemoEngine({
      apiUrl: f.server.url,
      webUrl: WEB_URL,
      clientIdStore: new MemoryClientIdStore(),
      appVersion: '1',
      token: EXPLICIT_TOKEN,
      timings: FAST
    })
    f.server.validTokens.add(EXPLICIT_TOKEN)
    f.server.failOnce('POST', /^\/run_sse$/, { status: 200, json: { success: false, error: { code: 2001, message: 'insufficient credits' } } })
    const registered = await g.compress({ input: f.input, options: {} })
    expect(registered.message).toMatch(/Top up your credits/)
    expect(registered.message).not.toContain('bind=')
    await expectCleanFolder(f)
  })

  it.each([
    [4001, 'unsupported-extension', /Supported formats: mp4, mov/],
    [4002, 'too-large', /Compress or trim/]
  ])('explains upload error %i', async (code, errorCode, pattern) => {
    const f = await setup()
    f.server.failOnce('POST', /^\/api\/upload-video\//, { status: 200, json: { code, message: 'nope' } })
    const r = await run(f)
    expect(r.result.status).toBe('failed')
    expect(r.result.errorCode).toBe(errorCode)
    expect(r.result.message).toMatch(pattern)
    await expectCleanFolder(f)
  })

  it('replaces a client id the service rejects (HTTP 400) and persists the new one', async () => {
    const f = await setup()
    f.store.id = 'old-client-id'
    f.server.failOnce('POST', /anonymous-token/, { status: 400, json: { detail: 'X-Client-Id header required' } })
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    expect(f.store.id).not.toBe('old-client-id')
    expect(f.server.issuedTokens[0]?.clientId).toBe(f.store.id)
  })

  it('lets NEMO_CLIENT_ID win over the stored id', async () => {
    const f = await setup({ clientId: 'env-client-id' })
    f.store.id = 'stored-client-id'
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    expect(f.server.issuedTokens[0]?.clientId).toBe('env-client-id')
  })
})

describe('NemoVideo engine: export and download', () => {
  it.each([1, 2, 3] as const)('accepts export-status shape %i', async (shape) => {
    const f = await setup()
    f.server.renderShape = shape
    f.server.renderPollsUntilDone = 2
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    expect(await readFile(r.result.output ?? '')).toEqual(f.server.resultBytes)
    expect(f.server.hits(/^\/api\/render\/proxy\/lambda\/render_/)).toHaveLength(3)
    await expectCleanFolder(f, ['holiday clip.compressed.mp4'])
  })

  it.each(['none', 'broken-cdn', 'relative'] as const)('downloads through the fallback path when the result URL is %s', async (location) => {
    const f = await setup()
    f.server.resultLocation = location
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    expect(await readFile(r.result.output ?? '')).toEqual(f.server.resultBytes)
    const fallback = f.server.hits(/^\/api\/render\/proxy\/render_\d+\/download$/)
    expect(fallback).toHaveLength(1)
    expect(fallback[0]?.headers.authorization).toMatch(/^Bearer /)
    await expectCleanFolder(f, ['holiday clip.compressed.mp4'])
  })

  it('retries a failed render once with a new id', async () => {
    const f = await setup()
    f.server.renderFailures = 1
    const r = await run(f)
    expect(r.result.status, r.result.message).toBe('done')
    const ids = f.server.hits(/^\/api\/render\/proxy\/lambda$/, 'POST').map((request) => (JSON.parse(request.body.toString()) as { id: string }).id)
    expect(ids).toHaveLength(2)
    expect(new Set(ids).size).toBe(2)

    f.server.renderFailures = 2
    const second = await run(f)
    expect(second.result.status).toBe('failed')
    expect(second.result.message).toMatch(/could not export/)
    await expectCleanFolder(f, ['holiday clip.compressed.mp4'])
  })

  it('gives up on an export that never finishes, after the bounded wait', async () => {
    const f = await setup({ timings: { ...FAST, timeoutMs: 300 } })
    f.server.renderPollsUntilDone = Number.POSITIVE_INFINITY
    const r = await run(f)
    expect(r.result.status).toBe('failed')
    expect(r.result.message).toMatch(/did not finish the export/)
    await expectCleanFolder(f)
  })

  it('ends with a network error and no partial file when the download is cut', async () => {
    const f = await setup()
    f.server.downloadLimit = { bytes: 16 * 1024, then: 'drop' }
    f.server.resultLocation = 'none'
    const r = await run(f)
    expect(r.result.status).toBe('failed')
    expect(r.result.errorCode).toBe('network')
    await expectCleanFolder(f)
  })
})

describe('NemoVideo engine: checks, network and cancellation', () => {
  it('refuses other formats and files over 500 MB before uploading anything', async () => {
    const f = await setup({}, 'clip.mpg')
    const r = await run(f)
    expect(r.result.errorCode).toBe('unsupported-extension')
    expect(r.result.message).toMatch(/mp4, mov, avi, webm, mkv/)

    const big = path.join(f.dir, 'huge.mp4')
    await writeFile(big, '')
    await truncate(big, 500_000_001) // sparse: no real 500 MB written
    const result = await f.engine.compress({ input: big, options: {} })
    expect(result.errorCode).toBe('too-large')
    expect(f.server.requests).toHaveLength(0)
    await rm(big)
    await expectCleanFolder(f)
  })

  it('says clearly when NemoVideo cannot be reached', async () => {
    const f = await setup()
    await f.server.close()
    const r = await run(f)
    expect(r.result.status).toBe('failed')
    expect(r.result.errorCode).toBe('network')
    expect(r.result.message).toMatch(/Could not .*connection was refused.*Check your internet connection/)
    await expectCleanFolder(f)
  })

  /**
   * Each stage set up to go on for ever, with what says the job is in it: the engine's progress,
   * and (where the server holds the request) the server's own word that it stopped answering.
   */
  const stages = {
    upload: (f: Fixture) => {
      f.server.uploadHangs = true
      return { reached: (p: JobProgress) => p.phase === 'copying', serverStalls: true }
    },
    message: (f: Fixture) => {
      f.server.sseScript = [{ write: HEARTBEAT_FRAMES.typed }, { hang: true }]
      return { reached: (p: JobProgress) => p.phase === 'analysing', serverStalls: true }
    },
    // The render never completes: the engine keeps polling its status, nothing to stall on.
    export: (f: Fixture) => {
      f.server.renderPollsUntilDone = Number.POSITIVE_INFINITY
      return { reached: (p: JobProgress) => p.phase === 'encoding', serverStalls: false }
    },
    download: (f: Fixture) => {
      f.server.downloadLimit = { bytes: 16 * 1024, then: 'stall' }
      return { reached: (p: JobProgress) => p.phase === 'finishing' && p.detail.startsWith('Downloading 16'), serverStalls: true }
    }
  } as const

  it.each(Object.keys(stages) as (keyof typeof stages)[])('cancels during %s and leaves no partial file', async (stage) => {
    const f = await setup()
    const { reached, serverStalls } = stages[stage](f)
    const controller = new AbortController()
    let inStage: () => void = () => undefined
    const stageReached = new Promise<void>((resolve) => (inStage = resolve))
    const stalled = serverStalls ? f.server.nextStall() : Promise.resolve()
    const running = run(f, {
      signal: controller.signal,
      onProgress: (p) => {
        if (reached(p)) inStage()
      }
    })
    // Cancelled while the stage is under way: the engine is in it and waits on the server.
    await Promise.race([
      Promise.all([stageReached, stalled]),
      running.then((r) => {
        throw new Error(`the job ended before the ${stage} stage: ${r.result.status} ${r.result.message}`)
      })
    ])
    controller.abort()
    const r = await running
    expect(r.result.status).toBe('cancelled')
    expect(r.result.errorCode).toBe('cancelled')
    await expectCleanFolder(f)
  })
})

describe('NemoVideo engine: credits and state', () => {
  it('reads credits and a session state with its track summary', async () => {
    const f = await setup()
    expect(await f.engine.credits()).toEqual({ available: 90, frozen: 10, total: 100 })
    const r = await run(f)
    const sessionId = [...f.server.sessions.keys()][0] ?? ''
    expect(r.result.changes.join(' ')).toContain(sessionId)
    const state = await f.engine.state(sessionId)
    expect(state.readyToExport).toBe(true)
    expect(state.summary).toBe('Timeline (1 track): 1. Video: holiday clip.mp4 (0-1s)')
  })
})
