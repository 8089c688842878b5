// The self-hosted server (issue 15): the part of the NemoVideo protocol our cloud engine uses
// (../shared/docs/nemo-protocol.md), so the app's and the CLI's cloud engine work against it with
// NEMO_API_URL, plus the HTTP API its workers use. fastify, streaming uploads to disk, BullMQ jobs.
// A message is read by our own request parser; the compression runs on a worker, and the SSE
// stream of the message stays open (heartbeats, progress text) until it is done.
import { randomBytes, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream, type Dirent } from 'node:fs'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import multipart from '@fastify/multipart'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ACCEPTED_VIDEO_EXTENSIONS, NEMO_CODES, NEMO_PATHS } from '../cloud/nemo/protocol'
import { resolveTargetBytes } from '../shared/targets'
import { hasExpectedLength, keptDuration, resolveTrim } from '../shared/trim'
import { probeMedia } from '../engine/probe'
import { parseRequest, requestToOptions, describeSize } from '../shared/request'
import { isUserFacingError } from '../shared/errors'
import { COMPRESS_QUEUE, GPU_QUEUE, progressPercent, queueFor, type CompressJobResult, type JobQueue } from './queue'
import type { FfmpegToolchain } from '../engine/ffmpeg/locate'
import { encodeAudio, encodeSegment, joinUnderTarget, planSegments, type EncodedPart } from '../engine/segments'
import { NO_GPU_WORKER_TEXT, readGpuRequest, WAITING_FOR_GPU_TEXT } from './routing'
import { type CompressJobData, type ServerStore, type StoredSession, type StoredUpload, type TokenRecord } from './store'
import type { Job } from 'bullmq'

export interface ServerConfig {
  store: ServerStore
  jobs: JobQueue
  ffprobePath: string
  /** Uploads and results live under here; names inside are ours, never the client's. */
  dataDir: string
  maxUploadBytes: number
  /** Per user, uploads and results together. */
  quotaBytes: number
  /** Credits one compression costs, frozen when it is queued and charged when it succeeds. */
  creditsPerJob: number
  /** Sessions (their uploads and results) older than this are removed by `sweepOldSessions`. */
  keepMs: number
  /** Anonymous tokens (`POST /api/auth/anonymous-token`) are off unless this is set. */
  anonymousCredits: number | null
  /** SSE: a heartbeat this often, and a progress line at most this often. */
  heartbeatMs: number
  progressTextMs: number
  /** The server's own ffmpeg, for splitting long files over workers and joining them; null: never split. */
  toolchain: FfmpegToolchain | null
  /**
   * Target-size jobs on files at least `minSeconds` long are split into up to `maxParts` parts, one
   * per worker online, when at least two are (engine/segments.ts); null: never split.
   */
  split: { minSeconds: number; maxParts: number } | null
  log?: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: TokenRecord | null
  }
}

/** ioredis errors while Redis is unreachable (offline queue off: commands fail at once). */
function isRedisUnavailable(error: unknown): boolean {
  const message = error instanceof Error ? error.message : ''
  return /Stream isn't writeable|Connection is closed|ECONNREFUSED|MaxRetriesPerRequestError|enableOfflineQueue/i.test(message)
}

/** The protocol's envelope: `{"code":0,"data":...}`, or a code from its error table. */
function ok(data: unknown): { code: 0; data: unknown } {
  return { code: 0, data }
}

function fail(reply: FastifyReply, httpStatus: number, code: number, message: string): FastifyReply {
  return reply.code(httpStatus).send({ code, message, data: null })
}

const runSseBody = z.object({
  session_id: z.union([z.string(), z.number()]).transform(String),
  new_message: z.object({ parts: z.array(z.object({ text: z.string().optional() }).passthrough()) })
})

const renderBody = z.object({ id: z.string().min(1).max(200), sessionId: z.union([z.string(), z.number()]).transform(String) }).passthrough()

const progressBody = z.object({ lockToken: z.string().min(1), percent: z.number().min(0).max(100), detail: z.string().max(500).optional() })
const failBody = z.object({ lockToken: z.string().min(1), message: z.string().max(2000) })
const releaseBody = z.object({ lockToken: z.string().min(1) })
/** What a worker says about itself when it asks for work: the hardware encoders that work on its machine. */
const requestBody = z.object({ encoders: z.array(z.string().max(40)).max(20).default([]) }).default({ encoders: [] })

