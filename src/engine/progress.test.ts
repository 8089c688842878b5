import { describe, expect, it } from 'vitest'
import type { JobProgress } from '../shared/compression'
import { progressWords } from '../shared/words'
import { JobProgressTracker } from './progress'

const FIRST = progressWords('progress:firstPass')
const SECOND = progressWords('progress:secondPass')

function tracker(): { track: JobProgressTracker; seen: JobProgress[]; clock: { now: number } } {
  const seen: JobProgress[] = []
  const clock = { now: 0 }
  return {
    track: new JobProgressTracker(
      (p) => seen.push(p),
      () => clock.now
    ),
    seen,
    clock
  }
}

describe('JobProgressTracker', () => {
  it('spreads the steps by weight, with an ETA from the pace so far', () => {
    const { track, seen, clock } = tracker()
    track.plan([
      { phase: 'analysing', weight: 1, detail: FIRST },
      { phase: 'encoding', weight: 3, detail: SECOND }
    ])
    track.startStep(0)
    clock.now = 10_000
    track.report(1, 2)
    expect(seen.at(-1)?.percent).toBeCloseTo(25)
    expect(seen.at(-1)?.etaSeconds).toBeCloseTo(30)
    track.startStep(1)
    clock.now = 25_000
    track.report(0.5, 2)
    expect(seen.at(-1)?.percent).toBeCloseTo(62.5)
    expect(seen.at(-1)?.etaSeconds).toBeCloseTo(15)
  })

  it('a pass added after the last one continues the bar without going back, and its ETA comes from its own pace', () => {
    const { track, seen, clock } = tracker()
    track.plan([{ phase: 'encoding', weight: 1, detail: SECOND }])
    track.startStep(0)
    clock.now = 20_000
    track.report(1, 1)
    expect(seen.at(-1)?.percent).toBe(99.9)
    track.addStep({ phase: 'encoding', weight: 1, detail: progressWords('progress:correcting', { attempt: 2 }) })
    track.startStep(1)
    clock.now = 25_000
    track.report(0.25, 1)
    const during = seen.at(-1)
    // The step in English (logs, --json) and as its words (said in the user's language).
    expect(during?.detail).toBe('Correcting the size (try 2)')
    expect(during?.detailWords).toEqual({ key: 'progress:correcting', params: { attempt: 2 } })
    expect(during?.percent).toBeGreaterThanOrEqual(99.9)
    expect(during?.percent).toBeLessThanOrEqual(100)
    // A quarter done in 5 s: 15 s left (the whole job's pace would say about 0 s).
    expect(during?.etaSeconds).toBeCloseTo(15)
    const percents = seen.map((p) => p.percent)
    expect(percents).toEqual([...percents].sort((a, b) => a - b))
  })

  it('work added mid-job is spread over what is left of the bar', () => {
    const { track, seen, clock } = tracker()
    track.plan([
      { phase: 'analysing', weight: 1, detail: FIRST },
      { phase: 'encoding', weight: 1, detail: SECOND }
    ])
    track.startStep(0)
    clock.now = 4_000
    track.report(1, 1)
    expect(seen.at(-1)?.percent).toBeCloseTo(50)
    track.addStep({ phase: 'analysing', weight: 1, detail: progressWords('progress:firstPassAt', { short: 360 }) })
    track.startStep(1)
    track.report(1, 1)
    // Two steps of equal weight now share the remaining 50%.
    expect(seen.at(-1)?.percent).toBeCloseTo(75)
  })
})

describe('JobProgressTracker ETA', () => {
  it("in a final pass much slower than the analysis said, the ETA follows the pass's own pace", () => {
    // The iPhone clip at "high": analysis 10 s, final pass 67 s, against weights 0.4 : 1.
    const { track, seen, clock } = tracker()
    track.plan([
      { phase: 'analysing', weight: 0.4, detail: FIRST },
      { phase: 'encoding', weight: 1, detail: SECOND }
    ])
    track.startStep(0)
    clock.now = 10_000
    track.report(1, 1)
    track.startStep(1)
    clock.now = 16_700
    track.report(0.1, 1)
    // 60.3 s are left; the whole job's pace said about 30 s.
    expect(seen.at(-1)?.etaSeconds).toBeCloseTo(60.3, 0)
  })

  it('during the analysis the later passes are timed by their weights at its pace', () => {
    const { track, seen, clock } = tracker()
    track.plan([
      { phase: 'analysing', weight: 0.2, detail: FIRST },
      { phase: 'encoding', weight: 1, detail: SECOND }
    ])
    track.startStep(0)
    clock.now = 5_000
    track.report(0.5, 1)
    // 5 s for half the analysis: 5 s more, then 1 / 0.2 times 10 s for the final pass.
    expect(seen.at(-1)?.etaSeconds).toBeCloseTo(55)
  })

  it('every event carries the step as catalogue words and as their English', () => {
    const { track, seen, clock } = tracker()
    track.plan([
      { phase: 'analysing', weight: 1, detail: FIRST },
      { phase: 'encoding', weight: 1, detail: SECOND }
    ])
    track.startStep(0)
    clock.now = 1000
    track.report(0.5, 1)
    track.startStep(1)
    track.announce('verifying', progressWords('progress:measuringQuality'))
    track.finish('finishing', progressWords('progress:done'))
    expect(seen.map((p) => [p.detail, p.detailWords?.key])).toEqual([
      ['Pass 1 of 2: analysing', 'progress:firstPass'],
      ['Pass 1 of 2: analysing', 'progress:firstPass'],
      ['Pass 2 of 2: encoding', 'progress:secondPass'],
      ['Measuring the quality', 'progress:measuringQuality'],
      ['Done', 'progress:done']
    ])
  })
})
