// How the NemoVideo client talks HTTP (protocol note, "Base and headers" and "Errors"): one
// undici request per exchange with the attribution headers and the bearer token, timeouts for the
// answer's headers and between body chunks, and the note's retries (1001 or HTTP 401 -> a new
// anonymous token, retry once; HTTP 429 -> wait `rateLimitRetryMs`, retry once). A JSON
// answer comes back as its envelope's data; a 2xx byte answer (the SSE stream of /run_sse, a
// result download) is handed over unread. Network failures and timeouts become
// UserFacingError('network') with a clear message, cancellation becomes UserFacingError('cancelled');
// what retrying did not cure goes through the error table (error-table.ts).
// The token goes only to the API's own origin, over https (plain http only to this computer).
import { Readable } from 'node:stream'
import { setTimeout as delay } from 'node:timers/promises'
import { request, type Dispatcher } from 'undici'
import { UserFacingError } from '../../shared/errors'
import { parseJsonKeepingIds, textOf, unwrapEnvelope } from './envelope'
import { failureError, NemoApiError, type ErrorTableContext, type Failure } from './error-table'
import type { NemoIdentity } from './identity'
import { ATTRIBUTION_HEADERS, NEMO_CODES, SKILL_SOURCE, UNKNOWN_PLATFORM } from './protocol'
import { isObject } from './json'

export type BodyFactory = () => { body: Readable | string; headers: Record<string, string> }

export interface CallSpec {
  method: 'GET' | 'POST'
  /** A path on the API, or an absolute URL (result downloads). */
  target: string
  /** Verb phrase for messages: "Could not <purpose>". */
  purpose: string
  json?: unknown
  body?: BodyFactory
  accept?: string
  /** Send the bearer token (default: only to the API's own origin). */
  auth?: boolean
  headers?: Record<string, string>
  signal?: AbortSignal
  headersTimeoutMs?: number
  bodyTimeoutMs?: number
}

export function cancelledError(): UserFacingError {
  return new UserFacingError('cancelled', 'Cancelled.')
}

/** Sleeps, ending early (with the cancelled error) when the signal fires. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw cancelledError()
  try {
    await delay(ms, undefined, signal ? { signal } : undefined)
  } catch (error) {
    if (signal?.aborted) throw cancelledError()
    throw error
  }
}

function errnoCode(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    if (isObject(current) && typeof current.code === 'string') return current.code
    current = isObject(current) ? current.cause : null
  }
  return null
}

function networkReason(error: unknown): string {
  const code = errnoCode(error)
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the server name could not be found'
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'connecting timed out'
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'the server stopped answering (timed out)'
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'the connection was cut'
    default:
      return error instanceof Error && error.message === 'terminated' ? 'the connection was cut' : 'a network error happened'
  }
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host)
}

export interface TransportOptions {
  /** Base URL without a trailing slash. */
  apiUrl: string
  /** `X-Skill-Version`. */
  appVersion: string
  /** `X-Skill-Platform`; default process.platform, `unknown` when empty. */
  platform?: string | null
  /** undici dispatcher (proxy, tests); default undici's global one. */
  dispatcher?: Dispatcher | undefined
  /** Wait before the one retry after HTTP 429. */
  rateLimitRetryMs: number
  /** Time allowed for an answer's headers, and between body chunks, unless a call says otherwise. */
  requestTimeoutMs: number
  /** Where the token comes from, and a fresh one after the API refused it. */
  identity: Pick<NemoIdentity, 'token' | 'refresh'>
  /** What the error table needs for its messages. */
  errorContext: ErrorTableContext
}

export class NemoTransport {
  readonly apiUrl: string
  private readonly apiOrigin: string
  private readonly attribution: Record<string, string>
  private readonly dispatcher: Dispatcher | undefined
  private readonly rateLimitRetryMs: number
  private readonly requestTimeoutMs: number
  private readonly identity: Pick<NemoIdentity, 'token' | 'refresh'>
  private readonly errorContext: ErrorTableContext

