// Where the record of handled files (./record.ts) is kept: a small port, so the app, the CLI and
// the tests can each choose, and the file storage they share by default.
//
// The file is written atomically (temporary file + fsync + rename); the record merges with what is
// on disk first, because the app and a headless `compress-video watch` may both be running and
// must not erase each other's entries. The read-merge-write runs under a lock shared across
// processes (proper-lockfile: a `.lock` folder next to the record, kept fresh while held and taken
// over when a crashed process left it stale), so two saves a few milliseconds apart cannot each
// miss the other's new entries.
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { lock } from 'proper-lockfile'

/** Where the record lives: a port so the app can keep it with its settings and tests in memory. */
export interface WatchRecordStorage {
  /** The stored text, or null when nothing was stored yet. */
  load(): Promise<string | null>
  /** Replaces the stored text atomically: a reader sees the old or the new text, never half. */
  save(text: string): Promise<void>
  /** Keeps unreadable text aside for people to inspect, so starting fresh loses nothing. */
  quarantine(text: string): Promise<string | null>
  /**
   * Runs `work` (a load, merge and save) while no other process sharing this storage runs its
   * own; rejects when the storage stays busy too long. Storages used by one process only may
   * leave it out.
   */
  exclusive?<T>(work: () => Promise<T>): Promise<T>
}

/**
 * How long a lock may go without being refreshed before it counts as left by a crashed process
 * (the holder refreshes it every half of this; a save takes milliseconds).
 */
const LOCK_STALE_MS = 5_000
/** Waiting on a busy lock: 12 to 15 s in all, longer than LOCK_STALE_MS so a stale one is taken over. */
const LOCK_RETRIES = { retries: 40, factor: 1.2, minTimeout: 10, maxTimeout: 500, randomize: true } as const

/** Writes `text` to `file` through a sibling temporary file: flushed to disk, then renamed over. */
async function writeFileDurably(file: string, text: string): Promise<void> {
  // Same folder as the record so the rename is atomic on one file system.
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  try {
    const handle = await open(temporary, 'w')
    try {
      await handle.writeFile(text, 'utf8')
      // On disk before the rename, so a power cut cannot leave the record renamed but empty.
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined)
    throw error
  }
  // Makes the rename itself durable. Folders cannot be opened for this on Windows, where the
  // file system keeps renames in its journal anyway, so this is best effort.
  if (process.platform !== 'win32') {
    const folder = await open(path.dirname(file), 'r').catch(() => null)
    if (folder)
      await folder
        .sync()
        .catch(() => undefined)
        .finally(() => folder.close())
  }
}

/** The record file both the app and the CLI use unless told otherwise. */
export function defaultWatchRecordPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  homeDir: string = os.homedir()
): string {
  const override = env.COMPRESS_VIDEO_WATCH_RECORD
  if (override) return path.resolve(override)
  const configRoot =
    platform === 'win32'
      ? (env.APPDATA ?? path.join(homeDir, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(homeDir, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(homeDir, '.config'))
  return path.join(configRoot, 'compress-video', 'watch-record.json')
}

export interface FileRecordStorageOptions {
  /**
   * Once aborted, a save no longer waits for another process's lock: it takes the lock only if
   * it is free at that moment and otherwise fails at once, its changes left unsaved. The CLI
   * aborts it on a second Ctrl-C, so a hung process holding the lock cannot hold up the exit.
   */
  stopWaiting?: AbortSignal
  /** Told each time a try to take the lock finds another process holding it (tests wait on it). */
  onLockBusy?: () => void
}

type ReleaseLock = () => Promise<void>

/** Pause before lock attempt `attempt` (0-based): as the `retry` package proper-lockfile uses would. */
function lockRetryDelayMs(attempt: number): number {
  const random = LOCK_RETRIES.randomize ? 1 + Math.random() : 1
  return Math.min(LOCK_RETRIES.maxTimeout, Math.round(random * LOCK_RETRIES.minTimeout * LOCK_RETRIES.factor ** attempt))
}

function stoppedWaiting(): Error {
  return new Error('stopped waiting for the lock another process holds on it')
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
function delayUnlessStopped(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onStop = (): void => {
      clearTimeout(timer)
      reject(stoppedWaiting())
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onStop)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onStop, { once: true })
  })
}

/**
 * Takes the record's lock, trying again for 12-15 s while it is busy, as proper-lockfile's own
 * `retries` would; the loop is ours so that `stopWaiting` ends the wait at once instead of leaving
 * retries running that could take the lock after we gave up. A stale lock is taken over within
 * one attempt (proper-lockfile removes it and tries again itself).
 */
async function lockRecord(
  file: string,
  onCompromised: (error: Error) => void,
  stopWaiting: AbortSignal | undefined,
  onLockBusy: (() => void) | undefined
): Promise<ReleaseLock> {
  // realpath: the record may not exist yet; the lock is the folder `<record>.lock` beside it.
  const oneAttempt = { realpath: false, stale: LOCK_STALE_MS, retries: 0, onCompromised }
  for (let attempt = 0; ; attempt++) {
    try {
      return await lock(file, oneAttempt)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') onLockBusy?.()
      if (attempt >= LOCK_RETRIES.retries) throw error
      // Told to stop waiting: the attempt just made was the one try (a free lock is still taken).
      if (stopWaiting?.aborted) throw stoppedWaiting()
    }
    await delayUnlessStopped(lockRetryDelayMs(attempt), stopWaiting)
  }
}

export function fileRecordStorage(recordPath: string, options: FileRecordStorageOptions = {}): WatchRecordStorage {
  const resolved = path.resolve(recordPath)
  return {
    async load() {
      try {
        return await readFile(resolved, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    async save(text) {
      await mkdir(path.dirname(resolved), { recursive: true })
      await writeFileDurably(resolved, text)
    },
    async quarantine(text) {
      const aside = `${resolved}.unreadable-${Date.now()}`
      await writeFile(aside, text, 'utf8')
      return aside
    },
    async exclusive(work) {
      await mkdir(path.dirname(resolved), { recursive: true })
      let compromised: Error | null = null
      // The default onCompromised throws from a timer, which would take the whole app down.
      const release = await lockRecord(resolved, (error) => (compromised = error), options.stopWaiting, options.onLockBusy)
      let result: Awaited<ReturnType<typeof work>>
      try {
        result = await work()
      } finally {
        if (!compromised) await release().catch(() => undefined)
      }
      // Held so long that another process may have taken it over: report it so the caller keeps
      // its changes pending and merges again on the next save, instead of assuming its write stood.
      if (compromised) throw new Error(`the watch record lock was lost: ${(compromised as Error).message}`)
      return result
    }
  }
}
