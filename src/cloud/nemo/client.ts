// NemoVideo API client
// ====================
// Plain Node module (no Electron) that speaks the NemoVideo cloud protocol described in
// ../shared/docs/nemo-protocol.md; every rule below cites a section of that note.
//
//   const client = new NemoClient({ clientIdStore, appVersion: '0.1.0' })
//   const { sessionId } = await client.createSession()
//   await client.uploadFile(sessionId, '/videos/a.mp4', { onProgress })
//   const stream = await client.openMessageStream(sessionId, 'make it smaller')  // SSE bytes, see sse.ts
//   const state = await client.getState(sessionId)                               // see state.ts
//
// What it does for every request ("Base and headers"):
// - base URL `https://mega-api-prod.nemovideo.ai` unless overridden (`NEMO_API_URL`);
// - `Authorization: Bearer <token>` plus `X-Skill-Source: compress-video`, `X-Skill-Version`
//   (the app's version) and `X-Skill-Platform` (e.g. process.platform; `unknown` fallback);
// - both envelopes, `{"code":0,"data":..}` and `{"success":true,"data":..}` / `{"success":false,
//   "error":..}`, and bare answers (two of the export-status shapes have no envelope);
// - the error table ("Errors"): 1001 -> a new anonymous token for the same client id and one
//   retry; 2001 -> no credits (anonymous users get `<web>?bind=<clientId>`); 4001/4002 -> what to
//   do; HTTP 402 -> plan message (not credits); HTTP 429 -> one retry after 30 s (injectable);
//   HTTP 400 on the anonymous token -> new client id (identity.ts). 1002 (session not found) is
//   raised as NemoApiError with `nemoCode` 1002: only the caller knows how to rebuild a session.
// - network failures and timeouts become UserFacingError('network') with a clear message,
//   cancellation becomes UserFacingError('cancelled').
// The token is never logged, never in a URL and never in a message: server texts are passed
// through `identity.redact` before they are used in errors. Result downloads from another origin
// (a CDN) get no Authorization header at all.
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { setTimeout as delay } from 'node:timers/promises'
import { request, type Dispatcher } from 'undici'
import { UserFacingError } from '../../shared/errors'
import { parseJsonKeepingIds, textOf, unwrapEnvelope } from './envelope'
import { failureError, NemoApiError, streamEventError, type ErrorTableContext, type Failure } from './error-table'
import { ClientIdRejectedError, NemoIdentity, type ClientIdStore } from './identity'
import {
  APP_NAME,
  ATTRIBUTION_HEADERS,
  CLIENT_ID_HEADER,
  DEFAULT_API_URL,
  DEFAULT_WEB_URL,
  NEMO_CODES,
  NEMO_PATHS,
  SKILL_SOURCE,
  UNKNOWN_PLATFORM,
  USER_ME
} from './protocol'
import { parseCredits, parseSessionState, type NemoCredits, type NemoSessionState } from './state'
import { isObject } from './json'

export { isSessionNotFound, NemoApiError } from './error-table'
export { parseJsonKeepingIds, unwrapEnvelope, type Envelope } from './envelope'

export interface NemoClientOptions {
  /** `NEMO_API_URL`; default https://mega-api-prod.nemovideo.ai. */
  apiUrl?: string | null
  /** `NEMO_WEB_URL`; default https://nemovideo.com (registration and top-up links). */
  webUrl?: string | null
  /** `NEMO_TOKEN` from the environment or settings. */
  token?: string | null
  /** `NEMO_CLIENT_ID`; wins over the stored id. */
  clientId?: string | null
  clientIdStore: ClientIdStore
  /** `X-Skill-Version`. */
  appVersion: string
  /** `X-Skill-Platform`; default process.platform, `unknown` when empty. */
  platform?: string | null
  /** undici dispatcher (proxy, tests); default undici's global one. */
  dispatcher?: Dispatcher
  /** Wait before the one retry after HTTP 429 ("retry once after 30 s"). */
  rateLimitRetryMs?: number
  /** Time allowed for an answer's headers, and between body chunks (default 60 s). */
  requestTimeoutMs?: number
  /** Time the upload endpoint may take to answer once the file is sent (default 5 min). */
  uploadAnswerTimeoutMs?: number
}

export interface UploadedFile {
  filename: string
  fileType: string | null
  cdnUrl: string | null
  duration: number | null
  width: number | null
  height: number | null
}

export interface CreatedSession {
  sessionId: string
  taskId: string | null
}

type BodyFactory = () => { body: Readable | string; headers: Record<string, string> }

