// What happens to one watched file (issue #5), apart from the folders it is watched in
// (./watch-service.ts): its record says whether to take it, a complete one is handed on with its
// folder's request, and its result goes into the record (input and output) and out as an event.
//
// Whether a file is already small enough, or not a video at all, is the engine's to say (its checks
// and plan are the one source of those rules): every candidate is handed on, and the pipeline
// records the verdict, after a second look that the file did not go on growing meanwhile.
import path from 'node:path'
import type { Stats } from 'node:fs'
import type { CompressResult } from '../../shared/compression'
import { describeError } from '../../shared/errors'
import { resultFromError } from '../../jobs/results'
import type { FileIdentity, WatchRecord } from './record'
import { identityOf, statOrNull, type GrowthCheck, type StableFile } from './stability'
import type { EnqueueWatchJob, IgnoreReason, WatchEvent, WatchFolderConfig } from './types'

/**
 * Engine error codes that are about the file itself, so trying the same file again cannot help:
 * recorded as final. Anything else (disk full, ffmpeg missing, an impossible target for this
 * folder's request...) is reported once per run and tried again after a restart.
 */
const FILE_PROBLEM_CODES: ReadonlySet<string> = new Set(['is-directory', 'empty-file', 'unsupported-extension', 'not-a-video', 'too-large', 'target-missed'])

/** What the pipeline says of a file the watcher saw: leave it, or track it until it is complete. */
export type Admission =
  /** Left alone (in flight, ours, handled for good, or tried this run); reported where it should be. */
  | 'leave'
  | 'new'
  /** A job for this very file was started by a run that was killed mid-encode (issue #10). */
  | 'interrupted'

export interface FilePipelineDeps {
  enqueue: EnqueueWatchJob
  record: WatchRecord
  growth: GrowthCheck
  emit: (event: WatchEvent) => void
  /** Reports a file left alone (once per reason, however many events it gets). */
  ignored: (watchId: string, input: string, reason: IgnoreReason) => void
  /** Takes a file again as new (it changed after it was handed on), if its folder still watches it. */
  retake: (watchId: string, input: string, now: Stats) => void
}

function identityKey(filePath: string, identity: FileIdentity): string {
  return `${filePath}\0${identity.size}\0${identity.mtimeMs}`
}

function unexpectedResult(file: StableFile, error: unknown): CompressResult {
  return resultFromError({ input: file.path, inputBytes: file.size }, error)
}

export class FilePipeline {
  /** Paths handed on and not finished yet (to any folder: nested folders must not double up). */
  private readonly inFlight = new Set<string>()
  private readonly jobs = new Set<Promise<void>>()
  /** Files tried in this run whose outcome was not final, so events do not re-queue them in a loop. */
  private readonly triedThisRun = new Set<string>()
  private stopped = false

  constructor(private readonly deps: FilePipelineDeps) {}

  /** Checks by record that need no I/O, run on every add/change event before a file is tracked. */
  admit(watchId: string, filePath: string, identity: FileIdentity | undefined): Admission {
    if (this.inFlight.has(filePath)) return 'leave'
    if (!identity) return 'new'
    const { record } = this.deps
    if (record.isOwnOutput(filePath, identity)) return this.leave(watchId, filePath, 'own-output')
    if (record.isSettled(filePath, identity)) return this.leave(watchId, filePath, 'already-processed')
    if (this.triedThisRun.has(identityKey(filePath, identity))) return 'leave'
    // Not "existing": it was never done. The record says so until the job's outcome replaces it.
    return record.isInterrupted(filePath, identity) ? 'interrupted' : 'new'
  }

