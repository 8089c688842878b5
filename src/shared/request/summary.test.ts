// The visible plan: the one-line summary, the plan for a known file, and the engine options.

import { describe, expect, it } from 'vitest'
import { MB } from './expectations'
import { parseRequest, requestToOptions, summarizeForSource, type SourceFacts } from './index'

const TEN_MINUTE_4K_FILM: SourceFacts = { sizeBytes: 4 * 1e9, durationSeconds: 600, width: 3840, height: 2160, fps: 24, hasAudio: true }
const ONE_MINUTE_1080P: SourceFacts = { sizeBytes: 200 * MB, durationSeconds: 60, width: 1920, height: 1080, fps: 30, hasAudio: true }
const TEN_MINUTE_1080P: SourceFacts = { ...ONE_MINUTE_1080P, sizeBytes: 1.5e9, durationSeconds: 600 }

describe('one-line summary', () => {
  it.each([
    ['compress this video to under 100MB', 'Under 100 MB · keep resolution · H.264 MP4 · AAC audio'],
    ['under 100MB without losing too much quality', 'Under 100 MB, high quality, no worse than “slight softening” · keep resolution · H.264 MP4 · AAC audio'],
    ['保持画质，压到20M', 'Under 20 MB, high quality, no worse than “looks the same” · keep resolution · H.264 MP4 · AAC audio'],
    ['small enough for Discord', 'Under 10 MB for Discord · keep resolution · H.264 MP4 · AAC audio'],
    ['export 1080p MP4', 'Balanced quality · 1080p · H.264 MP4 · AAC audio'],
    ['vp9 webm 720p, mute', 'Balanced quality · 720p · VP9 WebM · no audio'],
    ['4k60 hevc', 'Balanced quality · 4K (2160p) · 60 fps · HEVC MP4 · AAC audio'],
    ['half the size', 'Half the size · keep resolution · H.264 MP4 · AAC audio'],
    ['reduce by 70%, 30fps', '30% of the original size · keep resolution · 30 fps · H.264 MP4 · AAC audio'],
    ['as small as possible', 'As small as possible · keep resolution · H.264 MP4 · AAC audio'],
    ['credits', 'Show the NemoVideo credit balance'],
    ['add subtitles', 'Needs the NemoVideo cloud engine: add subtitles']
  ])('%s', (text, summary) => {
    expect(parseRequest(text).summary).toBe(summary)
  })

  it('names the platform limit and its source in details', () => {
    const request = parseRequest('for whatsapp')
    expect(request.details.platformLimit?.limitBytes).toBe(16 * MB)
    expect(request.details.platformLimit?.source).toMatch(/WhatsApp Help Center/)
  })
})