interface CallSpec {
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

const MIME_BY_EXTENSION: Record<string, string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  avi: 'video/x-msvideo',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  m4a: 'audio/mp4',
  aac: 'audio/aac'
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

export class NemoClient {
  readonly apiUrl: string
  readonly webUrl: string
  readonly identity: NemoIdentity
  private readonly apiOrigin: string
  private readonly attribution: Record<string, string>
  private readonly dispatcher: Dispatcher | undefined
  private readonly rateLimitRetryMs: number
  readonly requestTimeoutMs: number
  private readonly uploadAnswerTimeoutMs: number
  private readonly errorContext: ErrorTableContext

  constructor(options: NemoClientOptions) {
    this.apiUrl = (options.apiUrl?.trim() || DEFAULT_API_URL).replace(/\/+$/, '')
    this.webUrl = (options.webUrl?.trim() || DEFAULT_WEB_URL).replace(/\/+$/, '')
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
    this.rateLimitRetryMs = options.rateLimitRetryMs ?? 30_000
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000
    this.uploadAnswerTimeoutMs = options.uploadAnswerTimeoutMs ?? 300_000
    this.identity = new NemoIdentity({
      token: options.token ?? null,
      clientId: options.clientId ?? null,
      store: options.clientIdStore,
      requestAnonymousToken: (clientId, signal) => this.requestAnonymousToken(clientId, signal)
    })
    this.errorContext = { identity: this.identity, webUrl: this.webUrl }
  }

  private get apiHost(): string {
    return new URL(this.apiUrl).host
  }

  private resolve(target: string): URL {
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
   * Reads an error answer, or a 2xx JSON answer when `readSuccess`: returns the failure or the
   * unwrapped data. Bodies are always consumed so the connection can be reused.
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

  /**
   * An error event inside the SSE stream (`data: {"error":..}` or `errorCode`/`errorMessage`).
   * Codes of the note's table get its messages; nothing is retried (a message is never re-sent).
   */
  async streamError(code: string | null, message: string): Promise<UserFacingError> {
    return streamEventError(code, message, this.errorContext)
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

  // --- Endpoints ("Endpoints" table of the note) ---

  /** `POST /api/auth/anonymous-token` with `X-Client-Id` and no body. */
  private async requestAnonymousToken(clientId: string, signal?: AbortSignal): Promise<string> {
    const spec: CallSpec = {
      method: 'POST',
      target: NEMO_PATHS.anonymousToken,
      purpose: 'get a NemoVideo sign-in token',
      auth: false,
      headers: { [CLIENT_ID_HEADER]: clientId },
      ...(signal ? { signal } : {})
    }
    let data: unknown
    try {
      data = await this.call(spec)
    } catch (error) {
      if (error instanceof NemoApiError && error.httpStatus === 400 && error.nemoCode === null) throw new ClientIdRejectedError('HTTP 400 from anonymous-token')
      throw error
    }
    const token = isObject(data) && typeof data.token === 'string' ? data.token.trim() : ''
    if (!token) throw new NemoApiError('cloud', 'NemoVideo did not hand out a sign-in token. Try again later.', null, null)
    return token
  }

  async createSession(signal?: AbortSignal): Promise<CreatedSession> {
    const data = await this.call({
      method: 'POST',
      target: NEMO_PATHS.createSession,
      purpose: 'create a NemoVideo project',
      json: { task_name: 'project', language: 'en' },
      ...(signal ? { signal } : {})
    })
    const root = isObject(data) ? data : {}
    const sessionId = root.session_id ?? root.sessionId
    if ((typeof sessionId !== 'string' && typeof sessionId !== 'number') || String(sessionId) === '') {
      throw new NemoApiError('cloud', 'NemoVideo did not return a project session. Try again later.', null, null)
    }
    const taskId = root.task_id ?? root.taskId
    return { sessionId: String(sessionId), taskId: typeof taskId === 'string' || typeof taskId === 'number' ? String(taskId) : null }
  }

  /**
   * Streams the file from disk as multipart field `files`. The body is built by hand (instead of
   * FormData) so progress counts the bytes undici actually pulls, and Content-Length is exact.
   */
  async uploadFile(
    sessionId: string,
    filePath: string,
    options: { size: number; signal?: AbortSignal; onProgress?: (sentBytes: number, totalBytes: number) => void }
  ): Promise<UploadedFile[]> {
    const fileName = path.basename(filePath)
    const extension = path.extname(filePath).slice(1).toLowerCase()
    const mime = MIME_BY_EXTENSION[extension] ?? 'application/octet-stream'
    const size = options.size
    const buildBody: BodyFactory = () => {
      const boundary = `----compress-video-${randomBytes(12).toString('hex')}`
      // Quotes and line breaks in names are percent-encoded as browsers do (HTML multipart rules).
      const safeName = fileName.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${safeName}"\r\nContent-Type: ${mime}\r\n\r\n`)
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
      const signal = options.signal
      async function* parts(): AsyncGenerator<Buffer> {
        yield head
        let sent = 0
        options.onProgress?.(0, size)
        const file = createReadStream(filePath, { highWaterMark: 256 * 1024, ...(signal ? { signal } : {}) })
        for await (const chunk of file) {
          const buffer = chunk as Buffer
          sent += buffer.length
          yield buffer
          options.onProgress?.(Math.min(sent, size), size)
        }
        yield tail
      }
      return {
        body: Readable.from(parts()),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + size + tail.length) }
      }
    }
    const data = await this.call({
      method: 'POST',
      target: NEMO_PATHS.upload(sessionId),
      purpose: `upload ${fileName} to NemoVideo`,
      body: buildBody,
      headersTimeoutMs: this.uploadAnswerTimeoutMs,
      ...(options.signal ? { signal: options.signal } : {})
    })
    const files = isObject(data) && Array.isArray(data.files) ? data.files : []
    return files.filter(isObject).map((file) => ({
      filename: typeof file.filename === 'string' ? file.filename : fileName,
      fileType: typeof file.file_type === 'string' ? file.file_type : null,
      cdnUrl: typeof file.cdn_url === 'string' ? file.cdn_url : null,
      duration: typeof file.duration === 'number' ? file.duration : null,
      width: typeof file.width === 'number' ? file.width : null,
      height: typeof file.height === 'number' ? file.height : null
    }))
  }

