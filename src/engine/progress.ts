// Turns per-step ffmpeg progress into one percent for the whole job, with speed and ETA.
import type { JobPhase, JobProgress } from '../shared/compression'

export interface StepWeight {
  phase: JobPhase
  /** Share of the job's work, any unit (they are normalised). */
  weight: number
  detail: string
}

export class JobProgressTracker {
  private steps: StepWeight[] = []
  private stepIndex = -1
  private readonly startedAt: number
  private lastPercent = 0

  constructor(
    private readonly emit: ((progress: JobProgress) => void) | undefined,
    private readonly now: () => number = Date.now
  ) {
    this.startedAt = now()
  }

  /** Declares the steps ahead; the job's percent is shared among them by weight. */
  plan(steps: StepWeight[]): void {
    this.steps = steps
    this.stepIndex = -1
  }

  /** Adds a step (a retry) and re-spreads what is left of the bar over the new work. */
  addStep(step: StepWeight): void {
    this.steps.push(step)
  }

  startStep(index: number): void {
    this.stepIndex = index
    this.report(0, null)
  }

  /** fraction: 0..1 of the current step. */
  report(fraction: number, speed: number | null): void {
    const step = this.steps[this.stepIndex]
    if (!step || !this.emit) return
    const total = this.steps.reduce((sum, s) => sum + s.weight, 0) || 1
    const before = this.steps.slice(0, this.stepIndex).reduce((sum, s) => sum + s.weight, 0)
    const raw = ((before + step.weight * Math.min(1, Math.max(0, fraction))) / total) * 100
    // Never go backwards on screen, even when a retry adds work.
    const percent = Math.max(this.lastPercent, Math.min(99.9, raw))
    this.lastPercent = percent
    const elapsed = (this.now() - this.startedAt) / 1000
    const etaSeconds = percent >= 2 && elapsed > 0.2 ? (elapsed * (100 - percent)) / percent : null
    this.emit({ phase: step.phase, percent, speed, etaSeconds, detail: step.detail })
  }

  finish(phase: JobPhase, detail: string): void {
    this.lastPercent = 100
    this.emit?.({ phase, percent: 100, speed: null, etaSeconds: 0, detail })
  }

  announce(phase: JobPhase, detail: string): void {
    this.emit?.({ phase, percent: this.lastPercent, speed: null, etaSeconds: null, detail })
  }
}
