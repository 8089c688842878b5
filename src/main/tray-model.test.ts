import { describe, expect, it } from 'vitest'
import { translatorFor } from '../shared/i18n'
import type { JobState, JobView } from '../shared/ipc/contract'
import { BatchTracker, buildTrayModel } from './tray-model'
import type { TrayItem } from './tray-model'

function job(id: string, state: JobState, extra: Partial<JobView> = {}): JobView {
  return {
    id,
    input: `/v/${id}.mp4`,
    name: `${id}.mp4`,
    request: '',
    options: {},
    outputDir: null,
    state,
    inputBytes: 1000,
    progress: null,
    stillWorking: false,
    message: null,
    watchId: null,
    outcome: null,
    addedAt: 0,
    ...extra
  }
}

const done = (id: string, outputBytes: number) =>
  job(id, 'done', {
    outcome: {
      output: `/v/${id}.compressed.mp4`,
      inputBytes: 1000,
      outputBytes,
      savedPercent: (1 - outputBytes / 1000) * 100,
      message: 'Done.',
      changes: [],
      errorCode: null
    }
  })
const en = translatorFor('en')
const zh = translatorFor('zh-CN')
const labels = (items: TrayItem[]) => items.map((item) => (item.kind === 'separator' ? '---' : item.label))

describe('tray model', () => {
  it('shows position, total and batch percent in the tooltip: "2 of 5 · 41%"', () => {
    const progress = (percent: number) => ({ phase: 'encoding' as const, percent, speed: 1, etaSeconds: 60, detail: '' })
    const jobs = [done('a', 300), job('b', 'running', { progress: progress(41.7) }), job('c', 'queued'), job('d', 'queued'), job('e', 'queued')]
    expect(buildTrayModel({ jobs, paused: false, finishedInBatch: new Set(['a']), watchFoldersOn: false }, en).tooltip).toBe('2 of 5 · 41%')
    // Two running at once: the mean of their percents.
    const parallel = [done('a', 300), job('b', 'running', { progress: progress(20) }), job('c', 'running', { progress: progress(60) }), job('d', 'queued')]
    expect(buildTrayModel({ jobs: parallel, paused: false, finishedInBatch: new Set(['a']), watchFoldersOn: false }, en).tooltip).toBe('2 of 4 · 40%')
  })

  it('does not count results of earlier batches, and says when idle or paused', () => {
    const jobs = [done('old', 100), job('new', 'queued')]
    expect(buildTrayModel({ jobs, paused: true, finishedInBatch: new Set(), watchFoldersOn: false }, en).tooltip).toBe('1 of 1 · 0% · paused')
    expect(buildTrayModel({ jobs: [done('old', 100)], paused: false, finishedInBatch: new Set(['old']), watchFoldersOn: false }, en).tooltip).toBe(
      'Compress Video · idle'
    )
  })

  it('builds the menu with Pause or Resume, the watch toggle and the last results newest first', () => {
    const jobs = [done('a', 250), done('b', 500), job('c', 'failed'), job('d', 'running')]
    const model = buildTrayModel({ jobs, paused: false, finishedInBatch: new Set(), watchFoldersOn: true, recentLimit: 5 }, en)
    expect(labels(model.items)).toEqual([
      'Show window',
      'Add files…',
      'Pause queue',
      'Watch folders',
      '---',
      'Recent results',
      'b.mp4 → 500 B (−50%)',
      'a.mp4 → 250 B (−75%)',
      '---',
      'Settings…',
      'Quit'
    ])
    expect(model.items.find((item) => item.kind === 'checkbox')).toMatchObject({ checked: true })
    expect(model.items.find((item) => item.kind === 'action' && item.label.startsWith('b.mp4'))).toMatchObject({ action: 'show-result', jobId: 'b' })

    const paused = buildTrayModel({ jobs: [], paused: true, finishedInBatch: new Set(), watchFoldersOn: false }, en)
    expect(labels(paused.items)).toEqual(['Show window', 'Add files…', 'Resume queue', 'Watch folders', '---', 'Settings…', 'Quit'])
  })

  it('speaks the app language: the tooltip and the menu in Chinese (issue #13)', () => {
    const progress = { phase: 'encoding' as const, percent: 41.7, speed: 1, etaSeconds: 60, detail: '' }
    const jobs = [done('a', 300), job('b', 'running', { progress }), job('c', 'queued')]
    expect(buildTrayModel({ jobs, paused: true, finishedInBatch: new Set(['a']), watchFoldersOn: false }, zh).tooltip).toBe('第 2 个，共 3 个 · 41% · 已暂停')
    expect(buildTrayModel({ jobs: [], paused: false, finishedInBatch: new Set(), watchFoldersOn: false }, zh).tooltip).toBe('视频压缩 · 空闲')
    const model = buildTrayModel({ jobs: [done('a', 250)], paused: false, finishedInBatch: new Set(), watchFoldersOn: true }, zh)
    expect(labels(model.items)).toEqual([
      '显示窗口',
      '添加文件…',
      '暂停队列',
      '监视文件夹',
      '---',
      '最近的结果',
      'a.mp4 → 250 B (−75%)',
      '---',
      '设置…',
      '退出'
    ])
  })

  it('disables Pause when there is nothing to pause and limits recent results', () => {
    const jobs = Array.from({ length: 8 }, (_, index) => done(`r${index}`, 100))
    const model = buildTrayModel({ jobs, paused: false, finishedInBatch: new Set(), watchFoldersOn: false, recentLimit: 3 }, en)
    expect(model.items.find((item) => item.kind === 'action' && item.action === 'pause')).toMatchObject({ enabled: false })
    expect(
      model.items.filter((item) => item.kind === 'action' && item.action === 'show-result').map((item) => (item.kind === 'action' ? item.jobId : ''))
    ).toEqual(['r7', 'r6', 'r5'])
  })
})

describe('BatchTracker', () => {
  it('starts a new batch after the queue ran dry', () => {
    const tracker = new BatchTracker()
    tracker.jobFinished('a')
    tracker.jobFinished('b')
    expect([...tracker.finishedInBatch]).toEqual(['a', 'b'])
    tracker.batchFinished()
    expect([...tracker.finishedInBatch]).toEqual(['a', 'b']) // still shown until new work comes
    tracker.jobQueued()
    expect([...tracker.finishedInBatch]).toEqual([])
    tracker.jobFinished('c')
    expect([...tracker.finishedInBatch]).toEqual(['c'])
  })
})
