// The job queue (issue #4 "The job queue is a plain service"): files with a request go in, the
// engine works through them `concurrency` at a time, and everything that happens comes out as
// QueueEvents (the contract's type) for the window, the tray and notifications. No Electron here:
// the engine, the storage, the clock and the partial-file cleaner are handed in, so the tests run
// the real thing with in-memory parts.
import { randomUUID } from 'node:crypto'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { CompressionEngine, EngineNews } from '../../jobs/types'
import type { CompressOptions, CompressResult, JobProgress } from '../../shared/compression'
import { UserFacingError } from '../../shared/errors'
import { errorWords } from '../../shared/words'
import { FINISHED_STATES, MAX_CONCURRENCY, savedJobSchema } from '../../shared/ipc/contract'
import type { JobOutcome, JobState, JobView, QueueEvent, QueueSnapshot, SavedJob } from '../../shared/ipc/contract'
import { systemClock } from './clock'
import type { Clock, TimerHandle } from './clock'
import { removePartialOutputs } from './partials'
import { failedResult, resultFromError } from '../../jobs/results'
import { englishWords, progressWords, type ProgressWordsKey, type Words } from '../../shared/words'

/** A step the queue sets itself (a job's start, its end), in English and as words. */
function stepWords(key: ProgressWordsKey): { detail: string; detailWords: Words } {
  const words = progressWords(key)
  return { detail: englishWords(words), detailWords: words }
}

/** A job that has shown no progress for this long is still working (JobView.stillWorking), said again as long as that lasts. */
export const HEARTBEAT_MS = 2 * 60 * 1000
/** Progress is coalesced to one event per interval so 1,000 jobs don't flood the bridge. */
export const PROGRESS_INTERVAL_MS = 250
/** The sentence of a job cancelled before the engine started it. */
export const NOT_STARTED_MESSAGE = 'Cancelled before it started.'
/** The sentence of a job removed from the queue before it finished (what finished() resolves with). */
export const REMOVED_MESSAGE = 'Removed from the queue.'

/** What the queue keeps across restarts. Progress, heartbeats and messages are of the moment: not kept. */
export interface PersistedQueue {
  version: 1
  paused: boolean
  jobs: SavedJob[]
}

/** Where the queue is saved: electron-store in the app (src/main/stores.ts), memory in tests. */
export interface QueueRepository {
  load(): PersistedQueue | null
  save(queue: PersistedQueue): void
}

export interface NewJob {
  input: string
  inputBytes: number | null
}

export interface JobRequest {
  /** The request in the user's words. */
  text: string
  options: CompressOptions
  outputDir: string | null
  /** The watch folder the files come from (issue #5); absent for files added by hand. */
  watchId?: string | null
}

/**
 * A job at its end (see JobQueue.finished): its row, and how it ended as a CompressResult, the
 * engine's own when the engine ran it in this process (with its elapsed time and quality score),
 * else one made from the row (cancelled before it started, removed, finished in an earlier run).
 */
export interface FinishedJob {
  job: JobView
  result: CompressResult
}

export interface QueueDeps {
  /** Asked for each job as it starts, so an engine change in settings applies to the next job. */
  engine: CompressionEngine | (() => CompressionEngine | Promise<CompressionEngine>)
  repository: QueueRepository
  concurrency?: number
  clock?: Clock
  removePartials?: (input: string, outputDir: string | null) => Promise<unknown>
  /**
   * Removes what dead processes left (jobs/work-journal.ts cleanStaleWork), first thing in
   * restore(), saved jobs or not. The composition root passes it; none by default.
   */
  removeStaleWork?: () => Promise<unknown>
  createId?: () => string
  heartbeatMs?: number
  /** Default PROGRESS_INTERVAL_MS; 0: every progress report is an event at once (the CLI draws each). */
  progressIntervalMs?: number
  /**
   * A job whose input is no longer a file when its turn comes ends 'not-found' without starting
   * the engine (the CLI's watch: the watcher drops such a file with a note of its own). Off by
   * default: the app leaves it to the engine's checks, whose sentence its row shows.
   */
  skipGoneInputs?: boolean
}

