// Who owns a temporary file (issue #10 "Stale work from a dead process is cleaned up"). Each
// process that writes temporary work (hidden `.NAME.compressing-XXXXXXXX.ext` outputs, two-pass
// log folders) keeps a small journal in a state folder of the temp directory listing those paths,
// written before the path is created and updated after it is gone; with nothing left, the journal
// is removed, so a normal run leaves nothing. A journal is named after its owner: pid and the
// process's start time as the OS reports it, so a pid reused by another process is not taken
// for the owner. At the next start of the CLI, the watcher or the app, cleanStaleWork() removes
// what the journals of dead owners list; a live parallel run's files are never touched.
import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { lstat, mkdir, readFile, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

export type WorkKind = 'file' | 'folder'

/** `.<name>.compressing-<8 hex>.<ext>`: the engine's hidden temporary outputs (output.ts). */
export const TEMP_OUTPUT_NAME = /^\.(.+)\.compressing-([0-9a-f]{8})\.([A-Za-z0-9]+)$/
/** The two-pass statistics folders in the temp directory (makeWorkFolder). */
const WORK_FOLDER_NAME = /^compress-video-pass-[0-9a-f]{8}$/
const JOURNAL_NAME = /^(\d+)-([0-9a-f]{16}|unknown)\.json(\.tmp)?$/

/** Only names of our own shapes are ever removed, whatever a journal says. */
function hasWorkShape(entry: { path: string; kind: WorkKind }): boolean {
  const name = path.basename(entry.path)
  return path.isAbsolute(entry.path) && (entry.kind === 'file' ? TEMP_OUTPUT_NAME.test(name) : WORK_FOLDER_NAME.test(name))
}

/** One folder per user: /tmp is shared on POSIX, and nobody else's journals are read. */
export function defaultStateFolder(): string {
  const uid = process.getuid?.()
  return path.join(os.tmpdir(), uid === undefined ? 'compress-video-work' : `compress-video-work-${uid}`)
}

// ---- process identity -----------------------------------------------------------------------

type ProcessState = { running: false } | { running: true; startToken: string | null }

/** Whether `pid` runs, and an opaque token of when it started (null when the OS does not say). */
async function processState(pid: number): Promise<ProcessState> {
  if (process.platform === 'linux') {
    let stat: string
    try {
      stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { running: false }
      return { running: true, startToken: null }
    }
    // "pid (comm) state ... starttime": comm may hold spaces and parentheses, so count from the
    // last ')'. After it, field 3 (state) is the first and field 22 (starttime) the 20th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (fields[0] === 'Z' || fields[0] === 'X') return { running: false }
    return { running: true, startToken: fields[19] ?? null }
  }
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return { running: false }
    // EPERM: it runs, as another user.
  }
  try {
    if (process.platform === 'win32') {
      const { stdout } = await execFileAsync(
        'powershell.exe',
        ['-NoProfile', '-NonInteractive', '-Command', `(Get-Process -Id ${pid}).StartTime.ToFileTimeUtc()`],
        { windowsHide: true }
      )
      return { running: true, startToken: stdout.trim() || null }
    }
    const { stdout } = await execFileAsync('ps', ['-o', 'stat=,lstart=', '-p', String(pid)], { env: { ...process.env, LC_ALL: 'C' } })
    const text = stdout.trim()
    if (!text) return { running: false }
    if (text.startsWith('Z')) return { running: false }
    return { running: true, startToken: text.replace(/^\S+\s+/, '') }
  } catch {
    return { running: true, startToken: null }
  }
}

function tokenHash(token: string | null): string {
  return token === null ? 'unknown' : createHash('sha256').update(token).digest('hex').slice(0, 16)
}

/** Whether the owner named by a journal (pid + start token hash) still runs. */
async function ownerIsAlive(pid: number, hash: string): Promise<boolean> {
  const state = await processState(pid)
  if (!state.running) return false
  // A start time we cannot read (now or then) cannot tell a reused pid: keep its files.
  if (hash === 'unknown' || state.startToken === null) return true
  return tokenHash(state.startToken) === hash
}

// ---- this process's journal -----------------------------------------------------------------

interface JournalEntry {
  path: string
  kind: WorkKind
}

const entries = new Map<string, WorkKind>()
let journalName: Promise<string> | null = null
let writes: Promise<void> = Promise.resolve()

function ownJournalName(): Promise<string> {
  journalName ??= processState(process.pid).then((state) => `${process.pid}-${tokenHash(state.running ? state.startToken : null)}.json`)
  return journalName
}

/**
 * The state folder, made if needed; null when it is not ours (another user's, or a link), so
 * nothing is written or read there.
 */
async function ownStateFolder(folder: string): Promise<string | null> {
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 })
    const info = await lstat(folder)
    if (!info.isDirectory()) return null
    const uid = process.getuid?.()
    if (uid !== undefined && info.uid !== uid) return null
    return folder
  } catch {
    return null
  }
}

