import { describe, expect, it } from 'vitest'
import type { JobView } from '../shared/ipc/contract'
import { batchNotification } from './notification-text'

const job = (name: string, state: JobView['state'], inputBytes: number, outputBytes: number | null): JobView => ({
  id: name,
  input: `/v/${name}`,
  name,
  request: '',
  options: {},
  outputDir: null,
  state,
  inputBytes,
  progress: null,
  heartbeat: null,
  message: null,
  watchId: null,
  addedAt: 0,
  outcome: {
    output: outputBytes === null ? null : `/v/${name}.compressed.mp4`,
    inputBytes,
    outputBytes,
    savedPercent: null,
    message: '',
    changes: [],
    errorCode: null
  }
})

describe('batch notification', () => {
  it('names the file and its sizes for one result', () => {
    expect(batchNotification([job('a.mp4', 'done', 50_000_000, 9_500_000)])).toEqual({ title: 'Video compressed', body: 'a.mp4: 50 MB → 9.5 MB' })
  })
  it('sums a batch and mentions failures', () => {
    expect(batchNotification([job('a.mp4', 'done', 2_000_000, 1_000_000), job('b.mp4', 'done', 2_000_000, 500_000), job('c.mp4', 'failed', 10, null)])).toEqual(
      { title: '2 done, 1 failed', body: '4 MB → 1.5 MB in total. Open the app to see what went wrong.' }
    )
  })
})
