import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { QueueEvent } from '../../shared/ipc/contract'
import { createJobQueue, HEARTBEAT_MS, NOT_STARTED_MESSAGE, PROGRESS_INTERVAL_MS, REMOVED_MESSAGE } from './queue'
import type { JobQueue, QueueDeps } from './queue'
import { createJsonQueueRepository, ManualClock, ScriptedEngine } from './testing'

const request = { text: 'under 25MB', options: { targetBytes: 25_000_000 }, outputDir: null }
const files = (...names: string[]) => names.map((name) => ({ input: `/videos/${name}`, inputBytes: 1000 }))

function setup(overrides: Partial<QueueDeps> = {}) {
  const engine = new ScriptedEngine()
  const clock = new ManualClock()
  const repository = createJsonQueueRepository()
  let nextId = 1
  const queue = createJobQueue({ engine, clock, repository, createId: () => `job-${nextId++}`, removePartials: async () => [], ...overrides })
  const events: QueueEvent[] = []
  queue.subscribe((event) => events.push(event))
  return { engine, clock, repository, queue, events }
}

/** Resolves with the first event (from now on) that matches. */
function nextEvent<T extends QueueEvent['type']>(
  queue: JobQueue,
  type: T,
  match: (event: Extract<QueueEvent, { type: T }>) => boolean = () => true
): Promise<Extract<QueueEvent, { type: T }>> {
  return new Promise((resolve) => {
    const unsubscribe = queue.subscribe((event) => {
      if (event.type === type && match(event as Extract<QueueEvent, { type: T }>)) {
        unsubscribe()
        resolve(event as Extract<QueueEvent, { type: T }>)
      }
    })
  })
}

const states = (queue: JobQueue) => queue.snapshot().jobs.map((job) => job.state)

describe('job queue: concurrency', () => {
  it('runs one job at a time by default, in the order added', async () => {
    const { engine, queue } = setup()
    queue.add(files('a.mp4', 'b.mp4', 'c.mp4'), request)
    await engine.started(1)
    expect(engine.calls).toHaveLength(1)
    expect(engine.call(0).request.input).toBe('/videos/a.mp4')
    expect(engine.call(0).request.options).toEqual({ targetBytes: 25_000_000 })
    expect(states(queue)).toEqual(['running', 'queued', 'queued'])

    const done = nextEvent(queue, 'done')
    engine.call(0).succeed(400)
    await done
    await engine.started(2)
    expect(engine.call(1).request.input).toBe('/videos/b.mp4')
    expect(states(queue)).toEqual(['done', 'running', 'queued'])
  })

  it('runs up to the configured concurrency and picks up a raised limit at once', async () => {
    const { engine, queue } = setup({ concurrency: 2 })
    queue.add(files('a.mp4', 'b.mp4', 'c.mp4', 'd.mp4'), request)
    await engine.started(2)
    expect(states(queue)).toEqual(['running', 'running', 'queued', 'queued'])
    queue.setConcurrency(4)
    await engine.started(4)
    expect(states(queue)).toEqual(['running', 'running', 'running', 'running'])
  })

  it('does not start new jobs while paused, and continues on resume', async () => {
    const { engine, queue, events } = setup()
    queue.pause()
    queue.add(files('a.mp4'), request)
    expect(engine.calls).toHaveLength(0)
    expect(events).toContainEqual({ type: 'paused', paused: true })
    queue.resume()
    await engine.started(1)
    expect(queue.snapshot().paused).toBe(false)
  })
})

