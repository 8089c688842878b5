// The persistent record that keeps watch folders loop-free across restarts (issue #5 "No loops,
// ever"): (a) every output the app wrote, so it is never taken as a new input even when renamed
// or written into another watched folder; (b) every input handled, keyed by path and identified
// by size + mtime, so the same file is never processed twice. The app and the CLI share one file.
//
// This is the record itself: its entries and their states, the schemas that check them, the
// lookups, and when and how it is saved (in bursts, merged with what another process saved).
// Where it is stored, with the file's atomic writes and cross-process lock, is ./record-storage.ts.
import path from 'node:path'
import { z } from 'zod'
import { defaultWatchRecordPath, fileRecordStorage, type WatchRecordStorage } from './record-storage'

const identityShape = { size: z.number().nonnegative(), mtimeMs: z.number() }

// The record's types are derived from the schemas that check the file when it is read (z.infer),
// so the two cannot drift.

/** What identifies one version of a file: a file rewritten in place is a new file. */
export type FileIdentity = z.infer<z.ZodObject<typeof identityShape>>

/**
 * `started`: handed on and not finished. Written when a job starts and replaced by its outcome,
 * so an entry still `started` after its process is gone means the job was interrupted (the
 * process was killed or crashed mid-encode), and the next start takes the file again.
 */
const INPUT_STATUSES = ['started', 'done', 'skipped', 'failed'] as const
export type InputStatus = (typeof INPUT_STATUSES)[number]

/** Machine-readable reason for an input's status, next to the human `message`. */
const INPUT_REASONS = ['in-progress', 'compressed', 'already-small-enough', 'removed-before-processing', 'removed-while-processing', 'failed'] as const
export type InputReason = (typeof INPUT_REASONS)[number]

const inputEntrySchema = z.object({
  ...identityShape,
  status: z.enum(INPUT_STATUSES),
  reason: z.enum(INPUT_REASONS),
  /** One sentence for people (usually the engine's message). */
  message: z.string(),
  errorCode: z.string().optional(),
  /**
   * True when this exact file must never be taken again. False for outcomes that say nothing
   * about the file itself (it was removed, the disk was full, ffmpeg was missing): those are
   * reported once per session and tried again after a restart.
   */
  final: z.boolean(),
  output: z.string().nullable(),
  watchId: z.string().nullable(),
  recordedAt: z.number(),
  /** The process that started the job (status `started` only), to tell a live run from a dead one. */
  pid: z.number().int().positive().optional()
})
export type InputEntry = z.infer<typeof inputEntrySchema>

const outputEntrySchema = z.object({ ...identityShape, input: z.string(), recordedAt: z.number() })
export type OutputEntry = z.infer<typeof outputEntrySchema>

const RECORD_VERSION = 1

const recordFileSchema = z.object({
  version: z.literal(RECORD_VERSION),
  inputs: z.record(z.string(), inputEntrySchema),
  outputs: z.record(z.string(), outputEntrySchema)
})

type RecordFile = z.infer<typeof recordFileSchema>

export interface OpenWatchRecordOptions {
  /** Defaults to fileRecordStorage(defaultWatchRecordPath()). */
  storage?: WatchRecordStorage
  /** Coalesces bursts (1,000 files at start-up) into one write. */
  saveDelayMs?: number
  now?: () => number
  /** Told when the stored record could not be read or saved; the record keeps working in memory. */
  onWarning?: (message: string) => void
}

export interface RecordInputDetails {
  status: InputStatus
  reason: InputReason
  message: string
  errorCode?: string | undefined
  final: boolean
  output: string | null
  watchId: string | null
}

/** True while process `pid` runs (EPERM: it runs as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs
}

function identityKey(identity: FileIdentity): string {
  return `${identity.size}:${identity.mtimeMs}`
}

function emptyRecord(): RecordFile {
  return { version: RECORD_VERSION, inputs: {}, outputs: {} }
}

function parseRecord(text: string): RecordFile | null {
  try {
    const parsed = recordFileSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Keeps, per path, whichever entry was recorded last (by this process or another). */
