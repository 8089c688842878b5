// What ffprobe tells us about a file, reduced to the facts the planner needs.
import { z } from 'zod'
import { execFileTethered } from './ffmpeg/tether'

export interface VideoStreamInfo {
  index: number
  codec: string
  /** Coded size, before rotation. */
  width: number
  height: number
  /** Size as displayed, after applying rotation. */
  displayWidth: number
  displayHeight: number
  /**
   * How players turn the coded picture to show it, in counterclockwise degrees (0, 90, 180, 270):
   * ffprobe's display-matrix rotation; the old "rotate" tag counts the other way and is converted.
   */
  rotation: number
  /** Average frame rate; null when unknown. */
  fps: number | null
  /** True when the nominal and average rates disagree (phone footage): keep every timestamp. */
  variableFrameRate: boolean
  bitRate: number | null
  pixFmt: string | null
  frameCount: number | null
  /**
   * 'pq' (HDR10, Dolby Vision profile 8.1) or 'hlg' (phones, broadcast) when the transfer says
   * the picture is high dynamic range; 'sdr' otherwise.
   */
  dynamicRange: DynamicRange
  /** ffprobe's colour tags (e.g. bt2020 / bt2020nc), null when the file does not say. */
  colorPrimaries: string | null
  colorSpace: string | null
}

export type DynamicRange = 'sdr' | 'pq' | 'hlg'

/** ffprobe's color_transfer names for the two HDR transfers. */
const HDR_TRANSFERS: Readonly<Record<string, DynamicRange>> = { smpte2084: 'pq', 'arib-std-b67': 'hlg' }

export interface AudioStreamInfo {
  index: number
  codec: string
  bitRate: number | null
  channels: number
  sampleRate: number
  /** ISO 639 language tag when the file has one. */
  language?: string | null
}

export type SubtitleKind = 'text' | 'bitmap' | 'other'

export interface SubtitleStreamInfo {
  index: number
  codec: string
  /** ISO 639 language tag when the file has one (e.g. "eng"). */
  language: string | null
  /** Text tracks convert between containers; picture tracks (Blu-ray, DVD) only fit Matroska. */
  kind: SubtitleKind
  /** Bytes of the track when the file says (Matroska's NUMBER_OF_BYTES statistics tag). */
  bytes: number | null
}

/** ffprobe codec names of subtitle formats, by whether they are text or pictures. */
const TEXT_SUBTITLE_CODECS: ReadonlySet<string> = new Set(['subrip', 'srt', 'ass', 'ssa', 'mov_text', 'webvtt', 'text'])
const BITMAP_SUBTITLE_CODECS: ReadonlySet<string> = new Set(['hdmv_pgs_subtitle', 'dvd_subtitle', 'dvb_subtitle', 'xsub'])

export interface MediaInfo {
  formatName: string
  durationSeconds: number
  sizeBytes: number
  bitRate: number | null
  video: VideoStreamInfo
  audio: AudioStreamInfo | null
  /** Audio tracks besides the one kept (other languages, commentary): languages, null if untagged. */
  otherAudioLanguages: (string | null)[]
  subtitles: SubtitleStreamInfo[]
  /** Files carried inside the container (Matroska: fonts for styled subtitles, cover images). */
  attachments: AttachmentInfo[]
  tags: Record<string, string>
}

export interface AttachmentInfo {
  index: number
  /** e.g. "ttf", "otf"; "unknown" when ffprobe cannot tell. */
  codec: string
  bytes: number
}

const streamSchema = z
  .object({
    index: z.number(),
    codec_type: z.string().optional(),
    codec_name: z.string().optional(),
    width: z.number().optional(),
    height: z.number().optional(),
    r_frame_rate: z.string().optional(),
    avg_frame_rate: z.string().optional(),
    bit_rate: z.string().optional(),
    pix_fmt: z.string().optional(),
    color_transfer: z.string().optional(),
    color_primaries: z.string().optional(),
    color_space: z.string().optional(),
    nb_frames: z.string().optional(),
    extradata_size: z.number().optional(),
    channels: z.number().optional(),
    sample_rate: z.string().optional(),
    duration: z.string().optional(),
    disposition: z.object({ attached_pic: z.number().optional(), default: z.number().optional() }).partial().optional(),
    tags: z.record(z.string(), z.string()).optional(),
    side_data_list: z.array(z.object({ rotation: z.number().optional() }).passthrough()).optional()
  })
  .passthrough()

const probeSchema = z.object({
  streams: z.array(streamSchema).default([]),
  format: z
    .object({
      format_name: z.string().optional(),
      duration: z.string().optional(),
      size: z.string().optional(),
      bit_rate: z.string().optional(),
      tags: z.record(z.string(), z.string()).optional()
    })
    .passthrough()
    .optional()
})

type ProbeStream = z.infer<typeof streamSchema>

export class ProbeError extends Error {
  override readonly name = 'ProbeError'
}

function ratio(text: string | undefined): number | null {
  if (!text) return null
  const [num, den] = text.split('/').map(Number)
  if (num === undefined || !Number.isFinite(num) || num <= 0) return null
  const value = den === undefined ? num : den > 0 ? num / den : NaN
  return Number.isFinite(value) && value > 0 ? value : null
}

