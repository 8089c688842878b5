// The two envelopes of NemoVideo's answers ("Base and headers" in the protocol note):
// `{"code":0,"data":..}` and the older `{"success":true,"data":..}` / `{"success":false,"error":..}`,
// plus bare answers (two of the export-status shapes have none). Read by hand rather than with a
// schema: which envelope an answer uses is decided by which fields are present, and codes may be
// numbers or numeric strings. What is inside `data` is each endpoint's to decode.
import { isObject } from './json'
import { NEMO_CODES } from './protocol'

export type Envelope = { ok: true; data: unknown } | { ok: false; code: number | null; message: string | null }

function codeOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value)
  return null
}

/** The server's words in an error value: a string, an object's message/msg/detail, or a list's first. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim()
  if (isObject(value)) return textOf(value.message) ?? textOf(value.msg) ?? textOf(value.detail)
  if (Array.isArray(value)) return textOf(value[0])
  return null
}

/** Both envelopes of "Base and headers", and bare answers (export-status shapes 1 and 2). */
export function unwrapEnvelope(body: unknown): Envelope {
  if (!isObject(body)) return { ok: true, data: body }
  if (typeof body.success === 'boolean') {
    if (body.success) return { ok: true, data: body.data ?? null }
    const error = body.error
    return { ok: false, code: codeOf(body.code) ?? (isObject(error) ? codeOf(error.code) : null), message: textOf(error) ?? textOf(body.message) }
  }
  const code = codeOf(body.code)
  if (code !== null && ('data' in body || 'message' in body || 'msg' in body || code !== 0)) {
    if (code === NEMO_CODES.ok) return { ok: true, data: body.data ?? null }
    return { ok: false, code, message: textOf(body.message) ?? textOf(body.msg) ?? textOf(body.error) }
  }
  return { ok: true, data: body }
}

/**
 * Session ids are 19-digit numbers that must stay strings ("keep ids as strings"): JSON.parse
 * would round them if a server ever sent them unquoted, so such id fields are quoted first.
 */
export function parseJsonKeepingIds(text: string): unknown {
  const quoted = text.replace(/("(?:session_id|sessionId|task_id|taskId|user_id|userId|id)"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"')
  return JSON.parse(quoted)
}
