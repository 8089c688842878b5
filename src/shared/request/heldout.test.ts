// Held-out phrasings (issue 3 goal: "on phrasings it has never seen, at least 95% parsed
// right"). Written after the parser, and not used to tune it: when one of these fails, the fix
// goes into the parser and a NEW phrasing like it goes into phrasings.test.ts, while this table
// stays as it was. The score and the misses are printed on every run.
// First run, before any fix: 44/45 (97.8%); the miss was "take the sound out".
// Issue 14 made trims, shapes and quarter turns local settings, so two rows say what they mean
// now (a shape word asks for that shape; "rotate it 90 degrees" is done here): a change of what
// the engine does, not a tuning of the parser to this table.

import { describe, expect, it } from 'vitest'
import { fieldsOf, fullExpectation, GB, MB, rowMatchesRoughRatio, type Row } from './expectations'
import { parseRequest } from './parse'

const CLOUD = /NemoVideo cloud engine/

const HELD_OUT: Row[] = [
  { text: 'Could you squeeze this clip under 45 MB?', expected: { targetBytes: 45 * MB } },
  { text: 'need it <15mb for a school upload portal', expected: { targetBytes: 15 * MB } },
  { text: 'shrink to like 30 megs idk', expected: { targetBytes: 30 * MB } },
  { text: 'pls make it max 2 GB', expected: { targetBytes: 2 * GB } },
  { text: 'I want the output at most three hundred MB', expected: { targetBytes: 300 * MB } },
  { text: 'my recording is 3gb, bring it down to 400mb', expected: { targetBytes: 400 * MB } },
  { text: 'Compress to fit on discord', expected: { targetBytes: 10 * MB, platform: 'Discord' } },
  { text: 'gonna email this to my boss', expected: { targetBytes: 18.1 * MB, platform: 'email' } },
  { text: 'so I can send it on WhatsApp', expected: { targetBytes: 16 * MB, platform: 'WhatsApp' } },
  { text: 'reduce the size by 60 %', expected: { targetRatio: 0.4 } },
  { text: 'make it about a third of the size', expected: { targetRatio: 0.333333 } },
  { text: 'shrink to half size, 720p', expected: { targetRatio: 0.5, resolution: 720 } },
  { text: 'convert the .mov to .mp4', expected: { container: 'mp4' } },
  { text: 'change format to MKV', expected: { container: 'mkv' } },
  { text: 'webm for the website, vp9', expected: { container: 'webm', videoCodec: 'vp9' } },
  { text: 'encode it in AV1 please', expected: { videoCodec: 'av1' } },
  { text: 'H.265 1080p under 200MB', expected: { videoCodec: 'hevc', resolution: 1080, targetBytes: 200 * MB } },
  { text: 'downscale to 720p and cap at 25fps', expected: { resolution: 720, fps: 25 } },
  { text: 'frame rate 30 please, 1080p', expected: { fps: 30, resolution: 1080 } },
  { text: 'vertical 1080x1920 for tiktok style, under 50mb', expected: { resolution: 1080, targetBytes: 50 * MB, aspect: '9:16' } },
  { text: 'take the sound out', expected: { audio: 'remove' } },
  { text: 'strip audio, mp4, 480p', expected: { audio: 'remove', container: 'mp4', resolution: 480 } },
  { text: 'keep it looking good but under 80mb', expected: { quality: 'high', targetBytes: 80 * MB } },
  { text: 'as tiny as you can get it', expected: { quality: 'small' } },
  { text: 'highest quality mp4', expected: { quality: 'high', container: 'mp4' } },
  { text: 'whats my credit balance', expected: { intent: 'credits' } },
  { text: 'what is the status of my project', expected: { intent: 'status' } },
  { text: 'can I download the result', expected: { intent: 'export' } },
  { text: 'upload this file please', expected: { intent: 'upload' } },
  { text: 'put some background music on it', expected: { intent: 'other', warn: CLOUD } },
  { text: 'add captions in english', expected: { intent: 'other', warn: CLOUD } },
  { text: 'rotate it 90 degrees', expected: { rotate: 90 } },
  { text: '帮我把视频压缩到100M以下', expected: { targetBytes: 100 * MB } },
  { text: '这个视频太大了，压成二十兆左右', expected: { targetBytes: 20 * MB } },
  { text: '发给客户，邮件附件', expected: { targetBytes: 18.1 * MB, platform: 'email' } },
  { text: '转换成webm格式', expected: { container: 'webm' } },
  { text: '输出720P，去掉音频', expected: { resolution: 720, audio: 'remove' } },
  { text: '帧率改为25帧', expected: { fps: 25 } },
  { text: '尽量小，画质无所谓', expected: { quality: 'small' } },
  { text: '查一下积分', expected: { intent: 'credits' } },
  { text: '看看进度', expected: { intent: 'status' } },
  { text: '帮我加个字幕', expected: { intent: 'other', warn: CLOUD } },
  { text: '压缩成原来的四分之一大小', expected: { targetRatio: 0.25 } },
  { text: '视频减小一半体积', expected: { targetRatio: 0.5 } },
  { text: '用HEVC编码，保留声音', expected: { videoCodec: 'hevc' } }
]

/** Ratios like a third are compared to 5 places; everything else exactly. */
function matches(row: Row): boolean {
  return rowMatchesRoughRatio(row, parseRequest(row.text))
}

describe('held-out phrasings', () => {
  it('has at least 40 phrasings', () => {
    expect(HELD_OUT.length).toBeGreaterThanOrEqual(40)
  })

  it('parses at least 95% right', () => {
    const misses = HELD_OUT.filter((row) => !matches(row))
    for (const row of misses) {
      const request = parseRequest(row.text)
      console.log(
        `held-out miss: ${JSON.stringify(row.text)}\n  expected ${JSON.stringify(fullExpectation(row))}${row.expected.warn ? ` with a warning like ${String(row.expected.warn)}` : ''}\n  got      ${JSON.stringify(fieldsOf(request))}\n  warnings ${JSON.stringify(request.warnings)}`
      )
    }
    const score = (HELD_OUT.length - misses.length) / HELD_OUT.length
    console.log(`held-out score: ${HELD_OUT.length - misses.length}/${HELD_OUT.length} (${(score * 100).toFixed(1)}%)`)
    expect(score).toBeGreaterThanOrEqual(0.95)
  })
})
