// `compress-video watch DIR [--request TEXT] [--recursive] [--existing] [--output-dir DIR] [--json]`
// (issue #5 "CLI"): the watch service run headless until the signal aborts (Ctrl-C), with the
// same record of handled files as the app, and its files run on the same job queue as the app's
// (one at a time). The CLI's argument parser (index.ts) turns --request into options
// (src/shared/request) and calls runWatchCommand; nothing here parses argv.
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { CompressOptions, JobProgress } from '../shared/compression'
import { describeError } from '../shared/errors'
import type { Translator } from '../shared/i18n'
import type { CompressionEngine } from '../jobs/types'
import { createInMemoryQueueRepository, createJobQueue } from '../services/queue'
import { createWatchService, defaultWatchRecordPath, fileRecordStorage, inspectFolder, openWatchRecord, queueEnqueuer } from '../services/watch'
import type { EnqueueWatchJob, WatchEvent } from '../services/watch'
import { english } from './language'
import { followRunningJobs } from './queue-progress'

export interface WatchCommandArgs {
  folder: string
  /** The request text as typed, for display only; `options` is what runs. */
  request: string | null
  options: CompressOptions
  recursive: boolean
  includeExisting: boolean
  outputDir: string | null
  json: boolean
  /** Record of handled files; default: the one the app uses (defaultWatchRecordPath). */
  recordPath?: string | null
  /** Tests shorten these; people get the defaults. */
  stabilityMs?: number
  folderPollMs?: number
}

export interface TextSink {
  write(text: string): unknown
}

/** Shows a running job's progress. The CLI passes its plain-line view (progress.ts, as the compress command prints without a terminal). */
export interface WatchProgressView {
  start(name: string): void
  update(progress: JobProgress): void
  stop(): void
}

export interface WatchCommandIo {
  stdout: TextSink
  stderr: TextSink
  /** Aborted on Ctrl-C: watching stops and the running job is cancelled (the engine removes partial files). */
  signal: AbortSignal
  /**
   * Aborted on a second Ctrl-C: saving the record stops waiting for another process that holds
   * its lock (12-15 s when that process hangs). Removing partial files is still waited for.
   */
  stopWaitingSignal?: AbortSignal
  engine: CompressionEngine
  /** Progress of the running job, e.g. a line every 10% (none when left out). */
  progress?: WatchProgressView
  /** The command's own words (default English); the watch service's sentences come as they are. */
  translator?: Translator
}

/**
 * Exit codes as for the main command (issue #2): 0 stopped cleanly (files that failed were
 * reported as they happened; in a long-running watch they are not the command failing),
 * 1 the watcher itself broke, 2 usage error.
 */
export const WATCH_EXIT_OK = 0
export const WATCH_EXIT_FAILED = 1
export const WATCH_EXIT_USAGE = 2

const CLI_WATCH_ID = 'cli'

/** One JSON object per event for --json; `event` first so `jq .event` and eyes both find it. */
export function watchEventToJson(event: WatchEvent): Record<string, unknown> {
  switch (event.type) {
    case 'queued':
      return { event: 'queued', input: event.input, inputBytes: event.inputBytes }
    case 'done':
      return {
        event: 'done',
        status: 'done',
        input: event.input,
        output: event.output,
        inputBytes: event.inputBytes,
        outputBytes: event.outputBytes,
        message: event.message,
        changes: event.result.changes,
        elapsedMs: event.result.elapsedMs
      }
    case 'skipped':
      return {
        event: 'skipped',
        status: 'skipped',
        input: event.input,
        reason: event.reason,
        output: event.result?.output ?? null,
        inputBytes: event.result?.inputBytes ?? null,
        outputBytes: event.result?.outputBytes ?? null,
        message: event.message
      }
    case 'failed':
      return { event: 'failed', status: 'failed', input: event.input, errorCode: event.errorCode, message: event.message }
    case 'cancelled':
      return { event: 'cancelled', status: 'cancelled', input: event.input, message: event.message }
    case 'held':
      return { event: 'held', input: event.input }
    case 'ignored':
      return { event: 'ignored', input: event.input, reason: event.reason }
    case 'folder-unavailable':
      return { event: 'folder-unavailable', folder: event.folder, reason: event.reason, message: event.message }
    case 'folder-available':
      return { event: 'folder-available', folder: event.folder }
    case 'warning':
      return { event: 'warning', message: event.message }
  }
}

/** A line for people, or null for events not worth a line. */
export function watchEventToText(event: WatchEvent, { t, format }: Translator = english()): string | null {
  switch (event.type) {
    case 'queued':
      return t('cli:watch.queued', { input: event.input, size: format.bytes(event.inputBytes) })
    case 'done': {
      const output = event.output ?? t('cli:watch.noOutput')
      if (event.inputBytes === null || event.outputBytes === null) return t('cli:watch.done', { input: event.input, output })
      const sizes = { input: event.input, output, before: format.bytes(event.inputBytes), after: format.bytes(event.outputBytes) }
      return event.inputBytes
        ? t('cli:watch.doneSaved', { ...sizes, saved: format.percent(Math.round((1 - event.outputBytes / event.inputBytes) * 100)) })
        : t('cli:watch.doneSizes', sizes)
    }
    case 'skipped':
      return t('cli:watch.skipped', { input: event.input, message: event.message })
    case 'failed':
      return t('cli:watch.failed', { input: event.input, message: event.message })
    case 'cancelled':
      return t('cli:watch.cancelled', { input: event.input, message: event.message })
    case 'held':
      return null
    case 'ignored':
      // Files left alone in bulk (already handled, already there, our outputs) would drown the
      // useful lines; say only why a file someone just dropped in is not taken.
      return event.reason === 'partial-download'
        ? t('cli:watch.stillDownloading', { input: event.input })
        : event.reason === 'not-a-video'
          ? t('cli:watch.notAVideo', { input: event.input })
          : null
    case 'folder-unavailable':
      return t('cli:watch.unavailable', { message: event.message })
    case 'folder-available':
      return t('cli:watch.available', { folder: event.folder })
    case 'warning':
      return t('cli:watch.warning', { message: event.message })
  }
}