describe('job queue: results', () => {
  it('reports done with output, sizes, % saved and what the plan changed', async () => {
    const { engine, queue } = setup()
    queue.add(files('a.mp4'), request)
    await engine.started(1)
    const done = nextEvent(queue, 'done')
    engine.call(0).succeed(250, ['lowered resolution to 720p to fit 25 MB'])
    const { job } = await done
    expect(job.state).toBe('done')
    expect(job.outcome).toEqual({
      output: '/videos/a.mp4.compressed.mp4',
      inputBytes: 1000,
      outputBytes: 250,
      savedPercent: 75,
      message: 'Done.',
      words: null,
      changes: ['lowered resolution to 720p to fit 25 MB'],
      errorCode: null,
      quality: null
    })
  })

  it("keeps a failure's catalogue words with its English, also across a restart (issue 13: the row is said again in another language)", async () => {
    const first = setup()
    const [job] = first.queue.add(files('empty.mp4'), request)
    await first.engine.started(1)
    const failed = nextEvent(first.queue, 'failed')
    const words = { key: 'errors:input.empty', params: { name: 'empty.mp4' } }
    first.engine.call(0).fail('empty.mp4 is empty (0 bytes).', 'empty-file', words)
    expect((await failed).job.outcome).toMatchObject({ message: 'empty.mp4 is empty (0 bytes).', words, errorCode: 'empty-file' })
    await first.queue.shutdown()
    const second = createJobQueue({ engine: new ScriptedEngine(), repository: first.repository, clock: new ManualClock() })
    await second.restore()
    expect(second.get(job!.id)?.outcome).toMatchObject({ words })
  })

  it('keeps the quality score of a result (issue #12), across a restart too', async () => {
    const first = setup()
    first.queue.add(files('a.mp4'), request)
    await first.engine.started(1)
    const done = nextEvent(first.queue, 'done')
    const quality = { ssim: 0.9871, vmaf: null, label: 'looks the same' } as const
    first.engine.call(0).succeed(250, [], quality)
    const { job } = await done
    expect(job.outcome?.quality).toEqual(quality)
    const second = createJobQueue({ engine: new ScriptedEngine(), repository: first.repository, clock: new ManualClock() })
    await second.restore()
    expect(second.snapshot().jobs[0]?.outcome?.quality).toEqual(quality)
  })

  it('reports failed with the engine message, and retry runs the job again', async () => {
    const { engine, queue } = setup()
    const [job] = queue.add(files('broken.mp4'), request)
    await engine.started(1)
    const failed = nextEvent(queue, 'failed')
    engine.call(0).fail('This file is damaged or not a video. Check that it plays, then try again.')
    const event = await failed
    expect(event.job.outcome?.message).toMatch(/damaged or not a video/)
    expect(event.job.outcome?.errorCode).toBe('not-a-video')

    queue.retry(job!.id)
    await engine.started(2)
    expect(engine.call(1).request.input).toBe('/videos/broken.mp4')
    expect(queue.get(job!.id)?.state).toBe('running')
    expect(queue.get(job!.id)?.outcome).toBeNull()
  })

  it('retry with new options runs the job with those; a floor refusal keeps its smallest size across a restart', async () => {
    const { engine, queue, repository } = setup()
    const [job] = queue.add(files('launch.mp4'), {
      text: 'under 120KB, must look good',
      options: { targetBytes: 120_000, minQuality: 'good' },
      outputDir: null
    })
    await engine.started(1)
    const failed = nextEvent(queue, 'failed')
    engine.call(0).fail('At 120 KB this video would look like visible blocks.', 'below-quality-floor', undefined, 320_000)
    expect((await failed).job.outcome?.smallestBytesForFloor).toBe(320_000)
    const restored = createJobQueue({ engine: new ScriptedEngine(), repository, clock: new ManualClock() })
    await restored.restore()
    expect(restored.get(job!.id)?.outcome?.smallestBytesForFloor).toBe(320_000)
    expect((await restored.finished(job!.id)).result.smallestBytesForFloor).toBe(320_000)

    queue.retry(job!.id, { text: 'under 120KB, must look good → 320 KB', options: { targetBytes: 320_000, minQuality: 'good' } })
    await engine.started(2)
    expect(engine.call(1).request.options).toEqual({ targetBytes: 320_000, minQuality: 'good' })
    expect(queue.get(job!.id)?.options.targetBytes).toBe(320_000)
    expect(queue.get(job!.id)?.request).toBe('under 120KB, must look good → 320 KB')
  })

  it('emits batch-finished once when the queue runs dry', async () => {
    const { engine, queue, events } = setup()
    queue.add(files('a.mp4', 'b.mp4'), request)
    await engine.started(1)
    engine.call(0).succeed(100)
    await engine.started(2)
    expect(events.filter((event) => event.type === 'batch-finished')).toHaveLength(0)
    const batch = nextEvent(queue, 'batch-finished')
    engine.call(1).fail('Nope. Try again.')
    expect((await batch).finished.map((job) => job.name)).toEqual(['a.mp4', 'b.mp4'])
  })
})

