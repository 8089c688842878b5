// One typed way to send push events to the window (docs/style.md "Push events through one typed
// emitter"): skips a destroyed window, and holds what is sent before the page has loaded. Queue
// events before load are not held: the page asks for the whole list when it starts.
import type { PushChannel, PushEvents } from '../shared/ipc/contract'
import type { PushTarget } from './ipc'

export interface PushSender {
  send<C extends PushChannel>(channel: C, payload: PushEvents[C]): void
  /** The window's page (re)loaded: attach and deliver what was held. */
  ready(target: PushTarget): void
  detach(): void
}

export function createPushSender(): PushSender {
  let target: PushTarget | null = null
  const held = new Map<PushChannel, unknown>()
  return {
    send(channel, payload) {
      if (target && !target.isDestroyed()) {
        target.send(channel, payload)
        return
      }
      if (channel !== 'queue:event') held.set(channel, payload)
    },
    ready(next) {
      target = next
      for (const [channel, payload] of held) next.send(channel, payload)
      held.clear()
    },
    detach() {
      target = null
    }
  }
}
