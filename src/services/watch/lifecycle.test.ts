// Watch service edge cases around start-up and stop: files that become complete while the first
// scan is still running, and a stop() that lands before a folder's watcher was opened.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CompressResult } from '../../shared/compression'
import { memoryRecordStorage, openWatchRecord } from './record'
import { makeTempDir } from './test-support'
import type { EnqueueWatchJob, WatchFolderConfig } from './types'
import { WatchService } from './watch-service'

const roots: string[] = []

afterEach(async () => {
  for (let root = roots.pop(); root; root = roots.pop()) await rm(root, { recursive: true, force: true })
})

function instantQueue(): { enqueue: EnqueueWatchJob; calls: string[] } {
  const calls: string[] = []
  const enqueue: EnqueueWatchJob = async (job) => {
    calls.push(job.input)
    const result: CompressResult = { status: 'done', input: job.input, output: null, inputBytes: 1, outputBytes: null, message: 'ok', changes: [], elapsedMs: 0 }
    return result
  }
  return { enqueue, calls }
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
    const deadline = Date.now() + 10_000
    while (queue.calls.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    await service.stop()
    await service.idle()
    expect(new Set(queue.calls).size).toBe(count)
    expect(queue.calls).toHaveLength(count)
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
    await Promise.all(leaked.map((runtime) => runtime.watcher?.close()))
    expect(leaked).toHaveLength(0)
  })
})
