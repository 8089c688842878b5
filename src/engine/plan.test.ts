import { describe, expect, it } from 'vitest'
import type { CompressOptions } from '../shared/compression'
import { UserFacingError } from '../shared/errors'
import { buildCopyArgs, buildEncodeArgs } from './ffmpeg/args'
import { HARDWARE_RATE_SAFETY, hardwareEncoderNamed } from './ffmpeg/hardware'
import { type EncodePlan, planCompression } from './plan'
import { adaptToAnalysis, meanQuantiser } from './plan/adapt'
import { estimateOverheadBytes } from './plan/budget'
import { shapeFor } from '../shared/shape'
import { editedMedia, keptBytes, planEdit } from './plan/edit'
import { lengthThatFits } from './plan/minimum-size'
import { planBitsPerPixel } from './plan/picture'
import { resolveTargetBytes } from '../shared/targets'
import type { MediaInfo } from './probe'

const ALL_ENCODERS = {
  encoders: new Set(['libx264', 'libx265', 'libvpx-vp9', 'libaom-av1', 'aac', 'libopus']),
  filters: new Set(['scale', 'zscale', 'tonemap'])
}

function media(overrides: Partial<MediaInfo['video']> = {}, audio: MediaInfo['audio'] | undefined = undefined, duration = 60): MediaInfo {
  return {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSeconds: duration,
    sizeBytes: 100_000_000,
    bitRate: null,
    video: {
      index: 0,
      codec: 'h264',
      width: 1920,
      height: 1080,
      displayWidth: 1920,
      displayHeight: 1080,
      rotation: 0,
      fps: 30,
      variableFrameRate: false,
      bitRate: null,
      pixFmt: 'yuv420p',
      frameCount: null,
      dynamicRange: 'sdr',
      colorPrimaries: null,
      colorSpace: null,
      ...overrides
    },
    audio: audio === undefined ? { index: 1, codec: 'aac', bitRate: 192_000, channels: 2, sampleRate: 48_000 } : audio,
    otherAudioLanguages: [],
    subtitles: [],
    attachments: [],
    tags: {}
  }
}

function plan(options: CompressOptions, info: MediaInfo = media(), sourceBytes = 100_000_000, sourceExtension = 'mp4'): EncodePlan {
  return planCompression({ media: info, sourceBytes, options, capabilities: ALL_ENCODERS, sourceExtension })
}