function positive(text: string | undefined): number | null {
  const value = Number(text)
  return text !== undefined && Number.isFinite(value) && value > 0 ? value : null
}

/** ffprobe writes "unknown" for untagged colour properties. */
function known(text: string | undefined): string | null {
  return text && text !== 'unknown' && text !== 'unspecified' && text !== 'und' ? text : null
}

function rotationOf(stream: ProbeStream): number {
  const fromSideData = stream.side_data_list?.find((entry) => typeof entry.rotation === 'number')?.rotation
  // The tag older ffprobe builds export counts clockwise (tag 90 is a display-matrix rotation of -90).
  const raw = fromSideData ?? -Number(stream.tags?.rotate ?? 0)
  const normalized = (((Math.round(raw / 90) * 90) % 360) + 360) % 360
  return Number.isFinite(normalized) ? normalized : 0
}

/** Turns ffprobe's JSON into MediaInfo; throws ProbeError when there is no usable video. */
export function parseProbeOutput(json: string, fileSize: number): MediaInfo {
  let parsed: z.infer<typeof probeSchema>
  try {
    parsed = probeSchema.parse(JSON.parse(json))
  } catch {
    throw new ProbeError('ffprobe output was not understood')
  }
  const videoStream = parsed.streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic && (s.width ?? 0) > 0)
  if (!videoStream) throw new ProbeError('no video stream')
  // One audio track is kept: the one players pick (marked default), else the first.
  const audioStreams = parsed.streams.filter((s) => s.codec_type === 'audio')
  const audioStream = audioStreams.find((s) => s.disposition?.default === 1) ?? audioStreams[0]
  const width = videoStream.width ?? 0
  const height = videoStream.height ?? 0
  const rotation = rotationOf(videoStream)
  const sideways = rotation === 90 || rotation === 270
  const avg = ratio(videoStream.avg_frame_rate)
  const nominal = ratio(videoStream.r_frame_rate)
  const fps = avg ?? nominal
  const duration = positive(parsed.format?.duration) ?? positive(videoStream.duration) ?? 0
  if (duration <= 0) throw new ProbeError('no duration')
  return {
    formatName: parsed.format?.format_name ?? 'unknown',
    durationSeconds: duration,
    sizeBytes: positive(parsed.format?.size) ?? fileSize,
    bitRate: positive(parsed.format?.bit_rate),
    video: {
      index: videoStream.index,
      codec: videoStream.codec_name ?? 'unknown',
      width,
      height,
      displayWidth: sideways ? height : width,
      displayHeight: sideways ? width : height,
      rotation,
      fps,
      variableFrameRate: avg !== null && nominal !== null && Math.abs(avg - nominal) / nominal > 0.01,
      bitRate: positive(videoStream.bit_rate),
      pixFmt: videoStream.pix_fmt ?? null,
      frameCount: positive(videoStream.nb_frames),
      dynamicRange: HDR_TRANSFERS[videoStream.color_transfer ?? ''] ?? 'sdr',
      colorPrimaries: known(videoStream.color_primaries),
      colorSpace: known(videoStream.color_space)
    },
    audio: audioStream
      ? {
          index: audioStream.index,
          codec: audioStream.codec_name ?? 'unknown',
          bitRate: positive(audioStream.bit_rate),
          channels: audioStream.channels ?? 2,
          sampleRate: positive(audioStream.sample_rate) ?? 48_000,
          language: known(audioStream.tags?.language ?? audioStream.tags?.LANGUAGE)
        }
      : null,
    otherAudioLanguages: audioStreams.filter((s) => s !== audioStream).map((s) => known(s.tags?.language ?? s.tags?.LANGUAGE)),
    subtitles: parsed.streams
      .filter((s) => s.codec_type === 'subtitle')
      .map((stream) => {
        const codec = stream.codec_name ?? 'unknown'
        return {
          index: stream.index,
          codec,
          language: known(stream.tags?.language ?? stream.tags?.LANGUAGE) ?? null,
          kind: TEXT_SUBTITLE_CODECS.has(codec) ? 'text' : BITMAP_SUBTITLE_CODECS.has(codec) ? 'bitmap' : 'other',
          bytes: positive(stream.tags?.NUMBER_OF_BYTES ?? stream.tags?.['NUMBER_OF_BYTES-eng'])
        }
      }),
    attachments: parsed.streams
      .filter((s) => s.codec_type === 'attachment')
      .map((stream) => ({
        index: stream.index,
        codec: stream.codec_name ?? 'unknown',
        bytes: stream.extradata_size ?? 0
      })),
    tags: parsed.format?.tags ?? {}
  }
}

export async function probeMedia(ffprobePath: string, filePath: string, fileSize: number, signal?: AbortSignal): Promise<MediaInfo> {
  let stdout: string
  try {
    ;({ stdout } = await execFileTethered(ffprobePath, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', filePath], {
      maxBuffer: 32 << 20,
      signal
    }))
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new ProbeError((error as Error).message.split('\n')[0] ?? 'ffprobe failed')
  }
  return parseProbeOutput(stdout, fileSize)
}
