import { describe, expect, it } from 'vitest'
import { ProbeError, parseProbeOutput } from './probe'

/** ffprobe -show_format -show_streams JSON, reduced to the fields the parser reads. */
function probeJson(streams: object[]): string {
  return JSON.stringify({ streams, format: { format_name: 'matroska,webm', duration: '60.0', size: '1000000' } })
}

const video = { index: 0, codec_type: 'video', codec_name: 'hevc', width: 3840, height: 2160, avg_frame_rate: '30/1', r_frame_rate: '30/1' }

describe('parseProbeOutput', () => {
  it('keeps the audio track players pick (marked default), not simply the first', () => {
    const info = parseProbeOutput(
      probeJson([
        video,
        { index: 1, codec_type: 'audio', codec_name: 'ac3', channels: 6, disposition: { default: 0 }, tags: { language: 'fra' } },
        { index: 2, codec_type: 'audio', codec_name: 'aac', channels: 2, disposition: { default: 1 }, tags: { language: 'eng' } }
      ]),
      1_000_000
    )
    expect(info.audio?.index).toBe(2)
    expect(info.audio?.language).toBe('eng')
    expect(info.otherAudioLanguages).toEqual(['fra'])
    const noDefault = parseProbeOutput(
      probeJson([video, { index: 1, codec_type: 'audio', codec_name: 'ac3' }, { index: 2, codec_type: 'audio', codec_name: 'aac' }]),
      1
    )
    expect(noDefault.audio?.index).toBe(1)
  })

  it('sorts subtitle tracks into text, picture and other, with language and known size', () => {
    const info = parseProbeOutput(
      probeJson([
        video,
        { index: 1, codec_type: 'subtitle', codec_name: 'subrip', tags: { language: 'eng' } },
        { index: 2, codec_type: 'subtitle', codec_name: 'hdmv_pgs_subtitle', tags: { language: 'und', NUMBER_OF_BYTES: '1234567' } },
        { index: 3, codec_type: 'subtitle', codec_name: 'eia_608' }
      ]),
      1
    )
    expect(info.subtitles).toEqual([
      { index: 1, codec: 'subrip', language: 'eng', kind: 'text', bytes: null },
      { index: 2, codec: 'hdmv_pgs_subtitle', language: null, kind: 'bitmap', bytes: 1_234_567 },
      { index: 3, codec: 'eia_608', language: null, kind: 'other', bytes: null }
    ])
  })

  it('tells HDR10 and HLG from standard range by the transfer', () => {
    const range = (transfer: string | undefined): string =>
      parseProbeOutput(probeJson([{ ...video, color_transfer: transfer, color_primaries: 'bt2020', color_space: 'bt2020nc' }]), 1).video.dynamicRange
    expect(range('smpte2084')).toBe('pq')
    expect(range('arib-std-b67')).toBe('hlg')
    expect(range('bt709')).toBe('sdr')
    expect(range(undefined)).toBe('sdr')
    const untagged = parseProbeOutput(probeJson([{ ...video, color_primaries: 'unknown' }]), 1)
    expect(untagged.video.colorPrimaries).toBeNull()
  })

  it('a file without a video stream is a ProbeError', () => {
    expect(() => parseProbeOutput(probeJson([{ index: 0, codec_type: 'audio', codec_name: 'aac' }]), 1)).toThrow(ProbeError)
  })
})
