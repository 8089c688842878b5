// The streams besides the picture: which subtitle tracks and attached files the output container
// holds, the bytes they take there, and the notes for what is left out (other audio tracks too).
import { CONTAINER_LABEL, type Container } from '../../shared/compression'
import type { MediaInfo, SubtitleKind } from '../probe'
import type { CarriedStreams, SubtitlePlan } from './types'

/**
 * Picture subtitle formats ffmpeg's Matroska muxer takes. It refuses DivX's XSUB ("Subtitle codec
 * is not supported", the whole encode fails), and converting XSUB to DVD subtitles is unreliable
 * (tried: ffmpeg 4 wrote 12-minute cues, ffmpeg 5 stopped), so an XSUB track is left out everywhere.
 */
const MATROSKA_BITMAP_CODECS: ReadonlySet<string> = new Set(['hdmv_pgs_subtitle', 'dvd_subtitle', 'dvb_subtitle'])

/** Rough size of a text track when the file does not say: about a cue every 3 s of ~60 bytes. */
const TEXT_SUBTITLE_BYTES_PER_SECOND = 25
/** Picture tracks are much bigger (a Blu-ray PGS track is 10-30 MB for a film). */
const BITMAP_SUBTITLE_BYTES_PER_SECOND = 4_000

const SUBTITLE_NAMES: Readonly<Record<string, string>> = {
  hdmv_pgs_subtitle: 'Blu-ray (PGS) picture',
  dvd_subtitle: 'DVD picture',
  dvb_subtitle: 'DVB picture',
  xsub: 'DivX (XSUB) picture',
  eia_608: 'closed-caption (EIA-608)',
  dvb_teletext: 'teletext'
}

/**
 * How each container holds subtitles: MP4/MOV only as mov_text, WebM only as WebVTT, Matroska
 * anything but mov_text (ffmpeg's Matroska muxer refuses it, so it becomes SRT there). Picture
 * subtitles (Blu-ray PGS, DVD, DVB) cannot become text without OCR: only Matroska keeps them.
 */
function subtitleEncoderFor(container: Container, codec: string, kind: SubtitleKind): SubtitlePlan['encoder'] | null {
  if (kind === 'other') return null
  if (container === 'mkv') {
    if (kind === 'bitmap') return MATROSKA_BITMAP_CODECS.has(codec) ? 'copy' : null
    return codec === 'mov_text' ? 'srt' : 'copy'
  }
  if (kind === 'bitmap') return null
  if (container === 'webm') return codec === 'webvtt' ? 'copy' : 'webvtt'
  return codec === 'mov_text' ? 'copy' : 'mov_text'
}

/** Keeps every subtitle track the output container can hold; says which ones it cannot. */
export function planSubtitles(media: MediaInfo, container: Container, changes: string[]): SubtitlePlan[] {
  const kept: SubtitlePlan[] = []
  const dropped = new Map<string, number>()
  for (const track of media.subtitles) {
    const encoder = subtitleEncoderFor(container, track.codec, track.kind)
    if (encoder === null) {
      dropped.set(track.codec, (dropped.get(track.codec) ?? 0) + 1)
      continue
    }
    const perSecond = track.kind === 'bitmap' ? BITMAP_SUBTITLE_BYTES_PER_SECOND : TEXT_SUBTITLE_BYTES_PER_SECOND
    // Conversions add a few bytes per cue (mov_text sample headers): budget 10% more.
    const estimatedBytes = Math.ceil((track.bytes ?? perSecond * media.durationSeconds) * 1.1) + 1_024
    kept.push({ index: track.index, encoder, estimatedBytes })
  }
  for (const [codec, count] of dropped) {
    const name = SUBTITLE_NAMES[codec] ?? codec
    const what = `${count === 1 ? (/^[aeiou]/i.test(name) ? 'an' : 'a') : count} ${name} subtitle track${count === 1 ? '' : 's'}`
    // Only a picture format that Matroska takes is worth pointing to MKV for.
    const matroskaWouldKeep = container !== 'mkv' && MATROSKA_BITMAP_CODECS.has(codec)
    changes.push(
      matroskaWouldKeep
        ? `left out ${what}: ${CONTAINER_LABEL[container]} holds only text subtitles (choose MKV to keep picture subtitles)`
        : `left out ${what}: this format cannot be carried over`
    )
  }
  return kept
}

function subtitleBytes(subtitles: readonly SubtitlePlan[]): number {
  return subtitles.reduce((sum, track) => sum + track.estimatedBytes, 0)
}

/**
 * Matroska carries attached files (the fonts styled ASS subtitles are drawn with); the other
 * containers cannot, which the result says. Returns the stream indexes to copy.
 */
export function planAttachments(media: MediaInfo, container: Container, changes: string[]): number[] {
  if (media.attachments.length === 0) return []
  if (container === 'mkv') return media.attachments.map((attachment) => attachment.index)
  const count = media.attachments.length
  changes.push(
    `left out ${count === 1 ? 'an attached file' : `${count} attached files`} (${[...new Set(media.attachments.map((a) => a.codec))].join(', ')}): only MKV holds them`
  )
  return []
}

/** One audio track is kept (the default); the result says when others were left out. */
function noteOtherAudio(media: MediaInfo, keepAudio: boolean, changes: string[]): void {
  const others = media.otherAudioLanguages
  if (!keepAudio || others.length === 0) return
  const kept = media.audio?.language ? ` (${media.audio.language})` : ''
  const languages = others.filter((language): language is string => language !== null)
  const which = languages.length > 0 ? `: ${[...new Set(languages)].join(', ')}` : ''
  changes.push(
    `kept the default audio track${kept} and left out ${others.length === 1 ? 'another audio track' : `${others.length} other audio tracks`}${which}`
  )
}

/** Bytes the copied attachments add to the output. */
function attachmentBytes(media: MediaInfo, attachments: readonly number[]): number {
  return media.attachments.filter((a) => attachments.includes(a.index)).reduce((sum, a) => sum + a.bytes + 256, 0)
}

/**
 * Everything besides the picture and the one audio track, for every plan that writes a new file:
 * the subtitle tracks and attachments the container can hold, and a note for what is left out.
 */
export function planCarriedStreams(media: MediaInfo, container: Container, keepAudio: boolean, changes: string[]): CarriedStreams {
  noteOtherAudio(media, keepAudio, changes)
  return { subtitles: planSubtitles(media, container, changes), attachments: planAttachments(media, container, changes) }
}

/** Bytes the carried subtitle tracks and attachments take in the output (part of the overhead). */
export function carriedBytes(media: MediaInfo, carried: CarriedStreams): number {
  return subtitleBytes(carried.subtitles) + attachmentBytes(media, carried.attachments)
}
