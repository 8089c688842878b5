// The bridge between the page and main (issue 13): main's envelopes cross the preload as they are,
// since an Error thrown across Electron's contextBridge keeps only its message; the page unwraps
// them into a BridgeCallError that still has main's code and words, said in the window's language.
import { describe, expect, it } from 'vitest'
import { createInvokeDispatcher } from './ipc'
import { UserFacingError } from '../shared/errors'
import { translatorFor } from '../shared/i18n'
import { errorWords, sayWords } from '../shared/words'
import { BridgeCallError, buildDesktopBridge, desktopApiOver } from '../shared/ipc/bridge'
import type { InvokeHandlers } from '../shared/ipc/contract'

function bridgeOver(handlers: Partial<InvokeHandlers>) {
  const dispatch = createInvokeDispatcher(handlers as InvokeHandlers)
  return buildDesktopBridge({ invoke: (channel, args) => dispatch(channel, args), subscribe: () => () => undefined, pathForFile: () => '' })
}

describe('the bridge', () => {
  it("answers main's envelope as it is: plain data, words included (what crosses contextBridge)", async () => {
    const bridge = bridgeOver({
      'queue:retry': () => {
        throw new UserFacingError('not-found', errorWords('errors:app.jobGone'))
      }
    })
    const envelope = await bridge.retryJob('job-1')
    expect(envelope).toEqual({
      ok: false,
      error: {
        code: 'not-found',
        message: 'This job is no longer in the queue. Refresh the list and try again.',
        words: { key: 'errors:app.jobGone', params: {} }
      }
    })
    // What structured cloning (contextBridge, Playwright) keeps of it: all of it.
    expect(structuredClone(envelope)).toEqual(envelope)
  })

  it("unwrapped in the page: the value, or a BridgeCallError with main's code and words, said in Chinese", async () => {
    const api = desktopApiOver(
      bridgeOver({
        'queue:list': () => ({ jobs: [], paused: false, concurrency: 1 }),
        'queue:retry': () => {
          throw new UserFacingError('not-found', errorWords('errors:app.resultGone', { path: '/videos/a.compressed.mp4' }))
        },
        'queue:remove': () => {
          throw new UserFacingError('unexpected', 'Only English here.')
        }
      })
    )
    await expect(api.listJobs()).resolves.toEqual({ jobs: [], paused: false, concurrency: 1 })
    const error = await api.retryJob('job-1').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BridgeCallError)
    const failure = error as BridgeCallError
    expect(failure.code).toBe('not-found')
    expect(sayWords(translatorFor('zh-CN').t, failure.words, failure.message)).toBe(
      '结果“/videos/a.compressed.mp4”已不存在，可能已被移动或删除；重试任务即可重新生成。'
    )
    // A sentence main still writes in English comes as it is.
    const english = (await api.removeJob('job-1').catch((caught: unknown) => caught)) as BridgeCallError
    expect([english.message, english.words]).toEqual(['Only English here.', null])
  })
})