export interface JobQueue {
  /** Brings back the saved queue: unfinished jobs come back queued, their partial files removed. */
  restore(): Promise<void>
  add(files: readonly NewJob[], request: JobRequest): JobView[]
  snapshot(): QueueSnapshot
  get(id: string): JobView | undefined
  /** The queued or running job for this input, if any (so a watched file is never queued twice). */
  activeFor(input: string): JobView | undefined
  pause(): void
  resume(): void
  cancel(id: string): void
  /**
   * Cancels every job not finished yet (the CLI's Ctrl-C): the running ones first, then, once
   * they have stopped, the queued ones in order, with `message` (default NOT_STARTED_MESSAGE);
   * nothing starts meanwhile. Resolves when all of them are finished.
   */
  cancelAll(message?: string): Promise<void>
  /**
   * Resolves when job `id` reaches a finished state (done, skipped, failed, cancelled; at once if
   * it is in one), or is removed (then as cancelled, REMOVED_MESSAGE). A job stopped by
   * shutdown() is saved to run again and does not finish here. Rejects for an unknown id.
   */
  finished(id: string): Promise<FinishedJob>
  /**
   * A failed or cancelled job runs again; with `request`, with that in place of its own (the app's
   * choice for a job its quality floor refused, issue #12).
   */
  retry(id: string, request?: Pick<JobRequest, 'text' | 'options'>): void
  /**
   * A queued job's request changed before it starts (issue 14: its trim control); throws once it
   * has started or finished. The job keeps its place and its output folder.
   */
  editRequest(id: string, request: Pick<JobRequest, 'text' | 'options'>): JobView
  remove(id: string): void
  clearFinished(): void
  setConcurrency(concurrency: number): void
  subscribe(listener: (event: QueueEvent) => void): () => void
  /**
   * Stops for quitting: running jobs are aborted (the engine removes their partial files) but
   * saved as queued, so they start again next time. Resolves when they have stopped.
   */
  shutdown(): Promise<void>
}

interface RunningWork {
  controller: AbortController
  lastProgressAt: number
  heartbeatTimer: TimerHandle | null
  done: Promise<void>
}

