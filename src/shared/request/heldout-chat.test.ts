// Held-out chat-style phrasings (issue 16: "≥ 97% on phrasings the parser has never seen").
// Written before the parser was changed for issue 16, and not used to tune it: when one of these
// fails, the fix goes into the parser and a NEW phrasing like it goes into the tuning table
// (phrasings.test.ts / chat-phrasings.test.ts), while this table stays as it was. The score and
// the misses are printed on every run.
// First run, before any change: 72/95 (75.8%). Missed: "by a third/quarter" read as "to"; glued
// numbers ("below20mb", "max5M", "under10MB", "to25mb"); Chinese object-first audio ("声音去掉",
// "音频不需要", "音轨删掉", "声音不要了"); "画质要好"; "1080 by 1920"; "720p at 30", "1080p@60";
// status/export in plain words ("好了没", "how far along", "on my computer", "to my laptop"); and
// the minimum-above-maximum clash in both languages.

import { describe, expect, it } from 'vitest'
import { fieldsOf, fullExpectation, GB, MB, rowMatchesRoughRatio, type Row } from './expectations'
import { parseRequest } from './parse'

const EMAIL = 18.1 * MB
const SIZE_CLASH = /5 ?MB.*50 ?MB|50 ?MB.*5 ?MB/i

const HELD_OUT_CHAT: Row[] = [
  // --- "by" (a reduction) versus "to" (a share of the source) ---
  { text: 'shrink it by a third', expected: { targetRatio: 2 / 3 } },
  { text: 'cut the size by half', expected: { targetRatio: 0.5 } },
  { text: 'reduce it by a quarter', expected: { targetRatio: 0.75 } },
  { text: 'make it 40% smaller', expected: { targetRatio: 0.6 } },
  { text: 'shrink by 25 percent', expected: { targetRatio: 0.75 } },
  { text: 'bring it down to a third of the size', expected: { targetRatio: 1 / 3 } },
  { text: 'to 30% of the original size', expected: { targetRatio: 0.3 } },
  { text: 'lower the file size by 80%', expected: { targetRatio: 0.2 } },
  { text: 'knock 10% off the size', expected: { targetRatio: 0.9 } },
  { text: 'make it a quarter the size', expected: { targetRatio: 0.25 } },
  { text: 'make it half the size', expected: { targetRatio: 0.5 } },
  { text: '减少三分之一', expected: { targetRatio: 2 / 3 } },
  { text: '缩小30%', expected: { targetRatio: 0.7 } },
  { text: '压到原来的30%', expected: { targetRatio: 0.3 } },
  { text: '体积减少一半', expected: { targetRatio: 0.5 } },
  { text: '大小变成原来的三分之一', expected: { targetRatio: 1 / 3 } },
  { text: '减小百分之二十', expected: { targetRatio: 0.8 } },

  // --- glued and clipped text, chat spellings, emoji ---
  { text: 'below20mb', expected: { targetBytes: 20 * MB } },
  { text: 'max5M', expected: { targetBytes: 5 * MB } },
  { text: 'size<=8mb pls', expected: { targetBytes: 8 * MB } },
  { text: 'under10MB thx', expected: { targetBytes: 10 * MB } },
  { text: 'compress to25mb', expected: { targetBytes: 25 * MB } },
  { text: 'needs2be under 50mb', expected: { targetBytes: 50 * MB } },
  { text: 'make it 🔥 under 30mb 🙏', expected: { targetBytes: 30 * MB } },
  { text: 'shrink 👉 720p', expected: { resolution: 720 } },
  { text: 'thx!! under 15 megs', expected: { targetBytes: 15 * MB } },
  { text: 'pls compress,no audio,720p', expected: { audio: 'remove', resolution: 720 } },
  { text: 'u think u can get it <2mb?', expected: { targetBytes: 2 * MB } },
  { text: 'gonna need it 1080p,h265', expected: { resolution: 1080, videoCodec: 'hevc' } },
  { text: 'less than 9MB plz', expected: { targetBytes: 9 * MB } },
  { text: 'want it under 25mb,keep the sound', expected: { targetBytes: 25 * MB } },
  { text: '25mb or smaller thx', expected: { targetBytes: 25 * MB } },
  { text: 'under 1gb 😅', expected: { targetBytes: 1 * GB } },
  { text: 'can u make this vid smaller pls', expected: {} },
  { text: 'gonna send this vid on whatsapp, shrink it pls', expected: { targetBytes: 16 * MB, platform: 'WhatsApp' } },
  { text: 'lol can u make it under 10 megs', expected: { targetBytes: 10 * MB } },
  { text: 'MAX 100MB!!!', expected: { targetBytes: 100 * MB } },

  // --- Chinese word order ---
  { text: '声音去掉', expected: { audio: 'remove' } },
  { text: '音频不需要', expected: { audio: 'remove' } },
  { text: '画质不重要', expected: { quality: 'small' } },
  { text: '声音不要了，压到10M', expected: { audio: 'remove', targetBytes: 10 * MB } },
  { text: '不要声音', expected: { audio: 'remove' } },
  { text: '音轨删掉', expected: { audio: 'remove' } },
  { text: '静音处理一下', expected: { audio: 'remove' } },
  { text: '画质要好，50M以内', expected: { quality: 'high', targetBytes: 50 * MB } },
  { text: '清晰度别降太多，压到30M', expected: { quality: 'high', targetBytes: 30 * MB } },
  { text: '分辨率改成720', expected: { resolution: 720 } },
  { text: '格式换成mp4', expected: { container: 'mp4' } },
  { text: '编码用h265', expected: { videoCodec: 'hevc' } },

  // --- dimensions and rates said casually ---
  { text: '1080 by 1920', expected: { resolution: 1080 } },
  { text: '1920 × 1080 please', expected: { resolution: 1080 } },
  { text: '720p at 30', expected: { resolution: 720, fps: 30 } },
  { text: '1080p@60', expected: { resolution: 1080, fps: 60 } },
  { text: '60 frames', expected: { fps: 60 } },
  { text: '降到24帧', expected: { fps: 24 } },
  { text: '1280x720, 30fps', expected: { resolution: 720, fps: 30 } },
  { text: '4k60', expected: { resolution: 2160, fps: 60 } },
  { text: 'make it 480p at 24 fps', expected: { resolution: 480, fps: 24 } },
  { text: '30 frames a second', expected: { fps: 30 } },
  { text: '帧率降到30', expected: { fps: 30 } },
  { text: '分辨率1920*1080', expected: { resolution: 1080 } },
  { text: '720 p', expected: { resolution: 720 } },
  { text: '1080x1920 at 30fps', expected: { resolution: 1080, fps: 30 } },

  // --- questions people ask ---
  { text: 'is it done yet?', expected: { intent: 'status' } },
  { text: '好了没', expected: { intent: 'status' } },
  { text: '进度怎么样', expected: { intent: 'status' } },
  { text: 'how far along is it', expected: { intent: 'status' } },
  { text: 'is it finished?', expected: { intent: 'status' } },
  { text: 'hows it going with my video', expected: { intent: 'status' } },
  { text: 'put the finished video on my computer', expected: { intent: 'export' } },
  { text: '把视频发给我', expected: { intent: 'export' } },
  { text: 'send me the file when it’s ready', expected: { intent: 'export' } },
  { text: 'save the result to my laptop', expected: { intent: 'export' } },
  { text: '导出来给我', expected: { intent: 'export' } },
  { text: '下载到本地', expected: { intent: 'export' } },
  { text: 'how much credit do i have left', expected: { intent: 'credits' } },
  { text: '还剩多少积分', expected: { intent: 'credits' } },

  // --- contradictions, the same in every language ---
  { text: 'under 5 MB but bigger than 50 MB', expected: { targetBytes: 5 * MB, warn: SIZE_CLASH } },
  { text: '小于5MB但要大于50MB', expected: { targetBytes: 5 * MB, warn: SIZE_CLASH } },
  { text: 'at least 50mb but under 5mb', expected: { targetBytes: 5 * MB, warn: SIZE_CLASH } },

  // --- everyday chat ---
  { text: 'make this small enough for an email attachment', expected: { targetBytes: EMAIL, platform: 'email' } },
  { text: 'just make it smaller, quality doesnt matter', expected: { quality: 'small' } },
  { text: 'keep the quality, just shrink it a bit', expected: { quality: 'high' } },
  { text: 'dont touch the resolution, under 40mb', expected: { targetBytes: 40 * MB } },
  { text: 'no sound pls', expected: { audio: 'remove' } },
  { text: 'mute it', expected: { audio: 'remove' } },
  { text: 'kill the audio and make it webm', expected: { audio: 'remove', container: 'webm' } },
  { text: 'convert to mp4 thx', expected: { container: 'mp4' } },
  { text: 'hevc pls, under 200mb', expected: { videoCodec: 'hevc', targetBytes: 200 * MB } },
  { text: '压缩一下，别超过20兆', expected: { targetBytes: 20 * MB } },
  { text: '控制在8M以内', expected: { targetBytes: 8 * MB } },
  { text: '搞到50M以下，谢谢', expected: { targetBytes: 50 * MB } },
  { text: '最多100M', expected: { targetBytes: 100 * MB } },
  { text: '帮我弄成1080p的mp4', expected: { resolution: 1080, container: 'mp4' } },
  { text: '用vp9编码转成webm', expected: { videoCodec: 'vp9', container: 'webm' } }
]

