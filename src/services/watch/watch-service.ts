// Watch folders (issue #5): every new, complete video in a watched folder is handed to the queue
// with that folder's request, exactly once, and the app's own outputs never come back in.
//
// Plain Node (no Electron): the app's main process, the CLI and the tests all run it, each
// injecting how work is handed on (`enqueue`) and where the record of handled files lives.
//
// Flow of one file: chokidar reports add/change -> cheap checks by name and by record ->
// StabilityTracker waits until it is complete -> checks again with its final size/mtime ->
// `queued` -> enqueue(job) -> result recorded (input and output) -> `done`/`skipped`/`failed`.
import { watch, type FSWatcher } from 'chokidar'
import { constants as fsConstants, type Stats } from 'node:fs'
import { access, opendir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { CompressResult } from '../../shared/compression'
import { describeError } from '../../shared/errors'
import type { FileIdentity, WatchRecord } from './record'
import { StabilityTracker, type StabilityOutcome, type StableFile } from './stability'
import type {
  EnqueueWatchJob,
  FolderProblem,
  FolderState,
  IgnoreReason,
  WatchEvent,
  WatchEventOf,
  WatchEventType,
  WatchFolderConfig,
  WatchFolderStatus
} from './types'
import { classifyWatchedPath, isHiddenName } from './video-files'
import { resultFromError } from '../../jobs/results'

export interface WatchServiceOptions {
  enqueue: EnqueueWatchJob
  record: WatchRecord
  folders?: readonly WatchFolderConfig[]
  /** How long size and mtime must stay unchanged before a file counts as complete. Default 3 s. */
  stabilityMs?: number
  /** How often pending files are looked at. Default: a quarter of stabilityMs, at most 500 ms. */
  sweepIntervalMs?: number
  /** How often folders are checked for disappearing and coming back (unplugged drives). Default 2 s. */
  folderPollMs?: number
  /** Stats/opens in flight at once while checking completeness. Default 32. */
  statConcurrency?: number
  /** Poll instead of native events (network shares where events do not arrive). Default false. */
  usePolling?: boolean
}

export const DEFAULT_STABILITY_MS = 3_000
export const DEFAULT_FOLDER_POLL_MS = 2_000

/**
 * Engine error codes that are about the file itself, so trying the same file again cannot help:
 * recorded as final. Anything else (disk full, ffmpeg missing, an impossible target for this
 * folder's request...) is reported once per run and tried again after a restart.
 */
const FILE_PROBLEM_CODES: ReadonlySet<string> = new Set(['is-directory', 'empty-file', 'unsupported-extension', 'not-a-video', 'too-large', 'target-missed'])

/** Bounds memory for "reported once" bookkeeping in a folder that churns through temp files. */
const MAX_REMEMBERED_IGNORES = 50_000

interface FolderRuntime {
  config: WatchFolderConfig
  root: string
  state: FolderState
  watcher: FSWatcher | null
  /** Bumped on every (re)start so events from a closed watcher are dropped. */
  generation: number
  /** dev:ino of the folder being watched, to notice it was replaced between two polls. */
  identity: string | null
  /** Whether the folder was scanned before (so a returning folder's files are not "existing"). */
  scannedOnce: boolean
  /** Files present at the first scan, left alone when includeExisting is off. */
  baseline: Set<string>
  /** Ends the wait for a first scan that will never finish because the watcher was closed. */
  abandonScan: (() => void) | null
  /** Presence checks for this folder run one after another (timer and events both ask). */
  checking: Promise<void>
}

function identityOf(stats: Stats): FileIdentity {
  return { size: stats.size, mtimeMs: stats.mtimeMs }
}

function folderIdentity(stats: Stats): string {
  return `${stats.dev}:${stats.ino}`
}

function identityKey(filePath: string, identity: FileIdentity): string {
  return `${filePath}\0${identity.size}\0${identity.mtimeMs}`
}

async function statOrNull(filePath: string): Promise<Stats | null> {
  try {
    return await stat(filePath)
  } catch {
    return null
  }
}

function isInside(root: string, filePath: string): boolean {
  const relative = path.relative(root, filePath)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

export type FolderInspection = { ok: true; stats: Stats } | { ok: false; problem: FolderProblem; stats: Stats | null; why: string }

/**
 * Whether a folder can be watched now, and if not, why in words (after "The watched folder X").
 * One rule for the service (start, polls) and the CLI (exit 2 at start). A folder that cannot be
 * listed (no read or search permission) gives a watcher that reports nothing, ever.
 */
export async function inspectFolder(root: string): Promise<FolderInspection> {
  const stats = await statOrNull(root)
  if (!stats) return { ok: false, problem: 'missing', stats, why: 'is not available (missing, renamed or its drive is unplugged)' }
  if (!stats.isDirectory()) return { ok: false, problem: 'not-a-folder', stats, why: 'is not a folder' }
  try {
    // Listing it for real as well: macOS privacy protection refuses a readdir that access() allows.
    await access(root, fsConstants.R_OK | fsConstants.X_OK)
    await (await opendir(root)).close()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    return {
      ok: false,
      problem: 'unreadable',
      stats,
      why: `cannot be read (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code}): give your user permission to list it (read and open), or choose another folder`
    }
  }
  return { ok: true, stats }
}

function configsEqual(a: WatchFolderConfig, b: WatchFolderConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

export class WatchService {
  private readonly runtimes = new Map<string, FolderRuntime>()
  private readonly listeners = new Set<(event: WatchEvent) => void>()
  private readonly tracker: StabilityTracker<string>
  /** Paths handed on and not finished yet (to any folder: nested folders must not double up). */
  private readonly inFlight = new Set<string>()
  private readonly jobs = new Set<Promise<void>>()
  /** Complete files waiting while paused. */
  private readonly held = new Map<string, { watchId: string; file: StableFile }>()
  /** Files tried in this run whose outcome was not final, so events do not re-queue them in a loop. */
  private readonly triedThisRun = new Set<string>()
  private readonly reportedIgnores = new Map<string, IgnoreReason>()
  private readonly enqueue: EnqueueWatchJob
  private readonly record: WatchRecord
  private readonly folderPollMs: number
  private readonly stabilityMs: number
  /** Ends the waits of verdicts being confirmed (stop() must not wait a window for each). */
  private readonly confirmations = new Set<() => void>()
  private readonly usePolling: boolean
  private pollTimer: NodeJS.Timeout | null = null
  private polling = false
  private pausedState = false
  private started = false
  private stopped = false
  private stopping: Promise<void> | null = null

  constructor(private readonly options: WatchServiceOptions) {
    this.enqueue = options.enqueue
    this.record = options.record
    this.folderPollMs = options.folderPollMs ?? DEFAULT_FOLDER_POLL_MS
    this.usePolling = options.usePolling ?? false
    const stabilityMs = options.stabilityMs ?? DEFAULT_STABILITY_MS
    this.stabilityMs = stabilityMs
    this.tracker = new StabilityTracker<string>(
      {
        stabilityMs,
        // Sweeps only stat files whose window ran out, so a short interval is cheap; it bounds
        // how late after its window a file is handed on.
        sweepIntervalMs: options.sweepIntervalMs ?? Math.max(25, Math.min(500, Math.round(stabilityMs / 4))),
        concurrency: options.statConcurrency ?? 32,
        maxOpenAttempts: 5
      },
      (outcome) => this.onStabilityOutcome(outcome)
    )
  }

  // ---- events ---------------------------------------------------------------------------

  /** Listens to one kind of event; returns the function that stops listening. */
  on<T extends WatchEventType>(type: T, listener: (event: WatchEventOf<T>) => void): () => void {
    return this.onAny((event) => {
      if (event.type === type) listener(event as WatchEventOf<T>)
    })
  }

  onAny(listener: (event: WatchEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(event: WatchEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch {
        // A failing listener (a closed window, a broken pipe) must not stop the watcher.
      }
    }
  }

  private reportIgnored(watchId: string, input: string, reason: IgnoreReason): void {
    if (this.reportedIgnores.get(input) === reason) return
    if (this.reportedIgnores.size >= MAX_REMEMBERED_IGNORES) this.reportedIgnores.clear()
    this.reportedIgnores.set(input, reason)
    this.emit({ type: 'ignored', watchId, input, reason })
  }

  // ---- lifecycle ------------------------------------------------------------------------

  /** Starts watching; resolves once every available folder finished its first scan. Once per instance. */
  async start(): Promise<void> {
    if (this.started) throw new Error('WatchService.start() was called twice; create a new service to restart.')
    this.started = true
    this.pollTimer = setInterval(() => void this.pollFolders(), this.folderPollMs)
    await this.setFolders(this.options.folders ?? [])
  }

  /**
   * Stops watching. Jobs already handed on keep running; their results are still recorded.
   * Every call resolves when the watchers are closed and the record is flushed, including a
   * second call while the first is still closing (the CLI stops on Ctrl-C and again on its way out).
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopWatching()
    return this.stopping
  }

  private async stopWatching(): Promise<void> {
    this.stopped = true
    if (this.pollTimer) clearInterval(this.pollTimer)
    this.pollTimer = null
    this.tracker.close()
    this.held.clear()
    for (const end of this.confirmations) end()
    await Promise.all([...this.runtimes.values()].map((runtime) => this.closeWatcher(runtime)))
    await this.record.flush()
  }

  /** Resolves when every job handed on so far has finished and been recorded. */
  async idle(): Promise<void> {
    while (this.jobs.size > 0) await Promise.allSettled([...this.jobs])
    await this.record.flush()
  }

  /**
   * Takes over a job handed on by an earlier run (the app's queue saved it at quit and runs it
   * again after a restart). Until its result is in, the file counts as in flight, so a scan (with
   * includeExisting) or a change event does not hand it on a second time; the result is then
   * recorded like any other, so the output is known as ours and the input is never taken again.
   * Call it before start() so the first scan already knows. Returns false when the file is
   * already in flight here (nothing to take over).
   */
  adopt(watchId: string, input: string, result: Promise<CompressResult>): boolean {
    if (this.stopped || this.inFlight.has(input)) return false
    this.inFlight.add(input)
    const job = statOrNull(input)
      .then(async (stats) => {
        // The original is only ever read, so its identity now is the one the job started from.
        const file: StableFile = { path: input, size: stats?.size ?? 0, mtimeMs: stats?.mtimeMs ?? 0 }
        const outcome = await result.catch((error: unknown) => unexpectedResult(file, error))
        await this.onResult(watchId, file, outcome)
      })
      .catch((error: unknown) => this.emit({ type: 'warning', message: `Could not record the result for ${input}: ${describeError(error).message}` }))
      .finally(() => {
        this.inFlight.delete(input)
        this.jobs.delete(job)
      })
    this.jobs.add(job)
    return true
  }

  /** Stops handing files on (the tray's "Pause watching"); complete files wait and are `held`. */
  pause(): void {
    this.pausedState = true
  }

  resume(): void {
    if (!this.pausedState) return
    this.pausedState = false
    // They were complete when held but may have changed since: check them again.
    for (const [filePath, { watchId, file }] of this.held) this.tracker.observe(filePath, watchId, file)
    this.held.clear()
  }

  get paused(): boolean {
    return this.pausedState
  }

  folders(): WatchFolderStatus[] {
    return [...this.runtimes.values()].map((runtime) => ({ id: runtime.config.id, folder: runtime.root, state: runtime.state }))
  }

  /** Applies a new list of folders (settings changed): starts, restarts and stops only what changed. */
  async setFolders(configs: readonly WatchFolderConfig[]): Promise<void> {
    if (this.stopped) return
    const wanted = new Map(configs.map((config) => [config.id, config]))
    const work: Promise<void>[] = []
    for (const [id, runtime] of this.runtimes) {
      if (!wanted.has(id)) {
        this.runtimes.delete(id)
        work.push(this.closeWatcher(runtime))
      }
    }
    for (const config of wanted.values()) {
      const existing = this.runtimes.get(config.id)
      if (existing && configsEqual(existing.config, config)) continue
      if (existing) await this.closeWatcher(existing)
      const runtime: FolderRuntime = {
        config,
        root: path.resolve(config.folder),
        state: config.enabled ? 'starting' : 'disabled',
        watcher: null,
        generation: 0,
        identity: null,
        scannedOnce: false,
        baseline: new Set(),
        abandonScan: null,
        checking: Promise.resolve()
      }
      this.runtimes.set(config.id, runtime)
      if (config.enabled) work.push(this.startFolder(runtime))
    }
    await Promise.all(work)
  }

  // ---- folders --------------------------------------------------------------------------

  private async startFolder(runtime: FolderRuntime): Promise<void> {
    const inspection = await inspectFolder(runtime.root)
    if (!inspection.ok) {
      this.markUnavailable(runtime, inspection.problem, inspection.why)
      return
    }
    await this.openWatcher(runtime, folderIdentity(inspection.stats))
  }

  private markUnavailable(runtime: FolderRuntime, reason: FolderProblem, why: string): void {
    if (runtime.state === 'unavailable') return
    runtime.state = 'unavailable'
    this.emit({
      type: 'folder-unavailable',
      watchId: runtime.config.id,
      folder: runtime.root,
      reason,
      message: `The watched folder ${runtime.root} ${why}. Watching resumes when ${reason === 'unreadable' ? 'it can be read' : 'it is back'}.`
    })
  }

  /** Folder presence is polled (one stat per folder) because no watcher survives its folder being removed. */
  private async pollFolders(): Promise<void> {
    if (this.polling || this.stopped) return
    this.polling = true
    try {
      await Promise.all([...this.runtimes.values()].map((runtime) => this.pollFolder(runtime)))
    } finally {
      this.polling = false
    }
  }

  /**
   * `suspicious`: the folder's own watcher reported the folder itself renamed or deleted. If it is
   * there again at once (rm -rf then mkdir), the new folder may even reuse the old inode, so
   * its identity cannot tell; the watcher is reopened quietly because the old one is dead.
   */
  private pollFolder(runtime: FolderRuntime, suspicious = false): Promise<void> {
    runtime.checking = runtime.checking.then(() => this.checkFolder(runtime, suspicious))
    return runtime.checking
  }

  private async checkFolder(runtime: FolderRuntime, suspicious: boolean): Promise<void> {
    if (runtime.state !== 'watching' && runtime.state !== 'unavailable') return
    const inspection = await inspectFolder(runtime.root)
    if (this.stopped || this.runtimes.get(runtime.config.id) !== runtime) return
    const { stats } = inspection
    const present = inspection.ok
    if (runtime.state === 'watching') {
      if (!inspection.ok) {
        await this.closeWatcher(runtime)
        const why =
          inspection.problem === 'missing'
            ? 'disappeared (removed, renamed or its drive was unplugged)'
            : inspection.problem === 'not-a-folder'
              ? 'is no longer a folder'
              : inspection.why
        this.markUnavailable(runtime, inspection.problem, why)
      } else if (stats && folderIdentity(stats) !== runtime.identity) {
        // Removed and recreated between two polls: the old watcher is watching nothing.
        await this.closeWatcher(runtime)
        this.markUnavailable(runtime, 'replaced', 'was replaced by a new folder of the same name')
        await this.reopen(runtime, stats)
      } else if (stats && suspicious) {
        await this.closeWatcher(runtime)
        runtime.state = 'starting'
        await this.openWatcher(runtime, folderIdentity(stats))
      }
    } else if (present && stats) {
      await this.reopen(runtime, stats)
    }
  }

  private async reopen(runtime: FolderRuntime, stats: Stats): Promise<void> {
    runtime.state = 'starting'
    const watching = await this.openWatcher(runtime, folderIdentity(stats))
    if (watching) this.emit({ type: 'folder-available', watchId: runtime.config.id, folder: runtime.root })
  }

  /** Resolves true once the first scan is done, false if the watcher was closed before that. */
  private openWatcher(runtime: FolderRuntime, identity: string): Promise<boolean> {
    // Callers await (a stat, closing the old watcher) before getting here: a stop() or a
    // settings change in that gap must not be followed by a watcher nobody will ever close.
    if (this.stopped || this.runtimes.get(runtime.config.id) !== runtime) return Promise.resolve(false)
    const generation = ++runtime.generation
    const { config, root } = runtime
    runtime.identity = identity
    let ready = false
    const watcher = watch(root, {
      persistent: true,
      ignoreInitial: false,
      alwaysStat: true,
      depth: config.recursive ? undefined : 0,
      usePolling: this.usePolling,
      ignorePermissionErrors: true,
      // Filtering here keeps chokidar from holding a native watch on every text file and
      // temporary. Without stats we cannot tell a file from a folder named "trip.2024", so only
      // hidden names are dropped then.
      ignored: (filePath: string, stats?: Stats) => {
        if (filePath === root) return false
        if (isHiddenName(path.basename(filePath))) return true
        if (!stats?.isFile()) return false
        const reason = classifyWatchedPath(filePath)
        if (reason === null) return false
        if (this.isCurrent(runtime, generation)) this.reportIgnored(config.id, filePath, reason)
        return true
      }
    })
    runtime.watcher = watcher
    const initial = () => !ready
    watcher.on('add', (filePath, stats) => {
      if (this.isCurrent(runtime, generation)) this.consider(runtime, filePath, stats, initial())
    })
    watcher.on('change', (filePath, stats) => {
      if (this.isCurrent(runtime, generation)) this.consider(runtime, filePath, stats, false)
    })
    watcher.on('unlink', (filePath) => {
      if (this.isCurrent(runtime, generation)) this.forgetFile(filePath)
    })
    // Native watchers report the watched folder's own deletion or rename as a raw event named
    // after it (chokidar emits nothing else when the folder is recreated at once). A child of
    // the same name only costs a harmless quiet reopen.
    const rootName = path.basename(root)
    watcher.on('raw', (event, rawPath) => {
      if (event === 'rename' && path.basename(rawPath) === rootName && this.isCurrent(runtime, generation)) void this.pollFolder(runtime, true)
    })
    watcher.on('unlinkDir', (dirPath) => {
      // The folder itself went away: check now rather than at the next poll.
      if (this.isCurrent(runtime, generation) && dirPath === root) void this.pollFolder(runtime)
    })
    watcher.on('error', () => {
      if (this.isCurrent(runtime, generation)) void this.pollFolder(runtime)
    })
    return new Promise((resolve) => {
      runtime.abandonScan = () => resolve(false)
      watcher.once('ready', () => {
        ready = true
        const current = this.isCurrent(runtime, generation)
        if (current) {
          runtime.state = 'watching'
          runtime.scannedOnce = true
          runtime.abandonScan = null
        }
        resolve(current)
      })
    })
  }

  private isCurrent(runtime: FolderRuntime, generation: number): boolean {
    return !this.stopped && runtime.generation === generation && this.runtimes.get(runtime.config.id) === runtime
  }

  private async closeWatcher(runtime: FolderRuntime): Promise<void> {
    runtime.generation++
    const watcher = runtime.watcher
    runtime.watcher = null
    const id = runtime.config.id
    this.tracker.forgetWhere((_filePath, watchId) => watchId === id)
    for (const [filePath, held] of this.held) if (held.watchId === id) this.held.delete(filePath)
    runtime.abandonScan?.()
    runtime.abandonScan = null
    if (watcher) await watcher.close()
  }

  // ---- files ----------------------------------------------------------------------------

  private forgetFile(filePath: string): void {
    this.tracker.forget(filePath)
    this.held.delete(filePath)
    this.reportedIgnores.delete(filePath)
    for (const runtime of this.runtimes.values()) runtime.baseline.delete(filePath)
  }

  /** Checks that need no I/O, run on every add/change event before a file is tracked. */
  private consider(runtime: FolderRuntime, filePath: string, stats: Stats | undefined, initialScan: boolean): void {
    const watchId = runtime.config.id
    const nameReason = classifyWatchedPath(filePath)
    if (nameReason !== null) {
      this.reportIgnored(watchId, filePath, nameReason)
      return
    }
    if (this.inFlight.has(filePath)) return
    if (stats) {
      const identity = identityOf(stats)
      if (this.record.isOwnOutput(filePath, identity)) return this.reportIgnored(watchId, filePath, 'own-output')
      if (this.record.isSettled(filePath, identity)) return this.reportIgnored(watchId, filePath, 'already-processed')
      if (this.triedThisRun.has(identityKey(filePath, identity))) return
    }
    // A job for this very file was started by a run that was killed mid-encode: not "existing",
    // it was never done (issue #10). The record says so until the job's outcome replaces it.
    const interrupted = stats !== undefined && this.record.isInterrupted(filePath, identityOf(stats))
    if (!runtime.config.includeExisting && !interrupted) {
      if (initialScan && !runtime.scannedOnce) {
        runtime.baseline.add(filePath)
        return this.reportIgnored(watchId, filePath, 'existing')
      }
      // Still being written when watching started, or back with its folder: still "existing".
      if (runtime.baseline.has(filePath)) return
    }
    this.tracker.observe(filePath, watchId, stats ? identityOf(stats) : undefined)
  }

  private onStabilityOutcome(outcome: StabilityOutcome<string>): void {
    const runtime = this.runtimes.get(outcome.tag)
    // 'starting' too: a file can be complete before its folder's first scan ends (a big folder,
    // a short window), and its tracker entry is gone once it reports, so dropping it loses it.
    // Outcomes of a closed watcher cannot arrive: closeWatcher() forgets its pending files.
    if (!runtime || (runtime.state !== 'watching' && runtime.state !== 'starting') || this.stopped) return
    if (outcome.kind === 'gone') return
    if (outcome.kind === 'unreadable') {
      const { path: input } = outcome
      void statOrNull(input).then((stats) => {
        if (stats) {
          const identity = identityOf(stats)
          this.triedThisRun.add(identityKey(input, identity))
          const message = `Cannot open ${input} for reading (${outcome.error.code ?? outcome.error.message}). Check its permissions; it will be tried again next time watching starts.`
          this.record.recordInput(input, identity, {
            status: 'failed',
            reason: 'failed',
            message,
            errorCode: 'unreadable',
            final: false,
            output: null,
            watchId: runtime.config.id
          })
          this.emit({ type: 'failed', watchId: runtime.config.id, input, errorCode: 'unreadable', message, result: null })
        }
      })
      return
    }
    this.dispatch(runtime, outcome.file)
  }

  private dispatch(runtime: FolderRuntime, file: StableFile): void {
    const { config } = runtime
    const watchId = config.id
    if (this.pausedState) {
      this.held.set(file.path, { watchId, file })
      this.emit({ type: 'held', watchId, input: file.path })
      return
    }
    // Checked again with the final size/mtime: the add event may have come mid-write.
    if (this.inFlight.has(file.path)) return
    if (this.record.isOwnOutput(file.path, file)) return this.reportIgnored(watchId, file.path, 'own-output')
    if (this.record.isSettled(file.path, file)) return this.reportIgnored(watchId, file.path, 'already-processed')
    if (this.triedThisRun.has(identityKey(file.path, file))) return

    // Whether the file is already small enough, or not a video at all, is the engine's to say
    // (its checks and plan are the one source of those rules): every candidate is handed on.
    this.inFlight.add(file.path)
    this.emit({ type: 'queued', watchId, input: file.path, inputBytes: file.size })
    // Until its outcome replaces this, a restart after a kill knows the job was never finished.
    // Saved now, not with the next burst: a kill can come any time during the encode.
    this.record.recordStarted(file.path, file, watchId)
    void this.record.flush()
    let result: Promise<CompressResult>
    try {
      result = this.enqueue({ input: file.path, options: config.options, outputDir: config.outputDir, watchId })
    } catch (error) {
      result = Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    const job = result
      .catch((error: unknown) => unexpectedResult(file, error))
      .then((outcome) => this.onResult(watchId, file, outcome))
      .catch((error: unknown) => this.emit({ type: 'warning', message: `Could not record the result for ${file.path}: ${describeError(error).message}` }))
      .finally(() => {
        this.inFlight.delete(file.path)
        this.jobs.delete(job)
      })
    this.jobs.add(job)
  }

  /**
   * Resolves after one more stability window, or at once when stopping. A verdict on the file
   * itself (not a video, already small enough) on a copy that stalled longer than the window is
   * a verdict on half a file: the copy going on within this window shows it (issue #10).
   */
  private confirmationWindow(): Promise<void> {
    if (this.stopped) return Promise.resolve()
    return new Promise((resolve) => {
      const end = (): void => {
        clearTimeout(timer)
        this.confirmations.delete(end)
        resolve()
      }
      const timer = setTimeout(end, this.stabilityMs)
      this.confirmations.add(end)
    })
  }

  /** The file is still there but no longer the version that was judged: it was still growing. */
  private async changedSince(file: StableFile): Promise<Stats | null> {
    const now = await statOrNull(file.path)
    return now?.isFile() && (now.size !== file.size || now.mtimeMs !== file.mtimeMs) ? now : null
  }

  /** Takes a file again as new (it changed after it was handed on), if its folder still watches it. */
  private reconsider(watchId: string, input: string, now: Stats): void {
    const live = this.runtimes.get(watchId)
    if (this.stopped || live?.state !== 'watching' || !isInside(live.root, input)) return
    this.inFlight.delete(input)
    this.consider(live, input, now, false)
  }

  private async onResult(watchId: string, file: StableFile, result: CompressResult): Promise<void> {
    const input = file.path
    // The output first: it is already on disk and must be recognised as ours right away.
    if (result.output) {
      const outputStats = await statOrNull(result.output)
      if (outputStats) this.record.recordOutput(result.output, identityOf(outputStats), input)
    }
    if (result.status === 'skipped' || (result.status === 'failed' && result.errorCode !== 'not-found')) {
      await this.confirmationWindow()
      const grown = await this.changedSince(file)
      if (grown) {
        // Still being written: no line about the half file; the whole one is judged when complete.
        this.reconsider(watchId, input, grown)
        return
      }
    }
    const message = result.message
    switch (result.status) {
      case 'done':
        this.record.recordInput(input, file, { status: 'done', reason: 'compressed', message, final: true, output: result.output, watchId })
        this.emit({ type: 'done', watchId, input, output: result.output, inputBytes: result.inputBytes, outputBytes: result.outputBytes, message, result })
        break
      case 'skipped':
        // The engine's "skipped" means already under the target (issue #2); its word is recorded.
        this.record.recordInput(input, file, { status: 'skipped', reason: 'already-small-enough', message, final: true, output: result.output, watchId })
        this.emit({ type: 'skipped', watchId, input, reason: 'already-small-enough', message, result })
        break
      case 'cancelled':
        this.triedThisRun.add(identityKey(input, file))
        // Stopped with the watcher (Ctrl-C, quitting): the `started` entry stays, so the next
        // start takes the file again. Cancelled on its own (the queue's Cancel) while watching
        // goes on: not final either, but no longer "started", so a restart leaves it alone
        // unless the folder includes existing files.
        if (!this.stopped)
          this.record.recordInput(input, file, { status: 'failed', reason: 'failed', message, errorCode: 'cancelled', final: false, output: null, watchId })
        this.emit({ type: 'cancelled', watchId, input, message })
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
          this.record.recordInput(input, file, { status: 'skipped', reason, message: note, errorCode: result.errorCode, final: false, output: null, watchId })
          this.emit({ type: 'skipped', watchId, input, reason, message: note, result })
          break
        }
        const errorCode = result.errorCode ?? 'unexpected'
        this.triedThisRun.add(identityKey(input, file))
        this.record.recordInput(input, file, {
          status: 'failed',
          reason: 'failed',
          message,
          errorCode,
          final: FILE_PROBLEM_CODES.has(errorCode),
          output: null,
          watchId
        })
        this.emit({ type: 'failed', watchId, input, errorCode, message, result })
        break
      }
    }
    if (result.status === 'cancelled' || this.stopped) return
    // Rewritten while it was being processed: the new version is a new file.
    const now = await this.changedSince(file)
    if (now) this.reconsider(watchId, input, now)
  }
}

function unexpectedResult(file: StableFile, error: unknown): CompressResult {
  return resultFromError({ input: file.path, inputBytes: file.size }, error)
}

export function createWatchService(options: WatchServiceOptions): WatchService {
  return new WatchService(options)
}