describe('summarizeForSource', () => {
  it('plans the budget on the part that is kept (issue 14)', () => {
    // 10 MB over the first 60 s of the 10-minute file: (10e6 * 8 * 0.98 / 60 - 128000) / 1000 = 1178.67.
    const plan = summarizeForSource(parseRequest('under 10MB, only the first minute'), TEN_MINUTE_1080P)
    expect(plan.videoKbps).toBe(1179)
    expect(plan.summary).toMatch(/^Under 10 MB · the first 1:00 · 720p \(from 1080p\)/)
    expect(summarizeForSource(parseRequest('under 10MB, the last minute'), TEN_MINUTE_1080P).videoKbps).toBe(1179)
  })

  it('says when a trim does not fit the file', () => {
    const plan = summarizeForSource(parseRequest('from 2:00 to 3:00'), ONE_MINUTE_1080P)
    expect(plan.warnings).toContain('The trim starts at 2:00, but the video is only 1:00 long: choose a start before 1:00.')
    expect(plan.videoKbps).toBeNull()
  })

  it("names a platform's length and shape the file does not meet, and what to add", () => {
    const tweet = summarizeForSource(parseRequest('for twitter'), ONE_MINUTE_1080P)
    expect(tweet.warnings.join(' ')).not.toMatch(/takes videos up to/)
    const long = summarizeForSource(parseRequest('for twitter'), TEN_MINUTE_1080P)
    expect(long.warnings.join(' ')).toMatch(/X \(Twitter\) takes videos up to 2:20, and this one is 10:00: add "only the first 2:20"/)
    const tiktok = summarizeForSource(parseRequest('for tiktok'), ONE_MINUTE_1080P)
    expect(tiktok.warnings.join(' ')).toMatch(/TikTok shows 9:16 videos full screen, and this one is 1920x1080: add "vertical"/)
    expect(summarizeForSource(parseRequest('vertical for tiktok'), ONE_MINUTE_1080P).warnings.join(' ')).not.toMatch(/full screen/)
  })

  it('under 1MB in 4K for a 10-minute film warns that quality will be poor', () => {
    const plan = summarizeForSource(parseRequest('under 1MB in 4K'), TEN_MINUTE_4K_FILM)
    expect(plan.targetBytes).toBe(1 * MB)
    // 1 MB over 600 s is 13 kbps in all, less than the 128 kbps audio: no room for a picture.
    // 4K H.264 needs 8000 kbps at 30 fps, so 6400 at the film's 24 fps.
    expect(plan.videoKbps).toBeNull()
    expect(plan.warnings.join(' ')).toMatch(/quality will be unusably poor/)
    expect(plan.warnings.join(' ')).toMatch(/4K \(2160p\) needs about 6400 kbps .* the quality will be poor/)
  })

  it('fills in the bitrate with the issue formula and lowers the resolution to one that bitrate carries', () => {
    const plan = summarizeForSource(parseRequest('under 100MB'), TEN_MINUTE_1080P)
    // (100e6 * 8 * 0.98 / 600 - 128000) / 1000 = 1178.67. Time: 720p30 is 0.44 of 1080p30's
    // pixels, two passes of 600 s: 0.44 * 600 * 2 + 2 = 535 s.
    expect(plan.videoKbps).toBe(1179)
    expect(plan.resolution).toBe(720)
    expect(plan.summary).toBe('Under 100 MB · 720p (from 1080p) · H.264 MP4 at 1179 kbps · AAC audio · about 9 min to encode')
    expect(plan.warnings).toEqual([])
  })

  it('turns a ratio into bytes for the file', () => {
    const plan = summarizeForSource(parseRequest('half the size'), ONE_MINUTE_1080P)
    expect(plan.targetBytes).toBe(100 * MB)
    expect(plan.summary).toMatch(/^Under 100 MB \(half the size\) · keep 1080p/)
  })

  it('gives the audio bitrate to the video when the audio is removed or absent', () => {
    const muted = summarizeForSource(parseRequest('under 10mb, mute'), ONE_MINUTE_1080P)
    expect(muted.videoKbps).toBe(1307) // 10e6 * 8 * 0.98 / 60 / 1000
    const silentSource = summarizeForSource(parseRequest('under 10mb'), { ...ONE_MINUTE_1080P, hasAudio: false })
    expect(silentSource.videoKbps).toBe(1307)
    expect(silentSource.summary).toContain('no audio (the source has none)')
  })

  it('does not upscale, and says so', () => {
    const plan = summarizeForSource(parseRequest('1080p'), { ...ONE_MINUTE_1080P, width: 1280, height: 720 })
    expect(plan.resolution).toBe(720)
    expect(plan.warnings.join(' ')).toMatch(/not upscaled/)
  })

  it('does not invent frames', () => {
    const plan = summarizeForSource(parseRequest('60fps'), ONE_MINUTE_1080P)
    expect(plan.warnings.join(' ')).toMatch(/stays at 30 fps/)
  })

  it('estimates time: one pass of 1080p30 H.264 runs in about real time', () => {
    const plan = summarizeForSource(parseRequest('best quality'), ONE_MINUTE_1080P)
    expect(plan.estimatedSeconds).toBe(62)
    expect(plan.videoKbps).toBeNull()
  })

  it('says when the file already fits', () => {
    const plan = summarizeForSource(parseRequest('under 1gb'), ONE_MINUTE_1080P)
    expect(plan.warnings.join(' ')).toMatch(/already 200 MB/)
  })

  it('passes refusals and other intents through without numbers', () => {
    const refused = summarizeForSource(parseRequest('under 0 MB'), ONE_MINUTE_1080P)
    expect(refused.summary).toMatch(/^Cannot plan this/)
    expect(refused.videoKbps).toBeNull()
    expect(summarizeForSource(parseRequest('status'), ONE_MINUTE_1080P).summary).toBe('Show the NemoVideo project status')
  })
})

describe('requestToOptions', () => {
  it('maps every field and leaves the rest to the engine', () => {
    expect(requestToOptions(parseRequest('turn this mov into a 720p mp4 under 20MB, no audio, 30fps, h265, best quality'))).toEqual({
      targetBytes: 20 * MB,
      targetRatio: null,
      resolution: 720,
      fps: 30,
      container: 'mp4',
      videoCodec: 'hevc',
      audio: 'remove',
      quality: 'high',
      minQuality: null,
      trimStart: null,
      trimEnd: null,
      trimStartFromEnd: null,
      trimEndFromEnd: null,
      trimPrecision: null,
      aspect: null,
      fit: null,
      rotate: null
    })
  })

  it('passes the quality floor on (issue #12): "must look good" is good, "keep the quality" high', () => {
    expect(requestToOptions(parseRequest('under 25MB but it must look good'))).toMatchObject({ targetBytes: 25 * MB, quality: 'high', minQuality: 'good' })
    expect(requestToOptions(parseRequest('画质别损失太多，压到10M'))).toMatchObject({ targetBytes: 10 * MB, minQuality: 'good' })
    expect(requestToOptions(parseRequest('keep the quality under 10MB'))).toMatchObject({ targetBytes: 10 * MB, minQuality: 'high' })
  })

  it('passes the trim, shape and turn on (issue 14)', () => {
    expect(requestToOptions(parseRequest('the last minute without the last 10 seconds, quick cut, vertical with blurred bars, rotate 270'))).toMatchObject({
      trimStart: null,
      trimEnd: null,
      trimStartFromEnd: 60,
      trimEndFromEnd: 10,
      trimPrecision: 'keyframe',
      aspect: '9:16',
      fit: 'blur',
      rotate: 270
    })
    expect(requestToOptions(parseRequest('from 0:05 to 1:20, square'))).toMatchObject({ trimStart: 5, trimEnd: 80, aspect: '1:1', fit: 'crop' })
  })

  it('refuses requests that are not compressions', () => {
    expect(() => requestToOptions(parseRequest('credits'))).toThrow(/not a compression/)
  })
})