function refusal(fn: () => unknown): UserFacingError {
  try {
    fn()
  } catch (error) {
    if (error instanceof UserFacingError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('planCompression', () => {
  it('budgets video from the target minus audio and container overhead', () => {
    const p = plan({ targetBytes: 25_000_000 })
    expect(p.mode).toBe('target')
    expect(p.audio).toEqual({ kind: 'encode', encoder: 'aac', kbps: 128, channels: 2 })
    const expected = ((25_000_000 - p.overheadBytes) * 8 * 0.995 - 128_000 * 60) / 60 / 1000
    expect(p.videoKbps).toBeCloseTo(expected, 6)
    expect(p.scaleShortSide).toBeNull()
  })

  it('MB is decimal and MiB binary when resolving a share of the source', () => {
    expect(resolveTargetBytes({ targetBytes: 8 * 1024 ** 2 }, 1e9)).toBe(8_388_608)
    expect(resolveTargetBytes({ targetRatio: 0.3 }, 1_000_000)).toBe(300_000)
    expect(resolveTargetBytes({ targetBytes: 500_000, targetRatio: 0.3 }, 1_000_000)).toBe(300_000)
  })

  it('never aims above the source when re-encoding', () => {
    const p = plan({ targetBytes: 500_000_000, videoCodec: 'hevc' })
    expect(p.targetBytes).toBe(100_000_000)
    expect(p.changes.join()).toMatch(/under the original/)
  })

  it('VP9/AV1: an x264 analysis pass at the H.264-equivalent bitrate decides the size later', () => {
    const p = plan({ targetBytes: 8_000_000, container: 'webm' })
    expect(p.scaleShortSide).toBeNull()
    expect(p.adaptAfterAnalysis).toBe(true)
    // VP9 needs about 0.7 of H.264's bits for the same picture.
    expect(p.standInAnalysisKbps).toBeCloseTo((p.videoKbps ?? 0) / 0.7, 6)
    expect(plan({ targetBytes: 8_000_000 }).standInAnalysisKbps).toBeNull()
    expect(plan({ targetBytes: 8_000_000, container: 'webm', resolution: 720, fps: 30 }).standInAnalysisKbps).toBeNull()
  })

  it('VP9/AV1 without libx264: steps the resolution down when the bits per pixel are too few', () => {
    const p = planCompression({
      media: media(),
      sourceBytes: 100_000_000,
      options: { targetBytes: 8_000_000, container: 'webm' },
      capabilities: { encoders: new Set(['libvpx-vp9', 'libopus']), filters: new Set() },
      sourceExtension: 'mp4'
    })
    // ~0.9 Mbps for 1080p30 VP9 is 0.015 bits per pixel: 720p (0.033) is above the threshold.
    expect(p.scaleShortSide).toBe(720)
    expect(p.adaptAfterAnalysis).toBe(false)
    expect(p.standInAnalysisKbps).toBeNull()
    expect(p.changes.join()).toMatch(/lowered the resolution to 720p \(from 1080p\)/)
  })

  it("VP9 after the stand-in analysis: a starved stream is scaled by x264's quantiser limit", () => {
    const p = plan({ targetBytes: 8_000_000, container: 'webm' })
    expect(adaptToAnalysis(p, media(), 36, {})).toBeNull()
    const adapted = adaptToAnalysis(p, media(), 45, {})
    expect(adapted?.scaleShortSide).toBe(540)
    expect(adapted?.standInAnalysisKbps).toBeNull()
  })

  it('x264: keeps the size until the analysis pass has seen the content', () => {
    const p = plan({ targetBytes: 10_000_000 })
    expect(p.scaleShortSide).toBeNull()
    expect(p.adaptAfterAnalysis).toBe(true)
    expect(plan({ targetBytes: 10_000_000, resolution: 720, fps: 30 }).adaptAfterAnalysis).toBe(false)
  })

  it('a fixed resolution is kept even when tight, and never enlarged', () => {
    expect(plan({ targetBytes: 10_000_000, resolution: 1080 }).scaleShortSide).toBeNull()
    const up = plan({ resolution: 2160 })
    expect(up.scaleShortSide).toBeNull()
    expect(up.changes.join()).toMatch(/kept the source's 1080p/)
  })

  it('portrait video: the short side is the width', () => {
    const p = plan({ resolution: 720 }, media({ width: 1920, height: 1080, displayWidth: 1080, displayHeight: 1920, rotation: 90 }))
    expect(p.scaleShortSide).toBe(720)
  })

  it('caps absurd frame rates, and 60 fps to 30 before cutting pixels', () => {
    expect(plan({}, media({ fps: 240 })).fpsCap).toBe(60)
    const tight = plan({ targetBytes: 6_000_000 }, media({ fps: 60 }))
    const adapted = adaptToAnalysis(tight, media({ fps: 60 }), 40, {})
    expect(adapted?.fpsCap).toBe(30)
    expect(adapted?.changes.join()).toMatch(/frame rate to 30/)
    expect(plan({ fps: 24 }).fpsCap).toBe(24)
    expect(plan({ fps: 50 }).fpsCap).toBeNull()
  })

  it('scales the audio down for tight budgets, never above the source', () => {
    const tight = plan({ targetBytes: 2_000_000 })
    expect(tight.audio.kind).toBe('encode')
    if (tight.audio.kind === 'encode') {
      expect(tight.audio.kbps).toBeLessThanOrEqual(48)
      expect(tight.audio.channels).toBe(1)
    }
    const lowSource = plan({ targetBytes: 50_000_000 }, media({}, { index: 1, codec: 'mp3', bitRate: 70_000, channels: 2, sampleRate: 44_100 }))
    expect(lowSource.audio).toMatchObject({ kind: 'encode', kbps: 64 })
  })

  it('copies AAC audio that is already small enough', () => {
    const p = plan({ targetBytes: 50_000_000 }, media({}, { index: 1, codec: 'aac', bitRate: 96_000, channels: 2, sampleRate: 48_000 }))
    expect(p.audio).toEqual({ kind: 'copy', kbps: 96 })
  })

  it('webm uses VP9 and Opus; removing audio plans none', () => {
    const p = plan({ container: 'webm', targetBytes: 20_000_000 })
    expect(p.encoder).toBe('libvpx-vp9')
    expect(p.audio).toMatchObject({ kind: 'encode', encoder: 'libopus' })
    expect(plan({ audio: 'remove', targetBytes: 20_000_000 }).audio).toEqual({ kind: 'none' })
  })

  it('constant quality when no size is asked, per quality preference', () => {
    expect(plan({}).mode).toBe('crf')
    expect(plan({ quality: 'high' }).crf).toBeLessThan(plan({ quality: 'small' }).crf ?? 0)
  })

  it('already under the target: copy as is, or remux into the asked container', () => {
    const copy = plan({ targetBytes: 200_000_000 }, media(), 100_000_000, 'mov')
    expect(copy.mode).toBe('copy')
    expect(copy.extension).toBe('mov')
    const remux = plan({ targetBytes: 200_000_000, container: 'mkv' }, media(), 100_000_000, 'mov')
    expect(remux.mode).toBe('remux')
    // VP8 cannot go into MP4: re-encode instead, still under the target.
    const vp8 = plan(
      { targetBytes: 200_000_000, container: 'mp4' },
      media({ codec: 'vp8' }, { index: 1, codec: 'vorbis', bitRate: null, channels: 2, sampleRate: 48_000 }),
      100_000_000,
      'webm'
    )
    expect(vp8.mode).toBe('target')
    // Something else asked (a new codec): re-encode under the target.
    expect(plan({ targetBytes: 200_000_000, videoCodec: 'hevc' }).mode).toBe('target')
  })

  it('a lower resolution or frame rate with a target above the source: the quality that picture needs, not the whole target', () => {
    // -r 240 -t 8MiB on a 5 MB file used to aim at the 5 MB: a 240p file as big as the original.
    for (const options of [
      { targetBytes: 200_000_000, resolution: 240 },
      { targetBytes: 200_000_000, fps: 15 }
    ] satisfies CompressOptions[]) {
      const lowered = plan(options)
      expect(lowered.mode, JSON.stringify(options)).toBe('crf')
      expect(lowered.targetBytes).toBeNull()
      expect(lowered.changes.join(' ')).toMatch(/already under 200 MB, so the result is as small as the (240p|15 fps) picture needs/)
    }
    expect(plan({ targetBytes: 200_000_000, resolution: 240 }).scaleShortSide).toBe(240)
    // A target below the source is still the target.
    expect(plan({ targetBytes: 50_000_000, resolution: 240 }).mode).toBe('target')
  })

  it('an impossible target names the smallest possible size', () => {
    const error = refusal(() => plan({ targetBytes: 300_000 }))
    expect(error.code).toBe('impossible-target')
    const match = /A 60-second video cannot fit in 300 KB\. The smallest possible is about (\d+) KB \(about (\d+) KB without the audio\)/.exec(error.message)
    expect(match, error.message).not.toBeNull()
    // 20 kbps of video + 32 kbps of audio for 60 s is 390 KB before overhead; 150 KB without audio.
    expect(Number(match?.[1])).toBeGreaterThan(390)
    expect(Number(match?.[1])).toBeLessThan(550)
    expect(Number(match?.[2])).toBeGreaterThan(150)
    expect(Number(match?.[2])).toBeLessThan(250)
    expect(error.message).toMatch(/remove the audio/)
    expect(refusal(() => plan({ targetBytes: 100_000 })).message).toMatch(/Even the audio alone of this 60-second video needs more than 100 KB/)
  })

  it('refuses nonsense options and impossible combinations', () => {
    expect(refusal(() => plan({ targetBytes: 0 })).code).toBe('invalid-option')
    expect(refusal(() => plan({ targetRatio: 1.5 })).code).toBe('invalid-option')
    expect(refusal(() => plan({ resolution: 3 })).message).toMatch(/short side/)
    expect(refusal(() => plan({ container: 'webm', videoCodec: 'hevc' })).message).toMatch(/WebM files cannot hold HEVC/)
    expect(refusal(() => plan({ container: 'mov', videoCodec: 'vp9' })).message).toMatch(/MOV files cannot hold VP9/)
  })

  it('says which encoder is missing', () => {
    const error = refusal(() =>
      planCompression({
        media: media(),
        sourceBytes: 1e8,
        options: { videoCodec: 'hevc' },
        capabilities: { encoders: new Set(['libx264']), filters: new Set<string>() },
        sourceExtension: 'mp4'
      })
    )
    expect(error.code).toBe('codec-unavailable')
    expect(error.message).toMatch(/cannot encode HEVC \(it lacks libx265\)/)
  })
})

describe('HDR sources', () => {
  it('a PQ or HLG source that is re-encoded is tone-mapped to standard range, and the result says so', () => {
    const pq = plan({ targetBytes: 20_000_000 }, media({ dynamicRange: 'pq', pixFmt: 'yuv420p10le', codec: 'hevc' }))
    expect(pq.toneMapFrom).toBe('pq')
    expect(pq.changes.join(' ')).toMatch(/converted HDR10 to standard range \(SDR\)/)
    const hlg = plan({}, media({ dynamicRange: 'hlg', pixFmt: 'yuv420p10le', codec: 'hevc' }))
    expect(hlg.mode).toBe('crf')
    expect(hlg.toneMapFrom).toBe('hlg')
    expect(hlg.changes.join(' ')).toMatch(/converted HLG HDR/)
  })

  it('standard-range sources and stream copies are left alone', () => {
    expect(plan({ targetBytes: 20_000_000 }).toneMapFrom).toBeNull()
    const copied = plan({ targetBytes: 200_000_000 }, media({ dynamicRange: 'pq', codec: 'hevc' }))
    expect(copied.mode).toBe('copy')
    expect(copied.toneMapFrom).toBeNull()
    expect(copied.changes.join(' ')).not.toMatch(/HDR/)
  })

  it('an ffmpeg without zscale keeps the HDR tags and says what that means', () => {
    const withoutZimg = planCompression({
      media: media({ dynamicRange: 'pq' }),
      sourceBytes: 100_000_000,
      options: { targetBytes: 20_000_000 },
      capabilities: { encoders: ALL_ENCODERS.encoders, filters: new Set(['scale', 'tonemap']) },
      sourceExtension: 'mp4'
    })
    expect(withoutZimg.toneMapFrom).toBeNull()
    expect(withoutZimg.changes.join(' ')).toMatch(/lacks the zscale filter/)
  })
})

describe('audio tracks', () => {
  it('says which other audio tracks were left out, with their languages', () => {
    const info: MediaInfo = {
      ...media({}, { index: 1, codec: 'aac', bitRate: 128_000, channels: 2, sampleRate: 48_000, language: 'eng' }),
      otherAudioLanguages: ['fra', null]
    }
    expect(plan({ targetBytes: 20_000_000 }, info).changes).toContain('kept the default audio track (eng) and left out 2 other audio tracks: fra')
    expect(plan({}, { ...info, otherAudioLanguages: [null] }).changes).toContain('kept the default audio track (eng) and left out another audio track')
    expect(plan({ targetBytes: 20_000_000, audio: 'remove' }, info).changes.join(' ')).not.toMatch(/audio track/)
    expect(plan({ targetBytes: 20_000_000 }).changes.join(' ')).not.toMatch(/audio track/)
  })
})

describe('subtitles', () => {
  const tracks: MediaInfo['subtitles'] = [
    { index: 2, codec: 'subrip', language: 'eng', kind: 'text', bytes: null },
    { index: 3, codec: 'hdmv_pgs_subtitle', language: 'fra', kind: 'bitmap', bytes: 2_000_000 },
    { index: 4, codec: 'eia_608', language: null, kind: 'other', bytes: null }
  ]
  const withTracks = (): MediaInfo => ({ ...media(), subtitles: tracks })

  it('MP4 converts text tracks to mov_text and says which picture tracks it cannot hold', () => {
    const mp4 = plan({ targetBytes: 20_000_000 }, withTracks())
    expect(mp4.subtitles.map((t) => [t.index, t.encoder])).toEqual([[2, 'mov_text']])
    const notes = mp4.changes.join(' | ')
    expect(notes).toMatch(/left out a Blu-ray \(PGS\) picture subtitle track: MP4 holds only text subtitles \(choose MKV/)
    expect(notes).toMatch(/left out a closed-caption \(EIA-608\) subtitle track/)
  })

  it('MKV keeps picture tracks as they are; WebM converts text to WebVTT; mov_text becomes SRT in MKV', () => {
    expect(plan({ targetBytes: 20_000_000, container: 'mkv' }, withTracks()).subtitles.map((t) => [t.index, t.encoder])).toEqual([
      [2, 'copy'],
      [3, 'copy']
    ])
    expect(plan({ targetBytes: 20_000_000, container: 'webm' }, withTracks()).subtitles.map((t) => [t.index, t.encoder])).toEqual([[2, 'webvtt']])
    const fromMp4: MediaInfo = { ...media(), subtitles: [{ index: 2, codec: 'mov_text', language: null, kind: 'text', bytes: null }] }
    expect(plan({ container: 'mkv' }, fromMp4).subtitles.map((t) => t.encoder)).toEqual(['srt'])
  })

  it("XSUB, which ffmpeg's Matroska muxer refuses, is left out of MKV too, without pointing to MKV", () => {
    const divx: MediaInfo = { ...media(), subtitles: [{ index: 2, codec: 'xsub', language: null, kind: 'bitmap', bytes: null }] }
    const mkv = plan({ targetBytes: 20_000_000, container: 'mkv' }, divx)
    expect(mkv.subtitles).toEqual([])
    expect(mkv.changes.join(' ')).toMatch(/left out a DivX \(XSUB\) picture subtitle track: this format cannot be carried over/)
    expect(plan({ targetBytes: 20_000_000 }, divx).changes.join(' ')).not.toMatch(/choose MKV/)
  })

  it('the bytes of kept tracks come out of the video budget', () => {
    const without = plan({ targetBytes: 20_000_000, container: 'mkv' })
    const withPictures = plan({ targetBytes: 20_000_000, container: 'mkv' }, withTracks())
    // The 2 MB PGS track (its size from the file's statistics tag) plus a text allowance.
    expect(withPictures.overheadBytes - without.overheadBytes).toBeGreaterThan(2_000_000)
    expect(withPictures.videoKbps ?? 0).toBeLessThan((without.videoKbps ?? 0) - (2_000_000 * 8) / 60 / 1000 + 1)
  })
})

describe('estimateOverheadBytes', () => {
  it('grows with packets, audio and metadata', () => {
    const mp4 = estimateOverheadBytes('mp4', 60, 30, { kind: 'copy', kbps: 128 })
    expect(estimateOverheadBytes('mp4', 60, 30, { kind: 'copy', kbps: 128 }, 300)).toBe(mp4 + 600)
    expect(mp4).toBeGreaterThan(estimateOverheadBytes('mp4', 60, 30, { kind: 'none' }))
    expect(estimateOverheadBytes('mp4', 120, 30, { kind: 'none' })).toBeGreaterThan(estimateOverheadBytes('mp4', 60, 30, { kind: 'none' }))
  })
})

describe('adaptToAnalysis (after the x264 analysis pass)', () => {
  it('reads the mean quantiser of x264 statistics', () => {
    const stats =
      '#options: 1280x720 fps=30/1\nin:0 out:0 type:I dur:2 cpbdur:2 q:30.00 aq:25.1 tex:1\nin:1 out:1 type:P dur:2 cpbdur:2 q:36.00 aq:33.2 tex:1\n'
    expect(meanQuantiser(stats)).toBe(33)
    expect(meanQuantiser('#options only')).toBeNull()
  })

  it('keeps the plan when the content is easy for the budget', () => {
    const p = plan({ targetBytes: 10_000_000 })
    expect(adaptToAnalysis(p, media(), 36, {})).toBeNull()
  })

  it('lowers the resolution as far as the quantiser says, and gives saved overhead to video', () => {
    const p = plan({ targetBytes: 10_000_000 })
    // QP 40.7 is 3.7 over the limit: about 0.57 of the pixels -> 1080p to 720p (0.44).
    const adapted = adaptToAnalysis(p, media(), 40.7, {})
    // QP 39 would need 0.73 of the pixels: not worth resampling, the plan stays.
    expect(adaptToAnalysis(p, media(), 39, {})).toBeNull()
    expect(adapted?.scaleShortSide).toBe(720)
    expect(adapted?.changes.join()).toMatch(/lowered the resolution to 720p \(from 1080p\)/)
    expect(adapted?.adaptAfterAnalysis).toBe(false)
    // A starved 1080p stream (QP 48) goes much further down.
    expect(adaptToAnalysis(p, media(), 48, {})?.scaleShortSide).toBe(360)
    expect(adaptToAnalysis(p, media(), 52, {})?.scaleShortSide).toBe(240)
  })

  it('drops 60 fps to 30 first, and respects what the user fixed', () => {
    const sixty = media({ fps: 60 })
    const p = plan({ targetBytes: 10_000_000 }, sixty)
    const adapted = adaptToAnalysis(p, sixty, 40, {})
    expect(adapted?.fpsCap).toBe(30)
    // Halving the frames covers 4.5 of the 3 QP over: no resolution change needed.
    expect(adapted?.scaleShortSide).toBeNull()
    expect(adapted?.videoKbps).toBeGreaterThan(p.videoKbps ?? 0)
    const fixed = plan({ targetBytes: 10_000_000, resolution: 1080 }, sixty)
    expect(adaptToAnalysis(fixed, sixty, 45, { resolution: 1080 })?.scaleShortSide).toBeNull()
    expect(adaptToAnalysis(fixed, sixty, 45, { resolution: 1080 })?.fpsCap).toBe(30)
  })
})

describe('planCompression on the graphics chip (issue 17)', () => {
  const vaapi = hardwareEncoderNamed('h264_vaapi')
  if (!vaapi) throw new Error('h264_vaapi is not in the table')

  it('keeps more headroom than x264, plans no analysis pass, and lowers the resolution by bits per pixel', () => {
    const x264 = plan({ targetBytes: 25_000_000 })
    const chip = planCompression({
      media: media(),
      sourceBytes: 100_000_000,
      options: { targetBytes: 25_000_000 },
      capabilities: ALL_ENCODERS,
      sourceExtension: 'mp4',
      hardware: vaapi
    })
    expect(chip.encoder).toBe('h264_vaapi')
    expect(chip.adaptAfterAnalysis).toBe(false)
    expect(chip.standInAnalysisKbps).toBeNull()
    expect((chip.videoKbps ?? 0) / (x264.videoKbps ?? 1)).toBeCloseTo(HARDWARE_RATE_SAFETY / 0.995, 2)
    // 60 s at 1 MB: far too few bits for 1080p, and no analysis pass to say so: bits per pixel decide.
    const starved = planCompression({
      media: media(),
      sourceBytes: 100_000_000,
      options: { targetBytes: 1_000_000 },
      capabilities: ALL_ENCODERS,
      sourceExtension: 'mp4',
      hardware: vaapi
    })
    expect(starved.scaleShortSide).not.toBeNull()
    expect(planBitsPerPixel(starved, media())).toBeGreaterThan(planBitsPerPixel({ ...starved, scaleShortSide: null }, media()))
  })

  it('builds the VA-API command line: the device before the input, upload filters after scaling, one run at the bitrate', () => {
    const chip = planCompression({
      media: media(),
      sourceBytes: 100_000_000,
      options: { targetBytes: 25_000_000, resolution: 720 },
      capabilities: ALL_ENCODERS,
      sourceExtension: 'mp4',
      hardware: vaapi
    })
    const args = buildEncodeArgs(chip, media(), '/in.mp4', '/out.mp4', { pass: null, videoKbps: 2_000, passLogPrefix: null }, '5.1.6')
    expect(args.slice(0, 4)).toEqual(['-vaapi_device', '/dev/dri/renderD128', '-i', '/in.mp4'])
    expect(args[args.indexOf('-vf') + 1]).toBe('scale=-2:720:flags=lanczos,format=nv12,hwupload')
    const codec = args.indexOf('-c:v')
    expect(args.slice(codec, codec + 12)).toEqual([
      '-c:v',
      'h264_vaapi',
      '-rc_mode',
      'VBR',
      '-b:v',
      '2000000',
      '-maxrate',
      '3000000',
      '-bufsize',
      '4000000',
      '-c:a',
      'aac'
    ])
    expect(args).not.toContain('-pass')
  })
})

describe('trims, turns and shapes (issue 14)', () => {
  /** The plan for an edit as a job makes it: the edited media, the kept part's bytes. */
  function planEdited(
    options: CompressOptions,
    info: MediaInfo = media(),
    sourceBytes = 100_000_000,
    keyframe: number | null = null,
    sourceExtension = 'mp4'
  ): EncodePlan {
    const edit = planEdit(info, options, keyframe)
    return planCompression({
      media: editedMedia(info, edit),
      sourceBytes: keptBytes(sourceBytes, info, edit),
      edit,
      options,
      capabilities: ALL_ENCODERS,
      sourceExtension
    })
  }

  it('budgets the part kept: a minute of the ten-minute file gets the whole target', () => {
    const tenMinutes = media({}, undefined, 600)
    const whole = plan({ targetBytes: 25_000_000 }, tenMinutes, 1_000_000_000)
    const minute = planEdited({ targetBytes: 25_000_000, trimStart: 60, trimEnd: 120 }, tenMinutes, 1_000_000_000)
    expect(minute.mode).toBe('target')
    expect(minute.videoKbps ?? 0).toBeGreaterThan((whole.videoKbps ?? 0) * 9)
    // The kept minute is about 100 MB of the 1 GB file: the target is under it, so no "already small".
    expect(minute.targetBytes).toBe(25_000_000)
    expect(minute.edit?.trim).toEqual({ start: 60, end: 120 })
  })

  it('"already small" is the part\'s: a part under the target is encoded at constant quality, never copied whole', () => {
    const p = planEdited({ targetBytes: 50_000_000, trimEnd: 10 })
    expect(p.mode).toBe('crf')
    expect(p.changes.join(' ')).toMatch(/the part kept is already under 50 MB, so it is encoded at constant quality/)
    // The sound is encoded with the picture: copied packets would start at the keyframe before.
    expect(p.audio.kind).toBe('encode')
  })

  it('a quick cut copies the streams from the keyframe before the start, and says how far it moved', () => {
    const p = planEdited({ trimStart: 5, trimPrecision: 'keyframe' }, media(), 100_000_000, 3.2)
    expect(p.mode).toBe('edit')
    expect(p.edit?.keyframeStart).toBe(3.2)
    expect(p.changes).toContain('cut without re-encoding at the keyframe at 0:03.2, 1.8 s before the 0:05 asked')
    const args = buildCopyArgs(p, editedMedia(media(), p.edit), '/in.mp4', '/out.mp4', '4.1')
    // On the source's clock (-copyts), moved to start at 0: the picture stays with its sound.
    expect(args.slice(0, 6)).toEqual(['-copyts', '-start_at_zero', '-ss', '3.201', '-i', '/in.mp4'])
    expect(args).toContain('-t')
    expect(args[args.indexOf('-t') + 1]).toBe('56.799')
    // Anything else to encode: cut exactly, and said why.
    const encoded = planEdited({ trimStart: 5, trimPrecision: 'keyframe', resolution: 720 }, media(), 100_000_000, 3.2)
    expect(encoded.mode).toBe('crf')
    expect(encoded.changes).toContain('cut exactly at 0:05: the video is re-encoded anyway, so the cut needs no keyframe')
  })

  it('issue 17 §1: a final pass at the chosen preset keeps the analysis pass’s weighted prediction', () => {
    const p = plan({ targetBytes: 10_000_000 })
    const step = (pass: 1 | 2) => ({ pass, videoKbps: p.videoKbps, passLogPrefix: '/tmp/p' })
    const medium = buildEncodeArgs(p, media(), '/in.mp4', '/out.mp4', step(2), '5.1')
    expect(medium[medium.indexOf('-preset') + 1]).toBe('medium')
    expect(medium[medium.indexOf('-x264-params') + 1]).toBe('ratetol=0.1')
    const fast = { ...p, effort: { preset: 'veryfast', reason: 'easy', note: '' } } as const
    const final = buildEncodeArgs(fast, media(), '/in.mp4', '/out.mp4', step(2), '5.1')
    expect(final[final.indexOf('-preset') + 1]).toBe('veryfast')
    expect(final[final.indexOf('-x264-params') + 1]).toBe('ratetol=0.1:weightp=2')
    const analysis = buildEncodeArgs(fast, media(), '/in.mp4', '/out.mp4', step(1), '5.1')
    expect(analysis[analysis.indexOf('-preset') + 1]).toBe('superfast')
    expect(analysis[analysis.indexOf('-x264-params') + 1]).toBe('weightp=2:mbtree=1:rc-lookahead=40')
  })

  it('a frame-exact trim seeks before the input and ends by length, in both passes', () => {
    const p = planEdited({ targetBytes: 10_000_000, trimStart: 1.3, trimEnd: 5.3 })
    for (const pass of [1, 2] as const) {
      const args = buildEncodeArgs(p, editedMedia(media(), p.edit), '/in.mp4', '/out.mp4', { pass, videoKbps: p.videoKbps, passLogPrefix: '/tmp/p' }, '5.1')
      expect(args.slice(0, 3)).toEqual(['-ss', '1.300', '-i'])
      expect(args[args.indexOf('-t') + 1]).toBe('4.000')
    }
  })

  it('shapes: a centred crop, or bars on a canvas no bigger on its short side than the picture', () => {
    expect(shapeFor(1920, 1080, '9:16', 'crop')).toEqual({ aspect: '9:16', fit: 'crop', width: 606, height: 1080, innerWidth: 606, innerHeight: 1080 })
    expect(shapeFor(1920, 1080, '9:16', 'pad')).toEqual({ aspect: '9:16', fit: 'pad', width: 1080, height: 1920, innerWidth: 1080, innerHeight: 606 })
    expect(shapeFor(1920, 1080, '1:1', 'blur')).toMatchObject({ width: 1080, height: 1080, innerWidth: 1080, innerHeight: 606 })
    expect(shapeFor(1080, 1920, '9:16', 'crop')).toBeNull()
    const crop = planEdited({ aspect: '9:16', resolution: 360 })
    const filters = buildEncodeArgs(crop, editedMedia(media(), crop.edit), '/in.mp4', '/out.mp4', { pass: null, videoKbps: null, passLogPrefix: null }, '5.1')
    // The crop, then the size at the exact ratio: 9:16 at 360p is 360x640.
    expect(filters[filters.indexOf('-vf') + 1]).toBe('crop=606:1080,setsar=1,scale=360:640:flags=lanczos')
    const blur = planEdited({ aspect: '1:1', fit: 'blur' })
    expect(
      buildEncodeArgs(blur, editedMedia(media(), blur.edit), '/in.mp4', '/out.mp4', { pass: null, videoKbps: null, passLogPrefix: null }, '5.1').join(' ')
    ).toMatch(
      /scale=1080:606:flags=lanczos,setsar=1,split\[cv_fg\]\[cv_bg\];\[cv_bg\]scale=1080:1080:force_original_aspect_ratio=increase,crop=1080:1080,boxblur=54:2\[cv_blur\];\[cv_blur\]\[cv_fg\]overlay/
    )
  })

  it('turns: in rotation metadata when nothing else is re-encoded (MP4, MOV), else in the picture', () => {
    const metadata = planEdited({ rotate: 90 })
    expect(metadata.mode).toBe('edit')
    expect(metadata.changes).toContain('turned 90° clockwise in the rotation metadata, without re-encoding')
    // Counterclockwise degrees, added to the source's own: a quarter turn clockwise is 270.
    expect(buildCopyArgs(metadata, editedMedia(media(), metadata.edit), '/in.mp4', '/out.mp4', '4.1')).toEqual(
      expect.arrayContaining(['-metadata:s:v:0', 'rotate=270'])
    )
    expect(buildCopyArgs(metadata, editedMedia(media(), metadata.edit), '/in.mp4', '/out.mp4', '6.1').slice(0, 2)).toEqual(['-display_rotation:v:0', '270'])
    const phone = planEdited({ rotate: 90 }, media({ width: 1920, height: 1080, displayWidth: 1080, displayHeight: 1920, rotation: 270 }))
    expect(buildCopyArgs(phone, editedMedia(media(), phone.edit), '/in.mov', '/out.mov', '4.1')).toEqual(expect.arrayContaining(['rotate=180']))
    const encoded = planEdited({ rotate: 90, resolution: 720 })
    expect(encoded.mode).toBe('crf')
    const args = buildEncodeArgs(
      encoded,
      editedMedia(media(), encoded.edit),
      '/in.mp4',
      '/out.mp4',
      { pass: null, videoKbps: null, passLogPrefix: null },
      '5.1'
    )
    // Turned to portrait first, so the short side is the width.
    expect(args[args.indexOf('-vf') + 1]).toBe('transpose=clock,scale=720:-2:flags=lanczos')
    const webm = planEdited({ rotate: 90 }, media({ codec: 'vp9' }), 100_000_000, null, 'webm')
    expect(webm.mode).toBe('crf')
    expect(webm.changes.join(' ')).toMatch(/turned 90° clockwise in the picture, re-encoded: WebM has no rotation metadata players follow/)
  })

  it('a trim past the end of the file is refused before anything is planned', () => {
    expect(refusal(() => planEdit(media(), { trimStart: 90 })).message).toBe(
      'The trim starts at 1:30, but the video is only 1:00 long: choose a start before 1:00.'
    )
  })

  it('an impossible target says how long a part fits', () => {
    const error = refusal(() => planEdited({ targetBytes: 300_000 }))
    expect(error.message).toMatch(/At 720p, 300 KB holds about 0:0\d of this video: keep only that much, e\.g\. "only the first 0:0\d"\./)
    // 720p at 30 fps: 0.035 bits a pixel is 968 kbps, with 128 kbps of sound 1.1 Mbps: 2 MB hold about 14 s.
    const fits = lengthThatFits(media(), 2_000_000, { container: 'mp4', fps: 30, keepAudio: true, videoCodec: 'h264', quality: 'balanced' })
    expect(fits?.shortSide).toBe(720)
    expect(fits?.seconds).toBeGreaterThanOrEqual(13)
    expect(fits?.seconds).toBeLessThanOrEqual(15)
    // The whole video fits: nothing to suggest.
    expect(lengthThatFits(media(), 25_000_000, { container: 'mp4', fps: 30, keepAudio: true, videoCodec: 'h264', quality: 'balanced' })).toBeNull()
  })
})
