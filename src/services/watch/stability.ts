// Decides when a file is complete (issue #5: "size and modification time have stopped changing
// for a few seconds and it can be opened for reading").
//
// One sweep timer for all pending files instead of a poller per file (chokidar's
// awaitWriteFinish keeps a timer and a stat loop per file): with 1,000 files already in a folder
// that is 1,000 timers firing every 100 ms. Here a file is stat'ed only when its window has run
// out, in batches of bounded concurrency, and file-system change events reset its window for
// free. The timer runs only while something is pending.
//
// After a verdict on the file itself, GrowthCheck takes the second look: whether the file went on
// growing after it counted as complete.
import type { Stats } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import type { FileIdentity } from './record'

export interface StabilityOptions {
  /** How long size and mtime must stay unchanged. */
  stabilityMs: number
  /** How often pending files are looked at; a file is stat'ed only once its window ran out. */
  sweepIntervalMs: number
  /** Stats and opens in flight at once, so a big batch neither floods the thread pool nor crawls. */
  concurrency: number
  /** Windows in a row a stable file may refuse to open (locked by its writer) before it is reported. */
  maxOpenAttempts: number
}

export interface StableFile extends FileIdentity {
  path: string
}

export type StabilityOutcome<Tag> =
  | { kind: 'stable'; file: StableFile; tag: Tag }
  | { kind: 'gone'; path: string; tag: Tag }
  | { kind: 'unreadable'; path: string; tag: Tag; error: NodeJS.ErrnoException }

interface Pending<Tag> {
  tag: Tag
  /** -1 until first stat'ed (no stats came with the event). */
  size: number
  mtimeMs: number
  /** When size/mtime were last seen to change (or first seen). */
  since: number
  /** Bumped by every observe(), so a stat that raced with a newer event is discarded. */
  generation: number
  openAttempts: number
}

export function identityOf(stats: Stats): FileIdentity {
  return { size: stats.size, mtimeMs: stats.mtimeMs }
}

export async function statOrNull(filePath: string): Promise<Stats | null> {
  try {
    return await stat(filePath)
  } catch {
    return null
  }
}

/** Errors that mean "its writer still holds it" (mostly Windows share locks), worth another window. */
const LOCKED_CODES = new Set(['EBUSY', 'EPERM', 'EACCES', 'EAGAIN'])

export class StabilityTracker<Tag> {
  private readonly pending = new Map<string, Pending<Tag>>()
  private timer: NodeJS.Timeout | null = null
  private sweeping = false
  private closed = false

  constructor(
    private readonly options: StabilityOptions,
    private readonly onOutcome: (outcome: StabilityOutcome<Tag>) => void,
    private readonly now: () => number = Date.now
  ) {}

  get size(): number {
    return this.pending.size
  }

  has(filePath: string): boolean {
    return this.pending.has(filePath)
  }

  /** Starts or restarts the window for a file (an add or change event). */
  observe(filePath: string, tag: Tag, identity?: FileIdentity): void {
    if (this.closed) return
    const previous = this.pending.get(filePath)
    this.pending.set(filePath, {
      tag,
      size: identity?.size ?? -1,
      mtimeMs: identity?.mtimeMs ?? -1,
      since: this.now(),
      generation: (previous?.generation ?? 0) + 1,
      openAttempts: previous?.openAttempts ?? 0
    })
    this.arm()
  }

  forget(filePath: string): void {
    this.pending.delete(filePath)
  }

  /** Drops every pending file the predicate matches (e.g. all under a folder that went away). */
  forgetWhere(predicate: (filePath: string, tag: Tag) => boolean): void {
    for (const [filePath, entry] of this.pending) if (predicate(filePath, entry.tag)) this.pending.delete(filePath)
  }

  close(): void {
    this.closed = true
    this.pending.clear()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private arm(): void {
    if (this.timer || this.sweeping || this.closed || this.pending.size === 0) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.sweep()
    }, this.options.sweepIntervalMs)
  }

  private async sweep(): Promise<void> {
    this.sweeping = true
    try {
      const now = this.now()
      const due: string[] = []
      for (const [filePath, entry] of this.pending) {
        if (entry.size < 0 || now - entry.since >= this.options.stabilityMs) due.push(filePath)
      }
      for (let start = 0; start < due.length && !this.closed; start += this.options.concurrency) {
        await Promise.all(due.slice(start, start + this.options.concurrency).map((filePath) => this.check(filePath)))
      }
    } finally {
      this.sweeping = false
      this.arm()
    }
  }

  private async check(filePath: string): Promise<void> {
    const entry = this.pending.get(filePath)
    if (!entry) return
    const generation = entry.generation
    const current = () => !this.closed && this.pending.get(filePath)?.generation === generation

    let stats: Stats
    try {
      stats = await stat(filePath)
    } catch {
      // Removed, or its folder went away: either way there is nothing to hand on.
      if (!current()) return
      this.pending.delete(filePath)
      this.onOutcome({ kind: 'gone', path: filePath, tag: entry.tag })
      return
    }
    if (!current()) return
    if (!stats.isFile()) {
      this.pending.delete(filePath)
      return
    }
    if (stats.size !== entry.size || stats.mtimeMs !== entry.mtimeMs) {
      entry.size = stats.size
      entry.mtimeMs = stats.mtimeMs
      entry.since = this.now()
      return
    }
    if (this.now() - entry.since < this.options.stabilityMs) return

    try {
      const handle = await open(filePath, 'r')
      await handle.close()
    } catch (error) {
      if (!current()) return
      const code = (error as NodeJS.ErrnoException).code ?? ''
      if (code === 'ENOENT') {
        this.pending.delete(filePath)
        this.onOutcome({ kind: 'gone', path: filePath, tag: entry.tag })
        return
      }
      entry.openAttempts++
      if (LOCKED_CODES.has(code) && entry.openAttempts < this.options.maxOpenAttempts) {
        entry.since = this.now()
        return
      }
      this.pending.delete(filePath)
      this.onOutcome({ kind: 'unreadable', path: filePath, tag: entry.tag, error: error as NodeJS.ErrnoException })
      return
    }
    if (!current()) return
    this.pending.delete(filePath)
    this.onOutcome({ kind: 'stable', file: { path: filePath, size: stats.size, mtimeMs: stats.mtimeMs }, tag: entry.tag })
  }
}

/**
 * The second look after a verdict on the file itself (not a video, already small enough): on a copy
 * that stalled longer than the stability window it is a verdict on half a file, and the copy going
 * on within one more window shows it (issue #10).
 */
export class GrowthCheck {
  /** Ends the waits under way (stopping must not wait a window for each). */
  private readonly waits = new Set<() => void>()
  private closed = false

  constructor(private readonly windowMs: number) {}

  /** Resolves after one more stability window, or at once once closed. */
  window(): Promise<void> {
    if (this.closed) return Promise.resolve()
    return new Promise((resolve) => {
      const end = (): void => {
        clearTimeout(timer)
        this.waits.delete(end)
        resolve()
      }
      const timer = setTimeout(end, this.windowMs)
      this.waits.add(end)
    })
  }

  /** The file is still there but no longer the version that was judged: it was still growing. */
  async changedSince(file: StableFile): Promise<Stats | null> {
    const now = await statOrNull(file.path)
    return now?.isFile() && (now.size !== file.size || now.mtimeMs !== file.mtimeMs) ? now : null
  }

  close(): void {
    this.closed = true
    for (const end of this.waits) end()
  }
}
