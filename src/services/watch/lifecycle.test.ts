// Watch service edge cases around start-up and stop: files that become complete while the first
// scan is still running, and a stop() that lands before a folder's watcher was opened.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CompressResult } from '../../shared/compression'
import { openWatchRecord } from './record'
import type { WatchRecordStorage } from './record-storage'
import { memoryRecordStorage } from './testing'
import { makeTempDir } from './test-support'
import type { EnqueueWatchJob, WatchFolderConfig } from './types'
import { WatchService } from './watch-service'

const roots: string[] = []

afterEach(async () => {
  for (let root = roots.pop(); root; root = roots.pop()) await rm(root, { recursive: true, force: true })
})

function instantQueue(): { enqueue: EnqueueWatchJob; calls: string[]; handedOn: (count: number) => Promise<void> } {
  const calls: string[] = []
  const waiters: Array<{ count: number; resolve: () => void }> = []
  /** Resolves once `count` jobs were handed on. */
  const handedOn = (count: number): Promise<void> => (calls.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })))
  const enqueue: EnqueueWatchJob = async (job) => {
    calls.push(job.input)
    for (const waiter of waiters.filter((candidate) => calls.length >= candidate.count)) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
    const result: CompressResult = {
      status: 'done',
      input: job.input,
      output: null,
      inputBytes: 1,
      outputBytes: null,
      message: 'ok',
      changes: [],
      elapsedMs: 0
    }
    return result
  }
  return { enqueue, calls, handedOn }
}

function folderConfig(folder: string): WatchFolderConfig {
  return { id: 'f', folder, request: '', options: {}, enabled: true, recursive: false, includeExisting: true, outputDir: null }
}

describe('watch service start-up and stop', () => {
  it('hands on files that become complete while the first scan is still running', async () => {
    const root = await makeTempDir('scan-race')
    roots.push(root)
    const folder = path.join(root, 'inbox')
    await mkdir(folder)
    const count = 400
    for (let start = 0; start < count; start += 100) {
      await Promise.all(Array.from({ length: Math.min(100, count - start) }, (_, offset) => writeFile(path.join(folder, `clip-${start + offset}.mp4`), 'x')))
    }
    const record = await openWatchRecord({ storage: memoryRecordStorage() })
    const queue = instantQueue()
    // A window far shorter than the scan: early files are complete before the scan ends.
    const service = new WatchService({ enqueue: queue.enqueue, record, stabilityMs: 1, sweepIntervalMs: 1, folders: [folderConfig(folder)] })
    await service.start()
    await queue.handedOn(count)
    await service.stop()
    await service.idle()
    expect(new Set(queue.calls).size).toBe(count)
    expect(queue.calls).toHaveLength(count)
  })

  it('a second stop() resolves only once the first has finished, record saved', async () => {
    const root = await makeTempDir('stop-twice')
    roots.push(root)
    // A save that takes as long as the test says, like one waiting for another process's lock.
    const finishSaves: Array<() => void> = []
    let saveStarted: () => void = () => undefined
    const saving = new Promise<void>((resolve) => (saveStarted = resolve))
    const storage: WatchRecordStorage = {
      ...memoryRecordStorage(),
      exclusive: (work) =>
        new Promise((resolve) => {
          finishSaves.push(() => resolve(work()))
          saveStarted()
        })
    }
    const record = await openWatchRecord({ storage, saveDelayMs: 60_000 })
    const service = new WatchService({ enqueue: instantQueue().enqueue, record, folders: [folderConfig(root)] })
    await service.start()
    record.recordInput(
      path.join(root, 'a.mp4'),
      { size: 1, mtimeMs: 1 },
      { status: 'done', reason: 'compressed', message: 'ok', final: true, output: null, watchId: 'f' }
    )
    // The CLI stops on Ctrl-C and again on its way out; exiting after the second must not cut
    // the first one's save short.
    const first = service.stop()
    let secondResolved = false
    const second = service.stop().then(() => {
      secondResolved = true
    })
    await saving
    await new Promise((resolve) => setImmediate(resolve))
    expect(secondResolved).toBe(false)
    finishSaves[0]?.()
    await Promise.all([first, second])
    expect(record.hasUnsavedChanges).toBe(false)
  })

  it('opens no watcher when stop() comes before a folder was opened', async () => {
    const root = await makeTempDir('stop-early')
    roots.push(root)
    const record = await openWatchRecord({ storage: memoryRecordStorage() })
    const service = new WatchService({ enqueue: instantQueue().enqueue, record, folders: [folderConfig(root)] })
    const starting = service.start()
    await service.stop()
    await starting
    const runtimes = (service as unknown as { runtimes: Map<string, { watcher: { close(): Promise<void> } | null }> }).runtimes
    const leaked = [...runtimes.values()].filter((runtime) => runtime.watcher !== null)
    await Promise.all(leaked.map((runtime) => runtime.watcher?.close() ?? Promise.resolve()))
    expect(leaked).toHaveLength(0)
  })
})
