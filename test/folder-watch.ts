// Waiting for files to appear or go, on the file system's own events (fs.watch: inotify on Linux),
// never on a timer: the tests that need "ffmpeg is writing its hidden output" or "the upload's
// part file is gone" wait here.
import { watch } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'

/** The files and folders in `folder`: names, or paths relative to it when `recursive`. */
async function entries(folder: string, recursive: boolean): Promise<string[]> {
  if (!recursive) return readdir(folder)
  const found = await readdir(folder, { withFileTypes: true, recursive: true })
  return found.map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
}

/**
 * Resolves with the entries of `folder` once `holds(entries)` is true: looked at once (the watch
 * already set up, so nothing is missed in between) and again at every change the folder reports.
 * Rejects when the folder cannot be watched or read, or when `signal` aborts (the watch then ends).
 */
export async function untilFolder(
  folder: string,
  holds: (entries: string[]) => boolean,
  { recursive = false, signal }: { recursive?: boolean; signal?: AbortSignal } = {}
): Promise<string[]> {
  const watcher = watch(folder, { recursive })
  try {
    return await new Promise<string[]>((resolve, reject) => {
      signal?.throwIfAborted()
      signal?.addEventListener('abort', () => reject(new Error(`stopped waiting for ${folder}`)), { once: true })
      let looking = false
      let again = false
      // One look at a time; a change during a look asks for one more after it.
      const look = (): void => {
        if (looking) {
          again = true
          return
        }
        looking = true
        entries(folder, recursive).then(
          (names) => {
            looking = false
            if (holds(names)) resolve(names)
            else if (again) {
              again = false
              look()
            }
          },
          (error: unknown) => reject(error instanceof Error ? error : new Error(String(error)))
        )
      }
      watcher.on('change', look)
      watcher.on('error', reject)
      look()
    })
  } finally {
    watcher.close()
  }
}

/** The engine's hidden temporary output (`.<name>.compressing-<hex>.<ext>`), there while ffmpeg writes the final pass. */
export const isPartialOutput = (name: string): boolean => name.startsWith('.') && name.includes('.compressing-')

/**
 * Resolves true once a partial output is in `folder`, or false if `exited` settles first (the
 * process ended before writing one).
 */
export async function untilPartialOutput(folder: string, exited: Promise<unknown>): Promise<boolean> {
  const stop = new AbortController()
  const ended = exited.then(
    () => false,
    () => false
  )
  try {
    return await Promise.race([untilFolder(folder, (names) => names.some(isPartialOutput), { signal: stop.signal }).then(() => true), ended])
  } finally {
    stop.abort()
  }
}