function mergeNewest<T extends { recordedAt: number }>(ours: Record<string, T>, theirs: Record<string, T>): Record<string, T> {
  const merged: Record<string, T> = { ...theirs }
  for (const [key, entry] of Object.entries(ours)) {
    const other = merged[key]
    if (!other || other.recordedAt <= entry.recordedAt) merged[key] = entry
  }
  return merged
}

interface QueuedSave {
  done: Promise<void>
  /** The change count when the save began reading and writing; null while it waits its turn. */
  changesAtStart: number | null
}

export class WatchRecord {
  private data: RecordFile = emptyRecord()
  /** size:mtime of every recorded output, so a renamed output is still recognised. */
  private outputIdentities = new Set<string>()
  private saveTimer: NodeJS.Timeout | null = null
  private saving: Promise<void> = Promise.resolve()
  /** The save at the end of the chain until it finishes, to join instead of queueing another. */
  private lastSave: QueuedSave | null = null
  /** Counts recordInput/recordOutput calls, so a save knows whether it carries the latest ones. */
  private changes = 0
  private dirty = false
  private readonly storage: WatchRecordStorage
  private readonly saveDelayMs: number
  private readonly now: () => number
  private readonly onWarning: (message: string) => void

  private constructor(options: OpenWatchRecordOptions) {
    this.storage = options.storage ?? fileRecordStorage(defaultWatchRecordPath())
    this.saveDelayMs = options.saveDelayMs ?? 100
    this.now = options.now ?? Date.now
    this.onWarning = options.onWarning ?? (() => undefined)
  }

  static async open(options: OpenWatchRecordOptions = {}): Promise<WatchRecord> {
    const record = new WatchRecord(options)
    await record.load()
    return record
  }

  private async load(): Promise<void> {
    let text: string | null
    try {
      text = await this.storage.load()
    } catch (error) {
      this.onWarning(`Could not read the watch record (${(error as Error).message}); starting with an empty one.`)
      return
    }
    if (text === null) return
    const parsed = parseRecord(text)
    if (parsed) {
      this.replace(parsed)
      return
    }
    // Never silently drop history: keep the unreadable text aside and say where.
    const aside = await this.storage.quarantine(text).catch(() => null)
    this.onWarning(`The watch record was unreadable and was set aside${aside ? ` as ${aside}` : ''}; starting with an empty one.`)
  }

  private replace(data: RecordFile): void {
    this.data = data
    this.outputIdentities = new Set(Object.values(data.outputs).map(identityKey))
  }

  /** The entry for this exact version of the file, if any. */
  findInput(filePath: string, identity: FileIdentity): InputEntry | null {
    const entry = this.data.inputs[path.resolve(filePath)]
    return entry && sameIdentity(entry, identity) ? entry : null
  }

  /** True when this exact file was handled for good and must not be taken again. */
  isSettled(filePath: string, identity: FileIdentity): boolean {
    return this.findInput(filePath, identity)?.final === true
  }

  /**
   * True when the file is one we wrote: same path and identity, or the same size and mtime
   * under another name (a rename keeps both; an unrelated file matching both to the
   * sub-millisecond is not a realistic case).
   */
  isOwnOutput(filePath: string, identity: FileIdentity): boolean {
    const entry = this.data.outputs[path.resolve(filePath)]
    if (entry && sameIdentity(entry, identity)) return true
    return this.outputIdentities.has(identityKey(identity))
  }

  /**
   * True when a job for this exact file was started and never finished by a process that is gone
   * (killed or crashed mid-encode), or by this process's own earlier watcher: take it again.
   */
  isInterrupted(filePath: string, identity: FileIdentity): boolean {
    const entry = this.findInput(filePath, identity)
    if (entry?.status !== 'started') return false
    return entry.pid === undefined || entry.pid === process.pid || !processAlive(entry.pid)
  }

