// The job queue is BullMQ on Redis (issue 15: "no home-made queue or scheduler"). Workers do not
// talk to Redis: like PeerTube's remote runners they ask the server over HTTP, and the server
// takes the job from BullMQ for them with BullMQ's manual-processing API (Worker.getNextJob with
// a lock token, extendLock while it runs, moveToCompleted / moveToFailed). A worker that dies
// stops extending its lock, BullMQ's stalled-job check puts the job back, and another worker
// takes it: that is BullMQ's own recovery, not ours.
import { FlowProducer, type Job, type Processor, Queue, QueueEvents, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import type { CompressJobData } from './store'

export const COMPRESS_QUEUE = 'compress'
/**
 * Jobs that asked for the graphics chip (hardware 'on') wait here, and only workers that
 * advertise a usable hardware encoder take from it (issue 15, "jobs that need a GPU go to
 * workers that have one"); those workers take from the general queue too when this one is empty.
 */
export const GPU_QUEUE = 'compress-gpu'
/**
 * The parent of a file split over several workers (BullMQ flow): it waits for its parts, the
 * segment jobs in the general queue, and is then run by the server itself, which joins them.
 */
export const JOIN_QUEUE = 'compress-join'
export const QUEUE_NAMES = [COMPRESS_QUEUE, GPU_QUEUE] as const
export type QueueName = (typeof QUEUE_NAMES)[number]

/** The queue a job goes to: the GPU queue only when its options insist on the chip. */
export function queueFor(data: Pick<CompressJobData, 'options'>): QueueName {
  return data.options.hardware === 'on' ? GPU_QUEUE : COMPRESS_QUEUE
}

/** What a finished job hands back (BullMQ return value). */
export interface CompressJobResult {
  resultPath: string
  bytes: number
  durationSeconds: number
  message: string
  /** A segment job's part: its range and the rate it was encoded at. */
  part?: { start: number; end: number; videoKbps: number }
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
  /** Of `counts.waiting`, the jobs waiting for a worker with a graphics chip. */
  waitingForGpu: number
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

/** Queue depth, running jobs with their progress, and the last failures of both queues, for `serve status`. */
export async function queueOverview(general: Queue, gpu: Queue): Promise<QueueOverview> {
  const total = { waiting: 0, active: 0, completed: 0, failed: 0 }
  let waitingForGpu = 0
  const running: QueueOverview['running'] = []
  const recentFailures: QueueOverview['recentFailures'] = []
  for (const queue of [general, gpu]) {
    const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed')
    total.waiting += counts.waiting ?? 0
    total.active += counts.active ?? 0
    total.completed += counts.completed ?? 0
    total.failed += counts.failed ?? 0
    if (queue === gpu) waitingForGpu = counts.waiting ?? 0
    running.push(...(await queue.getActive(0, 50)).map((job) => ({ id: String(job.id), percent: progressPercent(job.progress) })))
    recentFailures.push(...(await queue.getFailed(0, 4)).map((job) => ({ id: String(job.id), reason: job.failedReason ?? '' })))
  }
  return { counts: total, waitingForGpu, running, recentFailures: recentFailures.slice(0, 5) }
}

type CompressJob = Job<CompressJobData, CompressJobResult>

export class JobQueue {
  readonly queues: Readonly<Record<QueueName, Queue<CompressJobData, CompressJobResult>>>
  private readonly eventsByQueue: Readonly<Record<QueueName, QueueEvents>>
  /** Never run a processor: the server only claims jobs from them on behalf of HTTP workers. */
  private readonly claimers: Readonly<Record<QueueName, Worker<CompressJobData, CompressJobResult>>>
  readonly joinQueue: Queue<CompressJobData, CompressJobResult>
  private readonly joinEvents: QueueEvents
  private readonly flows: FlowProducer
  private joiner: Worker<CompressJobData, CompressJobResult> | null = null
  private readonly connection: Redis
  private readonly prefix: string

  constructor(
    connection: Redis,
    readonly timings: JobQueueTimings = DEFAULT_QUEUE_TIMINGS,
    prefix = QUEUE_PREFIX
  ) {
    const options = { connection, prefix }
    this.connection = connection
    this.prefix = prefix
    // Each BullMQ part gets its own connection; while Redis is down they reconnect on their own,
    // and requests meanwhile are answered 503 by the server, so their errors are not news.
    const own = (): Redis => connection.duplicate().on('error', () => undefined)
    const each = <T>(make: (name: QueueName) => T): Record<QueueName, T> => ({ [COMPRESS_QUEUE]: make(COMPRESS_QUEUE), [GPU_QUEUE]: make(GPU_QUEUE) })
    this.queues = each((name) => new Queue<CompressJobData, CompressJobResult>(name, options))
    this.eventsByQueue = each((name) => new QueueEvents(name, { connection: own(), prefix }))
    this.claimers = each(
      (name) =>
        new Worker<CompressJobData, CompressJobResult>(name, null, {
          connection: own(),
          prefix,
          autorun: false,
          lockDuration: timings.lockMs,
          stalledInterval: timings.stalledCheckMs,
          // A job whose worker died twice is failed instead of retried for ever.
          maxStalledCount: 2
        })
    )
    this.joinQueue = new Queue<CompressJobData, CompressJobResult>(JOIN_QUEUE, options)
    this.joinEvents = new QueueEvents(JOIN_QUEUE, { connection: own(), prefix })
    this.flows = new FlowProducer({ connection: own(), prefix })
  }

  /**
   * Runs the joining jobs of split files in this process (the server has the parts on its disk).
   * `onFailed` hears of every joining job that ends without a result, its own failures and its parts'.
   */
  startJoiner(processor: Processor<CompressJobData, CompressJobResult>, onFailed: (job: CompressJob) => void): void {
    this.joiner = new Worker<CompressJobData, CompressJobResult>(JOIN_QUEUE, processor, {
      connection: this.connection.duplicate().on('error', () => undefined),
      prefix: this.prefix,
      concurrency: 2
    })
    this.joiner.on('failed', (job) => {
      if (job) onFailed(job)
    })
  }

  /**
   * A file split over several workers: one segment job per range in the general queue, and the
   * joining job that BullMQ runs once all of them are done; a part that fails fails the file.
   */
  async addSplit(jobId: string, data: CompressJobData, parts: readonly CompressJobData[]): Promise<CompressJob> {
    const keep = { removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } }
    const tree = await this.flows.add({
      name: 'join',
      queueName: JOIN_QUEUE,
      data,
      opts: { jobId, attempts: 1, ...keep },
      children: parts.map((part, index) => ({
        name: 'segment',
        queueName: COMPRESS_QUEUE,
        data: part,
        opts: { jobId: `${jobId}-part${index + 1}`, attempts: 1, failParentOnFailure: true, ...keep }
      }))
    })
    return tree.job as CompressJob
  }

  /** The general queue (most jobs). */
  get queue(): Queue<CompressJobData, CompressJobResult> {
    return this.queues[COMPRESS_QUEUE]
  }

  /** The general queue's events (`progress` of its jobs). */
  get events(): QueueEvents {
    return this.eventsByQueue[COMPRESS_QUEUE]
  }

  /** The events of the queue `job` is in, for `job.waitUntilFinished`. */
  eventsOf(job: CompressJob): QueueEvents {
    if (job.queueName === JOIN_QUEUE) return this.joinEvents
    return this.eventsByQueue[job.queueName === GPU_QUEUE ? GPU_QUEUE : COMPRESS_QUEUE]
  }

  /** Progress events of both queues. */
  onProgress(listener: (event: { jobId: string; data: unknown }) => void): () => void {
    for (const events of Object.values(this.eventsByQueue)) events.on('progress', listener)
    return () => {
      for (const events of Object.values(this.eventsByQueue)) events.off('progress', listener)
    }
  }

  async start(): Promise<void> {
    for (const name of QUEUE_NAMES) {
      await Promise.all([this.queues[name].waitUntilReady(), this.eventsByQueue[name].waitUntilReady(), this.claimers[name].waitUntilReady()])
      await this.claimers[name].startStalledCheckTimer()
    }
    await Promise.all([this.joinQueue.waitUntilReady(), this.joinEvents.waitUntilReady(), this.flows.waitUntilReady()])
  }

  /** Adds the job once, to the queue its options need: a job id that exists already is the same message, so it is not queued twice. */
  async add(jobId: string, data: CompressJobData): Promise<CompressJob> {
    return this.queues[queueFor(data)].add('compress', data, {
      jobId,
      attempts: 1,
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 }
    })
  }

  /**
   * The next waiting job, claimed under `lockToken`, or null when there is none for this worker:
   * a worker with a graphics chip takes the GPU queue's jobs first, then the general ones; a
   * worker without one never sees the GPU queue.
   */
  async claim(lockToken: string, { gpu = false }: { gpu?: boolean } = {}): Promise<ClaimedJob | null> {
    const order: QueueName[] = gpu ? [GPU_QUEUE, COMPRESS_QUEUE] : [COMPRESS_QUEUE]
    for (const name of order) {
      const job = (await this.claimers[name].getNextJob(lockToken, { block: false })) as CompressJob | undefined
      if (job) return { job, lockToken }
    }
    return null
  }

  async get(jobId: string): Promise<CompressJob | null> {
    for (const name of QUEUE_NAMES) {
      const job = await this.queues[name].getJob(jobId)
      if (job) return job
    }
    return (await this.joinQueue.getJob(jobId)) ?? null
  }

  /** Whether `lockToken` still holds the job (a worker that lost its lock must stop). */
  async extend(job: CompressJob, lockToken: string): Promise<boolean> {
    try {
      return (await job.extendLock(lockToken, this.timings.lockMs)) === 1
    } catch {
      return false
    }
  }

  async close(): Promise<void> {
    await this.joiner?.close()
    await this.flows.close()
    await this.joinEvents.close()
    await this.joinQueue.close()
    for (const name of QUEUE_NAMES) {
      await this.claimers[name].close()
      await this.eventsByQueue[name].close()
      await this.queues[name].close()
    }
  }
}