function abortedPromise(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}

/** Runs until io.signal aborts; resolves with the exit code. Never throws for expected problems. */
export async function runWatchCommand(args: WatchCommandArgs, io: WatchCommandIo): Promise<number> {
  const folder = path.resolve(args.folder)
  const words = io.translator ?? english()
  const { t } = words
  try {
    const stats = await stat(folder)
    if (!stats.isDirectory()) {
      io.stderr.write(`${t('cli:watch.notAFolder', { folder })}\n`)
      return WATCH_EXIT_USAGE
    }
  } catch {
    // A typo should not leave a command waiting forever; folders that go away later are waited for.
    io.stderr.write(`${t('cli:watch.noFolder', { folder })}\n`)
    return WATCH_EXIT_USAGE
  }
  // Watching a folder that cannot be listed would print "Watching..." and then nothing, ever.
  // The service's own rule (it reports the same to the app when a folder becomes unreadable).
  const inspection = await inspectFolder(folder)
  if (!inspection.ok && inspection.problem === 'unreadable') {
    io.stderr.write(`${t('cli:watch.unreadable', { folder, why: inspection.why })}\n`)
    return WATCH_EXIT_USAGE
  }

  const recordPath = args.recordPath ?? defaultWatchRecordPath()
  const write = (event: WatchEvent) => {
    if (args.json) {
      io.stdout.write(`${JSON.stringify(watchEventToJson(event))}\n`)
      return
    }
    const line = watchEventToText(event, words)
    if (line !== null) io.stdout.write(`${line}\n`)
  }
  const record = await openWatchRecord({
    storage: fileRecordStorage(recordPath, { stopWaiting: io.stopWaitingSignal }),
    onWarning: (message) => write({ type: 'warning', message })
  })
  // One job at a time, each progress report drawn; a file gone by its turn is not handed to the
  // engine (the watcher drops it with a note); nothing to keep across runs.
  const queue = createJobQueue({ engine: io.engine, repository: createInMemoryQueueRepository(), progressIntervalMs: 0, skipGoneInputs: true })
  const progress = io.progress
  const stopFollowing = progress
    ? followRunningJobs(queue, { start: (job) => progress.start(job.name), update: (update) => progress.update(update), end: () => progress.stop() })
    : () => undefined
  const handOn = queueEnqueuer(queue, () => args.request ?? '')
  // A watch runs for days: the queue forgets each job once its result is handed back.
  const forgetFinished = (): void => queue.clearFinished()
  const enqueue: EnqueueWatchJob = (job) => {
    const result = handOn(job)
    void result.then(forgetFinished, forgetFinished)
    return result
  }
  const service = createWatchService({
    enqueue,
    record,
    stabilityMs: args.stabilityMs,
    folderPollMs: args.folderPollMs,
    folders: [
      {
        id: CLI_WATCH_ID,
        folder,
        request: args.request ?? '',
        options: args.options,
        enabled: true,
        recursive: args.recursive,
        includeExisting: args.includeExisting,
        outputDir: args.outputDir === null ? null : path.resolve(args.outputDir)
      }
    ]
  })
  service.onAny(write)

  // In --json mode stdout carries only events, so the banner goes to stderr.
  const banner = args.json ? io.stderr : io.stdout
  // start() resolves only when the first scan is done, which takes seconds in a folder of
  // thousands of files (longer on a network share). Stopping on the abort itself, not after
  // start() returns, closes the watcher mid-scan and ends that wait at once. The queue then
  // cancels the running job (the engine removes its partial output) and the waiting ones.
  const stopOnAbort = (): void => {
    void service.stop()
    // What a file waiting its turn says when Ctrl-C stops the watch.
    void queue.cancelAll(t('cli:watch.stoppedBeforeTurn'))
  }
  io.signal.addEventListener('abort', stopOnAbort, { once: true })
  let exitCode = WATCH_EXIT_OK
  try {
    if (!io.signal.aborted) await service.start()
    // Stopped during the scan: "Watching..." would be false, and there is nothing to wait for.
    if (!io.signal.aborted) {
      const where = args.recursive ? t('cli:watch.withSubfolders', { folder }) : folder
      const what = args.request ? t('cli:watch.forRequest', { what: where, request: args.request }) : where
      banner.write(`${t('cli:watch.watching', { what })}\n`)
    }
    await abortedPromise(io.signal)
  } catch (error) {
    io.stderr.write(`${describeError(error).message}\n`)
    exitCode = WATCH_EXIT_FAILED
  } finally {
    io.signal.removeEventListener('abort', stopOnAbort)
    // The queue answers waiting jobs "cancelled" and the engine removes the running job's
    // partial output once the signal is aborted; wait for both so nothing is left behind.
    // stop() and idle() together, not one after the other: stop() closes the watchers at once
    // (no job is handed on after that), and the record saves both end with are then one save,
    // so a hung process holding the record's lock costs one wait, not two.
    await Promise.all([service.stop(), service.idle()])
    stopFollowing()
  }
  if (record.hasUnsavedChanges) io.stderr.write(`${t('cli:watch.recordNotSaved')}\n`)
  banner.write(`${t('cli:watch.stopped')}\n`)
  return exitCode
}
