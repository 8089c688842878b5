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

/** A clock that moves only when told to. Timers due at or before the new time run in order. */
export class ManualClock implements Clock {
  private current: number
  private nextId = 1
  private readonly timers = new Map<number, { at: number; callback: () => void }>()

  constructor(start = 1_700_000_000_000) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++
    this.timers.set(id, { at: this.current + Math.max(0, ms), callback })
    return { id }
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'object' && handle !== null && 'id' in handle && typeof handle.id === 'number') this.timers.delete(handle.id)
  }

  /** Moves time forward by ms, running every timer that falls due (including ones they set). */
  advance(ms: number): void {
    const target = this.current + ms
    for (;;) {
      let nextId: number | null = null
      let nextAt = Infinity
      for (const [id, timer] of this.timers) {
        if (timer.at <= target && timer.at < nextAt) {
          nextAt = timer.at
          nextId = id
        }
      }
      if (nextId === null) break
      const timer = this.timers.get(nextId)
      this.timers.delete(nextId)
      this.current = nextAt
      timer?.callback()
    }
    this.current = target
  }

  get pendingTimers(): number {
    return this.timers.size
  }
}
