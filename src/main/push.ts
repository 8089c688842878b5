// One typed way to send push events to the window (docs/style.md "Push events through one typed
// emitter"): skips a destroyed window, and holds what is sent before the page has loaded. Queue
// events before load are not held: the page asks for the whole list when it starts. Settings and
// navigation keep only their latest value; notices are each news, so every one is kept (up to a
// bound: a folder flapping while the window is closed must not grow memory without end).
import type { PushChannel, PushEvents } from '../shared/ipc/contract'
import type { PushTarget } from './ipc'

export interface PushSender {
  send<C extends PushChannel>(channel: C, payload: PushEvents[C]): void
  /** The window's page (re)loaded: attach and deliver what was held. */
  ready(target: PushTarget): void
  detach(): void
}

export const MAX_HELD_NOTICES = 20

export function createPushSender(): PushSender {
  let target: PushTarget | null = null
  const held = new Map<PushChannel, unknown>()
  const heldNotices: unknown[] = []
  return {
    send(channel, payload) {
      if (target && !target.isDestroyed()) {
        target.send(channel, payload)
        return
      }
      if (channel === 'app:notice') {
        heldNotices.push(payload)
        if (heldNotices.length > MAX_HELD_NOTICES) heldNotices.shift()
      } else if (channel !== 'queue:event') held.set(channel, payload)
    },
    ready(next) {
      target = next
      for (const [channel, payload] of held) next.send(channel, payload)
      for (const notice of heldNotices) next.send('app:notice', notice)
      held.clear()
      heldNotices.length = 0
    },
    detach() {
      target = null
    }
  }
}
