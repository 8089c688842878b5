// The compress command's summary in each language (issue #13): the CLI's words from the
// catalogue, sizes and percentages from the formatter, the engine's sentences as they come.
import { describe, expect, it } from 'vitest'
import type { CompressResult } from '../shared/compression'
import { translatorFor } from '../shared/i18n'
import { formatSummary } from './compress-command'
import { watchEventToText } from './watch-command'

const done: CompressResult = {
  status: 'done',
  input: '/v/clip.mp4',
  output: '/v/clip.compressed.mp4',
  inputBytes: 2_000_000,
  outputBytes: 500_000,
  message: 'Compressed.',
  changes: ['lowered the audio to 64 kbps'],
  elapsedMs: 7_000,
  quality: { ssim: 0.98765, vmaf: null, label: 'looks the same' }
}
const failed: CompressResult = {
  ...done,
  status: 'failed',
  input: '/v/gone.mp4',
  output: null,
  outputBytes: null,
  message: 'gone.mp4 does not exist.',
  quality: null
}

describe('the compress summary (issue #13)', () => {
  it('in English', () => {
    expect(formatSummary([done, failed], {}, translatorFor('en')).split('\n')).toEqual([
      '',
      '✓ clip.mp4: 2 MB → 500 KB (75% saved) in 0:07',
      '  → /v/clip.compressed.mp4',
      '  quality: looks the same (SSIM 0.9877)',
      '  note: lowered the audio to 64 kbps',
      '✗ gone.mp4: gone.mp4 does not exist.',
      '1 of 2 files done.',
      ''
    ])
  })

  it('in Chinese: the CLI’s words translated, the engine’s sentences as they come', () => {
    expect(formatSummary([done, failed], { reasonsShownAbove: true }, translatorFor('zh-CN')).split('\n')).toEqual([
      '',
      '✓ clip.mp4: 2 MB → 500 KB（减小 75%），用时 0:07',
      '  → /v/clip.compressed.mp4',
      '  画质：看不出差别（SSIM 0.9877）',
      '  说明：lowered the audio to 64 kbps',
      '✗ gone.mp4: 失败（原因见上方）',
      '已完成 1 个，共 2 个文件。',
      ''
    ])
  })

  it('watch lines in Chinese', () => {
    const zh = translatorFor('zh-CN')
    expect(watchEventToText({ type: 'queued', watchId: 'cli', input: '/w/a.mp4', inputBytes: 1_500_000 }, zh)).toBe('已排队  /w/a.mp4（1.5 MB）')
    expect(watchEventToText({ type: 'folder-available', watchId: 'cli', folder: '/w' }, zh)).toBe('已恢复  /w：重新开始监视。')
  })
})
