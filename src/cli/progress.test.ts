import { describe, expect, it } from 'vitest'
import type { JobProgress } from '../shared/compression'
import { translatorFor } from '../shared/i18n'
import { progressWords } from '../shared/words'
import { createProgressView, displayWidth, formatBarLine, formatEta, shortenMiddle } from './progress'

/** A stream that keeps what is written to it. */
function recorder(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = []
  const stream = { write: (chunk: string) => chunks.push(chunk) > 0, columns: 100 } as unknown as NodeJS.WriteStream
  return { stream, text: () => chunks.join('') }
}

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
    expect(formatBarLine({ ...line, name: 'clip.mp4' }, 80)).toMatch(/^clip\.mp4 \[[█░]{20,24}\] {2}38% \| Pass 2 of 2: encoding \| 1\.4x \| ETA 1:05$/)
    // Narrower still: the bar shrinks, then the speed goes; the time left stays.
    expect(formatBarLine(line, 60)).toMatch(/^a very.* {2}38% \| Pass 2 of 2: encoding \| ETA 1:05$/)
    // Narrower than the words themselves: the step is cut last, the time left never.
    for (const columns of [60, 50, 40, 30]) {
      const narrow = formatBarLine(line, columns)
      expect(displayWidth(narrow)).toBeLessThanOrEqual(columns - 1)
      expect(narrow).toMatch(/ 38% \| .* \| ETA 1:05$/)
    }
  })

  it('says the step in the language spoken, from its words; an engine without words keeps its English', () => {
    const event = (percent: number, words: JobProgress['detailWords'], detail: string): JobProgress => ({
      phase: 'analysing',
      percent,
      speed: 2,
      etaSeconds: 12,
      detail,
      detailWords: words
    })
    const zh = recorder()
    const view = createProgressView(zh.stream, 'lines', translatorFor('zh-CN'))
    view.start('clip.mp4')
    view.update(event(5, progressWords('progress:firstPass'), 'Pass 1 of 2: analysing'))
    view.update(event(40, progressWords('progress:correcting', { attempt: 2 }), 'Correcting the size (try 2)'))
    view.update(event(60, null, 'Uploading 1 MB of 2 MB'))
    expect(zh.text().split('\n')).toEqual([
      'clip.mp4：5% 第 1 遍（共 2 遍）：分析中（速度 2.0x，剩余时间 0:12）',
      'clip.mp4：40% 正在第 2 次修正大小（速度 2.0x，剩余时间 0:12）',
      'clip.mp4：60% Uploading 1 MB of 2 MB（速度 2.0x，剩余时间 0:12）',
      ''
    ])
    const en = recorder()
    const english = createProgressView(en.stream, 'lines', translatorFor('en'))
    english.start('clip.mp4')
    english.update(event(5, progressWords('progress:firstPass'), 'Pass 1 of 2: analysing'))
    expect(en.text()).toBe('clip.mp4: 5% Pass 1 of 2: analysing (speed 2.0x, ETA 0:12)\n')
  })
})
