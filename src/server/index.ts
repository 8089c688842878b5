// Starting and stopping the server: Redis connection, BullMQ queue, fastify app.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { Redis } from 'ioredis'
import { loadToolchain, locateTools } from '../engine/ffmpeg/locate'
import { buildServer, sweepOldSessions, type ServerConfig } from './app'
import { Queue } from 'bullmq'
import { COMPRESS_QUEUE, DEFAULT_QUEUE_TIMINGS, GPU_QUEUE, JobQueue, QUEUE_PREFIX, queueOverview, type JobQueueTimings, type QueueOverview } from './queue'
import { type OnlineWorker, ServerStore } from './store'

export { ServerStore, type TokenKind } from './store'
export { probeWorkerEncoders, runWorker, type RunnerOptions } from './runner'

export interface StartServerOptions {
  redisUrl: string
  dataDir: string
  host?: string
  port?: number
  ffprobePath?: string | null
  maxUploadBytes?: number
  quotaBytes?: number
  creditsPerJob?: number
  anonymousCredits?: number | null
  /** How long uploads and results are kept (default 3 days); swept every hour. */
  keepHours?: number
  heartbeatMs?: number
  progressTextMs?: number
  queueTimings?: JobQueueTimings
  /**
   * Split long target-size files over the workers online (default: files of 2 minutes and more,
   * up to 8 parts); null never splits.
   */
  split?: { minSeconds: number; maxParts: number } | null
}

export interface RunningServer {
  url: string
  store: ServerStore
  jobs: JobQueue
  /** Removes old sessions now (it also runs every hour); returns how many went. */
  sweep(now?: number): Promise<number>
  close(): Promise<void>
}

/** BullMQ's workers block on Redis commands; ioredis must not give up on them (BullMQ docs). */
export function connectRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null })
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const redis = connectRedis(options.redisUrl)
  // Requests must not wait for a Redis that is down: the store's commands fail at once (503).
  const storeRedis = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
  await new Promise<void>((resolve, reject) => {
    storeRedis.once('ready', () => resolve())
    storeRedis.once('error', (error) => reject(new Error(`Cannot reach Redis at ${options.redisUrl}: ${error.message}`)))
  })
  storeRedis.on('error', () => undefined) // reconnects on its own; requests meanwhile get 503
  redis.on('error', () => undefined)
  const store = new ServerStore(storeRedis)
  const jobs = new JobQueue(redis, options.queueTimings ?? DEFAULT_QUEUE_TIMINGS)
  await jobs.start()
  const dataDir = path.resolve(options.dataDir)
  await mkdir(dataDir, { recursive: true })
  // The server's ffmpeg analyses and joins split files; without one, files are never split.
  const toolchain = options.split === null ? null : await loadToolchain({ ffprobePath: options.ffprobePath }).catch(() => null)
  const config: ServerConfig = {
    store,
    jobs,
    ffprobePath: options.ffprobePath ?? locateTools().ffprobe.path,
    dataDir,
    maxUploadBytes: options.maxUploadBytes ?? 500_000_000,
    quotaBytes: options.quotaBytes ?? 5_000_000_000,
    creditsPerJob: options.creditsPerJob ?? 1,
    anonymousCredits: options.anonymousCredits ?? null,
    keepMs: (options.keepHours ?? 72) * 3_600_000,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    progressTextMs: options.progressTextMs ?? 60_000,
    toolchain,
    split: options.split === undefined ? { minSeconds: 120, maxParts: 8 } : options.split
  }
  const app = await buildServer(config)
  const sweep = (): void => void sweepOldSessions(config).catch(() => undefined) // Redis down: next hour
  sweep()
  const sweeper = setInterval(sweep, 3_600_000)
  sweeper.unref()
  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 })
  return {
    url: address.replace('[::1]', 'localhost'),
    store,
    jobs,
    sweep: (now) => sweepOldSessions(config, now),
    close: async () => {
      clearInterval(sweeper)
      await app.close()
      await jobs.close()
      redis.disconnect()
      storeRedis.disconnect()
    }
  }
}

export interface ServerStatus extends QueueOverview {
  workers: OnlineWorker[]
  /** Jobs wait for a graphics chip and no worker online has one: `serve status` says so. */
  gpuJobsStuck: boolean
}

/** What `serve status` shows: workers online, queue depth, running jobs, recent failures. */
export async function serverStatus(redisUrl: string): Promise<ServerStatus> {
  const redis = connectRedis(redisUrl)
  const queue = new Queue(COMPRESS_QUEUE, { connection: redis, prefix: QUEUE_PREFIX })
  const gpuQueue = new Queue(GPU_QUEUE, { connection: redis, prefix: QUEUE_PREFIX })
  try {
    const overview = await queueOverview(queue, gpuQueue)
    const workers = await new ServerStore(redis).workersOnline()
    return { ...overview, workers, gpuJobsStuck: overview.waitingForGpu > 0 && !workers.some((worker) => worker.encoders.length > 0) }
  } finally {
    await queue.close()
    await gpuQueue.close()
    redis.disconnect()
  }
}

/** For the admin commands, which need the store but no HTTP server. */
export async function withStore<T>(redisUrl: string, use: (store: ServerStore) => Promise<T>): Promise<T> {
  const redis = connectRedis(redisUrl)
  try {
    return await use(new ServerStore(redis))
  } finally {
    redis.disconnect()
  }
}
