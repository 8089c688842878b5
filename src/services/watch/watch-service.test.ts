// Watch folders end to end (issue #5 "Tests"): real temp folders, real chokidar events, the real
// local engine and the real record file. Tests wait on the events the service emits.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { CompressOptions, CompressResult } from '../../shared/compression'
import { createLocalEngine } from '../../engine/index'
import type { CompressionEngine } from '../../jobs/types'
import { createInMemoryQueueRepository, createJobQueue } from '../queue'
import { queueEnqueuer } from './queue-enqueuer'
import { openWatchRecord, type WatchRecord } from './record'
import { fileRecordStorage } from './record-storage'
import { EventLog, ObservedEngine, copyInChunks, makeTempDir, makeTestVideo } from './test-support'
import type { EnqueueWatchJob, WatchEvent, WatchEventOf, WatchFolderConfig } from './types'
import { WatchService } from './watch-service'

/** Short windows keep tests quick; the slow-copy test uses a longer one (see there). */
const TEST_STABILITY_MS = 300
const TEST_FOLDER_POLL_MS = 200

let engine: CompressionEngine
let clips: string
let sourceClip: string
/** Per test, run last-in first-out: services stop before their folders are removed. */
const cleanups: Array<() => Promise<unknown>> = []

beforeAll(async () => {
  engine = await createLocalEngine()
  clips = await makeTempDir('clips')
  sourceClip = await makeTestVideo(path.join(clips, 'source.mp4'))
})

afterAll(async () => {
  await rm(clips, { recursive: true, force: true })
})

afterEach(async () => {
  for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) await cleanup()
})

interface Watching {
  service: WatchService
  log: EventLog
  record: WatchRecord
  abort: AbortController
}

interface StartOptions {
  folder: string
  recordPath: string
  config?: Partial<WatchFolderConfig>
  engine?: CompressionEngine
  enqueue?: EnqueueWatchJob
  stabilityMs?: number
}

async function startWatching(options: StartOptions): Promise<Watching> {
  const abort = new AbortController()
  const record = await openWatchRecord({ storage: fileRecordStorage(options.recordPath) })
  // The CLI's watch: the job queue, one file at a time, a file gone by its turn not handed to the engine.
  const queue = createJobQueue({ engine: options.engine ?? engine, repository: createInMemoryQueueRepository(), skipGoneInputs: true })
  abort.signal.addEventListener('abort', () => void queue.cancelAll())
  const service = new WatchService({
    enqueue: options.enqueue ?? queueEnqueuer(queue, () => ''),
    record,
    stabilityMs: options.stabilityMs ?? TEST_STABILITY_MS,
    folderPollMs: TEST_FOLDER_POLL_MS,
    folders: [
      {
        id: 'inbox',
        folder: options.folder,
        request: '',
        options: {},
        enabled: true,
        recursive: false,
        includeExisting: false,
        outputDir: null,
        ...options.config
      }
    ]
  })
  const log = new EventLog(service)
  await service.start()
  const stop = async () => {
    abort.abort()
    await service.stop()
    await service.idle()
  }
  cleanups.push(stop)
  return { service, log, record, abort }
}

async function stopWatching(watching: Watching): Promise<void> {
  watching.abort.abort()
  await watching.service.stop()
  await watching.service.idle()
}

async function freshFolders(label: string): Promise<{ folder: string; recordPath: string }> {
  const root = await makeTempDir(label)
  cleanups.push(() => rm(root, { recursive: true, force: true }))
  const folder = path.join(root, 'inbox')
  await mkdir(folder)
  return { folder, recordPath: path.join(root, 'config', 'watch-record.json') }
}

function is<T extends WatchEvent['type']>(type: T, input?: string) {
  return (event: WatchEvent): event is WatchEventOf<T> => event.type === type && (input === undefined || ('input' in event && event.input === input))
}

const queuedFor = (log: EventLog, input?: string) => log.count(is('queued', input))

