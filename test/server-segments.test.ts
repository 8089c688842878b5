// One file on two workers (issue 15): the server analyses the whole file once, the workers encode
// a part each (BullMQ flow: segment jobs, then the joining job on the server), the parts are
// joined without re-encoding and checked. Real redis-server, HTTP, ffmpeg; the app's cloud engine as client.
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNemoEngine } from '../src/cloud'
import { MemoryClientIdStore } from '../src/cloud/testing'
import { createLocalEngine } from '../src/engine'
import { checkJoined } from '../src/engine/segments'
import { runWorker, startServer, type RunningServer } from '../src/server'
import { startRedis, type RedisProcess } from '../src/server/testing/redis-process'
import { footagePath } from './footage'

let dir: string
let redis: RedisProcess
let server: RunningServer
const stop = new AbortController()
const workerLog: string[] = []
let workers: Promise<void[]>

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cv-server-segments-'))
  redis = await startRedis(path.join(dir, 'redis'))
  // The test clip is 8 s long: split from 5 s on, in at most 2 parts (it has a keyframe at 3.1 s).
  server = await startServer({ redisUrl: redis.url, dataDir: path.join(dir, 'data'), heartbeatMs: 500, split: { minSeconds: 5, maxParts: 2 } })
  const engine = await createLocalEngine()
  workers = Promise.all(
    ['worker-a', 'worker-b'].map(async (name) => {
      const token = await server.store.createToken(name, 'worker', 0)
      await runWorker({ server: server.url, token, engine, signal: stop.signal, idlePollMs: 100, log: (line) => workerLog.push(`${name} ${line}`) })
    })
  )
  // Both must have asked for work once, so the server counts two workers online.
  while ((await server.store.workersOnline()).length < 2) await new Promise((resolve) => setTimeout(resolve, 50))
})

afterAll(async () => {
  stop.abort()
  await workers
  await server?.close()
  await redis?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('one file on several workers', () => {
  it('is split at a keyframe, encoded in two parts, joined under the target with audio in step, and charged once', async () => {
    const token = await server.store.createToken('erin', 'user', 3)
    const folder = await mkdtemp(path.join(dir, 'client-'))
    const input = path.join(folder, 'launch.webm')
    await copyFile(footagePath('rocket'), input)
    const messages: string[] = []
    const cloud = createNemoEngine({ apiUrl: server.url, clientIdStore: new MemoryClientIdStore(), appVersion: '1.0.0', platform: 'linux', token })
    const result = await cloud.compress({ input, options: { targetBytes: 300_000 }, onNews: (news) => news.kind === 'reply' && messages.push(news.text) })
    expect(result.status, `${result.message}\n${messages.join('\n')}\n${workerLog.join('\n')}`).toBe('done')
    expect(messages.join('\n')).toMatch(/in 2 parts on several workers/)
    expect(workerLog.filter((line) => /-part[12]: done$/.test(line))).toHaveLength(2)
    const output = result.output ?? ''
    expect((await stat(output)).size).toBeLessThanOrEqual(300_000)
    const { toolchain } = await createLocalEngine()
    const check = await checkJoined({ toolchain, file: output, source: input, targetBytes: 300_000, durationSeconds: 8.083, withAudio: true })
    expect(check.problem).toBeNull()
    expect(Math.abs(check.driftSeconds ?? 1)).toBeLessThanOrEqual(0.04)
    expect(await server.store.credits('erin')).toEqual({ available: 2, frozen: 0, total: 2 })
  })
})