/**
 * A second held-out set, written after the parser changes that the first set's misses led to,
 * and run once before any further change, so it measures phrasings the parser has never seen.
 * First run: 39/40 (97.5%); the miss was "不超过2M，但至少要10M" ("至少要" not read as a floor).
 */
const HELD_OUT_CHAT_2: Row[] = [
  { text: 'can you cut the file size by two thirds', expected: { targetRatio: 1 / 3 } },
  { text: 'shrink it down to 1/5 of the size', expected: { targetRatio: 0.2 } },
  { text: 'reduce by 90 percent pls', expected: { targetRatio: 0.1 } },
  { text: '帮我减小一半', expected: { targetRatio: 0.5 } },
  { text: '压缩到原大小的60%', expected: { targetRatio: 0.6 } },
  { text: 'upto30mb', expected: { targetBytes: 30 * MB } },
  { text: 'less than3mb plz', expected: { targetBytes: 3 * MB } },
  { text: 'need it under 12 MB 🙏🙏', expected: { targetBytes: 12 * MB } },
  { text: 'ok so like... under 50mb?', expected: { targetBytes: 50 * MB } },
  { text: 'yo make it 720p thx', expected: { resolution: 720 } },
  { text: 'plz no audio', expected: { audio: 'remove' } },
  { text: 'vid too big for discord lol', expected: { targetBytes: 10 * MB, platform: 'Discord' } },
  { text: '音频删除，转成mp4', expected: { audio: 'remove', container: 'mp4' } },
  { text: '声音不用了', expected: { audio: 'remove' } },
  { text: '画质无所谓，越小越好', expected: { quality: 'small' } },
  { text: '分辨率降到480', expected: { resolution: 480 } },
  { text: '帧数改成30', expected: { fps: 30 } },
  { text: '压到15兆以下', expected: { targetBytes: 15 * MB } },
  { text: '给我压成5M', expected: { targetBytes: 5 * MB } },
  { text: '1920 by 1080, 30 fps', expected: { resolution: 1080, fps: 30 } },
  { text: '1080p at 24fps', expected: { resolution: 1080, fps: 24 } },
  { text: '720p@30 under 20mb', expected: { resolution: 720, fps: 30, targetBytes: 20 * MB } },
  { text: '25 frames per sec', expected: { fps: 25 } },
  { text: '转成1280*720', expected: { resolution: 720 } },
  { text: 'are you done yet', expected: { intent: 'status' } },
  { text: 'how much longer', expected: { intent: 'status' } },
  { text: '完成了吗', expected: { intent: 'status' } },
  { text: '做完了没', expected: { intent: 'status' } },
  { text: 'save it to my computer', expected: { intent: 'export' } },
  { text: 'get the video onto my pc', expected: { intent: 'export' } },
  { text: '发我一下', expected: { intent: 'export' } },
  { text: 'whats my balance', expected: { intent: 'credits' } },
  { text: '我还有多少额度', expected: { intent: 'credits' } },
  { text: 'under 2mb but at least 10mb', expected: { targetBytes: 2 * MB, warn: /under 2 MB and also at least 10 MB/ } },
  { text: '不超过2M，但至少要10M', expected: { targetBytes: 2 * MB, warn: /under 2 MB and also at least 10 MB/ } },
  { text: 'hevc mkv please', expected: { videoCodec: 'hevc', container: 'mkv' } },
  { text: 'turn it into a webm thx', expected: { container: 'webm' } },
  { text: 'best quality u can under 100mb', expected: { quality: 'high', targetBytes: 100 * MB } },
  { text: 'quality doesnt matter just make it tiny', expected: { quality: 'small' } },
  { text: 'email it to my teacher', expected: { targetBytes: EMAIL, platform: 'email' } }
]

