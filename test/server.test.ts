// The self-hosted server (issue 15) end to end: real redis-server on a loopback port, real HTTP,
// real ffmpeg workers, and the app's own cloud engine as the client, unchanged.
import { copyFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { connect, type Socket } from 'node:net'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNemoEngine } from '../src/cloud'
import { describeCompressRequest } from '../src/cloud/nemo/engine'
import { readGpuRequest } from '../src/server/routing'
import { MemoryClientIdStore } from '../src/cloud/testing'
import { createLocalEngine } from '../src/engine'
import { probeMedia } from '../src/engine/probe'
import { locateTools } from '../src/engine/ffmpeg/locate'
import { runWorker, serverStatus, startServer, type RunningServer } from '../src/server'
import { startRedis, type RedisProcess } from '../src/server/testing/redis-process'
import { untilFolder } from './folder-watch'
import { footagePath } from './footage'

let dir: string
let redis: RedisProcess
let server: RunningServer
let alice: string
let bob: string
let workerToken: string
const stopWorkers = new AbortController()
let workers: Promise<void>
/** What the CPU-only worker of the whole file did, to show which jobs it never took. */
const cpuWorkerLog: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cv-server-test-'))
  redis = await startRedis(path.join(dir, 'redis'))
  server = await startServer({ redisUrl: redis.url, dataDir: path.join(dir, 'data'), maxUploadBytes: 20_000_000, heartbeatMs: 500 })
  alice = await server.store.createToken('alice', 'user', 5)
  bob = await server.store.createToken('bob', 'user', 5)
  workerToken = await server.store.createToken('worker-1', 'worker', 0)
  const engine = await createLocalEngine()
  workers = runWorker({ server: server.url, token: workerToken, engine, signal: stopWorkers.signal, idlePollMs: 200, log: (line) => cpuWorkerLog.push(line) })
})

afterAll(async () => {
  stopWorkers.abort()
  await workers
  await server?.close()
  await redis?.stop()
  await rm(dir, { recursive: true, force: true })
})

function cloudEngine(token: string) {
  return createNemoEngine({ apiUrl: server.url, clientIdStore: new MemoryClientIdStore(), appVersion: '1.0.0', platform: 'linux', token })
}

async function api(method: 'GET' | 'POST', route: string, token: string, body?: unknown) {
  const answer = await request(`${server.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {})
  })
  const text = await answer.body.text()
  return { status: answer.statusCode, json: text ? (JSON.parse(text) as { code?: number; data?: Record<string, unknown>; detail?: string }) : null }
}

async function upload(token: string, sessionId: string, name: string, bytes: Buffer) {
  const form = new FormData()
  form.append('files', new Blob([bytes]), name)
  const answer = await fetch(`${server.url}/api/upload-video/nemo_agent/me/${sessionId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form
  })
  return { status: answer.status, json: (await answer.json()) as { code: number; message?: string } }
}

