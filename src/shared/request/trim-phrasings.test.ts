// The phrasing table of issue 14: trims, shapes and turns, in English and Chinese, written the
// way people type them. As in phrasings.test.ts a row lists only what differs from "compress,
// nothing set" and every field is checked; `edit` lists what lives in details (points counted
// from the end, the cut's precision, the fit), and those are checked in full too.

import { describe, expect, it } from 'vitest'
import type { Fit, TrimPrecision } from '../compression'
import { fieldsOf, fullExpectation, MB, type Row } from './expectations'
import { parseRequest } from './parse'

interface EditRow extends Row {
  edit?: { startFromEnd?: number; endFromEnd?: number; precision?: TrimPrecision; fit?: Fit }
}

const CLOUD = /NemoVideo cloud engine/

const ROWS: EditRow[] = [
  // --- the phrasings ---
  { text: 'only the first 30 seconds', expected: { trimEnd: 30 } },
  { text: 'cut from 1:20 to 2:00', expected: { trimStart: 80, trimEnd: 120 } },
  { text: 'drop the first 5 seconds', expected: { trimStart: 5 } },
  { text: 'last minute only', expected: {}, edit: { startFromEnd: 60 } },
  { text: '前30秒', expected: { trimEnd: 30 } },
  { text: '从1分20秒到2分钟', expected: { trimStart: 80, trimEnd: 120 } },
  { text: 'vertical for TikTok', expected: { aspect: '9:16', targetBytes: 4000 * MB, platform: 'TikTok' } },
  { text: 'square for Instagram', expected: { aspect: '1:1', targetBytes: 650 * MB, platform: 'Instagram' } },
  { text: '竖屏', expected: { aspect: '9:16' } },
  { text: 'turn it upright', expected: { rotate: 90 } },
  { text: 'rotate 90', expected: { rotate: 90 } },

  // --- the first part ---
  { text: 'just the first 45s', expected: { trimEnd: 45 } },
  { text: 'keep the first minute', expected: { trimEnd: 60 } },
  { text: 'first 30 seconds only', expected: { trimEnd: 30 } },
  { text: 'only the first thirty seconds', expected: { trimEnd: 30 } },
  { text: 'trim to the first 20 seconds', expected: { trimEnd: 20 } },
  { text: 'the first 1m20s', expected: { trimEnd: 80 } },
  { text: 'first half a minute', expected: { trimEnd: 30 } },
  { text: 'only 30 seconds', expected: { trimEnd: 30 } },
  { text: '30 seconds long', expected: { trimEnd: 30 } },
  { text: 'make it 30 seconds', expected: { trimEnd: 30 } },
  { text: 'a 30 second clip', expected: { trimEnd: 30 } },
  { text: 'under 2 minutes', expected: { trimEnd: 120 } },
  { text: 'end at 1:30', expected: { trimEnd: 90 } },
  { text: 'until 1:30', expected: { trimEnd: 90 } },
  { text: '只要前30秒', expected: { trimEnd: 30 } },
  { text: '前三十秒，压到10M', expected: { trimEnd: 30, targetBytes: 10 * MB } },
  { text: '前1分半', expected: { trimEnd: 90 } },
  { text: '剪成30秒', expected: { trimEnd: 30 } },
  { text: '30秒以内', expected: { trimEnd: 30 } },
  { text: '不超过1分钟', expected: { trimEnd: 60 } },
  { text: '到2分钟结束', expected: { trimEnd: 120 } },
  { text: '这个视频有10分钟，只要前1分钟', expected: { trimEnd: 60 } },

  // --- a part in the middle ---
  { text: 'from 0:05 to 1:20', expected: { trimStart: 5, trimEnd: 80 } },
  { text: '0:05-1:20', expected: { trimStart: 5, trimEnd: 80 } },
  { text: 'between 0:05 and 1:20', expected: { trimStart: 5, trimEnd: 80 } },
  { text: 'from 10 to 30 seconds', expected: { trimStart: 10, trimEnd: 30 } },
  { text: 'from 1 min 20 s to 2 min', expected: { trimStart: 80, trimEnd: 120 } },
  { text: 'start at 0:10, 30 seconds long', expected: { trimStart: 10, trimEnd: 40 } },
  { text: 'under 25mb and only from 0:10 to 0:40', expected: { targetBytes: 25 * MB, trimStart: 10, trimEnd: 40 } },
  { text: '从1:20到2:00', expected: { trimStart: 80, trimEnd: 120 } },
  { text: '从一分二十秒到两分钟', expected: { trimStart: 80, trimEnd: 120 } },
  { text: '截取1分20秒到2分钟', expected: { trimStart: 80, trimEnd: 120 } },

  // --- dropping the start ---
  { text: 'trim the first 5 seconds off', expected: { trimStart: 5 } },
  { text: 'without the first 5 seconds', expected: { trimStart: 5 } },
  { text: 'skip the first 10 s', expected: { trimStart: 10 } },
  { text: 'start at 0:10', expected: { trimStart: 10 } },
  { text: 'from 1:00 on', expected: { trimStart: 60 } },
  { text: 'cut out 0:00 to 0:05', expected: { trimStart: 5 } },
  { text: '剪掉开头的5秒', expected: { trimStart: 5 } },
  { text: '去掉前5秒', expected: { trimStart: 5 } },
  { text: '从第10秒开始', expected: { trimStart: 10 } },

  // --- counted from the end ---
  { text: 'only the last 30 seconds', expected: {}, edit: { startFromEnd: 30 } },
  { text: 'last minute and a half', expected: {}, edit: { startFromEnd: 90 } },
  { text: 'cut the last 10 seconds off', expected: {}, edit: { endFromEnd: 10 } },
  { text: 'drop the last 10 seconds', expected: {}, edit: { endFromEnd: 10 } },
  { text: 'the last minute without the last 10 seconds', expected: {}, edit: { startFromEnd: 60, endFromEnd: 10 } },
  { text: 'drop the first 5 seconds and the last 10 seconds', expected: { trimStart: 5 }, edit: { endFromEnd: 10 } },
  { text: '最后一分钟', expected: {}, edit: { startFromEnd: 60 } },
  { text: '保留最后1分钟', expected: {}, edit: { startFromEnd: 60 } },
  { text: '去掉最后10秒', expected: {}, edit: { endFromEnd: 10 } },
  { text: '去掉前5秒和最后10秒', expected: { trimStart: 5 }, edit: { endFromEnd: 10 } },

  // --- where the cut falls ---
  { text: 'quick cut, first 30 seconds', expected: { trimEnd: 30 }, edit: { precision: 'keyframe' } },
  { text: 'first 30 seconds without re-encoding', expected: { trimEnd: 30 }, edit: { precision: 'keyframe' } },
  { text: 'lossless cut the first 10 seconds', expected: { trimEnd: 10 }, edit: { precision: 'keyframe' } },
  { text: 'frame accurate, from 0:10 to 0:20', expected: { trimStart: 10, trimEnd: 20 }, edit: { precision: 'frame' } },
  { text: '不重新编码，只要前30秒', expected: { trimEnd: 30 }, edit: { precision: 'keyframe' } },
  { text: '快速剪切，从10秒到20秒', expected: { trimStart: 10, trimEnd: 20 }, edit: { precision: 'keyframe' } },

  // --- shapes ---
  { text: 'crop it 9:16', expected: { aspect: '9:16' } },
  { text: 'Crop it to 1:1.', expected: { aspect: '1:1' } },
  { text: '9:16', expected: { aspect: '9:16' } },
  { text: '4:5 for the feed', expected: { aspect: '4:5' } },
  { text: 'make it square', expected: { aspect: '1:1' } },
  { text: 'landscape 16:9', expected: { aspect: '16:9' } },
  { text: 'portrait mode', expected: { aspect: '9:16' } },
  { text: 'vertical video for tiktok', expected: { aspect: '9:16', targetBytes: 4000 * MB, platform: 'TikTok' } },
  { text: 'full screen for tiktok', expected: { aspect: '9:16', targetBytes: 4000 * MB, platform: 'TikTok' } },
  { text: 'vertical for youtube shorts', expected: { aspect: '9:16', targetBytes: 256_000 * MB, platform: 'YouTube Shorts' } },
  { text: 'this vertical video to landscape', expected: { aspect: '16:9' } },
  { text: 'vertical with black bars', expected: { aspect: '9:16' }, edit: { fit: 'pad' } },
  { text: "square, don't crop", expected: { aspect: '1:1' }, edit: { fit: 'pad' } },
  { text: 'square with blurred background', expected: { aspect: '1:1' }, edit: { fit: 'blur' } },
  { text: '做成竖屏视频', expected: { aspect: '9:16' } },
  { text: '裁成竖屏', expected: { aspect: '9:16' } },
  { text: '横屏转竖屏', expected: { aspect: '9:16' } },
  { text: '正方形', expected: { aspect: '1:1' } },
  { text: '加黑边，竖屏', expected: { aspect: '9:16' }, edit: { fit: 'pad' } },
  { text: '竖屏，模糊背景', expected: { aspect: '9:16' }, edit: { fit: 'blur' } },

  // --- turns ---
  { text: 'rotate it 90 degrees clockwise', expected: { rotate: 90 } },
  { text: 'rotate 90 counterclockwise', expected: { rotate: 270 } },
  { text: 'rotate left', expected: { rotate: 270 } },
  { text: 'turn it upside down', expected: { rotate: 180 } },
  { text: 'rotate 270', expected: { rotate: 270 } },
  { text: 'keep the rotation, under 10mb', expected: { targetBytes: 10 * MB } },
  { text: '旋转90度', expected: { rotate: 90 } },
  { text: '旋转九十度', expected: { rotate: 90 } },
  { text: '逆时针旋转90度', expected: { rotate: 270 } },
  { text: '向左旋转', expected: { rotate: 270 } },
  { text: '倒过来', expected: { rotate: 180 } },
  { text: '把视频转正', expected: { rotate: 90 } },
  { text: 'rotate 90, vertical, first 15 seconds', expected: { rotate: 90, aspect: '9:16', trimEnd: 15 } },

  // --- still cloud edits, and what must not be read as a trim ---
  { text: 'remove 1:20 to 2:00', expected: { intent: 'other', warn: CLOUD } },
  { text: '删掉1分钟到2分钟', expected: { intent: 'other', warn: CLOUD } },
  { text: 'flip it vertically', expected: { intent: 'other', warn: CLOUD } },
  { text: 'trim it down to 10mb', expected: { targetBytes: 10 * MB } },
  { text: 'cut the size in half', expected: { targetRatio: 0.5 } },
  { text: '画质十分重要，压到10M', expected: { targetBytes: 10 * MB } },

  // --- contradictions and refusals ---
  { text: 'from 2:00 to 1:20', expected: { trimStart: 120, trimEnd: 80, warn: /ends \(1:20\) before it starts \(2:00\)/, refused: true } },
  { text: 'the first 0 seconds', expected: { warn: /more than 0 seconds/, refused: true } },
  { text: 'rotate it', expected: { warn: /does not say which way/, refused: true } },
  { text: 'rotate 45 degrees', expected: { warn: /quarter turns/, refused: true } },
  { text: '4:3 please', expected: { warn: /4:3 is not a shape the engine makes/ } },
  { text: 'vertical, square', expected: { aspect: '9:16', warn: /Two different shapes .*using the first, 9:16/ } },
  { text: 'rotate 90, no, rotate 270', expected: { rotate: 90, warn: /Two different turns/ } },
  { text: 'start at 0:10, start at 0:20', expected: { trimStart: 10, warn: /Two different starts .*using the first, 0:10/ } },
  { text: 'end at 1:00, 30 seconds long', expected: { trimEnd: 60, warn: /both an end \(1:00\) and a length \(0:30\); using the end/ } },
  { text: 'with black bars', expected: { intent: 'other', warn: /needs a shape to fit into/ } },
  { text: 'quick cut, under 10mb', expected: { targetBytes: 10 * MB, warn: /nothing is trimmed/ } },
  { text: 'under 10mb, 30s', expected: { targetBytes: 10 * MB, warn: /"30s" is not used/ } }
]