async function writeJournal(): Promise<void> {
  const folder = await ownStateFolder(defaultStateFolder())
  if (!folder) return
  const file = path.join(folder, await ownJournalName())
  if (entries.size === 0) {
    await rm(file, { force: true })
    return
  }
  const journal: JournalEntry[] = [...entries].map(([entryPath, kind]) => ({ path: entryPath, kind }))
  // Written aside and renamed, so a kill mid-write leaves the previous journal whole.
  await writeFile(`${file}.tmp`, JSON.stringify({ version: 1, paths: journal }), { mode: 0o600 })
  await rename(`${file}.tmp`, file)
}

function persist(): Promise<void> {
  // One write at a time, each writing the entries as they are then, so the last state wins.
  // The journal is bookkeeping for after a crash: failing to write it must not fail the job.
  writes = writes.then(writeJournal).catch(() => undefined)
  return writes
}

/** Records `workPath` as this process's before it is created. */
export async function claimWork(workPath: string, kind: WorkKind): Promise<void> {
  entries.set(path.resolve(workPath), kind)
  await persist()
}

/** Forgets `workPath` once it is gone (removed or moved into place). */
export async function releaseWork(workPath: string): Promise<void> {
  if (!entries.delete(path.resolve(workPath))) return
  await persist()
}

/** A new, empty folder in the temp directory for two-pass statistics, claimed before it exists. */
export async function makeWorkFolder(): Promise<string> {
  for (;;) {
    const folder = path.join(os.tmpdir(), `compress-video-pass-${randomBytes(4).toString('hex')}`)
    await claimWork(folder, 'folder')
    try {
      await mkdir(folder, { mode: 0o700 })
      return folder
    } catch (error) {
      await releaseWork(folder)
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}

// ---- other processes' journals ----------------------------------------------------------------

interface ForeignJournal {
  file: string
  pid: number
  hash: string
}

/** The journals in `folder` other than this process's own. */
async function journalsIn(folder: string): Promise<ForeignJournal[]> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return []
  }
  const journals: ForeignJournal[] = []
  for (const name of names) {
    const match = JOURNAL_NAME.exec(name)
    if (!match) continue
    const pid = Number(match[1])
    // Our own start time is asked for (a process start on Windows) only when our pid is there.
    if (pid === process.pid && name.replace(/\.tmp$/, '') === (await ownJournalName())) continue
    journals.push({ file: path.join(folder, name), pid, hash: match[2] ?? 'unknown' })
  }
  return journals
}

async function readEntries(file: string): Promise<JournalEntry[]> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { paths?: unknown }
    if (!Array.isArray(parsed.paths)) return []
    return parsed.paths.filter(
      (entry): entry is JournalEntry =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as JournalEntry).path === 'string' &&
        ((entry as JournalEntry).kind === 'file' || (entry as JournalEntry).kind === 'folder')
    )
  } catch {
    return [] // Gone meanwhile (another process cleaned it), or cut short by a crash.
  }
}

export interface StaleWorkOptions {
  /** Where the journals are (tests); the per-user folder in the temp directory by default. */
  stateFolder?: string
}

/**
 * Removes what processes that are gone left behind: the temporary outputs and two-pass folders
 * their journals list, then the journals. Files of live processes (a parallel CLI, the app) and
 * anything not of our temporary shapes are never touched. Returns the paths removed; never
 * throws (a cleanup must not stop a start).
 */
export async function cleanStaleWork(options: StaleWorkOptions = {}): Promise<string[]> {
  const folder = await ownStateFolder(options.stateFolder ?? defaultStateFolder())
  if (!folder) return []
  const removed: string[] = []
  for (const journal of await journalsIn(folder)) {
    if (await ownerIsAlive(journal.pid, journal.hash)) continue
    for (const entry of await readEntries(journal.file)) {
      if (!hasWorkShape(entry)) continue
      try {
        const info = await lstat(entry.path)
        if (entry.kind === 'file' ? !info.isFile() : !info.isDirectory()) continue
        await rm(entry.path, { recursive: entry.kind === 'folder', force: true })
        removed.push(entry.path)
      } catch {
        // Already gone (or unreachable): nothing to remove.
      }
    }
    await unlink(journal.file).catch(() => undefined)
  }
  return removed
}

/** Whether a live process (this one included) lists `workPath` as its work in progress. */
export async function isLiveWork(workPath: string, options: StaleWorkOptions = {}): Promise<boolean> {
  const resolved = path.resolve(workPath)
  if (entries.has(resolved)) return true
  const folder = await ownStateFolder(options.stateFolder ?? defaultStateFolder())
  if (!folder) return false
  for (const journal of await journalsIn(folder)) {
    if (!(await readEntries(journal.file)).some((entry) => entry.path === resolved)) continue
    if (await ownerIsAlive(journal.pid, journal.hash)) return true
  }
  return false
}
