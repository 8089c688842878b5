// Time as a port, so the queue's heartbeat ("no progress for 2 minutes") and progress throttling
// are tested without waiting minutes (issue #4). Production uses the real timers.

export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>

export interface Clock {
  now(): number
  setTimeout(callback: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms)
    // A pending heartbeat must not keep a CLI or test process alive on its own.
    if (typeof handle === 'object' && typeof handle.unref === 'function') handle.unref()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}