describe('watch folders with the real engine', () => {
  it('takes a file copied in slowly in chunks once, after it is complete, and never its output', async () => {
    const { folder, recordPath } = await freshFolders('slow')
    // The window is 8x the pause between chunks, so even a busy machine does not see a gap
    // between two chunks as "complete"; a watcher without a window would see the file at chunk 1.
    const { log, record } = await startWatching({ folder, recordPath, stabilityMs: 800 })
    const input = path.join(folder, 'holiday clip.mp4')

    const fullSize = await copyInChunks(sourceClip, input, 10, 100)
    const done = await log.waitFor(is('done', input), 'the slowly copied clip to be done')

    expect(queuedFor(log, input)).toBe(1)
    expect(log.events.find(is('queued', input))?.inputBytes).toBe(fullSize)
    expect(done.inputBytes).toBe(fullSize)
    const output = done.output ?? ''
    expect(path.basename(output)).toBe('holiday clip.compressed.mp4')
    expect(existsSync(output)).toBe(true)

    // The output lands in the watched folder: left alone by name...
    await log.waitFor((event) => event.type === 'ignored' && event.input === output, 'the output to be ignored')
    // ...and by the record when someone renames it.
    const renamed = path.join(folder, 'holiday for discord.mp4')
    await rename(output, renamed)
    const ignored = await log.waitFor(is('ignored', renamed), 'the renamed output to be ignored')
    expect(ignored.reason).toBe('own-output')

    expect(log.count(is('queued'))).toBe(1)
    expect(record.snapshot().inputs[input]).toMatchObject({ status: 'done', size: fullSize, final: true, output })
  })

  it('reprocesses nothing after a restart, and a corrupt file is reported once while later files go on', async () => {
    const { folder, recordPath } = await freshFolders('restart')
    const first = await startWatching({ folder, recordPath })
    const broken = path.join(folder, 'broken.mp4')
    await writeFile(broken, Buffer.alloc(64 * 1024, 'not a video at all '))
    const failed = await first.log.waitFor(is('failed', broken), 'the corrupt file to be reported')
    expect(failed.errorCode).toBe('not-a-video')

    const good = await makeTestVideo(path.join(folder, 'good.mp4'))
    const done = await first.log.waitFor(is('done', good), 'the good file after the corrupt one')
    expect(first.log.count(is('failed', broken))).toBe(1)
    await stopWatching(first)

    const onDisk = JSON.parse(await readFile(recordPath, 'utf8')) as { inputs: Record<string, { status: string; final: boolean }> }
    expect(onDisk.inputs[broken]).toMatchObject({ status: 'failed', final: true })
    expect(onDisk.inputs[good]).toMatchObject({ status: 'done', final: true })

    // Restart with "include existing": everything already there was handled before.
    const second = await startWatching({ folder, recordPath, config: { includeExisting: true } })
    await second.log.waitFor(
      (event) => event.type === 'ignored' && event.input === broken && event.reason === 'already-processed',
      'the corrupt file to be recognised'
    )
    await second.log.waitFor(
      (event) => event.type === 'ignored' && event.input === good && event.reason === 'already-processed',
      'the good file to be recognised'
    )
    await second.log.waitFor((event) => event.type === 'ignored' && event.input === done.output, 'the output to be recognised')
    // A new file is the barrier: it went through a full window after the old ones were seen.
    const fresh = await makeTestVideo(path.join(folder, 'fresh.mp4'))
    await second.log.waitFor(is('done', fresh), 'a new file after the restart')
    expect(second.log.events.filter(is('queued')).map((event) => event.input)).toEqual([fresh])
    expect(second.log.count(is('failed'))).toBe(0)
  })

  it('ignores .part downloads, hidden files and text files, and takes the download once it is renamed', async () => {
    const { folder, recordPath } = await freshFolders('partial')
    const { log } = await startWatching({ folder, recordPath })
    const partial = path.join(folder, 'movie.mp4.part')
    await copyInChunks(sourceClip, partial, 4, 20)
    await writeFile(path.join(folder, 'notes.txt'), 'not a video')
    await makeTestVideo(path.join(folder, '.hidden.mp4'))
    await writeFile(path.join(folder, 'clip.crdownload'), 'half a download')

    const partialIgnored = await log.waitFor(is('ignored', partial), 'the .part file to be ignored')
    expect(partialIgnored.reason).toBe('partial-download')
    const textIgnored = await log.waitFor(is('ignored', path.join(folder, 'notes.txt')), 'the text file to be ignored')
    expect(textIgnored.reason).toBe('not-a-video')

    const finished = path.join(folder, 'movie.mp4')
    await rename(partial, finished)
    await log.waitFor(is('done', finished), 'the finished download')
    expect(log.events.filter(is('queued')).map((event) => event.input)).toEqual([finished])
    expect(log.events.some((event) => 'input' in event && event.input.includes('.hidden'))).toBe(false)
  })

  it('drops a file removed while it waits its turn, with a note and no failure', async () => {
    const { folder, recordPath } = await freshFolders('removed')
    const gated = new ObservedEngine(engine)
    gated.hold()
    const { log, record } = await startWatching({ folder, recordPath, engine: gated })
    const first = await makeTestVideo(path.join(folder, 'first.mp4'))
    await gated.waitForStart(first)
    const second = await makeTestVideo(path.join(folder, 'second.mp4'))
    await log.waitFor(is('queued', second), 'the second file to be queued')

    await rm(second)
    gated.release()
    const skipped = await log.waitFor(is('skipped', second), 'the removed file to be dropped')
    await log.waitFor(is('done', first), 'the first file to finish')

    expect(skipped.reason).toBe('removed-before-processing')
    expect(skipped.message).toMatch(/removed before its turn/)
    expect(gated.started).toEqual([first])
    expect(log.count(is('failed'))).toBe(0)
    // Not final: if the same file comes back (a drive plugged in again), it is taken.
    expect(record.snapshot().inputs[second]).toMatchObject({ status: 'skipped', reason: 'removed-before-processing', final: false })
  })

  it('reports a watched folder that is removed, and resumes when it is created again', async () => {
    const { folder, recordPath } = await freshFolders('vanish')
    const { log, service } = await startWatching({ folder, recordPath })

    await rm(folder, { recursive: true })
    const unavailable = await log.waitFor(is('folder-unavailable'), 'the folder to be reported unavailable')
    expect(unavailable.folder).toBe(folder)
    expect(service.folders()[0]?.state).toBe('unavailable')

    await mkdir(folder)
    await log.waitFor(is('folder-available'), 'the folder to be back')
    expect(service.folders()[0]?.state).toBe('watching')
    const clip = await makeTestVideo(path.join(folder, 'after.mp4'))
    await log.waitFor(is('done', clip), 'a file in the recreated folder')
    expect(log.count(is('folder-unavailable'))).toBe(1)
  })

  it("records a file already under the folder's target as already small enough and writes nothing", async () => {
    const { folder, recordPath } = await freshFolders('small')
    const options: CompressOptions = { targetBytes: 50_000_000 }
    const { log, record } = await startWatching({ folder, recordPath, config: { options, request: 'under 50MB' } })
    // .m4v too: only the engine's plan treats it as MP4; the watcher's own rule did not.
    const clip = await makeTestVideo(path.join(folder, 'tiny.m4v'))
    const skipped = await log.waitFor(is('skipped', clip), 'the small file to be skipped')
    expect(skipped.reason).toBe('already-small-enough')
    // The engine's words (one rule, the plan's): nothing to do, nothing written.
    expect(skipped.message).toMatch(/^Already under 50 MB \([\d.]+ KB\): nothing to do/)
    expect(skipped.result?.output).toBeNull()
    expect(await readdir(folder)).toEqual(['tiny.m4v'])
    expect(record.snapshot().inputs[clip]).toMatchObject({ status: 'skipped', reason: 'already-small-enough', final: true })
  })

  it('leaves files already there alone unless asked, and watches subfolders when recursive', async () => {
    const { folder, recordPath } = await freshFolders('existing')
    const old = await makeTestVideo(path.join(folder, 'old.mp4'))
    const outputDir = path.join(path.dirname(folder), 'results')
    const { log } = await startWatching({ folder, recordPath, config: { recursive: true, outputDir } })
    const ignored = await log.waitFor(is('ignored', old), 'the existing file to be left alone')
    expect(ignored.reason).toBe('existing')

    const nested = await makeTestVideo(path.join(folder, 'camera', 'day 1', 'nested.mp4'))
    const done = await log.waitFor(is('done', nested), 'the file in a subfolder')
    expect(done.output).toBe(path.join(outputDir, 'nested.compressed.mp4'))
    expect(log.events.filter(is('queued')).map((event) => event.input)).toEqual([nested])
  })
})

