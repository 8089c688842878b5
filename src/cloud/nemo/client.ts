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
// Where each part lives: transport.ts (requests, timeouts, retries, open streams), envelope.ts
// (the envelopes, ids kept as strings), error-table.ts (codes and statuses -> messages),
// answers.ts (the endpoints' answers, as zod schemas); this file holds the endpoints.
// The token is never logged, never in a URL and never in a message: server texts are passed
// through `identity.redact` before they are used in errors. Result downloads from another origin
// (a CDN) get no Authorization header at all.
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import type { UserFacingError } from '../../shared/errors'
import { anonymousTokenAnswer, createdSessionAnswer, uploadAnswer, type CreatedSession, type UploadedFile } from './answers'
import { NemoApiError, streamEventError, type ErrorTableContext } from './error-table'
import { ClientIdRejectedError, NemoIdentity, type ClientIdStore } from './identity'
import { APP_NAME, CLIENT_ID_HEADER, DEFAULT_API_URL, DEFAULT_WEB_URL, NEMO_PATHS, USER_ME } from './protocol'
import { parseCredits, parseSessionState, type NemoCredits, type NemoSessionState } from './state'
import { NemoTransport, type BodyFactory, type CallSpec } from './transport'

// The client's exports include the pieces it is built from, so importers need only './client'.
export { isSessionNotFound, NemoApiError } from './error-table'
export { parseJsonKeepingIds, unwrapEnvelope, type Envelope } from './envelope'
export { cancelledError, sleep } from './transport'
export type { CreatedSession, UploadedFile } from './answers'

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

export class NemoClient {
  readonly apiUrl: string
  readonly webUrl: string
  readonly identity: NemoIdentity
  readonly requestTimeoutMs: number
  private readonly uploadAnswerTimeoutMs: number
  private readonly errorContext: ErrorTableContext
  private readonly transport: NemoTransport

  constructor(options: NemoClientOptions) {
    this.apiUrl = (options.apiUrl?.trim() || DEFAULT_API_URL).replace(/\/+$/, '')
    this.webUrl = (options.webUrl?.trim() || DEFAULT_WEB_URL).replace(/\/+$/, '')
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000
    this.uploadAnswerTimeoutMs = options.uploadAnswerTimeoutMs ?? 300_000
    this.identity = new NemoIdentity({
      token: options.token ?? null,
      clientId: options.clientId ?? null,
      store: options.clientIdStore,
      requestAnonymousToken: (clientId, signal) => this.requestAnonymousToken(clientId, signal)
    })
    this.errorContext = { identity: this.identity, webUrl: this.webUrl }
    this.transport = new NemoTransport({
      apiUrl: this.apiUrl,
      appVersion: options.appVersion,
      platform: options.platform ?? null,
      dispatcher: options.dispatcher,
      rateLimitRetryMs: options.rateLimitRetryMs ?? 30_000,
      requestTimeoutMs: this.requestTimeoutMs,
      identity: this.identity,
      errorContext: this.errorContext
    })
  }

  /** What a failure while sending or reading means for people. */
  transportError(error: unknown, spec: { purpose: string; signal?: AbortSignal }, url?: URL): UserFacingError {
    return this.transport.transportError(error, spec, url)
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
    return this.transport.call(spec)
  }

  /** A call whose 2xx answer is a byte stream (SSE or a file): the body is the caller's to read. */
  async open(spec: CallSpec): Promise<Dispatcher.ResponseData> {
    return this.transport.open(spec)
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
    const answer = anonymousTokenAnswer.safeParse(data)
    if (!answer.success) throw new NemoApiError('cloud', 'NemoVideo did not hand out a sign-in token. Try again later.', null, null)
    return answer.data.token
  }

  async createSession(signal?: AbortSignal): Promise<CreatedSession> {
    const data = await this.call({
      method: 'POST',
      target: NEMO_PATHS.createSession,
      purpose: 'create a NemoVideo project',
      json: { task_name: 'project', language: 'en' },
      ...(signal ? { signal } : {})
    })
    const answer = createdSessionAnswer.safeParse(data)
    if (!answer.success) throw new NemoApiError('cloud', 'NemoVideo did not return a project session. Try again later.', null, null)
    return answer.data
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
    return uploadAnswer(fileName).parse(data)
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
    const url = this.transport.resolve(target)
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
