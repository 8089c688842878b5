import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { QueueEvent } from '../shared/ipc/contract'
import { createJobQueue, createMemoryQueueRepository } from '../services/queue'
import type { JobQueue } from '../services/queue'
import { ScriptedEngine } from '../services/queue/testing/scripted-engine'
import { createMemoryKeyValuePort, createSettingsService } from '../services/settings'
import { memoryRecordStorage, openWatchRecord } from '../services/watch'
import type { WatchEvent } from '../services/watch'
import { interpretRequest } from './request'
import { createWatchFolders, queueEnqueuer, watchConfigsFrom } from './watch-folders'

function nextQueueEvent(queue: JobQueue, match: (event: QueueEvent) => boolean): Promise<QueueEvent> {
  return new Promise((resolve) => {
    const off = queue.subscribe((event) => {
      if (match(event)) {
        off()
        resolve(event)
      }
    })
  })
}

describe('queueEnqueuer', () => {
  it('runs a watched file through the queue and resolves with its result', async () => {
    const engine = new ScriptedEngine()
    const queue = createJobQueue({ engine, repository: createMemoryQueueRepository() })
    const result = queueEnqueuer(queue, () => 'for Discord')({ input: '/w/a.mp4', options: { targetBytes: 10_000_000 }, outputDir: null, watchId: 'w1' })
    await engine.started(1)
    expect(queue.snapshot().jobs[0]).toMatchObject({ input: '/w/a.mp4', request: 'for Discord', options: { targetBytes: 10_000_000 } })
    engine.call(0).succeed(400, ['kept 720p'])
    await expect(result).resolves.toMatchObject({ status: 'done', input: '/w/a.mp4', output: '/w/a.mp4.compressed.mp4', outputBytes: 400, changes: ['kept 720p'] })
  })

  it('resolves as cancelled when the job is removed from the queue', async () => {
    const engine = new ScriptedEngine()
    const queue = createJobQueue({ engine, repository: createMemoryQueueRepository() })
    const result = queueEnqueuer(queue, () => '')({ input: '/w/b.mp4', options: {}, outputDir: null, watchId: 'w1' })
    await engine.started(1)
    queue.remove(queue.snapshot().jobs[0]!.id)
    await expect(result).resolves.toMatchObject({ status: 'cancelled', input: '/w/b.mp4' })
  })
})

describe('watch folders from settings', () => {
  const folders: string[] = []
  afterEach(async () => {
    await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
  })

  it('leaves out a folder whose request cannot be read, and says so', () => {
    const settings = createSettingsService(createMemoryKeyValuePort()).update({
      watchFoldersEnabled: true,
      watchFolders: [
        { id: 'ok', folder: '/w/ok', request: '720p', recursive: false, includeExisting: false },
        { id: 'bad', folder: '/w/bad', request: 'under 0 MB', recursive: false, includeExisting: false }
      ]
    })
    const warnings: string[] = []
    const configs = watchConfigsFrom(settings, interpretRequest, (message) => warnings.push(message))
    expect(configs.map((config) => [config.id, config.options.resolution])).toEqual([['ok', 720]])
    expect(warnings).toEqual([expect.stringContaining('/w/bad is not watched')])
  })

  it('watches while the switch is on: a new video in the folder becomes a queue job', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'watch-app-'))
    folders.push(folder)
    const settings = createSettingsService(createMemoryKeyValuePort())
    const engine = new ScriptedEngine()
    const queue = createJobQueue({ engine, repository: createMemoryQueueRepository() })
    const events: WatchEvent[] = []
    const watch = createWatchFolders({ settings, queue, interpretRequest, openRecord: () => openWatchRecord({ storage: memoryRecordStorage() }), onEvent: (event) => events.push(event), stabilityMs: 150 })

    settings.update({ watchFoldersEnabled: true, watchFolders: [{ id: 'w1', folder, request: 'smallest file', recursive: false, includeExisting: false }] })
    await watch.apply()
    expect(watch.isWatching()).toBe(true)

    const added = nextQueueEvent(queue, (event) => event.type === 'jobs-added')
    await writeFile(path.join(folder, 'new clip.mp4'), 'not really a video, the scripted engine does not care')
    const event = await added
    expect(event.type === 'jobs-added' && event.jobs[0]).toMatchObject({ name: 'new clip.mp4', request: 'smallest file', options: { quality: 'small' } })
    await engine.started(1)
    engine.call(0).succeed(10)

    settings.update({ watchFoldersEnabled: false })
    await watch.apply()
    expect(watch.isWatching()).toBe(false)
    await watch.stop()
  })
})
