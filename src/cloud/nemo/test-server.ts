// A real NemoVideo look-alike over loopback HTTP for the tests (node:http, real SSE streaming),
// built from ../shared/docs/nemo-protocol.md rather than from the client: it checks what the
// note requires (bearer token, attribution headers, X-Client-Id, snake_case run_sse body,
// camelCase `sessionId` on export, the draft from the state) and answers as the note describes.
// Each test scripts it: the SSE steps of a reply, one-off failures (`failOnce`), the export-status
// shape, where results are served, and slow or hanging endpoints for cancellation. A second
// listener plays the CDN so tests can see that result downloads there carry no token.
import { randomBytes } from 'node:crypto'
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import { ACCEPTED_UPLOAD_EXTENSIONS, APP_NAME, ATTRIBUTION_HEADERS, CLIENT_ID_HEADER, MAX_CLIENT_ID_LENGTH, NEMO_CODES } from './protocol'

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  /** Request body (uploads included). */
  body: Buffer
}

export interface Answer {
  status: number
  json?: unknown
  text?: string
}

export type SseStep =
  /** Raw bytes of the stream, written as given (so tests control framing and chunking). */
  | { write: string | Buffer }
  | { waitMs: number }
  /** The agent's edit lands in the session's draft now. */
  | { applyEdit: true }
  /** Cut the connection (a dropped stream); the edit lands `editAfterMs` later, if given. */
  | { drop: true; editAfterMs?: number }
  /** Keep the stream open, sending nothing more, until the client goes away. */
  | { hang: true }
  /** Send nothing more until this settles: the test says when the reply goes on. */
  | { until: Promise<unknown> }

/** Where the server stopped answering on purpose, the client waiting on it (see nextStall). */
export type StallPoint = 'upload' | 'message' | 'download'

export interface TestSession {
  sessionId: string
  taskId: string
  draft: Record<string, unknown>
  uploads: { filename: string; bytes: Buffer }[]
  messages: string[]
}

interface RenderJob {
  id: string
  sessionId: string
  polls: number
  fails: boolean
}

export type ResultLocation = 'cdn' | 'none' | 'broken-cdn' | 'relative'

