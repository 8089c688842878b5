// `compress-video serve`, `serve token create` and `worker` as people run them (the built CLI as
// child processes), with a real redis-server, and the CLI's own `--engine cloud` as the client.
// The fault case kills a worker with SIGKILL mid-job: BullMQ's stalled-job check hands the job to
// the other worker, and it finishes once.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { copyFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QueueEvents } from 'bullmq'
import { Redis } from 'ioredis'
import { serverStatus } from '../src/server'
import { COMPRESS_QUEUE, QUEUE_PREFIX } from '../src/server/queue'
import { startRedis, type RedisProcess } from '../src/server/testing/redis-process'
import { buildCliOnce } from './build-cli'
import { footagePath } from './footage'

const BIN = path.resolve(__dirname, '..', 'bin', 'compress-video.cjs')

let dir: string
let redis: RedisProcess
const children = new Set<ChildProcess>()

interface Started {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  /** Resolves with the output so far once `pattern` appears in stdout or stderr. */
  waitFor: (pattern: RegExp) => Promise<string>
  exited: Promise<number | null>
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): Started {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  let stdout = ''
  let stderr = ''
  const waiters: Array<{ pattern: RegExp; resolve: (text: string) => void }> = []
  const check = (): void => {
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(stdout) || waiter.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(stdout + stderr)
      }
    }
  }
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    check()
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    check()
  })
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      children.delete(child)
      resolve(code)
    })
  )
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve })
        check()
        void exited.then((code) => reject(new Error(`exited with ${String(code)} before ${String(pattern)}:\n${stdout}\n${stderr}`)))
      }),
    exited
  }
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const started = start(args, env)
  const code = await started.exited
  return { code, stdout: started.stdout(), stderr: started.stderr() }
}

