// Containers ("mp4", "as MKV") and codecs ("h265", "AV1"), read before any number rule, so
// "mp4" is a container before the size rule could see a "4".

import type { Container, VideoCodec } from '../../compression'
import { addCloudOnly, type Draft } from './draft'
import { roleOf } from './role'
import type { Scanner } from './scanner'

const CONTAINER_WORDS: Readonly<Record<string, Container>> = {
  mp4: 'mp4',
  'mpeg-4': 'mp4',
  mpeg4: 'mp4',
  m4v: 'mp4',
  webm: 'webm',
  mov: 'mov',
  quicktime: 'mov',
  mkv: 'mkv',
  matroska: 'mkv'
}

/** Formats people name that the engine does not write: fine as a source, warned as a target. */
const UNSUPPORTED_FORMATS: Readonly<Record<string, string>> = {
  avi: 'AVI',
  wmv: 'WMV',
  flv: 'FLV',
  '3gp': '3GP',
  mpg: 'MPEG',
  mpeg: 'MPEG',
  m2ts: 'M2TS',
  mts: 'MTS',
  mp3: 'MP3',
  wav: 'WAV',
  m4a: 'M4A'
}

const FORMAT_PATTERN = /(?<![a-z0-9])\.?(mpeg-4|mpeg4|mp4|m4v|webm|mov|quicktime|mkv|matroska|avi|wmv|flv|3gp|m2ts|mts|mpeg|mpg|mp3|wav|m4a)(?![a-z0-9])/g
const FORMAT_AHEAD = /^\.?(?:mpeg|mp4|m4v|webm|mov|quicktime|mkv|matroska|avi|wmv|flv|3gp|mpg|mp3|wav|m4a|gif|h\.?\s?26|x26|avc|hevc|vp\d|av1)/

/** The codec each word names; null for codecs people name that the engine does not encode. */
const CODEC_WORDS: ReadonlyArray<{ pattern: RegExp; codec: VideoCodec | null }> = [
  { pattern: /^(?:h\.?\s?264|x264|avc|h264)$/, codec: 'h264' },
  { pattern: /^(?:h\.?\s?265|x265|hevc|h265)$/, codec: 'hevc' },
  { pattern: /^vp-?9$/, codec: 'vp9' },
  { pattern: /^av-?1$/, codec: 'av1' },
  { pattern: /^(?:vp-?8|prores|xvid|divx|mpeg-?2|dnxhd|theora)$/, codec: null }
]
const CODEC_PATTERN = /(?<![a-z0-9])(h\.?\s?264|x264|avc|h\.?\s?265|x265|hevc|vp-?9|av-?1|vp-?8|prores|xvid|divx|mpeg-?2|dnxhd|theora)(?![a-z0-9])/g

export function readFormats(scan: Scanner, draft: Draft): void {
  scan.take(FORMAT_PATTERN, (mention) => {
    const word = mention.groups[0] ?? ''
    if (roleOf(mention, FORMAT_AHEAD) === 'source') return
    const container = CONTAINER_WORDS[word]
    if (container) {
      draft.containers.push({ value: container, text: mention.text })
      return
    }
    if (word === 'mp3' || word === 'wav' || word === 'm4a') {
      addCloudOnly(draft, 'extract the audio')
      return
    }
    const name = UNSUPPORTED_FORMATS[word] ?? word.toUpperCase()
    draft.otherSettingMentioned = true
    draft.warnings.push(`${name} output is not supported: the result can be MP4, WebM, MOV or MKV. Keeping the engine's default container.`)
  })
  scan.take(CODEC_PATTERN, (mention) => {
    const word = (mention.groups[0] ?? '').replace(/\s/g, '')
    if (roleOf(mention, FORMAT_AHEAD) === 'source') return
    const entry = CODEC_WORDS.find((candidate) => candidate.pattern.test(word))
    if (!entry) return false
    if (entry.codec === null) {
      draft.otherSettingMentioned = true
      draft.warnings.push(`The ${word.toUpperCase()} codec is not supported: the engine encodes H.264, HEVC, VP9 or AV1. Keeping the engine's default codec.`)
      return
    }
    draft.codecs.push({ value: entry.codec, text: mention.text })
  })
}