describe('watch folders: what they say (issue #10)', () => {
  it('a text file named .mp4 is "damaged or not a video", as the compress command says, not "already small enough"', async () => {
    const { folder, recordPath } = await freshFolders('fake')
    const { log, record } = await startWatching({ folder, recordPath, config: { options: { targetBytes: 50_000_000 }, request: 'under 50MB' } })
    const fake = path.join(folder, 'fake.mp4')
    await writeFile(fake, 'this is a text file, not a video\n')
    const failed = await log.waitFor(is('failed', fake), 'the fake video to be refused')
    expect(failed.errorCode).toBe('not-a-video')
    expect(failed.message).toMatch(/fake\.mp4 is damaged or not a video/)
    expect(log.count(is('skipped', fake))).toBe(0)
    expect(record.snapshot().inputs[fake]).toMatchObject({ status: 'failed', errorCode: 'not-a-video', final: true })
  })

  it('a copy that stalls after the engine judged half of it gets no line for the half: the whole file is judged', async () => {
    const { folder, recordPath } = await freshFolders('stall')
    const observed = new ObservedEngine(engine)
    const { log } = await startWatching({ folder, recordPath, engine: observed, config: { options: { targetBytes: 50_000_000 }, request: 'under 50MB' } })
    const input = path.join(folder, 'stalled.mp4')
    const whole = await readFile(sourceClip)
    const half = Math.floor(whole.length / 2)
    // The copy stalls longer than the window: the watcher hands the half file on.
    observed.holdResults()
    await writeFile(input, whole.subarray(0, half))
    await observed.waitForResult(input)
    // The copy goes on before the watcher hears the verdict on the half file.
    await writeFile(input, whole.subarray(half), { flag: 'a' })
    observed.releaseResults()
    const skipped = await log.waitFor(is('skipped', input), 'the complete file to be judged')
    expect(skipped.reason).toBe('already-small-enough')
    expect(skipped.result?.inputBytes).toBe(whole.length)
    // Nothing was said about the half file (it was "damaged or not a video", or "already small").
    expect(log.events.filter((event) => 'input' in event && event.input === input).map((event) => event.type)).toEqual(['queued', 'queued', 'skipped'])
  })

  it('a file deleted while it is being compressed: said so, and nothing is left', async () => {
    const { folder, recordPath } = await freshFolders('deleted')
    const observed = new ObservedEngine(engine)
    // Two passes: the file is removed during the first, and the second cannot open it.
    const { log, record } = await startWatching({ folder, recordPath, engine: observed, config: { options: { targetBytes: 150_000 } } })
    const clip = await makeTestVideo(path.join(folder, 'long.mp4'), 20)
    await observed.waitForPhase(clip, 'analysing')
    await rm(clip)
    const skipped = await log.waitFor(is('skipped', clip), 'the removed file to be reported')
    expect(skipped.reason).toBe('removed-while-processing')
    expect(skipped.message).toBe('long.mp4 was removed while it was being compressed; nothing was left behind.')
    expect(await readdir(folder)).toEqual([])
    expect(record.snapshot().inputs[clip]).toMatchObject({ status: 'skipped', reason: 'removed-while-processing', final: false })
  })

  it('a file whose job was interrupted (its process killed) is taken again at the next start, not "existing"', async () => {
    const { folder, recordPath } = await freshFolders('interrupted')
    const clip = await makeTestVideo(path.join(folder, 'interrupted.mp4'))
    const live = await makeTestVideo(path.join(folder, 'other-run.mp4'))
    // What a killed run leaves: its "started" entry, and no outcome. A process that is gone...
    const dead = spawn(process.execPath, ['-e', ''])
    const [deadPid] = await once(dead, 'exit').then(() => [dead.pid])
    const before = await openWatchRecord({ storage: fileRecordStorage(recordPath) })
    for (const file of [clip, live]) {
      const stats = await stat(file)
      before.recordStarted(file, { size: stats.size, mtimeMs: stats.mtimeMs }, 'inbox')
    }
    await before.flush()
    const text = JSON.parse(await readFile(recordPath, 'utf8')) as { inputs: Record<string, { pid?: number }> }
    const entries = text.inputs
    // ...and a run that is still going (this test's parent process): its job is its own.
    if (entries[clip]) entries[clip].pid = deadPid
    if (entries[live]) entries[live].pid = process.ppid
    await writeFile(recordPath, JSON.stringify(text))

    const { log, record } = await startWatching({ folder, recordPath })
    const done = await log.waitFor(is('done', clip), 'the interrupted file to be compressed')
    expect(done.output).toBe(path.join(folder, 'interrupted.compressed.mp4'))
    expect(log.count(is('ignored', clip))).toBe(0)
    expect((await log.waitFor(is('ignored', live), "the other run's file to be left to it")).reason).toBe('existing')
    expect(record.snapshot().inputs[clip]).toMatchObject({ status: 'done', final: true })
  })
})

