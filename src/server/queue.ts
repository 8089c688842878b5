// The job queue is BullMQ on Redis (issue 15: "no home-made queue or scheduler"). Workers do not
// talk to Redis: like PeerTube's remote runners they ask the server over HTTP, and the server
// takes the job from BullMQ for them with BullMQ's manual-processing API (Worker.getNextJob with
// a lock token, extendLock while it runs, moveToCompleted / moveToFailed). A worker that dies
// stops extending its lock, BullMQ's stalled-job check puts the job back, and another worker
// takes it: that is BullMQ's own recovery, not ours.
import { type Job, Queue, QueueEvents, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import type { CompressJobData } from './store'

export const COMPRESS_QUEUE = 'compress'

/** What a finished job hands back (BullMQ return value). */
export interface CompressJobResult {
  resultPath: string
  bytes: number
  durationSeconds: number
  message: string
}

export interface JobQueueTimings {
  /** How long a worker's claim lasts without a heartbeat; it extends it at a third of this. */
  lockMs: number
  /** How often BullMQ looks for jobs whose worker went quiet. */
  stalledCheckMs: number
}

export const DEFAULT_QUEUE_TIMINGS: JobQueueTimings = { lockMs: 60_000, stalledCheckMs: 30_000 }

export interface ClaimedJob {
  job: Job<CompressJobData, CompressJobResult>
  lockToken: string
}

export interface QueueOverview {
  counts: { waiting: number; active: number; completed: number; failed: number }
  running: Array<{ id: string; percent: number | null }>
  recentFailures: Array<{ id: string; reason: string }>
}

/** Workers report `{ percent, detail }` as the job's progress. */
export function progressPercent(progress: unknown): number | null {
  if (typeof progress === 'number') return progress
  if (typeof progress === 'object' && progress !== null && 'percent' in progress) {
    const value = Number(progress.percent)
    return Number.isFinite(value) ? value : null
  }
  return null
}

export const QUEUE_PREFIX = 'cvs-bull'

/** Queue depth, running jobs with their progress, and the last failures, for `serve status`. */
export async function queueOverview(queue: Queue): Promise<QueueOverview> {
  const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed')
  const active = await queue.getActive(0, 50)
  const failed = await queue.getFailed(0, 4)
  return {
    counts: { waiting: counts.waiting ?? 0, active: counts.active ?? 0, completed: counts.completed ?? 0, failed: counts.failed ?? 0 },
    running: active.map((job) => ({ id: String(job.id), percent: progressPercent(job.progress) })),
    recentFailures: failed.map((job) => ({ id: String(job.id), reason: job.failedReason ?? '' }))
  }
}

export class JobQueue {
  readonly queue: Queue<CompressJobData, CompressJobResult>
  readonly events: QueueEvents
  /** Never runs a processor: the server only claims jobs from it on behalf of HTTP workers. */
  private readonly claimer: Worker<CompressJobData, CompressJobResult>

  constructor(
    connection: Redis,
    readonly timings: JobQueueTimings = DEFAULT_QUEUE_TIMINGS,
    prefix = QUEUE_PREFIX
  ) {
    const options = { connection, prefix }
    // Each BullMQ part gets its own connection; while Redis is down they reconnect on their own,
    // and requests meanwhile are answered 503 by the server, so their errors are not news.
    const own = (): Redis => connection.duplicate().on('error', () => undefined)
    this.queue = new Queue<CompressJobData, CompressJobResult>(COMPRESS_QUEUE, options)
    this.events = new QueueEvents(COMPRESS_QUEUE, { connection: own(), prefix })
    this.claimer = new Worker<CompressJobData, CompressJobResult>(COMPRESS_QUEUE, null, {
      connection: own(),
      prefix,
      autorun: false,
      lockDuration: timings.lockMs,
      stalledInterval: timings.stalledCheckMs,
      // A job whose worker died twice is failed instead of retried for ever.
      maxStalledCount: 2
    })
  }

  async start(): Promise<void> {
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady(), this.claimer.waitUntilReady()])
    await this.claimer.startStalledCheckTimer()
  }

  /** Adds the job once: a job id that exists already is the same message, so it is not queued twice. */
  async add(jobId: string, data: CompressJobData): Promise<Job<CompressJobData, CompressJobResult>> {
    return this.queue.add('compress', data, { jobId, attempts: 1, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } })
  }

  /** The next waiting job, claimed under `lockToken`, or null when the queue is empty. */
  async claim(lockToken: string): Promise<ClaimedJob | null> {
    const job = (await this.claimer.getNextJob(lockToken, { block: false })) as Job<CompressJobData, CompressJobResult> | undefined
    return job ? { job, lockToken } : null
  }

  async get(jobId: string): Promise<Job<CompressJobData, CompressJobResult> | null> {
    return (await this.queue.getJob(jobId)) ?? null
  }

  /** Whether `lockToken` still holds the job (a worker that lost its lock must stop). */
  async extend(job: Job<CompressJobData, CompressJobResult>, lockToken: string): Promise<boolean> {
    try {
      return (await job.extendLock(lockToken, this.timings.lockMs)) === 1
    } catch {
      return false
    }
  }

  async close(): Promise<void> {
    await this.claimer.close()
    await this.events.close()
    await this.queue.close()
  }
}