describe('job queue: cancel, remove, clear', () => {
  it('cancels a running job through its AbortSignal and marks it cancelled', async () => {
    const { engine, queue } = setup()
    const [job] = queue.add(files('a.mp4', 'b.mp4'), request)
    await engine.started(1)
    const cancelled = nextEvent(queue, 'job-updated', (event) => event.job.state === 'cancelled')
    queue.cancel(job!.id)
    expect(engine.call(0).aborted).toBe(true)
    await cancelled
    await engine.started(2) // the next job starts
    expect(states(queue)).toEqual(['cancelled', 'running'])
  })

  it("changes a queued job's request before it starts (issue 14's trim control), and refuses once it has started", async () => {
    const { engine, queue, events, repository } = setup()
    queue.pause()
    const [job] = queue.add(files('a.mp4'), request)
    const edited = queue.editRequest(job!.id, { text: 'under 25MB. Keep 0:01 to 0:03.', options: { targetBytes: 25_000_000, trimStart: 1, trimEnd: 3 } })
    expect(edited).toMatchObject({ request: 'under 25MB. Keep 0:01 to 0:03.', options: { trimStart: 1, trimEnd: 3 }, state: 'queued' })
    expect(events).toContainEqual({ type: 'job-updated', job: edited })
    expect(repository.load()?.jobs[0]?.options).toMatchObject({ trimStart: 1, trimEnd: 3 })
    queue.resume()
    await engine.started(1)
    expect(engine.call(0).request.options).toEqual({ targetBytes: 25_000_000, trimStart: 1, trimEnd: 3 })
    expect(() => queue.editRequest(job!.id, request)).toThrow(/has already started/)
  })

  it('cancels a queued job without ever running it', async () => {
    const { engine, queue } = setup()
    const [, second] = queue.add(files('a.mp4', 'b.mp4'), request)
    await engine.started(1)
    queue.cancel(second!.id)
    expect(queue.get(second!.id)?.state).toBe('cancelled')
    const done = nextEvent(queue, 'done')
    engine.call(0).succeed(10)
    await done
    expect(engine.calls).toHaveLength(1)
  })

  it('removing a running job aborts it; clear finished removes only finished jobs', async () => {
    const { engine, queue, events } = setup()
    const [a, b, c] = queue.add(files('a.mp4', 'b.mp4', 'c.mp4'), request)
    await engine.started(1)
    queue.remove(a!.id)
    expect(engine.call(0).aborted).toBe(true)
    await engine.started(2)
    const done = nextEvent(queue, 'done')
    engine.call(1).succeed(10)
    await done
    await engine.started(3)
    queue.clearFinished()
    expect(queue.snapshot().jobs.map((job) => job.id)).toEqual([c!.id])
    expect(events).toContainEqual({ type: 'jobs-removed', ids: [b!.id] })
  })

  it('refuses actions on unknown jobs with a sentence', () => {
    const { queue } = setup()
    expect(() => queue.cancel('nope')).toThrow(/no longer in the queue/)
  })

  it('cancelAll stops the running jobs first, then cancels the queued ones in order, starting nothing meanwhile', async () => {
    const { engine, queue, events } = setup({ concurrency: 2 })
    const [a, b, c, d] = queue.add(files('a.mp4', 'b.mp4', 'c.mp4', 'd.mp4'), request)
    await engine.started(2)
    const all = queue.cancelAll('Stopped before its turn.')
    expect(engine.call(0).aborted).toBe(true)
    expect(engine.call(1).aborted).toBe(true)
    await all
    expect(engine.calls).toHaveLength(2)
    expect(states(queue)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled'])
    const order = events.flatMap((event) => (event.type === 'job-updated' && event.job.state === 'cancelled' ? [event.job.id] : []))
    expect(order).toEqual([a!.id, b!.id, c!.id, d!.id])
    expect(queue.get(c!.id)?.outcome?.message).toBe('Stopped before its turn.')
    expect(queue.get(a!.id)?.outcome?.message).toBe('Cancelled.')
    // The queue goes on afterwards.
    queue.add(files('e.mp4'), request)
    await engine.started(3)
  })
})

describe('job queue: finished', () => {
  it("resolves with the row and the engine's own result when the job ends, and at once for a finished job", async () => {
    const { engine, queue } = setup()
    const [job] = queue.add(files('a.mp4'), request)
    const finished = queue.finished(job!.id)
    await engine.started(1)
    const quality = { ssim: 0.99, vmaf: null, label: 'looks the same' } as const
    engine.call(0).succeed(250, ['kept 720p'], quality)
    const { job: row, result } = await finished
    expect(row).toMatchObject({ id: job!.id, state: 'done', outcome: { outputBytes: 250, savedPercent: 75 } })
    expect(result).toEqual({
      status: 'done',
      input: '/videos/a.mp4',
      output: '/videos/a.mp4.compressed.mp4',
      inputBytes: 1000,
      outputBytes: 250,
      message: 'Done.',
      changes: ['kept 720p'],
      elapsedMs: 1,
      quality
    })
    await expect(queue.finished(job!.id)).resolves.toEqual({ job: row, result })
  })

  it('resolves for failed and cancelled jobs, and a retried job finishes again', async () => {
    const { engine, queue } = setup()
    const [a, b] = queue.add(files('a.mp4', 'b.mp4'), request)
    const bFinished = queue.finished(b!.id)
    queue.cancel(b!.id)
    await expect(bFinished).resolves.toMatchObject({
      job: { state: 'cancelled' },
      result: { status: 'cancelled', input: '/videos/b.mp4', message: NOT_STARTED_MESSAGE, errorCode: 'cancelled', output: null }
    })
    await engine.started(1)
    const aFailed = queue.finished(a!.id)
    engine.call(0).fail('Broken.')
    await expect(aFailed).resolves.toMatchObject({ job: { state: 'failed' }, result: { status: 'failed', message: 'Broken.', errorCode: 'not-a-video' } })
    queue.retry(a!.id)
    const again = queue.finished(a!.id)
    await engine.started(2)
    engine.call(1).succeed(10)
    await expect(again).resolves.toMatchObject({ job: { state: 'done' }, result: { status: 'done', outputBytes: 10 } })
  })

  it('resolves as cancelled when the job is removed, and rejects for an unknown job', async () => {
    const { engine, queue } = setup()
    const [a, b] = queue.add(files('a.mp4', 'b.mp4'), request)
    const running = queue.finished(a!.id)
    const waiting = queue.finished(b!.id)
    await engine.started(1)
    queue.remove(b!.id)
    queue.remove(a!.id)
    for (const [finished, input] of [
      [waiting, '/videos/b.mp4'],
      [running, '/videos/a.mp4']
    ] as const) {
      await expect(finished).resolves.toMatchObject({
        job: { state: 'cancelled', outcome: { message: REMOVED_MESSAGE } },
        result: { status: 'cancelled', input, message: REMOVED_MESSAGE, errorCode: 'cancelled' }
      })
    }
    await expect(queue.finished(a!.id)).rejects.toThrow(/no longer in the queue/)
  })

  it('makes a result from the row for a job that finished in an earlier run', async () => {
    const first = setup()
    first.queue.add(files('a.mp4'), request)
    await first.engine.started(1)
    const done = nextEvent(first.queue, 'done')
    first.engine.call(0).succeed(250, ['kept 720p'])
    await done
    const second = createJobQueue({ engine: new ScriptedEngine(), repository: first.repository, clock: new ManualClock() })
    await second.restore()
    const [job] = second.snapshot().jobs
    await expect(second.finished(job!.id)).resolves.toMatchObject({
      result: { status: 'done', input: '/videos/a.mp4', output: '/videos/a.mp4.compressed.mp4', outputBytes: 250, changes: ['kept 720p'], elapsedMs: 0 }
    })
  })
})

describe('job queue: a file gone by its turn (skipGoneInputs)', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })

  it('ends "not-found" without starting the engine, and runs the files that are there', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'queue-gone-'))
    dirs.push(dir)
    const there = path.join(dir, 'there.mp4')
    await writeFile(there, 'x')
    const { engine, queue } = setup({ skipGoneInputs: true })
    const [gone, kept] = queue.add(
      [
        { input: path.join(dir, 'gone.mp4'), inputBytes: null },
        { input: there, inputBytes: null }
      ],
      request
    )
    await expect(queue.finished(gone!.id)).resolves.toMatchObject({
      result: { status: 'failed', errorCode: 'not-found', message: `${path.join(dir, 'gone.mp4')} no longer exists.` }
    })
    await engine.started(1)
    expect(engine.calls.map((call) => call.request.input)).toEqual([there])
    engine.call(0).succeed(1)
    await expect(queue.finished(kept!.id)).resolves.toMatchObject({ result: { status: 'done' } })
  })
})

