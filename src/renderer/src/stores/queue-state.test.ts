import { describe, expect, it } from 'vitest'
import type { JobView } from '../../../shared/ipc/contract'
import { applyQueueEvent, EMPTY_QUEUE, fromSnapshot } from './queue-state'

const job = (id: string, state: JobView['state'] = 'queued'): JobView => ({
  id,
  input: `/v/${id}.mp4`,
  name: `${id}.mp4`,
  request: '',
  options: {},
  outputDir: null,
  state,
  inputBytes: 10,
  progress: null,
  stillWorking: false,
  message: null,
  watchId: null,
  outcome: null,
  addedAt: 0
})
const progress = (percent: number) => ({ phase: 'encoding' as const, percent, speed: 1, etaSeconds: 5, detail: '' })

describe('applyQueueEvent', () => {
  it('adds, updates and removes jobs keeping the order', () => {
    let data = applyQueueEvent(EMPTY_QUEUE, { type: 'jobs-added', jobs: [job('a'), job('b'), job('c')] })
    data = applyQueueEvent(data, { type: 'job-updated', job: job('b', 'running') })
    data = applyQueueEvent(data, { type: 'jobs-removed', ids: ['a'] })
    expect(data.order).toEqual(['b', 'c'])
    expect(data.jobs['b']?.state).toBe('running')
    expect(data.jobs['a']).toBeUndefined()
  })

  it('applies progress only to running jobs and leaves other rows untouched (same object)', () => {
    let data = fromSnapshot({ jobs: [job('a', 'running'), job('b', 'done')], paused: false, concurrency: 1 })
    const before = data.jobs['b']
    data = applyQueueEvent(data, {
      type: 'progress',
      updates: [
        { id: 'a', progress: progress(40) },
        { id: 'b', progress: progress(10) },
        { id: 'gone', progress: progress(1) }
      ]
    })
    expect(data.jobs['a']?.progress?.percent).toBe(40)
    expect(data.jobs['b']).toBe(before)
    expect(data.jobs['gone']).toBeUndefined()
  })

  it('is idempotent for an add that the snapshot already had', () => {
    const data = fromSnapshot({ jobs: [job('a')], paused: true, concurrency: 1 })
    const again = applyQueueEvent(data, { type: 'jobs-added', jobs: [job('a')] })
    expect(again.order).toEqual(['a'])
    expect(applyQueueEvent(again, { type: 'paused', paused: false }).paused).toBe(false)
  })
})
