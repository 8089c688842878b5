import { describe, expect, it } from 'vitest'
import { translatorFor } from '../shared/i18n'
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
  stillWorking: false,
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

const en = translatorFor('en')
const zh = translatorFor('zh-CN')

describe('batch notification', () => {
  it('names the file and its sizes for one result', () => {
    expect(batchNotification([job('a.mp4', 'done', 50_000_000, 9_500_000)], en)).toEqual({ title: 'Video compressed', body: 'a.mp4: 50 MB → 9.5 MB' })
  })
  it('sums a batch and mentions failures', () => {
    const batch = [job('a.mp4', 'done', 2_000_000, 1_000_000), job('b.mp4', 'done', 2_000_000, 500_000), job('c.mp4', 'failed', 10, null)]
    expect(batchNotification(batch, en)).toEqual({ title: '2 done, 1 failed', body: '4 MB → 1.5 MB in total. Open the app to see what went wrong.' })
    expect(batchNotification(batch.slice(0, 2), en)).toEqual({ title: '2 videos compressed', body: '4 MB → 1.5 MB in total' })
    expect(batchNotification([job('c.mp4', 'failed', 10, null)], en)).toEqual({ title: '0 done, 1 failed', body: 'Open the app to see what went wrong.' })
  })
  it('speaks the app language (issue #13)', () => {
    const batch = [job('a.mp4', 'done', 2_000_000, 1_000_000), job('b.mp4', 'done', 2_000_000, 500_000), job('c.mp4', 'failed', 10, null)]
    expect(batchNotification(batch, zh)).toEqual({ title: '2 个完成，1 个失败', body: '共 4 MB → 1.5 MB。打开应用查看出错原因。' })
    expect(batchNotification(batch.slice(0, 2), zh)).toEqual({ title: '已压缩 2 个视频', body: '共 4 MB → 1.5 MB' })
    expect(batchNotification([job('a.mp4', 'done', 50_000_000, 9_500_000)], zh)).toEqual({ title: '视频已压缩', body: 'a.mp4：50 MB → 9.5 MB' })
  })
})