/** Ratios like a third are compared to 5 places; everything else exactly. */
function matches(row: Row): boolean {
  return rowMatchesRoughRatio(row, parseRequest(row.text))
}

function score(name: string, table: readonly Row[]): number {
  const misses = table.filter((row) => !matches(row))
  for (const row of misses) {
    const request = parseRequest(row.text)
    console.log(
      `${name} miss: ${JSON.stringify(row.text)}\n  expected ${JSON.stringify(fullExpectation(row))}${row.expected.warn ? ` with a warning like ${String(row.expected.warn)}` : ''}\n  got      ${JSON.stringify(fieldsOf(request))}\n  warnings ${JSON.stringify(request.warnings)}`
    )
  }
  const share = (table.length - misses.length) / table.length
  console.log(`${name} score: ${table.length - misses.length}/${table.length} (${(share * 100).toFixed(1)}%)`)
  return share
}

describe('held-out chat-style phrasings (issue 16)', () => {
  it('has at least 80 phrasings', () => {
    expect(HELD_OUT_CHAT.length).toBeGreaterThanOrEqual(80)
  })

  it('parses at least 97% right', () => {
    expect(score('held-out chat', HELD_OUT_CHAT)).toBeGreaterThanOrEqual(0.97)
  })

  it('parses at least 97% of the second, later-written set right', () => {
    expect(score('held-out chat 2', HELD_OUT_CHAT_2)).toBeGreaterThanOrEqual(0.97)
  })
})
