import { describe, expect, it } from 'vitest'
import { type SceneScore, busiestStretch, frameChanges, parsePackets, samplesScore } from './preview'

/** A frame every 0.1 s over `seconds`, with `score(at)`. */
function frames(seconds: number, score: (at: number) => number): SceneScore[] {
  return Array.from({ length: Math.round(seconds * 10) }, (_, i) => ({ at: i / 10, score: score(i / 10) }))
}

describe('where the preview samples come from', () => {
  it("reads ffprobe's packets in time order, the dts where there is no pts, and which are key frames", () => {
    const json = JSON.stringify({
      packets: [
        { pts_time: '0.080000', dts_time: '0.040000', size: '900', flags: '___' },
        { dts_time: '0.000000', size: '5000', flags: 'K_' },
        { pts_time: '0.040000', dts_time: '0.080000', size: '300', flags: '__' }
      ]
    })
    expect(parsePackets(json)).toEqual([
      { at: 0, bytes: 5000, key: true },
      { at: 0.04, bytes: 300, key: false },
      { at: 0.08, bytes: 900, key: false }
    ])
  })

  it("measures a frame's change as its packet over the median, a key frame as none", () => {
    const packets = [
      { at: 10, bytes: 5000, key: true },
      { at: 10.1, bytes: 100, key: false },
      { at: 10.2, bytes: 200, key: false },
      { at: 10.3, bytes: 400, key: false }
    ]
    expect(frameChanges(packets, 10).map((c) => c.score)).toEqual([0, 0.5, 1, 2])
    expect(frameChanges(packets, 10)[3]?.at).toBeCloseTo(0.3)
  })

  it('takes the stretch with the most motion, and shows its busiest frame that is not a cut', () => {
    // Still, then moving from 2.5 s to 4.5 s of a 6-s window.
    const scores = frames(6, (at) => (at >= 2.5 && at < 4.5 ? (Math.abs(at - 3.2) < 0.01 ? 2.5 : 2) : 0.2))
    expect(busiestStretch(scores, 2, 4)).toEqual({ start: 2.5, frameAt: 3.2 })
  })

  it('counts a cut as strong motion, not more than a stretch that moves throughout', () => {
    const scores = frames(6, (at) => (Math.abs(at - 0.5) < 0.01 ? 40 : at >= 3 ? 1.2 : 0.2))
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
