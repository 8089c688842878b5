// Watch folders (issue #5): every new, complete video in a watched folder is handed to the queue
// with that folder's request, exactly once, and the app's own outputs never come back in.
//
// Plain Node (no Electron): the app's main process, the CLI and the tests all run it, each
// injecting how work is handed on (`enqueue`) and where the record of handled files lives.
//
// This is the folder watcher and the service's public face: chokidar per folder, the folders'
// availability (missing, unreadable, replaced, back), the checks by name, and completeness
// (StabilityTracker, ./stability.ts). What happens to each file, from its record to its result,
// is the file pipeline's (./file-pipeline.ts).
//
// Flow of one file: chokidar reports add/change -> cheap checks by name and by record ->
// StabilityTracker waits until it is complete -> checks again with its final size/mtime ->
// `queued` -> enqueue(job) -> result recorded (input and output) -> `done`/`skipped`/`failed`.
import { watch, type FSWatcher } from 'chokidar'
import { constants as fsConstants, type Stats } from 'node:fs'
import { access, opendir } from 'node:fs/promises'
import path from 'node:path'
import type { CompressResult } from '../../shared/compression'
import { FilePipeline } from './file-pipeline'
import type { WatchRecord } from './record'
import { GrowthCheck, identityOf, StabilityTracker, statOrNull, type StabilityOutcome, type StableFile } from './stability'
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

function folderIdentity(stats: Stats): string {
  return `${stats.dev}:${stats.ino}`
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
  private readonly growth: GrowthCheck
  private readonly files: FilePipeline
  /** Complete files waiting while paused. */
  private readonly held = new Map<string, { watchId: string; file: StableFile }>()
  private readonly reportedIgnores = new Map<string, IgnoreReason>()
  private readonly folderPollMs: number
  private readonly usePolling: boolean
  private pollTimer: NodeJS.Timeout | null = null
  private polling = false
  private pausedState = false
  private started = false
  private stopped = false
  private stopping: Promise<void> | null = null

  constructor(private readonly options: WatchServiceOptions) {
    this.folderPollMs = options.folderPollMs ?? DEFAULT_FOLDER_POLL_MS
    this.usePolling = options.usePolling ?? false
    const stabilityMs = options.stabilityMs ?? DEFAULT_STABILITY_MS
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
    this.growth = new GrowthCheck(stabilityMs)
    this.files = new FilePipeline({
      enqueue: options.enqueue,
      record: options.record,
      growth: this.growth,
      emit: (event) => this.emit(event),
      ignored: (watchId, input, reason) => this.reportIgnored(watchId, input, reason),
      retake: (watchId, input, now) => this.retake(watchId, input, now)
    })
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
    this.files.stop()
    if (this.pollTimer) clearInterval(this.pollTimer)
    this.pollTimer = null
    this.tracker.close()
    this.held.clear()
    this.growth.close()
    await Promise.all([...this.runtimes.values()].map((runtime) => this.closeWatcher(runtime)))
    await this.files.flush()
  }

  /** Resolves when every job handed on so far has finished and been recorded. */
  idle(): Promise<void> {
    return this.files.idle()
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
    return this.files.adopt(watchId, input, result)
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
    const identity = stats ? identityOf(stats) : undefined
    const admission = this.files.admit(watchId, filePath, identity)
    if (admission === 'leave') return
    // A job interrupted by a killed run is not "existing": it was never done (issue #10).
    if (!runtime.config.includeExisting && admission !== 'interrupted') {
      if (initialScan && !runtime.scannedOnce) {
        runtime.baseline.add(filePath)
        return this.reportIgnored(watchId, filePath, 'existing')
      }
      // Still being written when watching started, or back with its folder: still "existing".
      if (runtime.baseline.has(filePath)) return
    }
    this.tracker.observe(filePath, watchId, identity)
  }

  private onStabilityOutcome(outcome: StabilityOutcome<string>): void {
    const runtime = this.runtimes.get(outcome.tag)
    // 'starting' too: a file can be complete before its folder's first scan ends (a big folder,
    // a short window), and its tracker entry is gone once it reports, so dropping it loses it.
    // Outcomes of a closed watcher cannot arrive: closeWatcher() forgets its pending files.
    if (!runtime || (runtime.state !== 'watching' && runtime.state !== 'starting') || this.stopped) return
    if (outcome.kind === 'gone') return
    if (outcome.kind === 'unreadable') return this.files.unreadable(runtime.config.id, outcome.path, outcome.error)
    if (this.pausedState) {
      this.held.set(outcome.file.path, { watchId: runtime.config.id, file: outcome.file })
      this.emit({ type: 'held', watchId: runtime.config.id, input: outcome.file.path })
      return
    }
    this.files.take(runtime.config, outcome.file)
  }

  /** Takes a file again as new (it changed after it was handed on), if its folder still watches it. */
  private retake(watchId: string, input: string, now: Stats): void {
    const live = this.runtimes.get(watchId)
    if (this.stopped || live?.state !== 'watching' || !isInside(live.root, input)) return
    this.files.release(input)
    this.consider(live, input, now, false)
  }
}

export function createWatchService(options: WatchServiceOptions): WatchService {
  return new WatchService(options)
}