  constructor(options: TransportOptions) {
    this.apiUrl = options.apiUrl
    const parsed = new URL(this.apiUrl)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw new UserFacingError('invalid-option', `The NemoVideo API URL must start with https:// (got ${parsed.protocol}).`)
    // Every request carries the bearer token: plain http only to this computer (test servers).
    if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
      throw new UserFacingError(
        'invalid-option',
        `The NemoVideo API URL must start with https:// (plain http:// would send your sign-in token unencrypted; it is allowed only for localhost).`
      )
    }
    this.apiOrigin = parsed.origin
    const platform = options.platform?.trim() || process.platform || UNKNOWN_PLATFORM
    this.attribution = {
      [ATTRIBUTION_HEADERS.source]: SKILL_SOURCE,
      [ATTRIBUTION_HEADERS.version]: options.appVersion.trim() || UNKNOWN_PLATFORM,
      [ATTRIBUTION_HEADERS.platform]: platform
    }
    this.dispatcher = options.dispatcher
    this.rateLimitRetryMs = options.rateLimitRetryMs
    this.requestTimeoutMs = options.requestTimeoutMs
    this.identity = options.identity
    this.errorContext = options.errorContext
  }

  private get apiHost(): string {
    return new URL(this.apiUrl).host
  }

  /** A path on the API, or an absolute URL as given. */
  resolve(target: string): URL {
    if (/^https?:\/\//i.test(target)) return new URL(target)
    return new URL(this.apiUrl + (target.startsWith('/') ? target : `/${target}`))
  }

  /** One HTTP exchange; no retries. Network errors and cancellation become UserFacingErrors. */
  private async exchange(spec: CallSpec, url: URL, token: string | null): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = {
      ...this.attribution,
      'user-agent': `${SKILL_SOURCE}/${this.attribution[ATTRIBUTION_HEADERS.version]}`,
      accept: spec.accept ?? 'application/json',
      ...spec.headers
    }
    if (token) headers.authorization = `Bearer ${token}`
    let body: Readable | string | undefined
    if (spec.body) {
      const built = spec.body()
      body = built.body
      Object.assign(headers, built.headers)
    } else if (spec.json !== undefined) {
      body = JSON.stringify(spec.json)
      headers['content-type'] = 'application/json'
    }
    if (spec.signal?.aborted) throw cancelledError()
    try {
      return await request(url, {
        method: spec.method,
        headers,
        body: body ?? null,
        signal: spec.signal ?? null,
        headersTimeout: spec.headersTimeoutMs ?? this.requestTimeoutMs,
        bodyTimeout: spec.bodyTimeoutMs ?? this.requestTimeoutMs,
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {})
      })
    } catch (error) {
      if (body instanceof Readable) body.destroy()
      throw this.transportError(error, spec, url)
    }
  }

  /** What a failure while sending or reading means for people. */
  transportError(error: unknown, spec: { purpose: string; signal?: AbortSignal }, url?: URL): UserFacingError {
    if (spec.signal?.aborted) return cancelledError()
    if (error instanceof UserFacingError) return error
    const host = url?.host ?? this.apiHost
    return new UserFacingError(
      'network',
      `Could not ${spec.purpose}: ${networkReason(error)} (NemoVideo at ${host}). Check your internet connection and try again.`
    )
  }

  /**
   * Reads an error answer, or a 2xx JSON answer: returns the failure or the unwrapped data. Bodies are always consumed so the connection can be reused.
   */
  private async inspect(response: Dispatcher.ResponseData, spec: CallSpec, url: URL): Promise<{ failure: Failure } | { data: unknown }> {
    let text: string
    try {
      text = await response.body.text()
    } catch (error) {
      throw this.transportError(error, spec, url)
    }
    let parsed: unknown = null
    let isJson = false
    try {
      parsed = parseJsonKeepingIds(text)
      isJson = true
    } catch {
      // Not JSON: an HTML error page or plain text.
    }
    if (response.statusCode >= 400) {
      const envelope = isJson ? unwrapEnvelope(parsed) : null
      return {
        failure: {
          httpStatus: response.statusCode,
          nemoCode: envelope && !envelope.ok ? envelope.code : null,
          serverMessage: (envelope && !envelope.ok ? envelope.message : null) ?? (isJson ? textOf(parsed) : null) ?? (text.trim().slice(0, 200) || null)
        }
      }
    }
    if (!isJson) {
      return { failure: { httpStatus: response.statusCode, nemoCode: null, serverMessage: 'the answer was not JSON' } }
    }
    const envelope = unwrapEnvelope(parsed)
    if (!envelope.ok) return { failure: { httpStatus: response.statusCode, nemoCode: envelope.code, serverMessage: envelope.message } }
    return { data: envelope.data }
  }

  /**
   * Sends with the note's retries: 1001 (or HTTP 401) -> new anonymous token, once; 429 -> wait
   * `rateLimitRetryMs`, once. `stream` leaves a 2xx non-JSON body unread for the caller.
   */
  private async send(spec: CallSpec, mode: 'json' | 'stream'): Promise<{ data: unknown } | { response: Dispatcher.ResponseData }> {
    const url = this.resolve(spec.target)
    // The token goes only to the API itself, never to a CDN or any other origin.
    const withAuth = spec.auth ?? url.origin === this.apiOrigin
    let refreshedToken = false
    let waitedForRateLimit = false
    for (;;) {
      const token = withAuth ? await this.identity.token(spec.signal) : null
      const response = await this.exchange(spec, url, token)
      const contentType = String(response.headers['content-type'] ?? '')
      if (mode === 'stream' && response.statusCode < 300 && !contentType.includes('application/json')) return { response }
      const outcome = await this.inspect(response, spec, url)
      if ('data' in outcome) {
        if (mode === 'json') return outcome
        // A JSON success where bytes were expected is not something we can use.
        throw new NemoApiError('cloud', `Could not ${spec.purpose}: NemoVideo sent an unexpected answer. Try again later.`, null, response.statusCode)
      }
      const { failure } = outcome
      const badToken = failure.nemoCode === NEMO_CODES.badToken || (failure.httpStatus === 401 && failure.nemoCode === null)
      if (badToken && token && !refreshedToken) {
        refreshedToken = true
        await this.identity.refresh(token, spec.signal)
        continue
      }
      if (failure.httpStatus === 429 && !waitedForRateLimit) {
        waitedForRateLimit = true
        await sleep(this.rateLimitRetryMs, spec.signal)
        continue
      }
      throw await failureError(failure, spec.purpose, this.errorContext)
    }
  }

  /** A JSON call; returns the envelope's data. */
  async call(spec: CallSpec): Promise<unknown> {
    const outcome = await this.send(spec, 'json')
    if (!('data' in outcome)) throw new Error('unreachable: json call returned a stream')
    return outcome.data
  }

  /** A call whose 2xx answer is a byte stream (SSE or a file): the body is the caller's to read. */
  async open(spec: CallSpec): Promise<Dispatcher.ResponseData> {
    const outcome = await this.send(spec, 'stream')
    if (!('response' in outcome)) throw new Error('unreachable: stream call returned json')
    return outcome.response
  }
}