/** ADK event frame with a text reply [adk]. */
export function adkText(text: string, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({ content: { parts: [{ text }], role: 'model' }, author: 'nemo_agent', partial: false, id: randomBytes(4).toString('hex'), ...extra })}\n\n`
}

export function adkToolCall(name = 'edit_multitrack'): string {
  return `data: ${JSON.stringify({ content: { parts: [{ functionCall: { id: 'c1', name, args: { secret_arg: 'tool-args' } } }], role: 'model' }, author: 'nemo_agent' })}\n\n`
}

export function adkToolResult(name = 'edit_multitrack'): string {
  return `data: ${JSON.stringify({ content: { parts: [{ functionResponse: { id: 'c1', name, response: { result: 'tool-result-internal' } } }], role: 'user' }, author: 'nemo_agent', actions: { stateDelta: { draft: 'changed' } } })}\n\n`
}

export const HEARTBEAT_FRAMES = {
  emptyData: 'data:\n\n',
  typed: 'data: {"type":"heartbeat"}\n\n',
  comment: ': keep-alive\n\n'
} as const

const VIDEO_DRAFT_DURATION_MS = 1000

export class NemoTestServer {
  readonly requests: RecordedRequest[] = []
  readonly cdnRequests: RecordedRequest[] = []
  readonly issuedTokens: { token: string; clientId: string }[] = []
  readonly validTokens = new Set<string>()
  readonly sessions = new Map<string, TestSession>()
  readonly renders = new Map<string, RenderJob>()
  /** Steps of every `/run_sse` reply; an edit is applied before the end unless a step did. */
  sseScript: SseStep[] = [
    { write: adkToolCall() },
    { write: adkToolResult() },
    { write: adkText('Done! I compressed your video. Click the Export button to download it.') }
  ]
  /** Which of the three documented export-status shapes to answer with. */
  renderShape: 1 | 2 | 3 = 1
  /** Status polls answered "processing" before "completed" (Infinity: never completes). */
  renderPollsUntilDone = 1
  /** How many renders (first ones) end as "failed". */
  renderFailures = 0
  resultLocation: ResultLocation = 'cdn'
  resultBytes: Buffer = randomBytes(64 * 1024)
  /** Upload: never answer (the client has to cancel). */
  uploadHangs = false
  /** Downloads: send this many bytes, then hang (`stall`) or cut the connection (`drop`). */
  downloadLimit: { bytes: number; then: 'stall' | 'drop' } | null = null
  /** Answer `code: 1001` with this HTTP status (the note does not say which). */
  badTokenHttpStatus = 200
  private readonly oneOffs: { method: string | null; path: RegExp; answer: Answer | ((request: RecordedRequest) => Answer); times: number }[] = []
  private readonly openResponses = new Set<ServerResponse>()
  private readonly stallWaiters: Array<(where: StallPoint) => void> = []

  private constructor(
    private readonly api: http.Server,
    private readonly cdn: http.Server
  ) {}

  static async start(): Promise<NemoTestServer> {
    const api = http.createServer()
    const cdn = http.createServer()
    const server = new NemoTestServer(api, cdn)
    api.on('request', (req, res) => void server.handleApi(req, res))
    cdn.on('request', (req, res) => void server.handleCdn(req, res))
    await Promise.all([listen(api), listen(cdn)])
    return server
  }

  get url(): string {
    return `http://127.0.0.1:${(this.api.address() as AddressInfo).port}`
  }

  get cdnUrl(): string {
    return `http://127.0.0.1:${(this.cdn.address() as AddressInfo).port}`
  }

  /** The next `times` requests matching answer this instead of the normal behaviour. */
  failOnce(method: string | null, path: RegExp, answer: Answer | ((request: RecordedRequest) => Answer), times = 1): void {
    this.oneOffs.push({ method, path, answer, times })
  }

  /** Every token handed out so far stops working (code 1001), as when tokens expire. */
  expireTokens(): void {
    this.validTokens.clear()
  }

  /**
   * Resolves the next time the server stops answering on purpose: an upload taken in while
   * `uploadHangs`, a reply at its `hang` step, a download at its `stall` limit (the bytes before it
   * sent). The client is then waiting on the server: what cancellation tests wait for.
   */
  nextStall(): Promise<StallPoint> {
    return new Promise((resolve) => this.stallWaiters.push(resolve))
  }

  private stalled(where: StallPoint): void {
    for (const resolve of this.stallWaiters.splice(0)) resolve(where)
  }

  /** Requests whose path matches. */
  hits(path: RegExp, method?: string): RecordedRequest[] {
    return this.requests.filter((request) => path.test(request.path) && (!method || request.method === method))
  }

  async close(): Promise<void> {
    for (const response of this.openResponses) response.destroy()
    this.api.closeAllConnections()
    this.cdn.closeAllConnections()
    await Promise.all([closeServer(this.api), closeServer(this.cdn)])
  }

  private track(res: ServerResponse): void {
    this.openResponses.add(res)
    res.on('close', () => this.openResponses.delete(res))
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.track(res)
    const path = req.url ?? '/'
    if (this.uploadHangs && path.startsWith('/api/upload-video/')) {
      // Take the request in slowly and never answer: the client must cancel mid-upload.
      this.requests.push({ method: req.method ?? '', path, headers: req.headers, body: Buffer.alloc(0) })
      req.on('data', () => req.pause())
      this.stalled('upload')
      return
    }
    const body = await readBody(req)
    const request: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, body }
    this.requests.push(request)
    try {
      const oneOff = this.oneOffs.find(
        (candidate) => candidate.times > 0 && candidate.path.test(path) && (!candidate.method || candidate.method === request.method)
      )
      if (oneOff) {
        oneOff.times--
        send(res, typeof oneOff.answer === 'function' ? oneOff.answer(request) : oneOff.answer)
        return
      }
      await this.route(request, res)
    } catch (error) {
      if (!res.headersSent) send(res, { status: 500, json: { detail: String(error) } })
      else res.destroy()
    }
  }

  private authorised(request: RecordedRequest): boolean {
    const header = request.headers.authorization ?? ''
    const match = /^Bearer (.+)$/.exec(header)
    return match !== null && this.validTokens.has(match[1] ?? '')
  }

  private async route(request: RecordedRequest, res: ServerResponse): Promise<void> {
    const { method, path } = request
    if (method === 'POST' && path === '/api/auth/anonymous-token') return this.anonymousToken(request, res)
    if (!this.authorised(request))
      return send(res, { status: this.badTokenHttpStatus, json: { code: NEMO_CODES.badToken, message: 'token invalid or expired' } })
    const hasAttribution = [ATTRIBUTION_HEADERS.source, ATTRIBUTION_HEADERS.version, ATTRIBUTION_HEADERS.platform].every(
      (name) => typeof request.headers[name] === 'string' && request.headers[name] !== ''
    )

    if (method === 'POST' && path === `/api/tasks/me/with-session/${APP_NAME}`) return this.createSession(request, res)
    if (method === 'POST' && path === '/run_sse') return this.runSse(request, res)
    let match = /^\/api\/upload-video\/nemo_agent\/me\/([^/]+)$/.exec(path)
    if (method === 'POST' && match) return this.upload(decodeURIComponent(match[1] ?? ''), request, res)
    match = /^\/api\/state\/nemo_agent\/me\/([^/]+)\/latest$/.exec(path)
    if (method === 'GET' && match) {
      const session = this.sessions.get(decodeURIComponent(match[1] ?? ''))
      if (!session) return send(res, { status: 200, json: { code: NEMO_CODES.sessionNotFound, message: 'session not found' } })
      return send(res, {
        status: 200,
        json: {
          code: 0,
          data: {
            state: {
              draft: session.draft,
              video_infos: session.uploads.map((upload) => ({ filename: upload.filename })),
              canvas_config: { width: 320, height: 240 },
              generated_media: []
            }
          }
        }
      })
    }
    if (method === 'GET' && path === '/api/credits/balance/simple')
      return send(res, { status: 200, json: { code: 0, data: { available: 90, frozen: 10, total: 100 } } })
    if (method === 'POST' && path === '/api/render/proxy/lambda') {
      // Missing attribution makes export fail with HTTP 402 (note, "Base and headers").
      if (!hasAttribution) return send(res, { status: 402, json: { detail: 'export not available' } })
      return this.startRender(request, res)
    }
    match = /^\/api\/render\/proxy\/lambda\/([^/]+)$/.exec(path)
    if (method === 'GET' && match) return this.renderStatus(decodeURIComponent(match[1] ?? ''), res)
    match = /^\/api\/render\/proxy\/([^/]+)\/download$/.exec(path)
    if (method === 'GET' && match) {
      const render = this.renders.get(decodeURIComponent(match[1] ?? ''))
      if (!render || render.fails) return send(res, { status: 404, json: { detail: 'render not found' } })
      return this.serveResult(res)
    }
    send(res, { status: 404, json: { detail: 'Not Found' } })
  }

  private anonymousToken(request: RecordedRequest, res: ServerResponse): void {
    const clientId = request.headers[CLIENT_ID_HEADER]
    if (typeof clientId !== 'string' || clientId === '' || clientId.length > MAX_CLIENT_ID_LENGTH) {
      return send(res, { status: 400, json: { detail: 'X-Client-Id header required' } })
    }
    const token = `nmv_usr_${randomBytes(12).toString('hex')}`
    this.issuedTokens.push({ token, clientId })
    this.validTokens.add(token)
    send(res, { status: 200, json: { code: 0, data: { token, credits: 100, user_id: `anon_${clientId.slice(0, 6)}`, expires_at: '2099-01-01T00:00:00Z' } } })
  }

  private createSession(request: RecordedRequest, res: ServerResponse): void {
    const body = parseJson(request.body)
    if (!body || typeof body.task_name !== 'string' || typeof body.language !== 'string')
      return send(res, { status: 422, json: { detail: 'task_name and language required' } })
    // 19-digit ids, as strings (note: "keep ids as strings").
    const sessionId = `5529${String(Date.now()).slice(-10)}${String(this.sessions.size).padStart(5, '0')}`
    const taskId = `task_${randomBytes(4).toString('hex')}`
    this.sessions.set(sessionId, { sessionId, taskId, draft: { t: [] }, uploads: [], messages: [] })
    send(res, { status: 200, json: { code: 0, data: { task_id: taskId, session_id: sessionId } } })
  }

  private upload(sessionId: string, request: RecordedRequest, res: ServerResponse): void {
    const session = this.sessions.get(sessionId)
    if (!session) return send(res, { status: 200, json: { code: NEMO_CODES.sessionNotFound, message: 'session not found' } })
    const files = parseMultipartFiles(request.headers['content-type'] ?? '', request.body)
    if (files.length === 0) return send(res, { status: 422, json: { detail: 'field files required' } })
    for (const file of files) {
      const extension = file.filename.split('.').pop()?.toLowerCase() ?? ''
      if (!(ACCEPTED_UPLOAD_EXTENSIONS as readonly string[]).includes(extension))
        return send(res, { status: 200, json: { code: NEMO_CODES.unsupportedFile, message: 'unsupported file' } })
      session.uploads.push(file)
    }
    send(res, {
      status: 200,
      json: {
        code: 0,
        data: {
          files: files.map((file) => ({
            filename: file.filename,
            file_type: 'video',
            cdn_url: `${this.cdnUrl}/uploads/${file.filename}`,
            duration: 1,
            width: 320,
            height: 240
          })),
          session_state_applied: true
        }
      }
    })
  }

  private applyEdit(session: TestSession): void {
    const name = session.uploads[0]?.filename ?? 'clip'
    session.draft = { t: [{ tt: 0, sg: [{ d: VIDEO_DRAFT_DURATION_MS, m: { title: name } }] }], d: VIDEO_DRAFT_DURATION_MS, m: { compressed: true } }
  }

  private async runSse(request: RecordedRequest, res: ServerResponse): Promise<void> {
    const body = parseJson(request.body)
    const message = body?.new_message
    const parts = isRecord(message) && Array.isArray(message.parts) ? message.parts : []
    const text = isRecord(parts[0]) && typeof parts[0].text === 'string' ? parts[0].text : ''
    if (!body || body.app_name !== APP_NAME || body.user_id !== 'me' || typeof body.session_id !== 'string' || text === '') {
      return send(res, { status: 422, json: { detail: 'invalid run_sse body' } })
    }
    const session = this.sessions.get(body.session_id)
    if (!session) return send(res, { status: 404, json: { detail: 'Session not found' } })
    session.messages.push(text)
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    res.flushHeaders()
    let edited = false
    for (const step of this.sseScript) {
      if (res.destroyed) return
      if ('write' in step) res.write(step.write)
      else if ('waitMs' in step) await delay(step.waitMs)
      else if ('until' in step) await step.until
      else if ('applyEdit' in step) {
        this.applyEdit(session)
        edited = true
      } else if ('drop' in step) {
        const editAfterMs = step.editAfterMs
        if (editAfterMs !== undefined) setTimeout(() => this.applyEdit(session), editAfterMs)
        res.socket?.destroy()
        return
      } else {
        const closed = new Promise<void>((resolve) => res.once('close', () => resolve()))
        this.stalled('message')
        await closed
        return
      }
    }
    if (!edited) this.applyEdit(session)
    res.end()
  }

  private startRender(request: RecordedRequest, res: ServerResponse): void {
    const body = parseJson(request.body)
    if (!body || typeof body.id !== 'string' || !body.id.startsWith('render_') || typeof body.sessionId !== 'string') {
      return send(res, { status: 422, json: { detail: 'id (render_...) and sessionId required' } })
    }
    const session = this.sessions.get(body.sessionId)
    if (!session) return send(res, { status: 200, json: { code: NEMO_CODES.sessionNotFound, message: 'session not found' } })
    if (JSON.stringify(body.draft) !== JSON.stringify(session.draft)) return send(res, { status: 422, json: { detail: 'draft does not match the session' } })
    if (this.renders.has(body.id)) return send(res, { status: 200, json: { success: false, error: 'duplicate render id' } })
    const fails = this.renderFailures > 0
    if (fails) this.renderFailures--
    this.renders.set(body.id, { id: body.id, sessionId: body.sessionId, polls: 0, fails })
    send(res, { status: 200, json: { success: true, data: { id: body.id, status: 'pending', progress: 0 } } })
  }

  private resultUrl(id: string): string | null {
    switch (this.resultLocation) {
      case 'cdn':
        return `${this.cdnUrl}/render-result/${id}.mp4`
      case 'broken-cdn':
        return `${this.cdnUrl}/gone/${id}.mp4`
      case 'relative':
        return `/api/render/proxy/${id}/download`
      case 'none':
        return null
    }
  }

  private renderStatus(id: string, res: ServerResponse): void {
    const render = this.renders.get(id)
    if (!render) return send(res, { status: 404, json: { detail: 'render not found' } })
    render.polls++
    const status = render.fails ? 'failed' : render.polls > this.renderPollsUntilDone ? 'completed' : render.polls === 1 ? 'pending' : 'processing'
    const progress = status === 'completed' ? 100 : status === 'failed' ? 0 : Math.min(95, render.polls * 30)
    const url = status === 'completed' ? this.resultUrl(id) : null
    switch (this.renderShape) {
      case 1:
        return send(res, { status: 200, json: { status, ...(url ? { output: { url } } : {}) } })
      case 2:
        return send(res, {
          status: 200,
          json: { taskId: id, status, progress, ...(url ? { output: { url, duration: 1, size: this.resultBytes.length } } : {}) }
        })
      case 3:
        return send(res, {
          status: 200,
          json: {
            success: true,
            data: { status, progress, ...(url ? { outputUrl: url } : {}), createdAt: Date.now(), completedAt: status === 'completed' ? Date.now() : null }
          }
        })
    }
  }

  private async serveResult(res: ServerResponse): Promise<void> {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(this.resultBytes.length) })
    const limit = this.downloadLimit
    if (!limit) {
      res.end(this.resultBytes)
      return
    }
    if (limit.then === 'drop') {
      res.write(this.resultBytes.subarray(0, limit.bytes))
      await delay(20)
      res.socket?.destroy()
      return
    }
    const closed = new Promise<void>((resolve) => res.once('close', () => resolve()))
    res.write(this.resultBytes.subarray(0, limit.bytes), () => this.stalled('download'))
    await closed
  }

  private async handleCdn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.track(res)
    const path = req.url ?? '/'
    this.cdnRequests.push({ method: req.method ?? '', path, headers: req.headers, body: await readBody(req) })
    const match = /^\/render-result\/([^/]+)\.mp4$/.exec(path)
    const render = match ? this.renders.get(decodeURIComponent(match[1] ?? '')) : undefined
    if (!render || render.fails) return send(res, { status: 404, text: 'Not Found' })
    await this.serveResult(res)
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJson(body: Buffer): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'))
    return isRecord(parsed) ? parsed : null
  } catch {
    return null
  }
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return
  const text = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? '')
  res.writeHead(answer.status, {
    'content-type': answer.json !== undefined ? 'application/json' : 'text/plain',
    'content-length': String(Buffer.byteLength(text))
  })
  res.end(text)
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Minimal multipart/form-data reader: the `files` parts with their file names and bytes. */
export function parseMultipartFiles(contentType: string, body: Buffer): { filename: string; bytes: Buffer }[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  const mark = boundary ? (boundary[1] ?? boundary[2] ?? '') : ''
  if (!mark) return []
  const delimiter = Buffer.from(`--${mark}`)
  const files: { filename: string; bytes: Buffer }[] = []
  let position = body.indexOf(delimiter)
  while (position !== -1) {
    const partStart = position + delimiter.length
    if (body.subarray(partStart, partStart + 2).toString() === '--') break
    const next = body.indexOf(delimiter, partStart)
    if (next === -1) break
    const part = body.subarray(partStart + 2, next - 2) // skip CRLF after the delimiter and before the next
    const headerEnd = part.indexOf('\r\n\r\n')
    const headers = part.subarray(0, headerEnd).toString('utf8')
    const disposition = /content-disposition:\s*form-data;\s*name="([^"]*)"(?:;\s*filename="([^"]*)")?/i.exec(headers)
    if (disposition && disposition[1] === 'files' && disposition[2] !== undefined) {
      files.push({ filename: disposition[2], bytes: Buffer.from(part.subarray(headerEnd + 4)) })
    }
    position = next
  }
  return files
}

async function listen(server: http.Server): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
}

async function closeServer(server: http.Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()))
}
