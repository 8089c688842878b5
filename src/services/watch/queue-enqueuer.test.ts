// The watch's way into the job queue (queue-enqueuer.ts): a watched file becomes a queue job and
// its result comes back when the job is over.
import { describe, expect, it } from 'vitest'
import { createInMemoryQueueRepository, createJobQueue } from '../queue'
import { ScriptedEngine } from '../queue/testing'
import { queueEnqueuer } from './queue-enqueuer'

describe('queueEnqueuer', () => {
  it('runs a watched file through the queue and resolves with its result', async () => {
    const engine = new ScriptedEngine()
    const queue = createJobQueue({ engine, repository: createInMemoryQueueRepository() })
    const result = queueEnqueuer(queue, () => 'for Discord')({ input: '/w/a.mp4', options: { targetBytes: 10_000_000 }, outputDir: null, watchId: 'w1' })
    await engine.started(1)
    expect(queue.snapshot().jobs[0]).toMatchObject({ input: '/w/a.mp4', request: 'for Discord', options: { targetBytes: 10_000_000 } })
    engine.call(0).succeed(400, ['kept 720p'])
    await expect(result).resolves.toMatchObject({
      status: 'done',
      input: '/w/a.mp4',
      output: '/w/a.mp4.compressed.mp4',
      outputBytes: 400,
      changes: ['kept 720p']
    })
  })

  it('follows a job the queue already holds for the file instead of queueing it again', async () => {
    const engine = new ScriptedEngine()
    const queue = createJobQueue({ engine, repository: createInMemoryQueueRepository() })
    queue.add([{ input: '/w/a.mp4', inputBytes: 1 }], { text: 'x', options: {}, outputDir: null, watchId: 'w1' })
    await engine.started(1)
    const result = queueEnqueuer(queue, () => 'x')({ input: '/w/a.mp4', options: {}, outputDir: null, watchId: 'w1' })
    expect(queue.snapshot().jobs).toHaveLength(1)
    engine.call(0).succeed(5)
    await expect(result).resolves.toMatchObject({ status: 'done', input: '/w/a.mp4', outputBytes: 5 })
  })

  it('resolves as cancelled when the job is removed from the queue', async () => {
    const engine = new ScriptedEngine()
    const queue = createJobQueue({ engine, repository: createInMemoryQueueRepository() })
    const result = queueEnqueuer(queue, () => '')({ input: '/w/b.mp4', options: {}, outputDir: null, watchId: 'w1' })
    await engine.started(1)
    queue.remove(queue.snapshot().jobs[0]!.id)
    await expect(result).resolves.toMatchObject({ status: 'cancelled', input: '/w/b.mp4' })
  })
})
