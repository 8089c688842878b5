// Pure parts: GUI-talk translation, routing of typed text, state summary, envelopes, ids.
import { describe, expect, it } from 'vitest'
import { parseJsonKeepingIds, unwrapEnvelope } from './client'
import { parseRenderStatus } from './render'
import { routeNemoRequest } from './router'
import { formatCredits, parseCredits, parseSessionState } from './state'
import { isTemporaryIssueNotice, translateGuiTalk } from './talk'

describe('translateGuiTalk', () => {
  it('drops "click the Export button" and exports instead', () => {
    expect(translateGuiTalk('Your video is ready. Click the "Export" button to download it.')).toEqual({
      text: 'Your video is ready. Compress Video exports the result for you.',
      actions: ['export']
    })
    expect(translateGuiTalk('视频已完成。点击导出即可下载。').actions).toEqual(['export'])
  })

  it('maps panels to state, timeline previews to the summary, account talk to credits, drag to words', () => {
    expect(translateGuiTalk('Open the Effects panel to see the title.')).toEqual({ text: '', actions: ['state'] })
    expect(translateGuiTalk('Added BGM. Preview it in the timeline.')).toEqual({ text: 'Added BGM.', actions: ['summary'] })
    expect(translateGuiTalk('You are out of credits. Check your account billing page.').actions).toEqual(['credits'])
    expect(translateGuiTalk('Drag the clip onto track 2.').text).toBe('Describe the change in words and it will be sent as an edit.')
  })

  it('keeps content descriptions untouched', () => {
    const reply = 'I trimmed the intro and lowered the bitrate to 2 Mbps.\nThe result is 40% smaller.'
    expect(translateGuiTalk(reply)).toEqual({ text: reply, actions: [] })
  })

  it('recognises the temporary-issue notice', () => {
    expect(isTemporaryIssueNotice('I encountered a temporary issue, please retry.')).toBe(true)
    expect(isTemporaryIssueNotice('All done.')).toBe(false)
  })
})

describe('routeNemoRequest', () => {
  it.each([
    ['export', 'export'],
    ['导出', 'export'],
    ['download', 'export'],
    ['please send me the video', 'export'],
    ['credits', 'credits'],
    ['how many credits do I have left?', 'credits'],
    ['积分', 'credits'],
    ['balance', 'credits'],
    ['余额', 'credits'],
    ['status', 'status'],
    ['状态', 'status'],
    ['show tracks', 'status'],
    ['upload', 'upload'],
    ['上传', 'upload'],
    ['add lo-fi music and export', 'message'],
    ['make it 720p', 'message'],
    ['', 'message']
  ] as const)('%s -> %s', (text, route) => {
    expect(routeNemoRequest(text)).toBe(route)
  })

  it('routes a given file to upload', () => {
    expect(routeNemoRequest('make it smaller', { fileGiven: true })).toBe('upload')
  })
})

describe('session state', () => {
  it("summarises tracks in the note's format and knows when a draft is ready", () => {
    const state = parseSessionState('1', {
      state: {
        draft: {
          t: [
            { tt: 0, sg: [{ d: 10_000, m: { title: 'city timelapse' } }] },
            { tt: 1, sg: [{ d: 10_000, m: { name: 'Lo-fi', volume: 0.35 } }] },
            { tt: 7, sg: [{ d: 3_000, m: { text: 'Urban Dreams' } }] }
          ]
        },
        video_infos: [{}],
        canvas_config: { width: 1080 },
        generated_media: []
      }
    })
    expect(state.summary).toBe('Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)')
    expect(state.readyToExport).toBe(true)
    expect(parseSessionState('1', { state: { draft: { t: [{ tt: 0, sg: [] }] } } }).readyToExport).toBe(false)
    expect(parseSessionState('1', { state: {} }).summary).toBe('Timeline is empty.')
  })

  it('reads credits', () => {
    const credits = parseCredits({ available: '25000', frozen: 40, total: 25040 })
    expect(credits).toEqual({ available: 25000, frozen: 40, total: 25040 })
    expect(formatCredits(credits)).toBe('NemoVideo credits: 25000 available (40 reserved for work in progress), 25040 in total.')
  })
})

describe('envelopes and ids', () => {
  it('accepts both envelopes and bare answers', () => {
    expect(unwrapEnvelope({ code: 0, data: { a: 1 } })).toEqual({ ok: true, data: { a: 1 } })
    expect(unwrapEnvelope({ code: 1001, message: 'expired' })).toEqual({ ok: false, code: 1001, message: 'expired' })
    expect(unwrapEnvelope({ success: true, data: { b: 2 } })).toEqual({ ok: true, data: { b: 2 } })
    expect(unwrapEnvelope({ success: false, error: 'nope' })).toEqual({ ok: false, code: null, message: 'nope' })
    expect(unwrapEnvelope({ success: false, error: { code: 2001, message: 'no credits' } })).toEqual({ ok: false, code: 2001, message: 'no credits' })
    expect(unwrapEnvelope({ status: 'completed', output: { url: 'u' } })).toEqual({ ok: true, data: { status: 'completed', output: { url: 'u' } } })
  })

  it('keeps 19-digit ids exact even when a server sends them as numbers', () => {
    expect(parseJsonKeepingIds('{"data":{"session_id":5529798706024415232,"n":5529798706024415232}}')).toEqual({
      data: { session_id: '5529798706024415232', n: 5529798706024415000 }
    })
  })

  it('reads the three export-status shapes', () => {
    expect(parseRenderStatus({ status: 'completed', output: { url: 'https://a/x.mp4' } })).toEqual({
      status: 'completed',
      progress: 100,
      url: 'https://a/x.mp4',
      error: null
    })
    expect(parseRenderStatus({ taskId: 't', status: 'processing', progress: 50, output: {} })).toEqual({
      status: 'processing',
      progress: 50,
      url: null,
      error: null
    })
    expect(parseRenderStatus({ status: 'completed', outputUrl: 'https://b/y.mp4', createdAt: 1, completedAt: 2 })).toMatchObject({
      status: 'completed',
      url: 'https://b/y.mp4'
    })
    expect(parseRenderStatus({ data: { status: 'failed', error: 'gpu lost' } })).toMatchObject({ status: 'failed', error: 'gpu lost' })
  })
})