  /**
   * `POST /run_sse`: returns the open SSE body. No body timeout: the caller enforces the note's
   * "15 minutes per message, 10 minutes of heartbeats only" itself.
   */
  async openMessageStream(sessionId: string, text: string, signal?: AbortSignal): Promise<Dispatcher.ResponseData> {
    return this.open({
      method: 'POST',
      target: NEMO_PATHS.runSse,
      purpose: 'send the request to NemoVideo',
      accept: 'text/event-stream',
      json: { app_name: APP_NAME, user_id: USER_ME, session_id: sessionId, new_message: { parts: [{ text }] } },
      bodyTimeoutMs: 0,
      ...(signal ? { signal } : {})
    })
  }

  async getState(sessionId: string, signal?: AbortSignal): Promise<NemoSessionState> {
    const data = await this.call({
      method: 'GET',
      target: NEMO_PATHS.state(sessionId),
      purpose: 'read the NemoVideo project state',
      ...(signal ? { signal } : {})
    })
    return parseSessionState(sessionId, data)
  }

  async getCredits(signal?: AbortSignal): Promise<NemoCredits> {
    const data = await this.call({ method: 'GET', target: NEMO_PATHS.credits, purpose: 'read your NemoVideo credits', ...(signal ? { signal } : {}) })
    return parseCredits(data)
  }

  /** `POST /api/render/proxy/lambda`; `sessionId` is the one camelCase field. */
  async startRender(renderId: string, sessionId: string, draft: unknown, signal?: AbortSignal): Promise<unknown> {
    return this.call({
      method: 'POST',
      target: NEMO_PATHS.render,
      purpose: 'start the export on NemoVideo',
      json: { id: renderId, sessionId, draft, output: { format: 'mp4', quality: 'high' } },
      ...(signal ? { signal } : {})
    })
  }

  async getRenderStatus(renderId: string, signal?: AbortSignal): Promise<unknown> {
    return this.call({ method: 'GET', target: NEMO_PATHS.renderStatus(renderId), purpose: 'check the export on NemoVideo', ...(signal ? { signal } : {}) })
  }

  /** Opens a result download: an absolute URL (no token unless it is the API's own origin), or a path on the API. */
  async openDownload(target: string, signal?: AbortSignal): Promise<Dispatcher.ResponseData> {
    const url = this.resolve(target)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new NemoApiError('cloud', 'NemoVideo returned a download link this app cannot open. Try again later.', null, null)
    }
    return this.open({
      method: 'GET',
      target: url.toString(),
      purpose: 'download the result from NemoVideo',
      accept: '*/*',
      ...(signal ? { signal } : {})
    })
  }
}
