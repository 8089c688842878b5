// The `/run_sse` stream: a byte-level SSE frame parser and the ADK event interpretation on top.
// Framing follows the WHATWG event-stream rules so any chunking of the bytes gives the same
// frames; the interpretation accepts every variant of the protocol note, "The SSE stream of
// /run_sse": ADK camelCase events, `{"type":"heartbeat"}`, empty `data:` heartbeats,
// `data: {"error":"..."}`, `errorCode`/`errorMessage`, and `partial:true` chunks. The older skill
// files also show `{"type":"text","content":"..."}` and `tool_call`/`tool_result`: accepted too.
import { isObject, type JsonObject } from './json'

/** One event block of the stream (the lines up to a blank line). */
export interface SseFrame {
  /** The `data:` lines joined with "\n" (empty for `data:` heartbeats and comment-only blocks). */
  data: string
  /** Whether at least one `data` field was present. */
  hasData: boolean
  /** The `event:` field, when the server sent one (ADK does not; heartbeats might). */
  event: string | null
  /** Whether the block had comment lines (`: keep-alive`). */
  hasComment: boolean
}

interface PendingFrame {
  dataLines: string[]
  event: string | null
  hasComment: boolean
  touched: boolean
}

function emptyPending(): PendingFrame {
  return { dataLines: [], event: null, hasComment: false, touched: false }
}

/**
 * Splits a byte stream into frames. Chunks may split anywhere, including inside a multi-byte
 * UTF-8 character or between the CR and LF of a CRLF. A last block without its blank line is
 * still delivered when it carries data: the stream closing ends the turn (protocol note), and a
 * server that closes right after its final `data:` line should not lose the reply.
 */
export async function* parseSseFrames(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseFrame> {
  const decoder = new TextDecoder('utf-8')
  let buffer = ''
  let pending = emptyPending()
  let atStart = true

  function* takeLines(final: boolean): Generator<SseFrame> {
    for (;;) {
      let end = -1
      for (let i = 0; i < buffer.length; i++) {
        const char = buffer.charCodeAt(i)
        if (char === 10 || char === 13) {
          end = i
          break
        }
      }
      if (end === -1) break
      let next = end + 1
      if (buffer.charCodeAt(end) === 13) {
        // A CR at the very end might be the first half of a CRLF: wait for the next chunk.
        if (end === buffer.length - 1 && !final) break
        if (buffer.charCodeAt(end + 1) === 10) next = end + 2
      }
      const line = buffer.slice(0, end)
      buffer = buffer.slice(next)
      const frame = applyLine(line)
      if (frame) yield frame
    }
  }

  function applyLine(line: string): SseFrame | null {
    if (line === '') {
      const frame = pending.touched ? toFrame(pending) : null
      pending = emptyPending()
      return frame
    }
    pending.touched = true
    if (line.startsWith(':')) {
      pending.hasComment = true
      return null
    }
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') pending.dataLines.push(value)
    else if (field === 'event') pending.event = value
    // `id`, `retry` and unknown fields (including stray non-SSE text lines) are ignored.
    return null
  }

  for await (const chunk of source) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    if (atStart && buffer.length > 0) {
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1)
      atStart = false
    }
    yield* takeLines(false)
  }
  buffer += decoder.decode()
  yield* takeLines(true)
  if (buffer.length > 0) {
    const frame = applyLine(buffer)
    buffer = ''
    if (frame) yield frame
  }
  if (pending.touched && pending.dataLines.length > 0) yield toFrame(pending)
}

function toFrame(pending: PendingFrame): SseFrame {
  return {
    data: pending.dataLines.join('\n'),
    hasData: pending.dataLines.length > 0,
    event: pending.event,
    hasComment: pending.hasComment
  }
}

