// Issue #5 goal: with 1,000 files already in a watched folder (and "include existing"), start-up
// takes seconds and the process stays responsive while they queue. Wall time is logged, not
// asserted (the machine is shared); what is asserted is that each file is queued exactly once,
// and that a restart queues none of them.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompressResult } from '../../shared/compression'
import { openWatchRecord } from './record'
import { fileRecordStorage } from './record-storage'
import { EventLog, makeTempDir } from './test-support'
import type { EnqueueWatchJob, WatchEvent } from './types'
import { WatchService } from './watch-service'

const FILE_COUNT = 1_000
const STABILITY_MS = 300

let root: string
let folder: string
let recordPath: string

beforeAll(async () => {
  root = await makeTempDir('thousand')
  folder = path.join(root, 'inbox')
  recordPath = path.join(root, 'watch-record.json')
  await mkdir(folder)
  const names = Array.from({ length: FILE_COUNT }, (_, index) => `clip-${String(index).padStart(4, '0')}.mp4`)
  for (let start = 0; start < names.length; start += 100) {
    await Promise.all(names.slice(start, start + 100).map((name) => writeFile(path.join(folder, name), Buffer.alloc(4096, 7))))
  }
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** Stands in for the app's queue: answers at once, so what is measured is the watcher. */
function instantQueue(): { enqueue: EnqueueWatchJob; calls: string[] } {
  const calls: string[] = []
  const enqueue: EnqueueWatchJob = async (job) => {
    calls.push(job.input)
    const result: CompressResult = {
      status: 'done',
      input: job.input,
      output: null,
      inputBytes: 4096,
      outputBytes: null,
      message: 'ok',
      changes: [],
      elapsedMs: 0
    }
    return result
  }
  return { enqueue, calls }
}

async function watchOnce(): Promise<{ service: WatchService; log: EventLog; calls: string[]; startedAt: number; scanMs: number }> {
  const record = await openWatchRecord({ storage: fileRecordStorage(recordPath) })
  const queue = instantQueue()
  const service = new WatchService({
    enqueue: queue.enqueue,
    record,
    stabilityMs: STABILITY_MS,
    folders: [{ id: 'big', folder, request: '', options: {}, enabled: true, recursive: false, includeExisting: true, outputDir: null }]
  })
  const log = new EventLog(service)
  const startedAt = performance.now()
  await service.start()
  return { service, log, calls: queue.calls, startedAt, scanMs: performance.now() - startedAt }
}

describe('1,000 files already in a watched folder', () => {
  it('queues every one exactly once within seconds, and a restart queues none', async () => {
    const loopDelay = monitorEventLoopDelay({ resolution: 10 })
    loopDelay.enable()
    const first = await watchOnce()
    await first.log.waitForCount((event) => event.type === 'queued', FILE_COUNT, `${FILE_COUNT} files to be queued`)
    const allQueuedMs = performance.now() - first.startedAt
    await first.log.waitForCount((event) => event.type === 'done', FILE_COUNT, `${FILE_COUNT} results`)
    const allDoneMs = performance.now() - first.startedAt
    loopDelay.disable()
    await first.service.stop()
    await first.service.idle()

    const queuedInputs = first.log.events
      .filter((event): event is Extract<WatchEvent, { type: 'queued' }> => event.type === 'queued')
      .map((event) => event.input)
    expect(queuedInputs).toHaveLength(FILE_COUNT)
    expect(new Set(queuedInputs).size).toBe(FILE_COUNT)
    expect(first.calls).toHaveLength(FILE_COUNT)

    // Restart: all 1,000 are in the record now.
    const second = await watchOnce()
    await second.log.waitForCount((event) => event.type === 'ignored' && event.reason === 'already-processed', FILE_COUNT, 'all files to be recognised')
    const restartMs = performance.now() - second.startedAt
    await second.service.stop()
    expect(second.log.count((event) => event.type === 'queued')).toBe(0)
    expect(second.calls).toEqual([])

    console.log(
      `[watch start-up, ${FILE_COUNT} existing files, stability window ${STABILITY_MS} ms] ` +
        `first scan ${first.scanMs.toFixed(0)} ms; all queued ${allQueuedMs.toFixed(0)} ms; all recorded ${allDoneMs.toFixed(0)} ms; ` +
        `event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms; ` +
        `restart (nothing to do) ${restartMs.toFixed(0)} ms`
    )
  })
})
