import { describe, expect, it } from 'vitest'
import { parseRequest } from './parse'
import { requestToOptions } from './options'

// Issue 17 §1: the encoding effort, in English and Chinese. `speed` null is the engine's own
// per-file choice; the other settings read as they always did.
const ROWS: ReadonlyArray<{ text: string; speed: 'fast' | 'thorough' | null; quality?: 'high' | 'small' | null; targetBytes?: number }> = [
  { text: 'compress this quickly', speed: 'fast' },
  { text: 'shrink it to 10 MB as fast as possible', speed: 'fast', targetBytes: 10_000_000 },
  { text: 'under 25MB asap', speed: 'fast', targetBytes: 25_000_000 },
  { text: "I'm in a hurry, make it smaller for Discord", speed: 'fast' },
  { text: 'best quality, I can wait', speed: 'thorough', quality: 'high' },
  { text: 'compress to 50 MB, take your time', speed: 'thorough', targetBytes: 50_000_000 },
  { text: 'no hurry, as small as possible', speed: 'thorough', quality: 'small' },
  { text: '尽快压缩到10MB', speed: 'fast', targetBytes: 10_000_000 },
  { text: '赶时间，压缩一下这个视频', speed: 'fast' },
  { text: '越快越好，压到20MB以内', speed: 'fast', targetBytes: 20_000_000 },
  { text: '画质优先，不着急，压到50MB', speed: 'thorough', quality: 'high', targetBytes: 50_000_000 },
  { text: '慢一点没关系，画质要好', speed: 'thorough', quality: 'high' },
  // Not a speed wish: a quick cut is the trim's (keyframes), and plain requests leave it to the engine.
  { text: 'quick cut from 0:05 to 0:20', speed: null },
  { text: 'compress to 10 MB', speed: null, targetBytes: 10_000_000 },
  { text: '压缩到10MB', speed: null, targetBytes: 10_000_000 }
]

describe('speed phrasings (issue 17 §1)', () => {
  it.each(ROWS.map((row) => [row.text, row] as const))('%s', (_text, row) => {
    const request = parseRequest(row.text)
    expect(request.details.speed).toBe(row.speed)
    if (row.quality !== undefined) expect(request.quality).toBe(row.quality)
    if (row.targetBytes !== undefined) expect(request.targetBytes).toBe(row.targetBytes)
    expect(request.warnings).toEqual([])
  })

  it('reaches the options only when asked', () => {
    expect(requestToOptions(parseRequest('compress to 10 MB quickly')).speed).toBe('fast')
    expect('speed' in requestToOptions(parseRequest('compress to 10 MB'))).toBe(false)
  })
})