describe('job queue: progress and heartbeat', () => {
  it('coalesces progress into one event per interval, with the latest values', async () => {
    const { engine, queue, clock, events } = setup()
    const [job] = queue.add(files('a.mp4'), request)
    await engine.started(1)
    for (let percent = 1; percent <= 50; percent++) engine.call(0).progress(percent)
    expect(events.filter((event) => event.type === 'progress')).toHaveLength(0)
    clock.advance(PROGRESS_INTERVAL_MS)
    const progressEvents = events.filter((event) => event.type === 'progress')
    expect(progressEvents).toEqual([
      { type: 'progress', updates: [{ id: job!.id, progress: { phase: 'encoding', percent: 50, speed: 2, etaSeconds: 10, detail: 'Pass 1 of 2' } }] }
    ])
    expect(queue.get(job!.id)?.progress?.percent).toBe(50)
  })

  it('says "Still working" after 2 minutes without progress, every 2 minutes, until progress resumes', async () => {
    const { engine, queue, clock, events } = setup()
    queue.add(files('slow.mp4'), request)
    await engine.started(1)
    engine.call(0).progress(10)
    clock.advance(HEARTBEAT_MS - 1)
    expect(events.filter((event) => event.type === 'heartbeat')).toHaveLength(0)
    clock.advance(1)
    expect(events.filter((event) => event.type === 'heartbeat')).toHaveLength(1)
    expect(queue.snapshot().jobs[0]?.stillWorking).toBe(true)
    // The same percent again is not progress.
    engine.call(0).progress(10)
    clock.advance(HEARTBEAT_MS)
    expect(events.filter((event) => event.type === 'heartbeat')).toHaveLength(2)
    // Real progress clears the note and restarts the two minutes.
    engine.call(0).progress(11)
    expect(queue.snapshot().jobs[0]?.stillWorking).toBe(false)
    clock.advance(HEARTBEAT_MS - 1)
    expect(events.filter((event) => event.type === 'heartbeat')).toHaveLength(2)
  })

  it('hands the engine the request text and shows its messages on the row until the result', async () => {
    const { engine, queue, clock, events } = setup()
    const [job] = queue.add(files('cloud.mp4'), request)
    await engine.started(1)
    expect(engine.call(0).request.text).toBe('under 25MB')
    engine.call(0).message('Uploading done, compressing now.')
    expect(queue.get(job!.id)?.message).toBe('Uploading done, compressing now.')
    expect(events.at(-1)).toMatchObject({ type: 'job-updated', job: { id: job!.id, message: 'Uploading done, compressing now.' } })
    // The cloud engine's own "Still working" is a heartbeat, and restarts the queue's silence timer.
    clock.advance(HEARTBEAT_MS - 10)
    engine.call(0).stillWorking()
    expect(events.filter((event) => event.type === 'heartbeat')).toHaveLength(1)
    expect(queue.get(job!.id)).toMatchObject({ stillWorking: true, message: 'Uploading done, compressing now.' })
    // A reply that happens to read like a heartbeat is a reply: nothing goes by the words.
    engine.call(0).message('⏳ Still working...')
    expect(queue.get(job!.id)).toMatchObject({ stillWorking: false, message: '⏳ Still working...' })
    expect(events.filter((event) => event.type === 'heartbeat')).toHaveLength(1)
    clock.advance(HEARTBEAT_MS - 10)
    expect(events.filter((event) => event.type === 'heartbeat')).toHaveLength(1)
    // The result's sentence takes over; messages are not saved.
    const done = nextEvent(queue, 'done')
    engine.call(0).succeed(10)
    expect((await done).job.message).toBeNull()
  })

  it('ignores messages from a job that is no longer running', async () => {
    const { engine, queue, events } = setup()
    const [job] = queue.add(files('late.mp4'), request)
    await engine.started(1)
    queue.cancel(job!.id)
    await nextEvent(queue, 'job-updated', (event) => event.job.state === 'cancelled')
    const before = events.length
    engine.call(0).message('too late')
    expect(events).toHaveLength(before)
    expect(queue.get(job!.id)?.message).toBeNull()
  })

  it('with an interval of 0, every progress report is an event at once', async () => {
    const { engine, queue, events } = setup({ progressIntervalMs: 0 })
    const [job] = queue.add(files('a.mp4'), request)
    await engine.started(1)
    for (const percent of [1, 2, 3]) engine.call(0).progress(percent)
    const percents = events.flatMap((event) => (event.type === 'progress' ? event.updates.map((update) => [update.id, update.progress.percent]) : []))
    expect(percents).toEqual([
      [job!.id, 1],
      [job!.id, 2],
      [job!.id, 3]
    ])
  })

  it('stays fast with 1,000 jobs and sends one progress event for many running jobs', async () => {
    const { engine, queue, clock, events, repository } = setup({ concurrency: 8 })
    const many = Array.from({ length: 1000 }, (_, index) => ({ input: `/videos/clip-${index}.mp4`, inputBytes: 1000 + index }))
    const startedAt = performance.now()
    queue.add(many, request)
    await engine.started(8)
    for (let round = 1; round <= 20; round++) for (const call of engine.calls) call.progress(round)
    clock.advance(PROGRESS_INTERVAL_MS)
    expect(performance.now() - startedAt).toBeLessThan(1000)
    const progressEvents = events.filter((event) => event.type === 'progress')
    expect(progressEvents).toHaveLength(1)
    expect(progressEvents[0]?.type === 'progress' && progressEvents[0].updates).toHaveLength(8)
    // One save for the whole add, not one per file.
    expect(repository.saved?.jobs).toHaveLength(1000)
    expect(repository.saves).toBeLessThan(20)
  })
})

