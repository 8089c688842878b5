import { describe, expect, it } from 'vitest'
import { type SceneScore, busiestStretch, parseSceneScores, samplesScore } from './preview'

/** A frame every 0.1 s over `seconds`, with `score(at)`. */
function frames(seconds: number, score: (at: number) => number): SceneScore[] {
  return Array.from({ length: Math.round(seconds * 10) }, (_, i) => ({ at: i / 10, score: score(i / 10) }))
}

describe('where the preview samples come from', () => {
  it('reads the scene score of each frame from metadata=print', () => {
    const text = 'frame:0    pts:0       pts_time:0\nlavfi.scene_score=0.000000\nframe:1    pts:1000    pts_time:0.0333333\nlavfi.scene_score=0.040159\n'
    expect(parseSceneScores(text)).toEqual([
      { at: 0, score: 0 },
      { at: 0.0333333, score: 0.040159 }
    ])
  })

  it('takes the stretch with the most motion, and shows its busiest frame that is not a cut', () => {
    // Still, then moving from 2.5 s to 4.5 s of a 6-s window.
    const scores = frames(6, (at) => (at >= 2.5 && at < 4.5 ? (Math.abs(at - 3.2) < 0.01 ? 0.08 : 0.03) : 0.001))
    expect(busiestStretch(scores, 2, 4)).toEqual({ start: 2.5, frameAt: 3.2 })
  })

  it('counts a cut as strong motion, not more than a stretch that moves throughout', () => {
    const scores = frames(6, (at) => (Math.abs(at - 0.5) < 0.01 ? 0.9 : at >= 3 ? 0.02 : 0.001))
    const chosen = busiestStretch(scores, 2, 4)
    expect(chosen.start).toBeGreaterThanOrEqual(3)
  })

  it('a still window: the middle of the room, its middle frame', () => {
    const still = frames(4, () => 0)
    expect(busiestStretch(still, 2, 2)).toEqual({ start: 1, frameAt: 2 })
    expect(busiestStretch([], 2, 2)).toEqual({ start: 1, frameAt: 2 })
  })
})

describe("the samples' score", () => {
  it('weighs every compared frame alike, and has VMAF only when every sample has it', () => {
    expect(
      samplesScore([
        { y: 0.99, all: 0.99, frames: 30, vmaf: null },
        { y: 0.93, all: 0.93, frames: 10, vmaf: null }
      ])
    ).toEqual({ ssim: 0.975, vmaf: null, label: 'slight softening' })
    expect(samplesScore([{ y: 0.99, all: 0.99, frames: 20, vmaf: 95 }])).toEqual({ ssim: 0.99, vmaf: 95, label: 'looks the same' })
    expect(samplesScore(null)).toBeNull()
  })
})
