import { describe, expect, it } from 'vitest'
import { type EffortInput, chooseX264Effort, noiseIndex } from './effort'

// The footage cases of BENCHMARKS.md "Effort where it shows (issue 17)": the analysis pass's mean
// quantiser and the bits per pixel per frame at the bench's budgets.
const CASE = {
  iphone3MB: { meanQp: 28.84, bitsPerPixel: 0.0914, totalPixels: 2.46e8 },
  iphone1MB: { meanQp: 36.54, bitsPerPixel: 0.0271, totalPixels: 2.46e8 },
  sintel15MB: { meanQp: 28.93, bitsPerPixel: 0.0816, totalPixels: 1.23e8 },
  camera360At480p: { meanQp: 36.34, bitsPerPixel: 0.0507, totalPixels: 7.8e7 },
  screencast: { meanQp: 34.19, bitsPerPixel: 0.0053, totalPixels: 4.38e8 },
  timelapse1MB: { meanQp: 31.43, bitsPerPixel: 0.1431, totalPixels: 5.54e7 },
  timelapse04MB: { meanQp: 37.15, bitsPerPixel: 0.0569, totalPixels: 5.54e7 },
  rocket: { meanQp: 30.86, bitsPerPixel: 0.0459, totalPixels: 4.47e7 },
  megamind: { meanQp: 30.86, bitsPerPixel: 0.0404, totalPixels: 1.29e8 }
} as const

function choose(name: keyof typeof CASE, rest: Partial<EffortInput> = {}) {
  return chooseX264Effort({ ...CASE[name], quality: 'balanced', speed: 'balanced', ...rest })
}

describe('chooseX264Effort (issue 17 §1)', () => {
  it('balanced: veryfast where the content is easy for its budget', () => {
    for (const name of ['iphone3MB', 'sintel15MB', 'screencast', 'rocket', 'megamind'] as const)
      expect(choose(name)).toMatchObject({ preset: 'veryfast', reason: 'easy' })
    expect(choose('megamind').note).toBe("used x264's veryfast preset: easy content at this size, where medium would look the same")
  })

  it('balanced: medium where the budget is starved (high quantiser) or the source is noisy for its bits', () => {
    expect(choose('iphone1MB')).toMatchObject({ preset: 'medium', reason: 'starved' })
    expect(choose('timelapse04MB')).toMatchObject({ preset: 'medium', reason: 'starved' })
    expect(choose('camera360At480p')).toMatchObject({ preset: 'medium', reason: 'starved' })
    // QP 31 alone looks easy; at 0.127 bits per pixel it is the grain that needs the bits.
    expect(noiseIndex(31.43, 0.1431)).toBeCloseTo(14.6, 1)
    expect(choose('timelapse1MB')).toMatchObject({ preset: 'medium', reason: 'starved' })
  })

  it('balanced: a very short file keeps medium, there is nothing to save', () => {
    expect(choose('megamind', { totalPixels: 1e7 })).toMatchObject({ preset: 'medium', reason: 'short' })
  })

  it('thorough keeps the quality preference’s preset, as before issue 17', () => {
    expect(choose('megamind', { speed: 'thorough' }).preset).toBe('medium')
    expect(choose('megamind', { speed: 'thorough', quality: 'high' }).preset).toBe('slow')
    expect(choose('megamind', { speed: 'thorough', quality: 'small' }).preset).toBe('fast')
  })

  it('balanced with quality high or small keeps their preset', () => {
    expect(choose('megamind', { quality: 'high' })).toMatchObject({ preset: 'slow', reason: 'asked' })
    expect(choose('megamind', { quality: 'small' })).toMatchObject({ preset: 'fast', reason: 'asked' })
  })

  it('fast: veryfast, faster where the budget is starved; short files too', () => {
    expect(choose('megamind', { speed: 'fast' })).toMatchObject({ preset: 'veryfast', reason: 'fast' })
    expect(choose('megamind', { speed: 'fast', totalPixels: 1e7 }).preset).toBe('veryfast')
    expect(choose('timelapse04MB', { speed: 'fast' }).preset).toBe('faster')
    expect(choose('megamind', { speed: 'fast', quality: 'high' }).preset).toBe('veryfast')
  })
})