describe('job queue: persistence across a restart', () => {
  const folders: string[] = []
  afterEach(async () => {
    await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
  })

  it('brings unfinished jobs back queued, removes their partial files, keeps finished ones', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'queue-restart-'))
    folders.push(folder)
    const input = path.join(folder, 'holiday clip.mp4')
    await writeFile(input, 'original')
    // What a crash mid-encode leaves: the engine's hidden temporary output (src/jobs/output.ts).
    await writeFile(path.join(folder, '.holiday clip.compressing-0a1b2c3d.mp4'), 'half')
    await writeFile(path.join(folder, '.other.compressing-0a1b2c3d.mp4'), 'not ours')
    await writeFile(path.join(folder, 'holiday clip.compressed.mp4'), 'an earlier result')

    const first = setup()
    first.queue.add(
      [
        { input: path.join(folder, 'done.mp4'), inputBytes: 10 },
        { input, inputBytes: 8 },
        { input: path.join(folder, 'later.mp4'), inputBytes: 5 }
      ],
      request
    )
    await first.engine.started(1)
    const done = nextEvent(first.queue, 'done')
    first.engine.call(0).succeed(5)
    await done
    await first.engine.started(2)
    first.queue.pause()
    expect(states(first.queue)).toEqual(['done', 'running', 'queued'])
    // The app dies here: no shutdown, the running job never finishes.

    const engine = new ScriptedEngine()
    const second = createJobQueue({ engine, repository: first.repository, clock: new ManualClock() })
    await second.restore()
    expect(states(second)).toEqual(['done', 'queued', 'queued'])
    expect(second.snapshot().paused).toBe(true)
    expect(second.snapshot().jobs[0]?.outcome?.outputBytes).toBe(5)
    expect((await readdir(folder)).sort()).toEqual(['.other.compressing-0a1b2c3d.mp4', 'holiday clip.compressed.mp4', 'holiday clip.mp4'])

    second.resume()
    await engine.started(1)
    expect(engine.call(0).request.input).toBe(input)
  })

  it('drops saved jobs that do not fit the shape instead of failing to start', async () => {
    const good = {
      id: 'a',
      input: '/v/a.mp4',
      name: 'a.mp4',
      request: '',
      options: {},
      outputDir: null,
      state: 'done',
      inputBytes: 5,
      outcome: null,
      addedAt: 1
    }
    const repository = createJsonQueueRepository({
      version: 1,
      paused: false,
      jobs: [good, { id: 'b', input: 42 }, { ...good, id: 'c', state: 'exploded' }] as never
    })
    const queue = createJobQueue({ engine: new ScriptedEngine(), repository, clock: new ManualClock() })
    await queue.restore()
    expect(queue.snapshot().jobs.map((job) => job.id)).toEqual(['a'])
    // Saved before jobs had a watch folder id: a job added by hand.
    expect(queue.snapshot().jobs[0]?.watchId).toBeNull()
  })

  it('keeps the watch folder a job came from across a restart, and finds the active job for a file', async () => {
    const first = setup()
    first.queue.add(files('watched.mp4'), { ...request, watchId: 'downloads' })
    await first.engine.started(1)
    await first.queue.shutdown()
    const second = createJobQueue({ engine: new ScriptedEngine(), repository: first.repository, clock: new ManualClock() })
    await second.restore()
    expect(second.activeFor('/videos/watched.mp4')).toMatchObject({ watchId: 'downloads', state: 'running', message: null })
    expect(second.activeFor('/videos/other.mp4')).toBeUndefined()
  })

  it('shutdown aborts running jobs and saves them as queued for next time', async () => {
    const { engine, queue, repository } = setup()
    queue.add(files('a.mp4'), request)
    await engine.started(1)
    await queue.shutdown()
    expect(engine.call(0).aborted).toBe(true)
    expect(repository.saved?.jobs.map((job) => job.state)).toEqual(['queued'])
  })
})