describe('compress-video serve + worker', () => {
  it("compresses through the app's own cloud engine, under the target, next to the original, and charges one credit", async () => {
    const folder = await mkdtemp(path.join(dir, 'client-'))
    const input = path.join(folder, 'launch.webm')
    await copyFile(footagePath('rocket'), input)
    const before = (await stat(input)).size
    const messages: string[] = []
    const result = await cloudEngine(alice).compress({
      input,
      options: { targetBytes: 300_000 },
      onNews: (news) => news.kind === 'reply' && messages.push(news.text)
    })
    expect(result.status, `${result.message}\n${messages.join('\n')}`).toBe('done')
    expect(result.output).toBe(path.join(folder, 'launch.compressed.mp4'))
    const outputBytes = (await stat(result.output ?? '')).size
    expect(outputBytes).toBeLessThanOrEqual(300_000)
    const media = await probeMedia(locateTools().ffprobe.path, result.output ?? '', outputBytes)
    expect(media.durationSeconds).toBeGreaterThan(7)
    expect((await stat(input)).size).toBe(before)
    expect(messages.join('\n')).toMatch(/Compressing launch\.webm: Under 300 KB/)
    expect((await readdir(folder)).sort()).toEqual(['launch.compressed.mp4', 'launch.webm'])
    const credits = await api('GET', '/api/credits/balance/simple', alice)
    expect(credits.json?.data).toEqual({ available: 4, frozen: 0, total: 4 })
  })

  it('a trim goes to the worker in words and comes back the part asked for (issue 14); one past the end is answered at once', async () => {
    // A user of its own, so the other tests' credit counts stay as they are.
    const carol = await server.store.createToken('carol', 'user', 2)
    const folder = await mkdtemp(path.join(dir, 'client-trim-'))
    const input = path.join(folder, 'launch.webm')
    await copyFile(footagePath('rocket'), input)
    const messages: string[] = []
    const result = await cloudEngine(carol).compress({
      input,
      options: { trimStart: 2, trimEnd: 5, resolution: 144 },
      onNews: (news) => news.kind === 'reply' && messages.push(news.text)
    })
    expect(result.status, `${result.message}\n${messages.join('\n')}`).toBe('done')
    const outputBytes = (await stat(result.output ?? '')).size
    const media = await probeMedia(locateTools().ffprobe.path, result.output ?? '', outputBytes)
    expect(Math.abs(media.durationSeconds - 3)).toBeLessThan(0.2)
    const past = await cloudEngine(carol).compress({ input, options: { trimStart: 60 }, onNews: (news) => news.kind === 'reply' && messages.push(news.text) })
    expect(past.status).toBe('failed')
    expect(`${past.message}\n${messages.join('\n')}`).toMatch(/The trim starts at 1:00, but the video is only 0:08\.1 long/)
    // Only the job that ran is charged.
    expect((await api('GET', '/api/credits/balance/simple', carol)).json?.data).toEqual({ available: 1, frozen: 0, total: 1 })
  })

  it('keeps users apart: another token sees neither the session nor its export', async () => {
    const session = await api('POST', '/api/tasks/me/with-session/nemo_agent', alice, { task_name: 'project', language: 'en' })
    const sessionId = String(session.json?.data?.session_id)
    expect(sessionId).toMatch(/^\d{19}$/)
    expect((await api('GET', `/api/state/nemo_agent/me/${sessionId}/latest`, alice)).status).toBe(200)
    const asBob = await api('GET', `/api/state/nemo_agent/me/${sessionId}/latest`, bob)
    expect(asBob.status).toBe(404)
    expect(asBob.json?.code).toBe(1002)
    const bobUpload = await upload(bob, sessionId, 'x.mp4', Buffer.alloc(10))
    expect(bobUpload.status).toBe(404)
  })

  it('refuses unknown tokens, and keeps worker and user tokens to their own routes', async () => {
    expect((await api('GET', '/api/credits/balance/simple', 'cvu_not-a-token')).status).toBe(401)
    expect((await api('GET', '/api/credits/balance/simple', workerToken)).status).toBe(403)
    expect((await api('POST', '/api/runner/jobs/request', alice, {})).status).toBe(403)
    expect((await api('POST', '/api/auth/anonymous-token', '')).status).toBe(403)
  })

  it('checks uploads by their content and size: a text file named .mp4, a file over the limit, a name with a path', async () => {
    const session = await api('POST', '/api/tasks/me/with-session/nemo_agent', alice, {})
    const sessionId = String(session.json?.data?.session_id)
    const text = await upload(alice, sessionId, 'notes.mp4', Buffer.from('just some text, not a video\n'))
    expect(text.status).toBe(415)
    expect(text.json.code).toBe(4001)
    expect(text.json.message).toMatch(/damaged or not a video/)
    const big = await upload(alice, sessionId, 'big.mp4', Buffer.alloc(21_000_000))
    expect(big.status).toBe(413)
    expect(big.json.code).toBe(4002)
    // A real video under a name that tries to climb out: accepted, but the name is never a path.
    const sneaky = await upload(alice, sessionId, '../../../escape.mp4', await readFile(footagePath('rocket')))
    expect(sneaky.status).toBe(200)
    const dataFiles = await listFiles(path.join(dir, 'data'))
    expect(dataFiles.filter((file) => file.endsWith('.part'))).toEqual([])
    expect(dataFiles.some((file) => file.includes('escape'))).toBe(false)
    expect((await readdir(path.dirname(dir))).filter((name) => name.includes('escape'))).toEqual([])
  })
})