/** What one frame means to the client. */
export type NemoStreamEvent =
  /** Keep-alive: keep waiting (empty `data:`, `{"type":"heartbeat"}`, `event: heartbeat`, comments). */
  | { kind: 'heartbeat' }
  /** Text for the user (before GUI-talk translation). `partial` chunks carry only new text. */
  | { kind: 'text'; text: string; partial: boolean }
  /** A tool call or tool result: the backend is working; never shown to the user. */
  | { kind: 'tool' }
  /** An error inside the stream; the turn has failed. */
  | { kind: 'error'; message: string; code: string | null }
  /** A real event without text (e.g. only `actions.stateDelta`). */
  | { kind: 'other' }
  /** Not JSON or not an object: ignored. */
  | { kind: 'ignored' }

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null
}

const HEARTBEAT_TYPES = new Set(['heartbeat', 'ping', 'keepalive', 'keep-alive'])
const TOOL_TYPES = new Set(['tool_call', 'tool_result', 'function_call', 'function_response'])

export function interpretFrame(frame: SseFrame): NemoStreamEvent {
  if (frame.event !== null && HEARTBEAT_TYPES.has(frame.event.toLowerCase())) return { kind: 'heartbeat' }
  // Comment-only blocks are the classic SSE keep-alive; a block of stray non-field lines is noise.
  if (!frame.hasData) return frame.hasComment ? { kind: 'heartbeat' } : { kind: 'ignored' }
  if (frame.data.trim() === '') return { kind: 'heartbeat' }
  let parsed: unknown
  try {
    parsed = JSON.parse(frame.data)
  } catch {
    return { kind: 'ignored' }
  }
  if (!isObject(parsed)) return { kind: 'ignored' }
  return interpretEvent(parsed)
}

function interpretEvent(event: JsonObject): NemoStreamEvent {
  const type = typeof event.type === 'string' ? event.type.toLowerCase() : null
  if (type !== null && HEARTBEAT_TYPES.has(type)) return { kind: 'heartbeat' }

  // `data: {"error":"..."}` then close [adk]; an object-shaped error is accepted too.
  if (event.error !== undefined && event.error !== null) {
    const message = nonEmptyString(event.error) ?? (isObject(event.error) ? nonEmptyString(event.error.message) : null)
    const code = isObject(event.error) && (typeof event.error.code === 'string' || typeof event.error.code === 'number') ? String(event.error.code) : null
    return { kind: 'error', message: message ?? 'unknown error', code }
  }
  const errorCode = event.errorCode ?? event.error_code
  const errorMessage = event.errorMessage ?? event.error_message
  if (typeof errorCode === 'string' || typeof errorCode === 'number' || nonEmptyString(errorMessage)) {
    return {
      kind: 'error',
      message: nonEmptyString(errorMessage) ?? 'unknown error',
      code: typeof errorCode === 'string' || typeof errorCode === 'number' ? String(errorCode) : null
    }
  }

  // Older skill-file shape: {"type":"text","content":"..."} / {"type":"tool_call",...}.
  if (type === 'text' && typeof event.content === 'string') {
    return event.content === '' ? { kind: 'other' } : { kind: 'text', text: event.content, partial: event.partial === true }
  }
  if (type !== null && TOOL_TYPES.has(type)) return { kind: 'tool' }

  // ADK: content.parts[] with text, functionCall or functionResponse.
  const content = event.content
  let text = ''
  let sawTool = false
  if (isObject(content) && Array.isArray(content.parts)) {
    for (const part of content.parts) {
      if (!isObject(part)) continue
      if (part.functionCall !== undefined || part.functionResponse !== undefined) {
        sawTool = true
        continue
      }
      // Model "thoughts" are internal reasoning, not a reply.
      if (part.thought === true) continue
      if (typeof part.text === 'string') text += part.text
    }
  }
  if (text !== '') return { kind: 'text', text, partial: event.partial === true }
  if (sawTool) return { kind: 'tool' }
  return { kind: 'other' }
}

/** Frames of a byte stream, interpreted. */
export async function* readNemoEvents(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<NemoStreamEvent> {
  for await (const frame of parseSseFrames(source)) yield interpretFrame(frame)
}
