// Session state (`GET /api/state/nemo_agent/me/<sid>/latest`) and the track summary shown to
// users. Draft fields per the protocol note: `t` tracks, `tt` track type (0 video, 1 audio, 7
// text), `sg` segments, `d` duration in ms, `m` metadata. Ready to export when `draft.t` has a
// track with non-empty `sg`. Segment start/end and metadata names are not documented: the readers
// below try the likely spellings and fall back to laying segments end to end [inferred].
import { isObject, type JsonObject } from './json'

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return null
}

function firstString(object: JsonObject | null, keys: readonly string[]): string | null {
  if (!object) return null
  for (const key of keys) {
    const value = object[key]
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
  }
  return null
}

function firstNumber(object: JsonObject | null, keys: readonly string[]): number | null {
  if (!object) return null
  for (const key of keys) {
    const value = asNumber(object[key])
    if (value !== null) return value
  }
  return null
}

export interface TrackSummary {
  /** "Video", "BGM", "Title" or "Track type N". */
  kind: string
  /** Names of the track's segments, de-duplicated. */
  names: string[]
  startMs: number
  endMs: number
  /** Volume in percent for audio tracks, when known. */
  volumePercent: number | null
}

export interface NemoSessionState {
  sessionId: string
  /** The raw draft, passed unchanged to export. */
  draft: unknown
  videoInfos: unknown[]
  canvasConfig: unknown
  generatedMedia: unknown[]
  tracks: TrackSummary[]
  readyToExport: boolean
  /** e.g. `Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) ...` */
  summary: string
}

export function parseSessionState(sessionId: string, data: unknown): NemoSessionState {
  const root = isObject(data) ? data : {}
  // `data.state.{...}` per the note; a bare state object is accepted too.
  const state = isObject(root.state) ? root.state : root
  const draft = state.draft ?? null
  const tracks = summarizeTracks(draft)
  return {
    sessionId,
    draft,
    videoInfos: asArray(state.video_infos),
    canvasConfig: state.canvas_config ?? null,
    generatedMedia: asArray(state.generated_media),
    tracks,
    readyToExport: isDraftReady(draft),
    summary: formatTimeline(tracks)
  }
}

export function isDraftReady(draft: unknown): boolean {
  if (!isObject(draft)) return false
  return asArray(draft.t).some((track) => isObject(track) && asArray(track.sg).length > 0)
}

const TRACK_KINDS: Record<number, string> = { 0: 'Video', 1: 'BGM', 7: 'Title' }
const NAME_KEYS = ['title', 'name', 'text', 'content', 'filename', 'file_name', 'label'] as const

export function summarizeTracks(draft: unknown): TrackSummary[] {
  if (!isObject(draft)) return []
  const summaries: TrackSummary[] = []
  for (const track of asArray(draft.t)) {
    if (!isObject(track)) continue
    const type = asNumber(track.tt)
    const kind = type === null ? 'Track' : (TRACK_KINDS[type] ?? `Track type ${type}`)
    const names: string[] = []
    let cursor = 0
    let startMs = Number.POSITIVE_INFINITY
    let endMs = 0
    let volumePercent: number | null = null
    const segments = asArray(track.sg).filter(isObject)
    for (const segment of segments) {
      const meta = isObject(segment.m) ? segment.m : null
      const start = firstNumber(segment, ['s', 'st', 'start', 'startMs', 'start_ms']) ?? cursor
      const duration = firstNumber(segment, ['d', 'duration']) ?? firstNumber(meta, ['d', 'duration']) ?? 0
      const end = firstNumber(segment, ['e', 'end', 'endMs', 'end_ms']) ?? start + duration
      cursor = end
      startMs = Math.min(startMs, start)
      endMs = Math.max(endMs, end)
      const name = firstString(meta, NAME_KEYS) ?? firstString(segment, NAME_KEYS)
      if (name && !names.includes(name)) names.push(name)
      const volume = firstNumber(meta, ['volume', 'vol', 'v']) ?? firstNumber(segment, ['volume', 'vol', 'v'])
      // Volumes may be a 0..1 fraction or a percentage.
      if (volume !== null && volumePercent === null) volumePercent = Math.round(volume <= 1 ? volume * 100 : volume)
    }
    if (segments.length === 0) startMs = 0
    summaries.push({ kind, names, startMs, endMs, volumePercent })
  }
  return summaries
}

function seconds(ms: number): string {
  const value = Math.round(ms / 100) / 10
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

export function formatTimeline(tracks: readonly TrackSummary[]): string {
  if (tracks.length === 0) return 'Timeline is empty.'
  const items = tracks.map((track, index) => {
    const label = track.names.length === 0 ? '(unnamed)' : track.kind === 'Title' ? track.names.map((name) => `"${name}"`).join(', ') : track.names.join(', ')
    const details = [`${seconds(track.startMs)}-${seconds(track.endMs)}s`]
    if (track.volumePercent !== null && track.kind !== 'Video' && track.kind !== 'Title') details.push(`${track.volumePercent}%`)
    return `${index + 1}. ${track.kind}: ${label} (${details.join(', ')})`
  })
  return `Timeline (${tracks.length} ${tracks.length === 1 ? 'track' : 'tracks'}): ${items.join(' ')}`
}

/** Credits answer `data.{available, frozen, total}`. */
export interface NemoCredits {
  available: number
  frozen: number
  total: number
}

export function parseCredits(data: unknown): NemoCredits {
  const root = isObject(data) ? data : {}
  const available = asNumber(root.available) ?? 0
  const frozen = asNumber(root.frozen) ?? 0
  return { available, frozen, total: asNumber(root.total) ?? available + frozen }
}

export function formatCredits(credits: NemoCredits): string {
  const frozen = credits.frozen > 0 ? ` (${credits.frozen} reserved for work in progress)` : ''
  return `NemoVideo credits: ${credits.available} available${frozen}, ${credits.total} in total.`
}