describe('clients that go away', () => {
  it('an upload cut off halfway leaves nothing stored and nothing in the session', async () => {
    const session = await api('POST', '/api/tasks/me/with-session/nemo_agent', alice, {})
    const sessionId = String(session.json?.data?.session_id)
    const boundary = 'cut-off-boundary'
    const socket = await new Promise<Socket>((resolve) => {
      const url = new URL(server.url)
      const connection = connect(Number(url.port), url.hostname, () => resolve(connection))
    })
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="half.mp4"\r\nContent-Type: video/mp4\r\n\r\n`
    socket.write(
      `POST /api/upload-video/nemo_agent/me/${sessionId} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${alice}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 5000000\r\n\r\n${head}`
    )
    socket.write(Buffer.alloc(1_000_000))
    const folder = path.join(dir, 'data')
    const isPart = (entry: string): boolean => entry.endsWith('.part')
    // Wait until the server has the part file open, then cut the connection; the server removes it.
    await untilFolder(folder, (entries) => entries.some(isPart), { recursive: true })
    socket.destroy()
    await untilFolder(folder, (entries) => !entries.some(isPart), { recursive: true })
    const state = await api('GET', `/api/state/nemo_agent/me/${sessionId}/latest`, alice)
    expect((state.json?.data?.state as { video_infos: unknown[] }).video_infos).toEqual([])
  })

  it('a message stream dropped by the client: the job still runs once, and the state shows the result', async () => {
    const session = await api('POST', '/api/tasks/me/with-session/nemo_agent', alice, {})
    const sessionId = String(session.json?.data?.session_id)
    expect((await upload(alice, sessionId, 'launch.webm', await readFile(footagePath('rocket')))).status).toBe(200)
    const controller = new AbortController()
    const stream = await request(`${server.url}/run_sse`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ app_name: 'nemo_agent', user_id: 'me', session_id: sessionId, new_message: { parts: [{ text: 'under 400KB' }] } }),
      signal: controller.signal
    })
    for await (const chunk of stream.body) {
      if (String(chunk).includes('Compressing')) break
    }
    controller.abort()
    const jobId = `${sessionId}-1`
    const job = await server.jobs.get(jobId)
    if (job) await job.waitUntilFinished(server.jobs.eventsOf(job))
    const state = await api('GET', `/api/state/nemo_agent/me/${sessionId}/latest`, alice)
    const draft = (state.json?.data?.state as { draft: { t: Array<{ sg: unknown[] }> } }).draft
    expect(draft.t[0]?.sg).toHaveLength(1)
    expect(await server.jobs.get(`${sessionId}-2`)).toBeNull()
  })
})

describe('routing by what workers can do', () => {
  it('a job that needs the graphics chip waits for a worker that has one, says so meanwhile, and is never taken by a CPU-only worker', async () => {
    const dave = await server.store.createToken('dave', 'user', 2)
    const gpuToken = await server.store.createToken('gpu-1', 'worker', 0)
    const folder = await mkdtemp(path.join(dir, 'client-gpu-'))
    const input = path.join(folder, 'launch.webm')
    await copyFile(footagePath('rocket'), input)
    const messages: string[] = []
    let saidNoGpu: () => void = () => undefined
    const noGpuSaid = new Promise<void>((resolve) => (saidNoGpu = resolve))
    const running = cloudEngine(dave).compress({
      input,
      options: { targetBytes: 300_000, hardware: 'on' },
      onNews: (news) => {
        if (news.kind !== 'reply') return
        messages.push(news.text)
        if (/No worker with a graphics chip is online/.test(news.text)) saidNoGpu()
      }
    })
    await noGpuSaid
    // worker-1 (CPU only) keeps asking meanwhile; the job stays in the GPU queue, waiting.
    const stuck = await serverStatus(redis.url)
    expect(stuck.waitingForGpu).toBe(1)
    expect(stuck.gpuJobsStuck).toBe(true)
    const [waiting] = await server.jobs.queues['compress-gpu'].getWaiting()
    expect(waiting?.data.options.hardware).toBe('on')
    // A worker that says it has a working encoder (no machine here has one: the list stands in
    // for its probe; its engine then falls back to x264, as the engine does without a chip).
    const gpuLog: string[] = []
    const stopGpu = new AbortController()
    const gpuWorker = runWorker({
      server: server.url,
      token: gpuToken,
      engine: await createLocalEngine(),
      signal: stopGpu.signal,
      idlePollMs: 200,
      encoders: ['h264_nvenc'],
      log: (line) => gpuLog.push(line)
    })
    const result = await running
    stopGpu.abort()
    await gpuWorker
    expect(result.status, `${result.message}\n${messages.join('\n')}`).toBe('done')
    expect(gpuLog).toContain(`job ${String(waiting?.id)}: done`)
    expect(cpuWorkerLog.some((line) => line.includes(String(waiting?.id)))).toBe(false)
    expect(messages.join('\n')).toMatch(/on a graphics chip/)
    const after = await serverStatus(redis.url)
    expect(after.waitingForGpu).toBe(0)
    expect(after.workers.find((worker) => worker.name === 'gpu-1')?.encoders).toEqual(['h264_nvenc'])
    expect(after.workers.find((worker) => worker.name === 'worker-1')?.encoders).toEqual([])
  })

  it('the GPU phrase is read by the server, not by the request parser', () => {
    expect(readGpuRequest(describeCompressRequest({ targetBytes: 1_000_000, hardware: 'on' }))).toMatchObject({ gpu: true })
    expect(readGpuRequest('under 10MB on the GPU')).toEqual({ gpu: true, rest: 'under 10MB' })
    expect(readGpuRequest('under 10MB')).toEqual({ gpu: false, rest: 'under 10MB' })
  })
})

describe('operations', () => {
  it('two workers share the queue: three files, each compressed once', async () => {
    const second = new AbortController()
    const engine = await createLocalEngine()
    const secondWorker = runWorker({ server: server.url, token: workerToken, engine, signal: second.signal, idlePollMs: 200 })
    const folder = await mkdtemp(path.join(dir, 'batch-'))
    const inputs = await Promise.all(
      ['a', 'b', 'c'].map(async (name) => {
        const input = path.join(folder, `${name}.webm`)
        await copyFile(footagePath('rocket'), input)
        return input
      })
    )
    const results = await Promise.all(inputs.map((input) => cloudEngine(bob).compress({ input, options: { targetBytes: 350_000 } })))
    second.abort()
    await secondWorker
    expect(results.map((result) => result.status)).toEqual(['done', 'done', 'done'])
    expect((await readdir(folder)).sort()).toEqual(['a.compressed.mp4', 'a.webm', 'b.compressed.mp4', 'b.webm', 'c.compressed.mp4', 'c.webm'])
    expect((await api('GET', '/api/credits/balance/simple', bob)).json?.data).toEqual({ available: 2, frozen: 0, total: 2 })
  })

  it('old sessions are swept with their files; a fresh one stays', async () => {
    const session = await api('POST', '/api/tasks/me/with-session/nemo_agent', bob, {})
    const sessionId = String(session.json?.data?.session_id)
    expect((await upload(bob, sessionId, 'keep.webm', await readFile(footagePath('rocket')))).status).toBe(200)
    const before = (await listFiles(path.join(dir, 'data'))).length
    const removed = await server.sweep(Date.now() + 4 * 24 * 3_600_000)
    expect(removed).toBeGreaterThan(0)
    expect(await listFiles(path.join(dir, 'data'))).toEqual([])
    expect(before).toBeGreaterThan(0)
    expect((await api('GET', `/api/state/nemo_agent/me/${sessionId}/latest`, bob)).status).toBe(404)
    const fresh = await api('POST', '/api/tasks/me/with-session/nemo_agent', bob, {})
    expect(await server.sweep()).toBe(0)
    expect((await api('GET', `/api/state/nemo_agent/me/${String(fresh.json?.data?.session_id)}/latest`, bob)).status).toBe(200)
  })

  it('serve status: the worker online, the finished job counted', async () => {
    const status = await serverStatus(redis.url)
    expect(status.workers.map((worker) => worker.name)).toContain('worker-1')
    expect(status.counts.completed).toBeGreaterThanOrEqual(1)
    expect(status.counts.active).toBe(0)
  })

  it('Redis down: HTTP 503 with the envelope and what to do; back when Redis is back', async () => {
    await redis.stop()
    const down = await api('GET', '/api/credits/balance/simple', alice)
    expect(down.status).toBe(503)
    expect(down.json).toMatchObject({ code: 503 })
    expect(JSON.stringify(down.json)).toMatch(/cannot reach its job queue \(Redis\)/)
    redis = await startRedis(path.join(dir, 'redis'), redis.port)
    // ioredis reconnects on its own: wait for the store's connection to say it is ready again.
    await server.store.connected()
    const again = await api('GET', '/api/credits/balance/simple', alice)
    expect(again.status).toBe(200)
    expect(again.json?.data).toEqual({ available: 3, frozen: 0, total: 3 }) // two jobs charged so far
  })
})

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name))
}
