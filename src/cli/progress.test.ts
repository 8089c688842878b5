import { describe, expect, it } from 'vitest'
import { displayWidth, formatBarLine, formatEta, shortenMiddle } from './progress'

describe('progress line', () => {
  it('ETA as m:ss or h:mm:ss, never INF', () => {
    expect(formatEta(65)).toBe('1:05')
    expect(formatEta(3723)).toBe('1:02:03')
    expect(formatEta(null)).toBe('-:--')
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('-:--')
  })

  it('shortens names in the middle, keeping the end (numbers, extension)', () => {
    expect(shortenMiddle('short.mp4', 20)).toBe('short.mp4')
    const cut = shortenMiddle('holiday video from the summer of 2024 part 3.mp4', 20)
    expect(displayWidth(cut)).toBe(20)
    expect(cut).toMatch(/^holiday vi…art 3\.mp4$/)
    // Wide (CJK) characters take two columns.
    expect(displayWidth(shortenMiddle('夏天的假期视频第三部分最终版本.mp4', 16))).toBeLessThanOrEqual(16)
  })

  it('fits 80 columns: the name gives way first, the step and time left stay whole', () => {
    const line = {
      name: 'a very long name for a holiday video from the summer of 2024 final.mp4',
      percent: 38,
      detail: 'Pass 2 of 2: encoding',
      speed: '1.4x',
      eta: '1:05'
    }
    const text = formatBarLine(line, 80)
    expect(displayWidth(text)).toBeLessThanOrEqual(79)
    expect(text).toContain('38% | Pass 2 of 2: encoding | 1.4x | ETA 1:05')
    expect(text).toMatch(/^a very .*….*final\.mp4 \[/)
    expect(displayWidth(text.slice(0, text.indexOf(' [')))).toBeGreaterThanOrEqual(20)
    // A short name is kept whole with the full bar.
    expect(formatBarLine({ ...line, name: 'clip.mp4' }, 80)).toMatch(/^clip\.mp4 \[[█░]{20,24}\]  38% \| Pass 2 of 2: encoding \| 1\.4x \| ETA 1:05$/)
    // Narrower still: the bar shrinks, then the speed goes; the time left stays.
    expect(formatBarLine(line, 60)).toMatch(/^a very.*  38% \| Pass 2 of 2: encoding \| ETA 1:05$/)
    // Narrower than the words themselves: the step is cut last, the time left never.
    for (const columns of [60, 50, 40, 30]) {
      const narrow = formatBarLine(line, columns)
      expect(displayWidth(narrow)).toBeLessThanOrEqual(columns - 1)
      expect(narrow).toMatch(/ 38% \| .* \| ETA 1:05$/)
    }
  })
})