describe('job queue: races found in review', () => {
  it('starts nothing restored or new before the partial files of a crash are removed', async () => {
    const saved = {
      id: 'old',
      input: '/videos/old.mp4',
      name: 'old.mp4',
      request: '',
      options: {},
      outputDir: null,
      state: 'running',
      inputBytes: 5,
      outcome: null,
      addedAt: 1
    }
    let release: () => void = () => undefined
    let cleaned = false
    // Settles (cleaned) before the queue's own wait for it does.
    const cleaning = new Promise<void>((resolve) => (release = resolve)).then(() => {
      cleaned = true
    })
    const scripted = new ScriptedEngine()
    /** Every file the engine was asked to compress while the cleanup was still running. */
    const startedTooEarly: string[] = []
    const { queue } = setup({
      repository: createJsonQueueRepository({ version: 1, paused: false, jobs: [saved] as never }),
      removePartials: () => cleaning,
      engine: {
        compress: (job) => {
          if (!cleaned) startedTooEarly.push(job.input)
          return scripted.compress(job)
        }
      }
    })
    const restored = queue.restore()
    // A file arrives (tray "Add files", a second launch) while the cleanup still runs. The queue
    // decides what starts as add() runs: nothing may be running when it returns.
    queue.add(files('new.mp4'), request)
    expect(states(queue)).toEqual(['queued', 'queued'])
    // Whatever add() set off runs on promise callbacks (the engine and the repository here do no
    // I/O): once the microtask queue has drained, it has all run, with the cleanup still pending.
    await new Promise((resolve) => setImmediate(resolve))
    expect(startedTooEarly).toEqual([])
    release()
    await restored
    await scripted.started(1)
    expect(startedTooEarly).toEqual([])
    expect(scripted.call(0).request.input).toBe('/videos/old.mp4')
  })

  it('sends no heartbeat for a running job that was removed while its engine still stops', async () => {
    const clock = new ManualClock()
    let engineCalled: () => void = () => undefined
    const compressing = new Promise<void>((resolve) => (engineCalled = resolve))
    const stuck = {
      compress: () => {
        engineCalled()
        return new Promise<never>(() => undefined)
      }
    }
    const queue = createJobQueue({ engine: stuck, clock, repository: createJsonQueueRepository(), createId: () => 'job-1', removePartials: async () => [] })
    const events: QueueEvent[] = []
    queue.subscribe((event) => events.push(event))
    queue.add(files('a.mp4'), request)
    await compressing
    queue.remove('job-1')
    clock.advance(HEARTBEAT_MS * 3)
    expect(events.filter((event) => event.type === 'heartbeat')).toHaveLength(0)
    expect(clock.pendingTimers).toBe(0)
  })

  it('still says the batch finished when the last running job is removed', async () => {
    const { engine, queue, events } = setup()
    queue.add(files('a.mp4', 'b.mp4'), request)
    await engine.started(1)
    engine.call(0).succeed(400)
    await engine.started(2)
    const batch = nextEvent(queue, 'batch-finished')
    queue.remove('job-2')
    // The removed job's engine answers its abort; then the batch is over.
    expect((await batch).finished.map((job) => job.id)).toEqual(['job-1'])
    expect(events.filter((event) => event.type === 'batch-finished')).toHaveLength(1)
  })

  it('counts a job retried within a batch once', async () => {
    const { engine, queue } = setup()
    queue.add(files('a.mp4', 'b.mp4'), request)
    await engine.started(1)
    engine.call(0).fail('Broken.')
    await engine.started(2)
    queue.retry('job-1')
    engine.call(1).succeed(400)
    await engine.started(3)
    const batch = nextEvent(queue, 'batch-finished')
    engine.call(2).fail('Still broken.')
    const finished = (await batch).finished.map((job) => job.id).sort()
    expect(finished).toEqual(['job-1', 'job-2'])
  })

  it('keeps a job that finished just as the app quit as done, so it is not compressed again', async () => {
    const { engine, queue, repository } = setup()
    queue.add(files('a.mp4'), request)
    await engine.started(1)
    engine.call(0).succeed(400)
    await queue.shutdown()
    expect(repository.saved?.jobs.map((job) => job.state)).toEqual(['done'])
  })

  it('keeps working when the queue cannot be saved', async () => {
    const repository = {
      load: () => null,
      save: () => {
        throw new Error('ENOSPC: no space left on device')
      }
    }
    const { engine, queue } = setup({ repository })
    expect(() => queue.add(files('a.mp4', 'b.mp4'), request)).not.toThrow()
    await engine.started(1)
    engine.call(0).succeed(400)
    await engine.started(2)
    expect(states(queue)).toEqual(['done', 'running'])
  })
})
