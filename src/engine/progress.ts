// Turns per-step ffmpeg progress into one percent for the whole job, with speed and ETA.
import type { JobPhase, JobProgress } from '../shared/compression'
import { englishWords, type Words } from '../shared/words'

export interface StepWeight {
  phase: JobPhase
  /** Share of the job's work, any unit (they are normalised). */
  weight: number
  /** What the step is, as catalogue words (progress:*): sent as they are and in English. */
  detail: Words
}

/** A progress event's step: its English text and its words. */
function stepText(words: Words): Pick<JobProgress, 'detail' | 'detailWords'> {
  return { detail: englishWords(words), detailWords: words }
}

/** Share of a step after which its own pace is trusted for the ETA. */
const STEP_PACE_FROM = 0.05

export class JobProgressTracker {
  private steps: StepWeight[] = []
  private stepIndex = -1
  private readonly startedAt: number
  private lastPercent = 0
  private stepStartedAt = 0
  /** Set when work is added mid-job: the bar continues from where it was over the new steps. */
  private respread: { percent: number; at: number; afterStep: number } | null = null

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
    this.respread = null
  }

  /**
   * Adds a step (a size correction) and spreads what is left of the bar over the new work. The
   * bar never goes backwards, so after a final pass little is left: the ETA is then taken from
   * the pace since the step was added, not from the whole job's (which said 0 s for a pass of 11 s).
   */
  addStep(step: StepWeight): void {
    this.steps.push(step)
    this.respread = { percent: this.lastPercent, at: this.now(), afterStep: this.stepIndex }
  }

  startStep(index: number): void {
    this.stepIndex = index
    this.stepStartedAt = this.now()
    this.report(0, null)
  }

  /** fraction: 0..1 of the current step. */
  report(fraction: number, speed: number | null): void {
    const step = this.steps[this.stepIndex]
    if (!step || !this.emit) return
    const clamped = Math.min(1, Math.max(0, fraction))
    const spread = this.respread !== null && this.stepIndex > this.respread.afterStep ? this.respread : null
    const first = spread ? spread.afterStep + 1 : 0
    const from = spread ? spread.percent : 0
    const weights = this.steps.slice(first)
    const total = weights.reduce((sum, s) => sum + s.weight, 0) || 1
    const before = this.steps.slice(first, this.stepIndex).reduce((sum, s) => sum + s.weight, 0)
    // Share of the work since `from` (the job's start, or the moment work was added).
    const share = (before + step.weight * clamped) / total
    const raw = from + (100 - from) * share
    // Never go backwards on screen, even when a retry adds work.
    const percent = Math.max(this.lastPercent, Math.min(99.9, raw))
    this.lastPercent = percent
    const elapsed = (this.now() - (spread ? spread.at : this.startedAt)) / 1000
    const stepElapsed = (this.now() - this.stepStartedAt) / 1000
    let etaSeconds = share >= 0.02 && elapsed > 0.2 ? (elapsed * (1 - share)) / share : null
    if (clamped >= STEP_PACE_FROM && stepElapsed >= 1) {
      // The step's own pace says how long the rest of it takes, whatever the weights said (a
      // final pass much slower than the analysis made the whole job's pace say 20 s for 65 s);
      // the steps after it are timed at that pace by their weights.
      const secondsPerWeight = stepElapsed / (clamped * step.weight)
      const laterWeight = this.steps.slice(this.stepIndex + 1).reduce((sum, s) => sum + s.weight, 0)
      etaSeconds = (stepElapsed * (1 - clamped)) / clamped + laterWeight * secondsPerWeight
    }
    this.emit({ phase: step.phase, percent, speed, etaSeconds, ...stepText(step.detail) })
  }

  finish(phase: JobPhase, detail: Words): void {
    this.lastPercent = 100
    this.emit?.({ phase, percent: 100, speed: null, etaSeconds: 0, ...stepText(detail) })
  }

  announce(phase: JobPhase, detail: Words): void {
    this.emit?.({ phase, percent: this.lastPercent, speed: null, etaSeconds: null, ...stepText(detail) })
  }
}