describe('trim, shape and turn phrasings (issue 14)', () => {
  it('has every phrasing once', () => {
    expect(new Set(ROWS.map((row) => row.text)).size).toBe(ROWS.length)
  })

  it.each(ROWS.map((row) => [row.text, row] as const))('%s', (_text, row) => {
    const request = parseRequest(row.text)
    expect(fieldsOf(request)).toEqual(fullExpectation(row))
    const aspect = fullExpectation(row).aspect
    expect({ ...request.details.trim, fit: request.details.fit }).toEqual({
      startFromEnd: row.edit?.startFromEnd ?? null,
      endFromEnd: row.edit?.endFromEnd ?? null,
      precision: row.edit?.precision ?? null,
      fit: row.edit?.fit ?? (aspect !== null ? 'crop' : null)
    })
    if (row.expected.warn) expect(request.warnings.join('\n')).toMatch(row.expected.warn)
    else expect(request.warnings).toEqual([])
    expect(request.details.error !== null).toBe(row.expected.refused ?? false)
  })
})

describe('in words (summary.ts)', () => {
  it.each([
    ['only the first 30 seconds, under 10mb', 'Under 10 MB · the first 0:30 · keep resolution · H.264 MP4 · AAC audio'],
    ['cut from 1:20 to 2:00', 'Balanced quality · 1:20 to 2:00 · keep resolution · H.264 MP4 · AAC audio'],
    ['drop the first 5 seconds', 'Balanced quality · from 0:05 to the end · keep resolution · H.264 MP4 · AAC audio'],
    ['last minute only, quick cut', 'Balanced quality · the last 1:00 (quick cut at keyframes) · keep resolution · H.264 MP4 · AAC audio'],
    ['drop the last 10 seconds', 'Balanced quality · all but the last 0:10 · keep resolution · H.264 MP4 · AAC audio'],
    ['vertical with blurred bars, 720p', 'Balanced quality · vertical 9:16 with blurred bars · 720p · H.264 MP4 · AAC audio'],
    ['square', 'Balanced quality · square 1:1, cropped · keep resolution · H.264 MP4 · AAC audio'],
    ['turn it upright', 'Balanced quality · turned 90° clockwise · keep resolution · H.264 MP4 · AAC audio']
  ])('%s', (text, summary) => {
    expect(parseRequest(text).summary).toBe(summary)
  })

  it('says how "turn it upright" was read', () => {
    expect(parseRequest('turn it upright').details.assumptions.join(' ')).toMatch(/quarter turn clockwise.*"rotate 270"/)
  })
})