export function createJobQueue(deps: QueueDeps): JobQueue {
  const clock = deps.clock ?? systemClock
  const heartbeatMs = deps.heartbeatMs ?? HEARTBEAT_MS
  const progressIntervalMs = deps.progressIntervalMs ?? PROGRESS_INTERVAL_MS
  const createId = deps.createId ?? randomUUID
  const removePartials = deps.removePartials ?? removePartialOutputs
  const removeStaleWork = deps.removeStaleWork ?? (async () => undefined)
  const resolveEngine = typeof deps.engine === 'function' ? deps.engine : () => deps.engine as CompressionEngine

  // Insertion-ordered: the order of the list is the order of work.
  const jobs = new Map<string, JobView>()
  const running = new Map<string, RunningWork>()
  const listeners = new Set<(event: QueueEvent) => void>()
  const pendingProgress = new Map<string, JobProgress>()
  let progressTimer: TimerHandle | null = null
  let paused = false
  let concurrency = clampConcurrency(deps.concurrency ?? 1)
  let stopping = false
  // Above 0 while cancelAll() waits for the running jobs to stop: nothing new may start.
  let holds = 0
  // The engine's result of each job that finished in this process, for finished().
  const results = new Map<string, CompressResult>()
  const waiters = new Map<string, Array<(finished: FinishedJob) => void>>()
  // True while restore() removes what a crash left: nothing may start before that is done, or the
  // cleanup could delete the temporary file of a job that just started on the same input.
  let restoring = false
  // Jobs finished since the queue last went from idle to busy: the "batch" a notification sums up.
  let batch: string[] = []

  function emit(event: QueueEvent): void {
    for (const listener of listeners) {
      try {
        listener(event)
      } catch {
        // A broken listener (a closed window) must not stop the queue or the other listeners.
      }
    }
  }

  function view(job: JobView): JobView {
    return {
      ...job,
      options: { ...job.options },
      progress: job.progress ? { ...job.progress } : null,
      outcome: job.outcome ? { ...job.outcome, changes: [...job.outcome.changes] } : null
    }
  }

  function persist(): void {
    try {
      save()
    } catch (error) {
      // A full disk or an unwritable store must not stall the queue (a throw in finish() would
      // leave the next job never started); the next change saves again.
      console.warn(`The queue could not be saved: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  function save(): void {
    deps.repository.save({
      version: 1,
      paused,
      // A running job is saved as queued: if the app dies now it starts again next time.
      jobs: [...jobs.values()].map(({ progress: _progress, stillWorking: _stillWorking, message: _message, ...job }) => ({
        ...job,
        state: job.state === 'running' ? 'queued' : job.state
      }))
    })
  }

  function requireJob(id: string): JobView {
    const job = jobs.get(id)
    if (!job) throw unknownJob()
    return job
  }

  /** Resolves the finished() promises of a job that just ended. */
  function settle(job: JobView, result: CompressResult): void {
    const waiting = waiters.get(job.id)
    if (!waiting) return
    waiters.delete(job.id)
    for (const resolve of waiting) resolve({ job: view(job), result: copyResult(result) })
  }

  function flushProgress(): void {
    if (progressTimer !== null) clock.clearTimeout(progressTimer)
    progressTimer = null
    if (pendingProgress.size === 0) return
    const updates = [...pendingProgress].map(([id, progress]) => ({ id, progress: { ...progress } }))
    pendingProgress.clear()
    emit({ type: 'progress', updates })
  }

  function onProgress(job: JobView, work: RunningWork, progress: JobProgress): void {
    if (!jobs.has(job.id) || job.state !== 'running') return
    const before = job.progress
    // Only movement counts as progress for the heartbeat: ffmpeg repeating the same percent
    // during a slow pass is exactly the "no progress" the heartbeat is for.
    const moved = !before || before.phase !== progress.phase || progress.percent >= before.percent + 0.1
    job.progress = { ...progress, percent: clampPercent(progress.percent) }
    if (moved) {
      work.lastProgressAt = clock.now()
      if (job.stillWorking) {
        job.stillWorking = false
        pendingProgress.delete(job.id)
        emit({ type: 'job-updated', job: view(job) })
        return
      }
    }
    if (progressIntervalMs <= 0) {
      emit({ type: 'progress', updates: [{ id: job.id, progress: { ...job.progress } }] })
      return
    }
    pendingProgress.set(job.id, job.progress)
    if (progressTimer === null) progressTimer = clock.setTimeout(flushProgress, progressIntervalMs)
  }

  function armHeartbeat(job: JobView, work: RunningWork, delay: number): void {
    work.heartbeatTimer = clock.setTimeout(() => {
      work.heartbeatTimer = null
      // Removed while running (the engine has not answered the abort yet): no news for a row that is gone.
      if (running.get(job.id) !== work || jobs.get(job.id) !== job) return
      const quietFor = clock.now() - work.lastProgressAt
      if (quietFor >= heartbeatMs) {
        job.stillWorking = true
        // Repeat every heartbeatMs while the silence lasts: count from now.
        work.lastProgressAt = clock.now()
        emit({ type: 'heartbeat', job: view(job) })
        armHeartbeat(job, work, heartbeatMs)
      } else {
        armHeartbeat(job, work, heartbeatMs - quietFor)
      }
    }, delay)
  }

  /**
   * News from the engine for this job's row: the cloud engine's "still working" is a heartbeat,
   * a reply is the row's message. Either way the engine is alive, so the queue's silence timer
   * restarts and its own heartbeat does not double up.
   */
  function onEngineNews(job: JobView, work: RunningWork, news: EngineNews): void {
    if (!jobs.has(job.id) || job.state !== 'running' || running.get(job.id) !== work) return
    work.lastProgressAt = clock.now()
    if (news.kind === 'still-working') {
      job.stillWorking = true
      emit({ type: 'heartbeat', job: view(job) })
      return
    }
    job.message = news.text
    job.stillWorking = false
    emit({ type: 'job-updated', job: view(job) })
  }

  function pump(): void {
    if (paused || stopping || restoring || holds > 0) return
    for (const job of jobs.values()) {
      if (running.size >= concurrency) break
      if (job.state === 'queued') start(job)
    }
  }

  function start(job: JobView): void {
    job.state = 'running'
    job.progress = { phase: 'checking', percent: 0, speed: null, etaSeconds: null, ...stepWords('progress:starting') }
    job.stillWorking = false
    job.message = null
    job.outcome = null
    const controller = new AbortController()
    const work: RunningWork = { controller, lastProgressAt: clock.now(), heartbeatTimer: null, done: Promise.resolve() }
    running.set(job.id, work)
    armHeartbeat(job, work, heartbeatMs)
    emit({ type: 'job-updated', job: view(job) })
    persist()
    work.done = runEngine(job, work).then((result) => finish(job, work, result))
  }

  async function runEngine(job: JobView, work: RunningWork): Promise<CompressResult> {
    const startedAt = clock.now()
    try {
      if (deps.skipGoneInputs && !(await isFile(job.input)))
        return failedResult({ input: job.input }, { code: 'not-found', message: `${job.input} no longer exists.` })
      const engine = await resolveEngine()
      return await engine.compress({
        input: job.input,
        options: job.options,
        outputDir: job.outputDir,
        signal: work.controller.signal,
        onProgress: (progress) => onProgress(job, work, progress),
        text: job.request,
        onNews: (news) => onEngineNews(job, work, news)
      })
    } catch (error) {
      // The engine promises never to throw; if it does anyway the job fails with the message.
      return resultFromError({ input: job.input, inputBytes: job.inputBytes, elapsedMs: clock.now() - startedAt }, error)
    }
  }

  function finish(job: JobView, work: RunningWork, result: CompressResult): void {
    if (work.heartbeatTimer !== null) clock.clearTimeout(work.heartbeatTimer)
    running.delete(job.id)
    pendingProgress.delete(job.id)
    // Removed while running: the job's fate was already decided, but it may have been the last work.
    if (jobs.get(job.id) !== job) {
      pump()
      checkBatchFinished()
      return
    }
    // Quitting: the job was saved as queued to run again next time, unless it got to finish before
    // the abort reached it; a result already made must not be made a second time.
    if (stopping && result.status !== 'done' && result.status !== 'skipped') return
    job.state = result.status
    job.stillWorking = false
    // The result's sentence takes over from the backend's running commentary.
    job.message = null
    job.outcome = outcomeOf(result, job.inputBytes)
    if (job.inputBytes === null && result.inputBytes !== null) job.inputBytes = result.inputBytes
    if (result.status === 'done' || result.status === 'skipped')
      job.progress = { phase: 'finishing', percent: 100, speed: null, etaSeconds: 0, ...stepWords('progress:done') }
    else job.progress = null
    batch.push(job.id)
    results.set(job.id, result)
    if (result.status === 'failed') emit({ type: 'failed', job: view(job) })
    else if (result.status === 'cancelled') emit({ type: 'job-updated', job: view(job) })
    else emit({ type: 'done', job: view(job) })
    settle(job, result)
    persist()
    pump()
    checkBatchFinished()
  }

  function cancelQueued(job: JobView, message: string): void {
    job.state = 'cancelled'
    job.outcome = {
      output: null,
      inputBytes: job.inputBytes,
      outputBytes: null,
      savedPercent: null,
      message,
      changes: [],
      errorCode: 'cancelled',
      quality: null
    }
    const result = failedResult({ input: job.input, inputBytes: job.inputBytes }, { code: 'cancelled', message })
    results.set(job.id, result)
    emit({ type: 'job-updated', job: view(job) })
    settle(job, result)
    persist()
    checkBatchFinished()
  }

  function checkBatchFinished(): void {
    // Quitting is no batch finishing: no notification while the app goes away.
    if (stopping || running.size > 0) return
    for (const job of jobs.values()) if (job.state === 'queued') return
    // A job retried within the batch finished twice; it is one file in the summary.
    const finished = [...new Set(batch)].map((id) => jobs.get(id)).filter((job): job is JobView => job !== undefined && job.state !== 'cancelled')
    batch = []
    if (finished.length > 0) emit({ type: 'batch-finished', finished: finished.map(view) })
  }

  return {
    async restore() {
      // What dead processes left (never a live run's files, nor this one's), saved jobs or not.
      const staleWorkRemoved = removeStaleWork().catch(() => undefined)
      const saved = deps.repository.load()
      if (!saved) {
        await staleWorkRemoved
        return
      }
      paused = saved.paused === true
      restoring = true
      const unfinished: JobView[] = []
      for (const raw of Array.isArray(saved.jobs) ? saved.jobs : []) {
        const parsed = savedJobSchema.safeParse(raw)
        if (!parsed.success || jobs.has(parsed.data.id)) continue
        const stored = parsed.data
        const job: JobView = {
          ...stored,
          state: stored.state === 'running' ? 'queued' : stored.state,
          progress: null,
          stillWorking: false,
          message: null
        }
        jobs.set(job.id, job)
        if (job.state === 'queued') unfinished.push(job)
      }
      // Before anything runs again, remove what a crash left half-written (issue #4).
      try {
        await Promise.all([staleWorkRemoved, ...unfinished.map((job) => removePartials(job.input, job.outputDir).catch(() => undefined))])
      } finally {
        restoring = false
      }
      if (jobs.size > 0) emit({ type: 'jobs-added', jobs: [...jobs.values()].map(view) })
      persist()
      pump()
    },

    add(files, request) {
      const added: JobView[] = files.map((file) => ({
        id: createId(),
        input: file.input,
        name: path.basename(file.input),
        request: request.text,
        options: { ...request.options },
        outputDir: request.outputDir,
        state: 'queued',
        inputBytes: file.inputBytes,
        progress: null,
        stillWorking: false,
        message: null,
        watchId: request.watchId ?? null,
        outcome: null,
        addedAt: clock.now()
      }))
      if (added.length === 0) return []
      for (const job of added) jobs.set(job.id, job)
      emit({ type: 'jobs-added', jobs: added.map(view) })
      persist()
      pump()
      return added.map(view)
    },

    snapshot: () => ({ jobs: [...jobs.values()].map(view), paused, concurrency }),

    get: (id) => {
      const job = jobs.get(id)
      return job ? view(job) : undefined
    },

    activeFor(input) {
      for (const job of jobs.values()) if (job.input === input && isActive(job.state)) return view(job)
      return undefined
    },

    pause() {
      if (paused) return
      // Pausing stops new jobs from starting; the ones running finish (cancel stops those).
      paused = true
      emit({ type: 'paused', paused })
      persist()
    },

    resume() {
      if (!paused) return
      paused = false
      emit({ type: 'paused', paused })
      persist()
      pump()
    },

    cancel(id) {
      const job = requireJob(id)
      const work = running.get(id)
      if (work) {
        // The engine answers the abort with a 'cancelled' result after removing its partial file.
        work.controller.abort()
        return
      }
      if (job.state === 'queued') cancelQueued(job, NOT_STARTED_MESSAGE)
    },

    async cancelAll(message = NOT_STARTED_MESSAGE) {
      holds += 1
      try {
        const stopped = [...running.values()].map((work) => {
          work.controller.abort()
          return work.done
        })
        await Promise.all(stopped)
      } finally {
        holds -= 1
      }
      for (const job of [...jobs.values()]) if (job.state === 'queued') cancelQueued(job, message)
      pump()
    },

    finished(id) {
      const job = jobs.get(id)
      if (!job) return Promise.reject(unknownJob())
      if (FINISHED_STATES.includes(job.state)) return Promise.resolve({ job: view(job), result: copyResult(results.get(id) ?? resultOfView(job)) })
      return new Promise<FinishedJob>((resolve) => {
        const waiting = waiters.get(id) ?? []
        waiting.push(resolve)
        waiters.set(id, waiting)
      })
    },

    editRequest(id, request) {
      const job = requireJob(id)
      if (job.state !== 'queued' || running.has(id)) throw new UserFacingError('invalid-option', errorWords('errors:app.requestFixed', { name: job.name }))
      job.request = request.text
      job.options = { ...request.options }
      emit({ type: 'job-updated', job: view(job) })
      persist()
      return view(job)
    },

    retry(id, request) {
      const job = requireJob(id)
      if (job.state !== 'failed' && job.state !== 'cancelled') return
      if (request) {
        job.request = request.text
        job.options = { ...request.options }
      }
      job.state = 'queued'
      job.outcome = null
      job.progress = null
      job.stillWorking = false
      job.message = null
      results.delete(id)
      emit({ type: 'job-updated', job: view(job) })
      persist()
      pump()
    },

    remove(id) {
      const job = requireJob(id)
      const work = running.get(id)
      if (work) {
        work.controller.abort()
        if (work.heartbeatTimer !== null) clock.clearTimeout(work.heartbeatTimer)
        work.heartbeatTimer = null
      }
      jobs.delete(id)
      results.delete(id)
      pendingProgress.delete(id)
      emit({ type: 'jobs-removed', ids: [id] })
      // Removed before it finished: whoever waits for it hears that it will not.
      settle(
        { ...job, state: 'cancelled', progress: null, stillWorking: false, message: null, outcome: removedOutcome(job.inputBytes) },
        failedResult({ input: job.input, inputBytes: job.inputBytes }, { code: 'cancelled', message: REMOVED_MESSAGE })
      )
      persist()
      checkBatchFinished()
    },

    clearFinished() {
      const ids = [...jobs.values()].filter((job) => FINISHED_STATES.includes(job.state)).map((job) => job.id)
      if (ids.length === 0) return
      for (const id of ids) {
        jobs.delete(id)
        results.delete(id)
      }
      emit({ type: 'jobs-removed', ids })
      persist()
    },

    setConcurrency(value) {
      concurrency = clampConcurrency(value)
      pump()
    },

    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    async shutdown() {
      stopping = true
      flushProgress()
      persist()
      const stopped = [...running.values()].map((work) => {
        work.controller.abort()
        return work.done
      })
      await Promise.all(stopped)
    }
  }
}

function outcomeOf(result: CompressResult, addedBytes: number | null): JobOutcome {
  const inputBytes = result.inputBytes ?? addedBytes
  const savedPercent = inputBytes && result.outputBytes !== null && inputBytes > 0 ? Math.round((1 - result.outputBytes / inputBytes) * 1000) / 10 : null
  return {
    output: result.output,
    inputBytes,
    outputBytes: result.outputBytes,
    savedPercent,
    message: result.message,
    words: result.words ?? null,
    changes: [...result.changes],
    errorCode: result.errorCode ?? null,
    quality: result.quality ?? null,
    ...(result.smallestBytesForFloor !== undefined ? { smallestBytesForFloor: result.smallestBytesForFloor } : {})
  }
}

function unknownJob(): UserFacingError {
  return new UserFacingError('invalid-option', errorWords('errors:app.jobGone'))
}

function removedOutcome(inputBytes: number | null): JobOutcome {
  return { output: null, inputBytes, outputBytes: null, savedPercent: null, message: REMOVED_MESSAGE, changes: [], errorCode: 'cancelled', quality: null }
}

/** A finished row as a CompressResult, for a job whose engine result this process does not have. */
function resultOfView(job: JobView): CompressResult {
  const outcome = job.outcome
  const status = job.state === 'done' || job.state === 'skipped' || job.state === 'failed' ? job.state : 'cancelled'
  return {
    status,
    input: job.input,
    output: outcome?.output ?? null,
    inputBytes: outcome?.inputBytes ?? job.inputBytes,
    outputBytes: outcome?.outputBytes ?? null,
    message: outcome?.message ?? 'Cancelled.',
    ...(outcome?.words ? { words: outcome.words } : {}),
    changes: [...(outcome?.changes ?? [])],
    elapsedMs: 0,
    ...(outcome?.errorCode ? { errorCode: outcome.errorCode } : {}),
    ...(outcome?.quality ? { quality: outcome.quality } : {}),
    ...(outcome?.smallestBytesForFloor !== undefined ? { smallestBytesForFloor: outcome.smallestBytesForFloor } : {})
  }
}

function copyResult(result: CompressResult): CompressResult {
  return { ...result, changes: [...result.changes] }
}

async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).isFile()
  } catch {
    return false
  }
}

function clampConcurrency(value: number): number {
  if (!Number.isFinite(value)) return 1
  return Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(value)))
}

function clampPercent(value: number): number {
  if (!Number.isFinite(value)) return 0
  return Math.min(100, Math.max(0, value))
}

export function isActive(state: JobState): boolean {
  return state === 'queued' || state === 'running'
}