  /** Hands a complete file on with its folder's request, unless its final size/mtime say otherwise. */
  take(config: WatchFolderConfig, file: StableFile): void {
    const watchId = config.id
    const { record } = this.deps
    // Checked again with the final size/mtime: the add event may have come mid-write.
    if (this.inFlight.has(file.path)) return
    if (record.isOwnOutput(file.path, file)) return this.deps.ignored(watchId, file.path, 'own-output')
    if (record.isSettled(file.path, file)) return this.deps.ignored(watchId, file.path, 'already-processed')
    if (this.triedThisRun.has(identityKey(file.path, file))) return

    this.inFlight.add(file.path)
    this.deps.emit({ type: 'queued', watchId, input: file.path, inputBytes: file.size })
    // Until its outcome replaces this, a restart after a kill knows the job was never finished.
    // Saved now, not with the next burst: a kill can come any time during the encode.
    record.recordStarted(file.path, file, watchId)
    void record.flush()
    let result: Promise<CompressResult>
    try {
      result = this.deps.enqueue({ input: file.path, options: config.options, outputDir: config.outputDir, watchId })
    } catch (error) {
      result = Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    this.follow(
      file.path,
      result.catch((error: unknown) => unexpectedResult(file, error)).then((outcome) => this.onResult(watchId, file, outcome))
    )
  }

  /** Follows a job handed on by an earlier run; see WatchService.adopt(). False when already in flight. */
  adopt(watchId: string, input: string, result: Promise<CompressResult>): boolean {
    if (this.stopped || this.inFlight.has(input)) return false
    this.inFlight.add(input)
    this.follow(
      input,
      statOrNull(input).then(async (stats) => {
        // The original is only ever read, so its identity now is the one the job started from.
        const file: StableFile = { path: input, size: stats?.size ?? 0, mtimeMs: stats?.mtimeMs ?? 0 }
        const outcome = await result.catch((error: unknown) => unexpectedResult(file, error))
        await this.onResult(watchId, file, outcome)
      })
    )
    return true
  }

  /** A complete file that could not be opened for reading: failed for this run, tried again next start. */
  unreadable(watchId: string, input: string, error: NodeJS.ErrnoException): void {
    void statOrNull(input).then((stats) => {
      if (stats) {
        const identity = identityOf(stats)
        this.triedThisRun.add(identityKey(input, identity))
        const message = `Cannot open ${input} for reading (${error.code ?? error.message}). Check its permissions; it will be tried again next time watching starts.`
        this.deps.record.recordInput(input, identity, {
          status: 'failed',
          reason: 'failed',
          message,
          errorCode: 'unreadable',
          final: false,
          output: null,
          watchId
        })
        this.deps.emit({ type: 'failed', watchId, input, errorCode: 'unreadable', message, result: null })
      }
    })
  }

  /** No longer in flight, so that taking it again is possible (before WatchService considers it anew). */
  release(input: string): void {
    this.inFlight.delete(input)
  }

  /** Watching stops: jobs already handed on keep running and their results are still recorded. */
  stop(): void {
    this.stopped = true
  }

  /** Resolves when every job handed on so far has finished and been recorded. */
  async idle(): Promise<void> {
    while (this.jobs.size > 0) await Promise.allSettled([...this.jobs])
    await this.flush()
  }

  flush(): Promise<void> {
    return this.deps.record.flush()
  }

  private leave(watchId: string, input: string, reason: IgnoreReason): 'leave' {
    this.deps.ignored(watchId, input, reason)
    return 'leave'
  }

  /** Counts `recorded` (a job until its result is recorded) among the jobs; the file is in flight until then. */
  private follow(input: string, recorded: Promise<void>): void {
    const job = recorded
      .catch((error: unknown) => this.deps.emit({ type: 'warning', message: `Could not record the result for ${input}: ${describeError(error).message}` }))
      .finally(() => {
        this.inFlight.delete(input)
        this.jobs.delete(job)
      })
    this.jobs.add(job)
  }

  private reconsider(watchId: string, input: string, now: Stats): void {
    if (this.stopped) return
    this.deps.retake(watchId, input, now)
  }

  private async onResult(watchId: string, file: StableFile, result: CompressResult): Promise<void> {
    const input = file.path
    const { record, growth, emit } = this.deps
    // The output first: it is already on disk and must be recognised as ours right away.
    if (result.output) {
      const outputStats = await statOrNull(result.output)
      if (outputStats) record.recordOutput(result.output, identityOf(outputStats), input)
    }
    if (result.status === 'skipped' || (result.status === 'failed' && result.errorCode !== 'not-found')) {
      await growth.window()
      const grown = await growth.changedSince(file)
      if (grown) {
        // Still being written: no line about the half file; the whole one is judged when complete.
        this.reconsider(watchId, input, grown)
        return
      }
    }
    const message = result.message
    switch (result.status) {
      case 'done':
        record.recordInput(input, file, { status: 'done', reason: 'compressed', message, final: true, output: result.output, watchId })
        emit({ type: 'done', watchId, input, output: result.output, inputBytes: result.inputBytes, outputBytes: result.outputBytes, message, result })
        break
      case 'skipped':
        // The engine's "skipped" means already under the target (issue #2); its word is recorded.
        record.recordInput(input, file, { status: 'skipped', reason: 'already-small-enough', message, final: true, output: result.output, watchId })
        emit({ type: 'skipped', watchId, input, reason: 'already-small-enough', message, result })
        break
      case 'cancelled':
        this.triedThisRun.add(identityKey(input, file))
        // Stopped with the watcher (Ctrl-C, quitting): the `started` entry stays, so the next
        // start takes the file again. Cancelled on its own (the queue's Cancel) while watching
        // goes on: not final either, but no longer "started", so a restart leaves it alone
        // unless the folder includes existing files.
        if (!this.stopped)
          record.recordInput(input, file, { status: 'failed', reason: 'failed', message, errorCode: 'cancelled', final: false, output: null, watchId })
        emit({ type: 'cancelled', watchId, input, message })
        break
      case 'failed': {
        const current = await statOrNull(input)
        if (result.errorCode === 'not-found' || !current) {
          // Deleted: a note, not a failure. Not final, so if the same file comes back (a drive
          // plugged in again) it is taken. 'not-found' is the engine's (or runner's) check before
          // it starts; any other failure with the file gone happened while it was compressed
          // (the engine removes its partial output on every failure).
          const before = result.errorCode === 'not-found'
          const reason = before ? 'removed-before-processing' : 'removed-while-processing'
          const note = before
            ? `${path.basename(input)} was removed before its turn; dropped from the queue.`
            : `${path.basename(input)} was removed while it was being compressed; nothing was left behind.`
          record.recordInput(input, file, { status: 'skipped', reason, message: note, errorCode: result.errorCode, final: false, output: null, watchId })
          emit({ type: 'skipped', watchId, input, reason, message: note, result })
          break
        }
        const errorCode = result.errorCode ?? 'unexpected'
        this.triedThisRun.add(identityKey(input, file))
        record.recordInput(input, file, {
          status: 'failed',
          reason: 'failed',
          message,
          errorCode,
          final: FILE_PROBLEM_CODES.has(errorCode),
          output: null,
          watchId
        })
        emit({ type: 'failed', watchId, input, errorCode, message, result })
        break
      }
    }
    if (result.status === 'cancelled' || this.stopped) return
    // Rewritten while it was being processed: the new version is a new file.
    const now = await growth.changedSince(file)
    if (now) this.reconsider(watchId, input, now)
  }
}
