import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { QueueEvent } from '../shared/ipc/contract'
import { createInMemoryQueueRepository, createJobQueue } from '../services/queue'
import type { JobQueue } from '../services/queue'
import { createJsonQueueRepository, ScriptedEngine } from '../services/queue/testing'
import { createSettingsService } from '../services/settings'
import { createMemoryKeyValuePort } from '../services/settings/testing'
import { openWatchRecord } from '../services/watch'
import { memoryRecordStorage } from '../services/watch/testing'
import type { WatchEvent } from '../services/watch'
import { interpretRequest } from './request'
import { translatorFor } from '../shared/i18n'
import { createWatchFolders, noticeForWatchEvent, watchConfigsFrom } from './watch-folders'

const en = translatorFor('en')

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
    const configs = watchConfigsFrom(settings, interpretRequest, (message) => warnings.push(message), en)
    expect(configs.map((config) => [config.id, config.options.resolution])).toEqual([['ok', 720]])
    expect(warnings).toEqual([expect.stringContaining('/w/bad is not watched')])
  })

  it('watches while the switch is on: a new video in the folder becomes a queue job', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'watch-app-'))
    folders.push(folder)
    const settings = createSettingsService(createMemoryKeyValuePort())
    const engine = new ScriptedEngine()
    const queue = createJobQueue({ engine, repository: createInMemoryQueueRepository() })
    const events: WatchEvent[] = []
    const watch = createWatchFolders({
      settings,
      queue,
      interpretRequest,
      words: () => en,
      openRecord: () => openWatchRecord({ storage: memoryRecordStorage() }),
      onEvent: (event) => events.push(event),
      stabilityMs: 150
    })

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

describe('watch folder notices for the window', () => {
  it("turns the watcher's problems into notices and leaves queue jobs to their rows", () => {
    expect(
      noticeForWatchEvent({ type: 'folder-unavailable', watchId: 'w', folder: '/w', reason: 'missing', message: 'The watched folder /w disappeared.' }, en)
    ).toEqual({ kind: 'error', title: 'A watched folder is unavailable', lines: ['The watched folder /w disappeared.'], key: 'watch-folder:w' })
    expect(noticeForWatchEvent({ type: 'folder-available', watchId: 'w', folder: '/w' }, en)).toMatchObject({ kind: 'info', lines: ['Watching /w again.'] })
    expect(noticeForWatchEvent({ type: 'warning', message: 'The record could not be saved.' }, en)).toMatchObject({
      kind: 'error',
      lines: ['The record could not be saved.']
    })
    expect(
      noticeForWatchEvent(
        {
          type: 'failed',
          watchId: 'w',
          input: '/w/a.mp4',
          errorCode: 'unreadable',
          message: 'Cannot open /w/a.mp4 for reading.',
          result: null
        },
        en
      )
    ).toMatchObject({ kind: 'error', lines: ['Cannot open /w/a.mp4 for reading.'] })
    const failedJob = { status: 'failed' as const, input: '/w/a.mp4', output: null, inputBytes: 1, outputBytes: null, message: 'x', changes: [], elapsedMs: 0 }
    expect(noticeForWatchEvent({ type: 'failed', watchId: 'w', input: '/w/a.mp4', errorCode: 'not-a-video', message: 'x', result: failedJob }, en)).toBeNull()
    expect(noticeForWatchEvent({ type: 'queued', watchId: 'w', input: '/w/a.mp4', inputBytes: 1 }, en)).toBeNull()
  })

  it("titles main's notices in the app language; the watch service's own sentence stays as it said it (issue #13)", () => {
    const zh = translatorFor('zh-CN')
    expect(
      noticeForWatchEvent({ type: 'folder-unavailable', watchId: 'w', folder: '/w', reason: 'missing', message: 'The watched folder /w disappeared.' }, zh)
    ).toEqual({
      kind: 'error',
      title: '监视的文件夹不可用',
      lines: ['The watched folder /w disappeared.'],
      key: 'watch-folder:w'
    })
    expect(noticeForWatchEvent({ type: 'folder-available', watchId: 'w', folder: '/w' }, zh)).toMatchObject({
      title: '监视的文件夹已恢复',
      lines: ['已重新开始监视 /w。']
    })
  })

  it('gives "back" the key of the same folder\'s "unavailable", so the window replaces one with the other', () => {
    const keyOf = (event: WatchEvent): string | undefined => noticeForWatchEvent(event, en)?.key
    const gone = keyOf({ type: 'folder-unavailable', watchId: 'w', folder: '/w', reason: 'missing', message: 'The watched folder /w disappeared.' })
    expect(gone).toEqual(expect.any(String))
    expect(keyOf({ type: 'folder-available', watchId: 'w', folder: '/w' })).toBe(gone)
    expect(keyOf({ type: 'folder-available', watchId: 'v', folder: '/v' })).not.toBe(gone)
    // Other notices stand on their own.
    expect(keyOf({ type: 'warning', message: 'The record could not be saved.' })).toBeUndefined()
  })

  it("says once, not at every settings change, that a folder's request cannot be read", async () => {
    const settings = createSettingsService(createMemoryKeyValuePort())
    const queue = createJobQueue({ engine: new ScriptedEngine(), repository: createInMemoryQueueRepository() })
    const events: WatchEvent[] = []
    const watch = createWatchFolders({
      settings,
      queue,
      interpretRequest,
      words: () => en,
      openRecord: () => openWatchRecord({ storage: memoryRecordStorage() }),
      onEvent: (event) => events.push(event)
    })
    settings.update({
      watchFoldersEnabled: true,
      watchFolders: [{ id: 'bad', folder: '/w/bad', request: 'under 0 MB', recursive: false, includeExisting: false }]
    })
    await watch.apply()
    settings.update({ concurrency: 2 })
    await watch.apply()
    const notices = events.map((event) => noticeForWatchEvent(event, en)).filter((notice) => notice !== null)
    expect(notices).toEqual([{ kind: 'error', title: 'Watch folders', lines: [expect.stringContaining('/w/bad is not watched')] }])
    await watch.stop()
  })
})