  /** Notes that a job for this file was handed on; its outcome replaces the entry (recordInput). */
  recordStarted(filePath: string, identity: FileIdentity, watchId: string | null): void {
    this.recordInput(filePath, identity, { status: 'started', reason: 'in-progress', message: 'Being compressed.', final: false, output: null, watchId })
    const entry = this.data.inputs[path.resolve(filePath)]
    if (entry) entry.pid = process.pid
  }

  recordInput(filePath: string, identity: FileIdentity, details: RecordInputDetails): void {
    const entry: InputEntry = {
      size: identity.size,
      mtimeMs: identity.mtimeMs,
      status: details.status,
      reason: details.reason,
      message: details.message,
      final: details.final,
      output: details.output,
      watchId: details.watchId,
      recordedAt: this.now()
    }
    if (details.errorCode !== undefined) entry.errorCode = details.errorCode
    this.data.inputs[path.resolve(filePath)] = entry
    this.scheduleSave()
  }

  recordOutput(filePath: string, identity: FileIdentity, input: string): void {
    this.data.outputs[path.resolve(filePath)] = {
      size: identity.size,
      mtimeMs: identity.mtimeMs,
      input: path.resolve(input),
      recordedAt: this.now()
    }
    this.outputIdentities.add(identityKey(identity))
    this.scheduleSave()
  }

  /** A copy of everything recorded (for the app's history view and for tests). */
  snapshot(): { inputs: Record<string, InputEntry>; outputs: Record<string, OutputEntry> } {
    return structuredClone({ inputs: this.data.inputs, outputs: this.data.outputs })
  }

  /** After flush(): true when something recorded could not be stored (the save failed). */
  get hasUnsavedChanges(): boolean {
    return this.dirty
  }

  private scheduleSave(): void {
    this.changes++
    this.dirty = true
    if (this.saveTimer) return
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null
      void this.flush()
    }, this.saveDelayMs)
  }

  /** Writes pending changes now; resolves when they are stored. Never rejects. */
  flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer)
      this.saveTimer = null
    }
    // A save not started yet will store everything recorded so far, and so does a running one
    // if nothing was recorded since it began: wait for that one rather than queue another. Behind
    // a lock held by a hung process each save waits 12-15 s, and shutting down flushes twice
    // (WatchService.stop() and idle()).
    const last = this.lastSave
    if (last && (last.changesAtStart === null || last.changesAtStart === this.changes)) return last.done
    // Chained so writes never interleave; a write that finds nothing dirty is a no-op.
    const save: QueuedSave = { done: Promise.resolve(), changesAtStart: null }
    save.done = this.saving
      .then(() => {
        save.changesAtStart = this.changes
        return this.saveNow()
      })
      .finally(() => {
        if (this.lastSave === save) this.lastSave = null
      })
    this.lastSave = save
    this.saving = save.done
    return save.done
  }

  private async saveNow(): Promise<void> {
    if (!this.dirty) return
    this.dirty = false
    const readMergeWrite = async (): Promise<void> => {
      const onDisk = await this.storage.load().then((text) => (text === null ? null : parseRecord(text)))
      if (onDisk) {
        this.replace({
          version: RECORD_VERSION,
          inputs: mergeNewest(this.data.inputs, onDisk.inputs),
          outputs: mergeNewest(this.data.outputs, onDisk.outputs)
        })
      }
      await this.storage.save(JSON.stringify(this.data))
    }
    try {
      // Under the cross-process lock: another process's save cannot land between our read and
      // our write and be overwritten (that would lose its entries and process files twice).
      await (this.storage.exclusive ? this.storage.exclusive(readMergeWrite) : readMergeWrite())
    } catch (error) {
      this.dirty = true
      this.onWarning(`Could not save the watch record (${(error as Error).message}); will retry on the next change.`)
    }
  }
}

export function openWatchRecord(options: OpenWatchRecordOptions = {}): Promise<WatchRecord> {
  return WatchRecord.open(options)
}