beforeAll(async () => {
  await buildCliOnce()
  dir = await mkdtemp(path.join(os.tmpdir(), 'cv-server-cli-'))
  redis = await startRedis(path.join(dir, 'redis'))
})

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  await redis?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('compress-video serve / worker', () => {
  it('serve refuses plain HTTP off this computer, and needs a Redis', async () => {
    const open = await run(['serve', '--host', '0.0.0.0', '--redis', redis.url])
    expect(open.code).toBe(2)
    expect(open.stderr).toMatch(/clear text.*--insecure-http/)
    const noRedis = await run(['serve'], { REDIS_URL: '' })
    expect(noRedis.code).toBe(2)
    expect(noRedis.stderr).toMatch(/No Redis given/)
  })

  it('a worker killed mid-job: the other worker takes it over and the client gets one result under the target', async () => {
    const redisEnv = { REDIS_URL: redis.url }
    const created = await run(['serve', 'token', 'create', '--name', 'team', '--credits', '3'], redisEnv)
    expect(created.code, created.stderr).toBe(0)
    const userToken = created.stdout.trim()
    expect(userToken).toMatch(/^cvu_\S+$/)
    const workerToken = (await run(['serve', 'token', 'create', '--name', 'box-1', '--worker'], redisEnv)).stdout.trim()
    expect(workerToken).toMatch(/^cvw_\S+$/)

    const server = start(['serve', '--port', '0', '--data', path.join(dir, 'data'), '--lock-seconds', '3'], redisEnv)
    const url = /listening on (http:\/\/\S+)/.exec(await server.waitFor(/listening on http:\/\/\S+\n/))?.[1] ?? ''

    const first = start(['worker', '--server', url, '--token', workerToken])
    const folder = await mkdtemp(path.join(dir, 'client-'))
    const input = path.join(folder, 'sintel.webm')
    await copyFile(footagePath('sintel'), input)
    const client = start([input, '--engine', 'cloud', '--target-size', '1MB', '--json'], {
      NEMO_API_URL: url,
      NEMO_TOKEN: userToken,
      NEMO_CLIENT_ID: 'test-client'
    })

    await first.waitFor(/job \S+: started/)
    first.child.kill('SIGKILL')
    await first.exited
    const second = start(['worker', '--server', url, '--token', workerToken])
    const code = await client.exited
    expect(code, client.stderr()).toBe(0)
    const result = JSON.parse(client.stdout().trim().split('\n').at(-1) ?? '{}') as { status: string; output: string; outputBytes: number }
    expect(result.status).toBe('done')
    expect(result.output).toBe(path.join(folder, 'sintel.compressed.mp4'))
    expect((await stat(result.output)).size).toBeLessThanOrEqual(1_000_000)
    await second.waitFor(/job \S+: done/)
    expect(second.stderr().match(/: done/g)).toHaveLength(1)
    expect((await readdir(folder)).sort()).toEqual(['sintel.compressed.mp4', 'sintel.webm'])

    const credits = await run(['credits', '--json'], { NEMO_API_URL: url, NEMO_TOKEN: userToken })
    expect(JSON.parse(credits.stdout)).toMatchObject({ available: 2, frozen: 0, total: 2 })
    second.child.kill('SIGTERM')
    server.child.kill('SIGTERM')
    await Promise.all([second.exited, server.exited])
  })

  it('the server killed mid-job and started again: the queued job survives and the waiting client gets its result', async () => {
    const redisEnv = { REDIS_URL: redis.url }
    const userToken = (await run(['serve', 'token', 'create', '--name', 'restart-team'], redisEnv)).stdout.trim()
    const workerToken = (await run(['serve', 'token', 'create', '--name', 'box-2', '--worker'], redisEnv)).stdout.trim()
    const port = await freePort()
    const serveArgs = ['serve', '--port', String(port), '--data', path.join(dir, 'data-restart')]
    const first = start(serveArgs, redisEnv)
    await first.waitFor(/listening on/)
    const url = `http://127.0.0.1:${port}`
    const folder = await mkdtemp(path.join(dir, 'restart-'))
    const input = path.join(folder, 'launch.webm')
    await copyFile(footagePath('rocket'), input)
    const queued = nextWaitingJob(redis.url)
    await queued.listening
    const client = start([input, '--engine', 'cloud', '--target-size', '400KB', '--json'], {
      NEMO_API_URL: url,
      NEMO_TOKEN: userToken,
      NEMO_CLIENT_ID: 'restart-client'
    })
    // Kill the server once the job is in the queue (no worker yet).
    await queued.job
    expect((await serverStatus(redis.url)).counts.waiting).toBe(1)
    first.child.kill('SIGKILL')
    await first.exited
    const second = start(serveArgs, redisEnv)
    await second.waitFor(/listening on/)
    const worker = start(['worker', '--server', url, '--token', workerToken])
    const code = await client.exited
    expect(code, client.stderr()).toBe(0)
    const result = JSON.parse(client.stdout().trim().split('\n').at(-1) ?? '{}') as { status: string; output: string }
    expect(result.status).toBe('done')
    expect((await stat(result.output)).size).toBeLessThanOrEqual(400_000)
    expect(worker.stderr().match(/: done/g)).toHaveLength(1)
    worker.child.kill('SIGTERM')
    second.child.kill('SIGTERM')
    await Promise.all([worker.exited, second.exited])
  })
})

/**
 * The next job that enters the server's queue from now on, told by BullMQ's own event stream:
 * `listening` once events are read from this point of the stream (nothing after it is missed).
 */
function nextWaitingJob(redisUrl: string): { listening: Promise<void>; job: Promise<string> } {
  let ready: () => void = () => undefined
  const listening = new Promise<void>((resolve) => (ready = resolve))
  const job = (async () => {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
    let events: QueueEvents | null = null
    try {
      // Where the stream is now: events are read from here, however late the reading starts.
      const [last] = await connection.xrevrange(`${QUEUE_PREFIX}:${COMPRESS_QUEUE}:events`, '+', '-', 'COUNT', 1)
      events = new QueueEvents(COMPRESS_QUEUE, { connection, prefix: QUEUE_PREFIX, lastEventId: last?.[0] ?? '0-0' })
      const waiting = once(events, 'waiting') as Promise<[{ jobId: string }]>
      ready()
      const [{ jobId }] = await waiting
      return jobId
    } finally {
      ready()
      await events?.close()
      connection.disconnect()
    }
  })()
  return { listening, job }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net')
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