function adkText(text: string): string {
  return `data: ${JSON.stringify({ content: { parts: [{ text }], role: 'model' }, author: 'compress-video-server', partial: false, id: randomBytes(4).toString('hex') })}\n\n`
}

const HEARTBEAT = 'data: {"type":"heartbeat"}\n\n'

/** The draft the protocol's clients export from: one video track with the result, once there is one. */
function draftOf(session: StoredSession): Record<string, unknown> {
  const result = session.result
  if (!result) return { t: [], d: 0 }
  const ms = Math.round(result.durationSeconds * 1000)
  return { t: [{ tt: 0, sg: [{ n: session.uploads.at(-1)?.filename ?? 'video', s: 0, e: ms }] }], d: ms, m: { compressed: true } }
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0
  let entries: Dirent[]
  try {
    entries = await readdir(folder, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const entry of entries) {
    const full = path.join(folder, entry.name)
    total += entry.isDirectory() ? await folderBytes(full) : (await stat(full).catch(() => ({ size: 0 }))).size
  }
  return total
}

/** The folder of one user's files: named after the token name (hex), never after a client string. */
export function userFolder(dataDir: string, owner: string): string {
  return path.join(dataDir, 'users', Buffer.from(owner).toString('hex'))
}

/**
 * Removes sessions older than `keepMs`, with their uploads and results, unless a job of theirs
 * is still waiting or running. Returns how many went.
 */
export async function sweepOldSessions(config: Pick<ServerConfig, 'store' | 'jobs' | 'dataDir' | 'keepMs'>, now = Date.now()): Promise<number> {
  let removed = 0
  for (const session of await config.store.allSessions()) {
    if (now - session.createdAt < config.keepMs) continue
    const job = session.messages > 0 ? await config.jobs.get(`${session.id}-${session.messages}`) : null
    const state = job ? await job.getState() : null
    if (state === 'waiting' || state === 'active' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') continue
    await rm(path.join(userFolder(config.dataDir, session.owner), session.id), { recursive: true, force: true })
    await config.store.deleteSession(session.id)
    removed++
  }
  return removed
}

export async function buildServer(config: ServerConfig): Promise<FastifyInstance> {
  const { store, jobs } = config
  // Bodies other than uploads and results are small JSON.
  const app = Fastify({ logger: config.log ?? false, bodyLimit: 1_000_000 })
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 5, fields: 10 } })
  // Results from workers arrive as a raw stream; the route streams it to disk itself.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload))

  const folderOf = (owner: string): string => userFolder(config.dataDir, owner)

  // Redis down: the protocol's envelope with HTTP 503 and what to do, instead of a hang or a 500.
  app.setErrorHandler((error, _request, reply) => {
    if (isRedisUnavailable(error)) {
      return fail(reply, 503, 503, 'The server cannot reach its job queue (Redis) right now. Try again in a minute.')
    }
    const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500
    return fail(
      reply,
      status,
      status,
      status >= 500
        ? 'The server failed on this request. Try again; if it keeps happening, tell its admin.'
        : error instanceof Error
          ? error.message
          : String(error)
    )
  })

  app.decorateRequest('caller', null)
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/health' || request.url.startsWith(NEMO_PATHS.anonymousToken)) return
    const header = request.headers.authorization ?? ''
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
    const caller = token ? await store.lookupToken(token) : null
    if (!caller)
      return fail(reply, 401, NEMO_CODES.badToken, 'This server does not know that token. Ask its admin for one (compress-video serve token create).')
    const runnerRoute = request.url.startsWith('/api/runner/')
    if (runnerRoute !== (caller.kind === 'worker')) {
      return fail(reply, 403, NEMO_CODES.badToken, runnerRoute ? 'Only worker tokens may take jobs.' : 'A worker token cannot be used as a user token.')
    }
    request.caller = caller
  })

  const callerOf = (request: FastifyRequest): TokenRecord => {
    if (!request.caller) throw new Error('authentication hook did not run')
    return request.caller
  }

  app.get('/health', async () => ok({ status: 'ok' }))

  app.post(NEMO_PATHS.anonymousToken, async (request, reply) => {
    if (config.anonymousCredits === null) {
      return fail(reply, 403, NEMO_CODES.badToken, 'This server hands out no anonymous tokens. Ask its admin for a token (compress-video serve token create).')
    }
    const clientId = String(request.headers['x-client-id'] ?? '')
    if (!clientId || clientId.length > 64) return reply.code(400).send({ detail: 'X-Client-Id header required' })
    const token = await store.createToken(`anon-${randomBytes(6).toString('hex')}`, 'user', config.anonymousCredits)
    return ok({ token, credits: config.anonymousCredits })
  })

  app.post(NEMO_PATHS.createSession, async (request) => {
    const session = await store.createSession(callerOf(request).name)
    return ok({ task_id: session.taskId, session_id: session.id })
  })

  app.post('/api/upload-video/nemo_agent/me/:sessionId', async (request, reply) => {
    const owner = callerOf(request).name
    const { sessionId } = request.params as { sessionId: string }
    const session = await store.session(sessionId, owner)
    if (!session) return fail(reply, 404, NEMO_CODES.sessionNotFound, 'Session not found.')
    const folder = path.join(folderOf(owner), session.id)
    await mkdir(folder, { recursive: true })
    const answered: unknown[] = []
    for await (const part of request.files()) {
      const extension = path.extname(part.filename).slice(1).toLowerCase()
      if (!(ACCEPTED_VIDEO_EXTENSIONS as readonly string[]).includes(extension)) {
        part.file.resume()
        return fail(
          reply,
          415,
          NEMO_CODES.unsupportedFile,
          `"${part.filename}" is not a video this server compresses (${ACCEPTED_VIDEO_EXTENSIONS.join(', ')}).`
        )
      }
      const id = randomUUID()
      const partial = path.join(folder, `${id}.part`)
      try {
        await pipeline(part.file, createWriteStream(partial, { flags: 'wx' }))
      } catch (error) {
        // The client went away mid-upload: nothing half-stored stays, nothing is processed.
        await rm(partial, { force: true })
        throw error
      }
      if (part.file.truncated) {
        await rm(partial, { force: true })
        return fail(
          reply,
          413,
          NEMO_CODES.fileTooLarge,
          `"${part.filename}" is larger than this server accepts (${describeSize(config.maxUploadBytes)}). Compress or trim it first.`
        )
      }
      const bytes = (await stat(partial)).size
      if ((await folderBytes(folderOf(owner))) > config.quotaBytes) {
        await rm(partial, { force: true })
        return fail(
          reply,
          413,
          NEMO_CODES.fileTooLarge,
          `Your space on this server is full (${describeSize(config.quotaBytes)}). Old files are removed after a while, or ask the admin for more.`
        )
      }
      // The content decides, not the name: ffprobe must find a video stream.
      let media
      try {
        media = await probeMedia(config.ffprobePath, partial, bytes)
      } catch {
        await rm(partial, { force: true })
        return fail(reply, 415, NEMO_CODES.unsupportedFile, `"${part.filename}" is damaged or not a video.`)
      }
      const finalPath = path.join(folder, `${id}.${extension}`)
      await rename(partial, finalPath)
      const upload = {
        id,
        filename: part.filename.slice(0, 255),
        path: finalPath,
        bytes,
        durationSeconds: media.durationSeconds,
        width: media.video.width,
        height: media.video.height
      }
      await store.updateSession(session.id, owner, (current) => ({ ...current, uploads: [...current.uploads, upload] }))
      answered.push({
        filename: upload.filename,
        file_type: 'video',
        cdn_url: null,
        duration: upload.durationSeconds,
        width: upload.width,
        height: upload.height
      })
    }
    return ok({ files: answered })
  })

  /**
   * A long target-size job, with two or more workers online, as a split file: one analysis of the
   * whole file here, the audio once, one segment job per range and the joining job (a BullMQ
   * flow). Null when it is not one to split; the job then runs whole on one worker.
   */
  const splitJob = async (jobId: string, data: CompressJobData, upload: StoredUpload): Promise<Job<CompressJobData, CompressJobResult> | null> => {
    const { split, toolchain } = config
    if (!split || !toolchain || data.targetBytes === null || queueFor(data) !== COMPRESS_QUEUE || upload.durationSeconds < split.minSeconds) return null
    const count = Math.min(split.maxParts, (await store.workersOnline()).length)
    if (count < 2) return null
    const folder = path.join(folderOf(data.owner), data.sessionId, `split-${jobId}`)
    await mkdir(folder, { recursive: true })
    try {
      const plan = await planSegments({ toolchain, input: upload.path, options: data.options, count, workFolder: folder })
      if (!plan) {
        await rm(folder, { recursive: true, force: true })
        return null
      }
      const audioPath = await encodeAudio({ toolchain, input: upload.path, audio: plan.audio, output: path.join(folder, 'audio.m4a') })
      const rate = { videoKbps: plan.videoKbps, scaleShortSide: plan.scaleShortSide, fpsCap: plan.fpsCap }
      const parts = plan.segments.map((range, index) => ({ ...data, segment: { index, ...range, isLast: index === plan.segments.length - 1, ...rate } }))
      const splitData = { folder, audioPath, durationSeconds: plan.durationSeconds, targetBytes: plan.targetBytes, parts: parts.length, ...rate }
      return await jobs.addSplit(jobId, { ...data, split: splitData }, parts)
    } catch (error) {
      await rm(folder, { recursive: true, force: true })
      if (isRedisUnavailable(error)) throw error
      return null // the analysis failed here: one worker takes the job whole, with its own checks
    }
  }

  app.post(NEMO_PATHS.runSse, async (request, reply) => {
    const owner = callerOf(request).name
    const body = runSseBody.safeParse(request.body)
    if (!body.success) return reply.code(422).send({ detail: 'session_id and new_message.parts are required' })
    const session = await store.session(body.data.session_id, owner)
    if (!session) return reply.code(404).send({ detail: 'Session not found' })
    const text = body.data.new_message.parts
      .map((part) => part.text ?? '')
      .join(' ')
      .trim()
    const upload = session.uploads.at(-1)
    const gpuRequest = readGpuRequest(text)
    const parsed = parseRequest(gpuRequest.rest)

    let answerNow: string | null = null
    let options = null
    try {
      options = requestToOptions(parsed)
      if (gpuRequest.gpu) options = { ...options, hardware: 'on' as const }
    } catch (error) {
      answerNow = `${isUserFacingError(error) ? error.message : 'This request cannot be planned.'} This server compresses and converts videos: say a size ("under 25 MB"), a resolution ("720p") or a format ("as MP4").`
    }
    if (!answerNow && !upload) answerNow = 'Upload a video first, then say how to compress it.'
    // A trim past the end of this upload is refused before any credit is frozen (issue 14).
    const trimmed = options !== null && upload ? resolveTrim(options, upload.durationSeconds) : null
    if (!answerNow && trimmed !== null && 'error' in trimmed) answerNow = trimmed.error
    if (answerNow !== null || options === null || !upload) {
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      reply.raw.end(adkText(answerNow ?? 'Nothing to do.'))
      return reply
    }
    if (!(await store.freezeCredits(owner, config.creditsPerJob))) {
      return fail(reply, 402, NEMO_CODES.noCredits, 'No credits left on this server. Ask its admin for more.')
    }
    // The engine's own rule for a size and/or a share of the source: the check of the result must agree with it.
    const targetBytes = resolveTargetBytes(options, upload.bytes)
    const updated = await store.updateSession(session.id, owner, (current) => ({ ...current, messages: current.messages + 1, result: null }))
    const jobId = `${session.id}-${updated?.messages ?? 1}`
    const data: CompressJobData = {
      sessionId: session.id,
      owner,
      uploadId: upload.id,
      inputBytes: upload.bytes,
      inputDurationSeconds: upload.durationSeconds,
      options,
      targetBytes
    }
    // From here on the job runs whatever happens to this connection: a client that drops the
    // stream reads the state later (the protocol's "never re-send"). The stream opens and beats
    // before the job is queued: a file to split is analysed first, which takes a while.
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
    const write = (chunk: string): void => {
      if (!reply.raw.destroyed && !reply.raw.writableEnded) reply.raw.write(chunk)
    }
    const heartbeat = setInterval(() => write(HEARTBEAT), config.heartbeatMs)
    let job: Job<CompressJobData, CompressJobResult>
    try {
      job = (await splitJob(jobId, data, upload)) ?? (await jobs.add(jobId, data))
    } catch (error) {
      clearInterval(heartbeat)
      await store.settleCredits(owner, config.creditsPerJob, false).catch(() => undefined)
      write(
        adkText(
          isRedisUnavailable(error)
            ? 'The server cannot reach its job queue (Redis) right now. Try again in a minute.'
            : 'The server failed on this request. Try again; if it keeps happening, tell its admin.'
        )
      )
      reply.raw.end()
      return reply
    }
    const where = job.queueName === GPU_QUEUE ? ', on a graphics chip' : job.data.split ? `, in ${job.data.split.parts} parts on several workers` : ''
    write(adkText(`Compressing ${upload.filename}: ${parsed.summary}${where}.`))
    // A job for the graphics chip with no worker that has one would wait in silence: say so now,
    // and again with each progress line while it still waits. The cloud engine shows a reply when
    // the next one comes (turn.ts holds the last), so a short second line lets the notice out now.
    const sayIfNoGpuWorker = async (): Promise<void> => {
      if (job.queueName !== GPU_QUEUE || (await job.getState()) !== 'waiting' || (await store.gpuWorkerOnline())) return
      write(adkText(NO_GPU_WORKER_TEXT))
      write(adkText(WAITING_FOR_GPU_TEXT))
    }
    await sayIfNoGpuWorker().catch(() => undefined)
    const waitingCheck = setInterval(() => void sayIfNoGpuWorker().catch(() => undefined), config.progressTextMs)
    let lastProgressText = Date.now()
    const onProgress = ({ jobId: id, data }: { jobId: string; data: unknown }): void => {
      if (id !== jobId || Date.now() - lastProgressText < config.progressTextMs) return
      const percent = progressPercent(data)
      if (percent === null) return
      lastProgressText = Date.now()
      write(adkText(`Still compressing: ${Math.round(percent)}%.`))
    }
    const stopProgress = jobs.onProgress(onProgress)
    try {
      const result: CompressJobResult = await job.waitUntilFinished(jobs.eventsOf(job))
      write(adkText(`Done: ${result.message} Click the Export button to download it.`))
    } catch (error) {
      write(adkText(`The compression failed: ${error instanceof Error ? error.message : String(error)}`))
    } finally {
      clearInterval(heartbeat)
      clearInterval(waitingCheck)
      stopProgress()
      if (!reply.raw.writableEnded) reply.raw.end()
    }
    return reply
  })

  app.get('/api/state/nemo_agent/me/:sessionId/latest', async (request, reply) => {
    const { sessionId } = request.params as { sessionId: string }
    const session = await store.session(sessionId, callerOf(request).name)
    if (!session) return fail(reply, 404, NEMO_CODES.sessionNotFound, 'Session not found.')
    const videoInfos = session.uploads.map((upload) => ({
      filename: upload.filename,
      duration: upload.durationSeconds,
      width: upload.width,
      height: upload.height
    }))
    return ok({ state: { draft: draftOf(session), video_infos: videoInfos, canvas_config: {}, generated_media: [] } })
  })

  app.get(NEMO_PATHS.credits, async (request) => ok(await store.credits(callerOf(request).name)))

  app.post(NEMO_PATHS.render, async (request, reply) => {
    const owner = callerOf(request).name
    const body = renderBody.safeParse(request.body)
    if (!body.success) return fail(reply, 422, NEMO_CODES.unsupportedFile, 'id and sessionId are required.')
    const session = await store.session(body.data.sessionId, owner)
    if (!session) return fail(reply, 404, NEMO_CODES.sessionNotFound, 'Session not found.')
    if (!session.result) return fail(reply, 409, NEMO_CODES.unsupportedFile, 'Nothing to export yet: the compression has not finished.')
    await store.createRender(body.data.id, session.id, owner)
    return ok({ id: body.data.id, status: 'processing' })
  })

  app.get('/api/render/proxy/lambda/:renderId', async (request, reply) => {
    const { renderId } = request.params as { renderId: string }
    const render = await store.render(renderId, callerOf(request).name)
    if (!render) return fail(reply, 404, NEMO_CODES.sessionNotFound, 'Export not found.')
    return ok({ status: 'completed', output: { url: NEMO_PATHS.renderDownload(renderId) } })
  })

  app.get('/api/render/proxy/:renderId/download', async (request, reply) => {
    const owner = callerOf(request).name
    const { renderId } = request.params as { renderId: string }
    const render = await store.render(renderId, owner)
    const session = render ? await store.session(render.sessionId, owner) : null
    if (!session?.result) return fail(reply, 404, NEMO_CODES.sessionNotFound, 'Export not found.')
    reply.header('content-type', 'video/mp4').header('content-length', String(session.result.bytes))
    return reply.send(createReadStream(session.result.path))
  })

  // --- Workers ------------------------------------------------------------------------------

  /** The claimed job, if `lockToken` still holds it. */
  const heldJob = async (jobId: string, lockToken: string) => {
    const job = await jobs.get(jobId)
    if (!job || !(await jobs.extend(job, lockToken))) return null
    return job
  }

  app.post('/api/runner/jobs/request', async (request, reply) => {
    const body = requestBody.safeParse(request.body ?? {})
    if (!body.success) return fail(reply, 422, NEMO_CODES.unsupportedFile, 'encoders must be a list of encoder names.')
    const { encoders } = body.data
    // Online while it keeps asking (it asks every few seconds when idle, and renews while working).
    await store.workerSeen(callerOf(request).name, Math.ceil((jobs.timings.lockMs * 2) / 1000), encoders)
    const lockToken = randomUUID()
    // A worker with a working hardware encoder also takes the jobs that need one.
    const claimed = await jobs.claim(lockToken, { gpu: encoders.length > 0 })
    if (!claimed) return reply.code(204).send()
    const { job } = claimed
    return ok({
      jobId: job.id,
      lockToken,
      options: job.data.options,
      targetBytes: job.data.targetBytes,
      inputBytes: job.data.inputBytes,
      lockMs: jobs.timings.lockMs,
      segment: job.data.segment ?? null
    })
  })

  app.get('/api/runner/jobs/:jobId/input', async (request, reply) => {
    const { jobId } = request.params as { jobId: string }
    const job = await heldJob(jobId, String(request.headers['x-lock-token'] ?? ''))
    if (!job) return fail(reply, 409, NEMO_CODES.sessionNotFound, 'This job is not yours (any more).')
    const session = await store.session(job.data.sessionId, job.data.owner)
    const upload = session?.uploads.find((candidate) => candidate.id === job.data.uploadId)
    if (!upload) return fail(reply, 404, NEMO_CODES.sessionNotFound, 'The input of this job is gone.')
    reply
      .header('content-type', 'application/octet-stream')
      .header('content-length', String(upload.bytes))
      .header('x-input-extension', path.extname(upload.path).slice(1))
    return reply.send(createReadStream(upload.path))
  })

  app.post('/api/runner/jobs/:jobId/progress', async (request, reply) => {
    const { jobId } = request.params as { jobId: string }
    const body = progressBody.safeParse(request.body)
    if (!body.success) return fail(reply, 422, NEMO_CODES.unsupportedFile, 'lockToken and percent are required.')
    const job = await heldJob(jobId, body.data.lockToken)
    if (!job) return ok({ keep: false })
    await store.workerSeen(callerOf(request).name, Math.ceil((jobs.timings.lockMs * 2) / 1000))
    await job.updateProgress({ percent: body.data.percent, detail: body.data.detail ?? '' })
    return ok({ keep: true })
  })

  /** A job that ends without a result gives its frozen credits back; a split file's part, its file's (once). */
  const settleFailure = (job: Job<CompressJobData, CompressJobResult>): Promise<void> =>
    job.data.segment && job.parent?.id
      ? store.settleCreditsOnce(job.parent.id, job.data.owner, config.creditsPerJob, false)
      : store.settleCredits(job.data.owner, config.creditsPerJob, false)

  app.put('/api/runner/jobs/:jobId/result', async (request, reply) => {
    const { jobId } = request.params as { jobId: string }
    const lockToken = String(request.headers['x-lock-token'] ?? '')
    const job = await heldJob(jobId, lockToken)
    const stream = request.body as Readable
    if (!job) {
      stream.resume()
      return fail(reply, 409, NEMO_CODES.sessionNotFound, 'This job is not yours (any more).')
    }
    const { owner, sessionId } = job.data
    const folder = path.join(folderOf(owner), sessionId)
    await mkdir(folder, { recursive: true })
    const partial = path.join(folder, `result-${randomUUID()}.part`)
    // Never more than the target (or the input, when there is none) is accepted from a worker.
    const limit = job.data.targetBytes ?? job.data.inputBytes
    let received = 0
    let tooBig = false
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > limit && !tooBig) {
        tooBig = true
        stream.destroy(new Error('result over the limit'))
      }
    })
    try {
      await pipeline(stream, createWriteStream(partial, { flags: 'wx' }))
    } catch {
      await rm(partial, { force: true })
      if (tooBig) {
        await job.moveToFailed(new Error(`The result was over the ${describeSize(limit)} target.`), lockToken, false)
        await settleFailure(job)
        return fail(reply, 413, NEMO_CODES.fileTooLarge, 'The result is over the target.')
      }
      return fail(reply, 400, NEMO_CODES.unsupportedFile, 'The upload of the result broke off; send it again.')
    }
    const bytes = (await stat(partial)).size
    let problem: string | null = null
    let durationSeconds = 0
    const segment = job.data.segment
    try {
      const media = await probeMedia(config.ffprobePath, partial, bytes)
      durationSeconds = media.durationSeconds
      if (segment) {
        if (Math.abs(media.durationSeconds - (segment.end - segment.start)) > 0.25)
          problem = `The part is ${media.durationSeconds.toFixed(2)} s long, its range ${(segment.end - segment.start).toFixed(2)} s.`
      } else if (!hasExpectedLength(job.data.options, job.data.inputDurationSeconds, media.durationSeconds)) {
        const expected = keptDuration(job.data.options, job.data.inputDurationSeconds)
        problem = `The result is ${media.durationSeconds.toFixed(1)} s long, the ${expected < job.data.inputDurationSeconds ? 'part asked for' : 'original'} ${expected.toFixed(1)} s.`
      }
    } catch {
      problem = 'The result is not a playable video.'
    }
    if (problem) {
      await rm(partial, { force: true })
      await job.moveToFailed(new Error(problem), lockToken, false)
      await settleFailure(job)
      return fail(reply, 422, NEMO_CODES.unsupportedFile, problem)
    }
    if (segment) {
      // A part of a split file: kept for the joining job, which the flow runs when all are in.
      const partPath = path.join(folder, `part-${jobId}.mp4`)
      await rename(partial, partPath)
      const part = { start: segment.start, end: segment.end, videoKbps: segment.videoKbps }
      await job.moveToCompleted({ resultPath: partPath, bytes, durationSeconds, message: '', part }, lockToken, false)
      return ok({ accepted: true })
    }
    const finalPath = path.join(folder, `result-${jobId}.mp4`)
    await rename(partial, finalPath)
    const session = await store.session(sessionId, owner)
    const upload = session?.uploads.find((candidate) => candidate.id === job.data.uploadId)
    const message = `${describeSize(upload?.bytes ?? job.data.inputBytes)} → ${describeSize(bytes)}${job.data.targetBytes ? ` (under the ${describeSize(job.data.targetBytes)} target)` : ''}.`
    await store.updateSession(sessionId, owner, (current) => ({ ...current, result: { jobId, path: finalPath, bytes, durationSeconds, message } }))
    await store.settleCredits(owner, config.creditsPerJob, true)
    const result: CompressJobResult = { resultPath: finalPath, bytes, durationSeconds, message }
    await job.moveToCompleted(result, lockToken, false)
    return ok({ accepted: true })
  })

  app.post('/api/runner/jobs/:jobId/fail', async (request, reply) => {
    const { jobId } = request.params as { jobId: string }
    const body = failBody.safeParse(request.body)
    if (!body.success) return fail(reply, 422, NEMO_CODES.unsupportedFile, 'lockToken and message are required.')
    const job = await heldJob(jobId, body.data.lockToken)
    if (!job) return ok({ recorded: false })
    await job.moveToFailed(new Error(body.data.message), body.data.lockToken, false)
    await settleFailure(job)
    return ok({ recorded: true })
  })

  /** A worker that stops (Ctrl-C, SIGTERM) hands its job back for another one to take. */
  app.post('/api/runner/jobs/:jobId/release', async (request, reply) => {
    const { jobId } = request.params as { jobId: string }
    const body = releaseBody.safeParse(request.body)
    if (!body.success) return fail(reply, 422, NEMO_CODES.unsupportedFile, 'lockToken is required.')
    const job = await heldJob(jobId, body.data.lockToken)
    if (!job) return ok({ released: false })
    await job.moveToWait(body.data.lockToken)
    return ok({ released: true })
  })

  // --- Split files: the joining job runs here, where the parts are -------------------------

  const joinSplit = async (job: Job<CompressJobData, CompressJobResult>): Promise<CompressJobResult> => {
    const { owner, sessionId, split } = job.data
    const toolchain = config.toolchain
    if (!split || !toolchain) throw new Error('not a split file')
    const session = await store.session(sessionId, owner)
    const upload = session?.uploads.find((candidate) => candidate.id === job.data.uploadId)
    if (!upload) throw new Error('The input of this job is gone.')
    const parts: EncodedPart[] = Object.values(await job.getChildrenValues<CompressJobResult>())
      .flatMap((value) =>
        value.part
          ? [{ range: { start: value.part.start, end: value.part.end }, path: value.resultPath, videoKbps: value.part.videoKbps, bytes: value.bytes }]
          : []
      )
      .sort((a, b) => a.range.start - b.range.start)
    if (parts.length !== split.parts) throw new Error(`${parts.length} of the ${split.parts} parts came back.`)
    const last = parts.at(-1)
    const output = path.join(split.folder, 'joined.mp4')
    const check = await joinUnderTarget({
      toolchain,
      parts,
      audio: split.audioPath,
      source: upload.path,
      output,
      workFolder: split.folder,
      targetBytes: split.targetBytes,
      durationSeconds: split.durationSeconds,
      // Over the target: the largest part again, here, at the lowered rate.
      reencode: async (part, videoKbps) => {
        const redo = path.join(split.folder, `redo-${randomUUID()}.mp4`)
        const rate = { videoKbps, scaleShortSide: split.scaleShortSide, fpsCap: split.fpsCap }
        const bytes = await encodeSegment({
          toolchain,
          input: upload.path,
          options: job.data.options,
          range: part.range,
          isLast: part === last,
          rate,
          output: redo,
          workFolder: split.folder
        })
        return { range: part.range, path: redo, videoKbps, bytes }
      }
    })
    if (check.problem !== null) {
      await rm(split.folder, { recursive: true, force: true })
      throw new Error(`The joined parts did not keep the promise (${check.problem}), so no file was made. Try again with a slightly smaller target.`)
    }
    const finalPath = path.join(folderOf(owner), sessionId, `result-${String(job.id)}.mp4`)
    await rename(output, finalPath)
    await Promise.all([...parts.map((part) => rm(part.path, { force: true })), rm(split.folder, { recursive: true, force: true })])
    const message = `${describeSize(upload.bytes)} → ${describeSize(check.bytes)}${job.data.targetBytes ? ` (under the ${describeSize(job.data.targetBytes)} target)` : ''}, in ${parts.length} parts.`
    const jobId = String(job.id)
    await store.updateSession(sessionId, owner, (current) => ({
      ...current,
      result: { jobId, path: finalPath, bytes: check.bytes, durationSeconds: check.durationSeconds, message }
    }))
    await store.settleCreditsOnce(jobId, owner, config.creditsPerJob, true)
    return { resultPath: finalPath, bytes: check.bytes, durationSeconds: check.durationSeconds, message }
  }
  if (config.toolchain && config.split) {
    jobs.startJoiner(joinSplit, (job) => void store.settleCreditsOnce(String(job.id), job.data.owner, config.creditsPerJob, false).catch(() => undefined))
  }

  return app
}