describe('watch folders with a stub queue', () => {
  /** Answers at once, so these tests are about the watcher, not about encoding. */
  function instantQueue(): { enqueue: EnqueueWatchJob; inputs: string[] } {
    const inputs: string[] = []
    const enqueue: EnqueueWatchJob = async (job) => {
      inputs.push(job.input)
      const result: CompressResult = {
        status: 'done',
        input: job.input,
        output: null,
        inputBytes: null,
        outputBytes: null,
        message: 'ok',
        changes: [],
        elapsedMs: 0
      }
      return result
    }
    return { enqueue, inputs }
  }

  it('holds complete files while paused and queues them on resume', async () => {
    const { folder, recordPath } = await freshFolders('pause')
    const queue = instantQueue()
    const { log, service } = await startWatching({ folder, recordPath, enqueue: queue.enqueue })
    service.pause()
    const file = path.join(folder, 'while-paused.mp4')
    await writeFile(file, Buffer.alloc(4096, 1))
    await log.waitFor(is('held', file), 'the file to be held')
    expect(queue.inputs).toEqual([])

    service.resume()
    await log.waitFor(is('done', file), 'the held file after resume')
    expect(queue.inputs).toEqual([file])
  })

  it('keeps watching a folder removed and created again at once, between two polls', async () => {
    const { folder, recordPath } = await freshFolders('replaced')
    const queue = instantQueue()
    // rm -rf then mkdir usually hands the new folder the old inode (ext4), so polling the
    // folder's identity sees nothing; only the dead watcher's last event tells.
    const { log } = await startWatching({ folder, recordPath, enqueue: queue.enqueue })
    await rm(folder, { recursive: true })
    await mkdir(folder)
    const file = path.join(folder, 'into-the-new-folder.mp4')
    await writeFile(file, Buffer.alloc(2048, 3))
    await log.waitFor(is('done', file), 'a file in the replaced folder')
    expect(queue.inputs).toEqual([file])
  })

  it('applies settings changes: a disabled folder is left alone, a new one is watched', async () => {
    const { folder, recordPath } = await freshFolders('settings')
    const other = path.join(path.dirname(folder), 'other')
    await mkdir(other)
    const queue = instantQueue()
    const { log, service } = await startWatching({ folder, recordPath, enqueue: queue.enqueue })
    const base = { request: '', options: {}, recursive: false, includeExisting: false, outputDir: null }
    await service.setFolders([
      { ...base, id: 'inbox', folder, enabled: false },
      { ...base, id: 'other', folder: other, enabled: true }
    ])
    expect(service.folders().map((status) => [status.id, status.state])).toEqual([
      ['inbox', 'disabled'],
      ['other', 'watching']
    ])

    const inDisabled = path.join(folder, 'not-now.mp4')
    await writeFile(inDisabled, Buffer.alloc(1024, 4))
    // Written after the other one, so it is the barrier: had the disabled folder been watched,
    // its file would have been done first.
    const inOther = path.join(other, 'yes.mp4')
    await writeFile(inOther, Buffer.alloc(1024, 5))
    await log.waitFor(is('done', inOther), 'the file in the newly added folder')
    expect(queue.inputs).toEqual([inOther])
  })

  it('waits for a folder that does not exist yet', async () => {
    const { folder, recordPath } = await freshFolders('later')
    const later = path.join(folder, 'not yet')
    const queue = instantQueue()
    const { log } = await startWatching({ folder: later, recordPath, enqueue: queue.enqueue })
    await log.waitFor(is('folder-unavailable'), 'the missing folder to be reported')
    await mkdir(later)
    await log.waitFor(is('folder-available'), 'the folder to appear')
    const file = path.join(later, 'a.mkv')
    await writeFile(file, Buffer.alloc(2048, 2))
    await log.waitFor(is('done', file), 'a file in the new folder')
  })
})
