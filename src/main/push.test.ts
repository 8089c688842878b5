import { describe, expect, it } from 'vitest'
import { createPushSender, MAX_HELD_NOTICES } from './push'
import type { PushTarget } from './ipc'

function target(): PushTarget & { sent: Array<[string, unknown]> } {
  const sent: Array<[string, unknown]> = []
  return { sent, isDestroyed: () => false, send: (channel, payload) => void sent.push([channel, payload]) }
}

describe('push sender', () => {
  it('holds every notice sent before the page loaded (not only the last), and the latest settings', () => {
    const push = createPushSender()
    push.send('app:notice', { kind: 'error', title: 'A watched folder is unavailable', lines: ['one'] })
    push.send('app:notice', { kind: 'info', title: 'A watched folder is back', lines: ['two'] })
    push.send('app:navigate', 'queue')
    push.send('app:navigate', 'settings')
    push.send('queue:event', { type: 'paused', paused: true })
    const page = target()
    push.ready(page)
    expect(page.sent).toEqual([
      ['app:navigate', 'settings'],
      ['app:notice', { kind: 'error', title: 'A watched folder is unavailable', lines: ['one'] }],
      ['app:notice', { kind: 'info', title: 'A watched folder is back', lines: ['two'] }]
    ])
    // Delivered once: a reload does not show them again.
    const reloaded = target()
    push.ready(reloaded)
    expect(reloaded.sent).toEqual([])
  })

  it('keeps only the newest notices while the window is closed', () => {
    const push = createPushSender()
    for (let index = 0; index < MAX_HELD_NOTICES + 5; index++) push.send('app:notice', { kind: 'info', title: `n${index}`, lines: [] })
    const page = target()
    push.ready(page)
    expect(page.sent).toHaveLength(MAX_HELD_NOTICES)
    expect(page.sent[0]).toEqual(['app:notice', { kind: 'info', title: 'n5', lines: [] }])
  })
})