describe('watched jobs across a restart', () => {
  const folders: string[] = []
  afterEach(async () => {
    await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
  })

  /**
   * One app run: settings, queue and watch folders over storage that outlives it (the saved queue
   * and the record of handled files), as src/main/index.ts wires them.
   */
  async function startApp(storage: {
    queue: ReturnType<typeof createJsonQueueRepository>
    record: ReturnType<typeof memoryRecordStorage>
    settings: ReturnType<typeof createMemoryKeyValuePort>
  }) {
    const settings = createSettingsService(storage.settings)
    const engine = new ScriptedEngine()
    const queue = createJobQueue({ engine, repository: storage.queue })
    const events: WatchEvent[] = []
    const waiters: Array<{ matches: (event: WatchEvent) => boolean; resolve: () => void }> = []
    /** Resolves at the first watch event from now on that `matches`. */
    const nextWatchEvent = (matches: (event: WatchEvent) => boolean): Promise<void> => new Promise((resolve) => waiters.push({ matches, resolve }))
    const watch = createWatchFolders({
      settings,
      queue,
      interpretRequest,
      words: () => en,
      openRecord: () => openWatchRecord({ storage: storage.record }),
      onEvent: (event) => {
        events.push(event)
        for (const waiter of waiters.filter((candidate) => candidate.matches(event))) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve()
        }
      },
      stabilityMs: 150
    })
    await queue.restore()
    await watch.apply()
    return {
      settings,
      engine,
      queue,
      watch,
      events,
      nextWatchEvent,
      quit: async () => {
        await watch.stop()
        await queue.shutdown()
      }
    }
  }

  const jobsFor = (queue: JobQueue, input: string) => queue.snapshot().jobs.filter((job) => job.input === input)

  it.each([true, false])(
    'never queues a watched file twice: the restored job is the only one, and its result is recorded (includeExisting %s)',
    async (includeExisting) => {
      const folder = await mkdtemp(path.join(os.tmpdir(), 'watch-restart-'))
      folders.push(folder)
      const storage = { queue: createJsonQueueRepository(), record: memoryRecordStorage(), settings: createMemoryKeyValuePort() }
      createSettingsService(storage.settings).update({
        watchFoldersEnabled: true,
        watchFolders: [{ id: 'w1', folder, request: 'under 10MB', recursive: false, includeExisting }]
      })
      const clip = path.join(folder, 'clip.mp4')

      // First run: a new video arrives and is being compressed when the app quits.
      const first = await startApp(storage)
      const added = nextQueueEvent(first.queue, (event) => event.type === 'jobs-added')
      await writeFile(clip, Buffer.alloc(20_000_000, 1))
      await added
      await first.engine.started(1)
      await first.quit()
      expect(storage.queue.saved?.jobs).toEqual([expect.objectContaining({ input: clip, state: 'queued', watchId: 'w1' })])

      // Second run: the saved job comes back and runs; the watcher's first scan sees the same file.
      const second = await startApp(storage)
      await second.engine.started(1)
      expect(second.engine.call(0).request.input).toBe(clip)
      // A file arriving after start-up is handed on after the first scan's files would have been.
      const later = path.join(folder, 'later.mp4')
      const laterAdded = nextQueueEvent(second.queue, (event) => event.type === 'jobs-added' && event.jobs.some((job) => job.input === later))
      await writeFile(later, Buffer.alloc(20_000_000, 2))
      await laterAdded
      expect(jobsFor(second.queue, clip)).toHaveLength(1)
      expect(second.events.filter((event) => event.type === 'queued' && event.input === clip)).toEqual([])

      // The restored job's result goes into the record: the input is settled, the output is ours.
      const output = path.join(folder, 'clip.mp4.compressed.mp4')
      await writeFile(output, Buffer.alloc(1000, 3))
      const recorded = second.nextWatchEvent((event) => event.type === 'done' && event.input === clip)
      second.engine.call(0).succeed(1000)
      await recorded
      await second.quit()

      // Third run: nothing comes back, nothing is queued again, the output is not taken as new.
      const third = await startApp(storage)
      const record = await openWatchRecord({ storage: storage.record })
      const clipStats = await stat(clip)
      const outputStats = await stat(output)
      expect(record.isSettled(clip, { size: clipStats.size, mtimeMs: clipStats.mtimeMs })).toBe(true)
      expect(record.isOwnOutput(output, { size: outputStats.size, mtimeMs: outputStats.mtimeMs })).toBe(true)
      expect(jobsFor(third.queue, clip).filter((job) => job.state === 'queued' || job.state === 'running')).toEqual([])
      await third.quit()
    },
    30_000
  )
})
