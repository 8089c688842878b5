// TEST DOUBLE of the queue's Clock, for tests only: time moves when the test says so, so the
// heartbeat ("no progress for 2 minutes") and progress throttling are tested without waiting.
import type { Clock, TimerHandle } from '../clock'

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
