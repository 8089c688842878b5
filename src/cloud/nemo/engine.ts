// The NemoVideo cloud engine: the same CompressionEngine contract as the local ffmpeg engine
// (src/engine/types.ts), so the app's queue and the CLI can use either. One job, per issue #6
// and the protocol note: check the file (accepted format, <= 500 MB) before any upload; create a
// session; stream the file up as multipart `files`; send the request over `/run_sse`; read the
// state to find the draft; export it, poll the export and download the result to a hidden
// temporary file next to the original, then move it into place with the local jobs' naming
// rules (src/jobs/output.ts). Cancel works at every stage and never leaves a partial file.
import { createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Dispatcher } from 'undici'
import type { CompressOptions, CompressResult, JobPhase, JobProgress } from '../../shared/compression'
import { describeError, UserFacingError } from '../../shared/errors'
import { formatTimecode, hasTrim } from '../../shared/trim'
import { formatBytes } from '../../shared/units'
import { englishWords, progressWords, type Words } from '../../shared/words'
import { commitOutput, diskFull, prepareTempOutput, removePartial } from '../../jobs/output'
import type { CompressionEngine, CompressJobRequest, EngineNews } from '../../jobs/types'
import { isSessionNotFound, NemoClient, type NemoClientOptions, sleep } from './client'
import { ACCEPTED_UPLOAD_EXTENSIONS, ACCEPTED_VIDEO_EXTENSIONS, MAX_UPLOAD_BYTES, NEMO_PATHS, RENDER_EXTENSION } from './protocol'
import { DEFAULT_RENDER_TIMINGS, renderDraft, type FinishedRender, type RenderTimings } from './render'
import { formatCredits, type NemoCredits, type NemoSessionState } from './state'
import { routeNemoRequest, type NemoRoute } from './router'
import type { GuiAction } from './talk'
import { DEFAULT_TURN_TIMINGS, runMessageTurn, type TurnTimings } from './turn'
import { alreadySmallEnough, alreadyUnderTarget, resolveTargetBytes } from '../../shared/targets'
import { parseRequest } from '../../shared/request'
import { failedResult, skippedResult } from '../../jobs/results'

export interface NemoTimings extends TurnTimings, RenderTimings {
  /** Wait before the one retry after HTTP 429 (note: 30 s). */
  rateLimitRetryMs: number
  /** Answer headers / gaps between body chunks of ordinary requests and downloads. */
  requestTimeoutMs: number
  /** How long the upload endpoint may take to answer once the file is sent. */
  uploadAnswerTimeoutMs: number
  /** After a dropped stream: first state poll, later polls, and how many unchanged polls end it. */
  dropRecoveryFirstMs: number
  dropRecoveryNextMs: number
  dropRecoveryPolls: number
}

/** The protocol note's numbers. Tests pass short ones. */
export const DEFAULT_NEMO_TIMINGS: NemoTimings = {
  ...DEFAULT_TURN_TIMINGS,
  ...DEFAULT_RENDER_TIMINGS,
  rateLimitRetryMs: 30_000,
  requestTimeoutMs: 60_000,
  uploadAnswerTimeoutMs: 300_000,
  // The skill's recovery recipe: wait 30 s, then 60 s between checks, 5 unchanged checks.
  dropRecoveryFirstMs: 30_000,
  dropRecoveryNextMs: 60_000,
  dropRecoveryPolls: 5
}

/** The client's connection settings (described there), the engine's timings and clock. */
export interface NemoEngineConfig extends Pick<
  NemoClientOptions,
  'apiUrl' | 'webUrl' | 'token' | 'clientId' | 'clientIdStore' | 'appVersion' | 'platform' | 'dispatcher'
> {
  timings?: Partial<NemoTimings>
  /** Clock for render ids and elapsed times. */
  now?: () => number
}

export interface NemoEngine extends CompressionEngine {
  readonly client: NemoClient
  compress(request: CompressJobRequest): Promise<CompressResult>
  /** `GET /api/credits/balance/simple`. */
  credits(signal?: AbortSignal): Promise<NemoCredits>
  /** The session's state with its track summary. */
  state(sessionId: string, signal?: AbortSignal): Promise<NemoSessionState>
  /** A chat-like session where typed text is routed as the note says (see NemoConversation). */
  conversation(): NemoConversation
}

export interface NemoTurnInput {
  text: string
  /** A file given with the text (dropped, or a path on the command line): uploaded first. */
  file?: string | null
  /** Where an export goes; default beside the last uploaded file, else the current folder. */
  outputDir?: string | null
  signal?: AbortSignal
  onNews?: (news: EngineNews) => void
  onProgress?: (progress: JobProgress) => void
}

export interface NemoTurnResult {
  route: NemoRoute
  /** The project session, once there is one. */
  sessionId: string | null
  credits?: NemoCredits
  state?: NemoSessionState
  /** The exported file, when this turn exported (asked for, or the reply said "click Export"). */
  output?: string
}

/**
 * Typed text, routed as the protocol note's "Routing" table says: export, credits, status and
 * upload go straight to their endpoints (no SSE, no credits spent); anything else is a message.
 * Unlike `compress`, failures are thrown as UserFacingError.
 */
export interface NemoConversation {
  readonly sessionId: string | null
  handle(input: NemoTurnInput): Promise<NemoTurnResult>
}

/** A sentence for the agent from the structured options, when the user typed nothing. */
/**
 * The trim, shape and turn in sentences (issue 14) that NemoVideo's agent reads and our own
 * server's parser reads back to the same options (engine.test.ts checks the round trip).
 */
function describeEdits(options: CompressOptions): string[] {
  const parts: string[] = []
  if (options.trimStartFromEnd != null) parts.push(`Keep only the last ${formatTimecode(options.trimStartFromEnd)}.`)
  else if ((options.trimStart ?? 0) > 0) parts.push(`Start at ${formatTimecode(options.trimStart ?? 0)}.`)
  if (options.trimEndFromEnd != null && options.trimEndFromEnd > 0) parts.push(`Drop the last ${formatTimecode(options.trimEndFromEnd)}.`)
  else if (options.trimEnd != null) parts.push(`End at ${formatTimecode(options.trimEnd)}.`)
  if (options.trimPrecision === 'keyframe' && hasTrim(options)) parts.push('A quick cut on keyframes is fine.')
  if (options.rotate === 90) parts.push('Rotate it 90 degrees clockwise.')
  else if (options.rotate === 270) parts.push('Rotate it 90 degrees counterclockwise.')
  else if (options.rotate === 180) parts.push('Turn it upside down.')
  if (options.aspect != null) {
    const fit = options.fit ?? 'crop'
    parts.push(fit === 'crop' ? `Crop it to ${options.aspect}.` : `Make it ${options.aspect} with ${fit === 'pad' ? 'black bars' : 'a blurred background'}.`)
  }
  return parts
}

export function describeCompressRequest(options: CompressOptions): string {
  const edits = describeEdits(options)
  const parts = [
    edits.length > 0
      ? 'Compress this video and make the file smaller.'
      : 'Compress this video: keep its content and length unchanged and make the file smaller.',
    ...edits
  ]
  if (options.targetBytes) parts.push(`The file must be at most ${formatBytes(options.targetBytes)}.`)
  if (options.targetRatio) parts.push(`Make it about ${Math.round(options.targetRatio * 100)}% of the original size.`)
  if (options.resolution) parts.push(`Scale it to ${options.resolution}p.`)
  if (options.fps) parts.push(`Limit it to ${options.fps} frames per second.`)
  if (options.audio === 'remove') parts.push('Remove the audio.')
  if (options.quality === 'high') parts.push('Prefer quality over size.')
  if (options.quality === 'small') parts.push('Prefer a small file over quality.')
  // A Compress Video server sends this job to a worker with a graphics chip (server/routing.ts).
  if (options.hardware === 'on') parts.push('Encode it on a graphics chip (GPU).')
  return parts.join(' ')
}

type Say = (text: string) => void

interface JobContext {
  client: NemoClient
  timings: NemoTimings
  now: () => number
  signal?: AbortSignal
  say: Say
  /** No reply for a while: the row says it is still working, in its own language. */
  stillWorking: () => void
  /** The step as catalogue words (progress:cloud.*); the progress event carries them and their English. */
  report: (phase: JobPhase, percent: number, detail: Words) => void
}

/** Never lets a throwing UI callback break a job. */
function safe<T extends unknown[]>(callback: ((...args: T) => void) | undefined): (...args: T) => void {
  return (...args: T) => {
    try {
      callback?.(...args)
    } catch {
      // The job's outcome must not depend on how the UI handles an update.
    }
  }
}

async function checkInput(input: string, accepted: readonly string[] = ACCEPTED_VIDEO_EXTENSIONS): Promise<number> {
  let size: number
  try {
    const info = await stat(input)
    if (info.isDirectory()) throw new UserFacingError('is-directory', `${input} is a folder. Choose a video file.`)
    size = info.size
  } catch (error) {
    if (error instanceof UserFacingError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new UserFacingError('not-found', `${input} does not exist.`)
    throw new UserFacingError('unreadable', `Cannot read ${input} (${code ?? 'unknown error'}).`)
  }
  const extension = path.extname(input).slice(1).toLowerCase()
  if (!accepted.includes(extension)) {
    throw new UserFacingError(
      'unsupported-extension',
      `NemoVideo accepts ${accepted.join(', ')} files, not .${extension || '(no extension)'}. Use the local engine for this file.`
    )
  }
  if (size === 0) throw new UserFacingError('empty-file', `${input} is empty.`)
  if (size > MAX_UPLOAD_BYTES) {
    throw new UserFacingError(
      'too-large',
      `${path.basename(input)} is ${formatBytes(size)}; NemoVideo takes at most ${formatBytes(MAX_UPLOAD_BYTES)}. Compress or trim it with the local engine first.`
    )
  }
  return size
}

function draftKey(state: NemoSessionState): string {
  return JSON.stringify(state.draft ?? null)
}

/** Shows what the reply's GUI talk pointed at: the state, the timeline or the credits. */
async function performReplyActions(ctx: JobContext, sessionId: string, actions: readonly GuiAction[]): Promise<void> {
  if (actions.includes('state') || actions.includes('summary')) ctx.say((await ctx.client.getState(sessionId, ctx.signal)).summary)
  if (actions.includes('credits')) ctx.say(formatCredits(await ctx.client.getCredits(ctx.signal)))
}

/**
 * After a dropped stream: never re-send; poll the state until it differs from the one before
 * the message, or give up after the bounded number of unchanged polls.
 */
async function recoverFromDrop(ctx: JobContext, sessionId: string, before: NemoSessionState): Promise<NemoSessionState> {
  ctx.say('The connection to NemoVideo dropped; checking the project instead of sending the request again.')
  for (let poll = 1; poll <= ctx.timings.dropRecoveryPolls; poll++) {
    await sleep(poll === 1 ? ctx.timings.dropRecoveryFirstMs : ctx.timings.dropRecoveryNextMs, ctx.signal)
    const state = await ctx.client.getState(sessionId, ctx.signal)
    if (draftKey(state) !== draftKey(before) && state.readyToExport) return state
  }
  const waited = ctx.timings.dropRecoveryFirstMs + ctx.timings.dropRecoveryNextMs * (ctx.timings.dropRecoveryPolls - 1)
  throw new UserFacingError(
    'network',
    `The connection to NemoVideo dropped and the project did not change in the next ${Math.max(1, Math.round(waited / 60_000))} minutes. The request was not sent again (that could charge twice); try the job again later.`
  )
}

/** Sends the message and returns the state to export from. */
async function messageStage(ctx: JobContext, sessionId: string, text: string, before: NemoSessionState, onAccepted: () => void): Promise<NemoSessionState> {
  ctx.report('analysing', 32, progressWords('progress:cloud.working'))
  const outcome = await runMessageTurn(ctx.client, sessionId, text, {
    timings: ctx.timings,
    onMessage: ctx.say,
    onStillWorking: ctx.stillWorking,
    onAccepted,
    ...(ctx.signal ? { signal: ctx.signal } : {})
  })
  if (outcome.kind === 'dropped') return recoverFromDrop(ctx, sessionId, before)
  await performReplyActions(
    ctx,
    sessionId,
    outcome.actions.filter((action) => action !== 'export')
  )
  const after = await ctx.client.getState(sessionId, ctx.signal)
  if (outcome.replies === 0) {
    // About 30% of edits return no text: the state says what changed (note).
    ctx.say(
      draftKey(after) === draftKey(before)
        ? `NemoVideo replied without text and the project is unchanged. ${after.summary}`
        : `NemoVideo made its changes without a reply. ${after.summary}`
    )
  }
  return after
}

/** Downloads the render to `tempPath` (result URL, else the fallback path) with progress. */
async function downloadStage(ctx: JobContext, render: FinishedRender, tempPath: string): Promise<number> {
  const fallback = NEMO_PATHS.renderDownload(render.renderId)
  const targets = render.url ? [render.url, fallback] : [fallback]
  for (let index = 0; index < targets.length; index++) {
    const target = targets[index] as string
    let response: Dispatcher.ResponseData
    try {
      response = await ctx.client.openDownload(target, ctx.signal)
    } catch (error) {
      const cancelled = error instanceof UserFacingError && error.code === 'cancelled'
      if (cancelled || index === targets.length - 1) throw error
      continue
    }
    const header = Number(response.headers['content-length'])
    const total = Number.isFinite(header) && header > 0 ? header : null
    let received = 0
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length
        ctx.report(
          'finishing',
          85 + (total ? Math.min(1, received / total) * 14 : 0),
          total
            ? progressWords('progress:cloud.downloadedOf', { received: formatBytes(received), total: formatBytes(total) })
            : progressWords('progress:cloud.downloaded', { received: formatBytes(received) })
        )
        callback(null, chunk)
      }
    })
    try {
      await pipeline(response.body, counter, createWriteStream(tempPath, { flags: 'wx' }), ...(ctx.signal ? [{ signal: ctx.signal }] : []))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw diskFull(path.dirname(tempPath))
      throw ctx.client.transportError(error, { purpose: 'download the result from NemoVideo', ...(ctx.signal ? { signal: ctx.signal } : {}) })
    }
    if (total !== null && received !== total) {
      throw new UserFacingError('network', `The download from NemoVideo stopped early (${formatBytes(received)} of ${formatBytes(total)}). Try again.`)
    }
    if (received === 0) throw new UserFacingError('cloud', 'NemoVideo delivered an empty file. Try again later.')
    return received
  }
  throw new Error('unreachable: no download target')
}

/**
 * Export, poll and download the draft into `tempPath` (made by prepareTempOutput), then move it
 * to `<name>.compressed.mp4` beside `namingInput` (or in outputDir) with output.ts's rules.
 */
async function exportToFile(
  ctx: JobContext,
  sessionId: string,
  draft: unknown,
  target: { namingInput: string; outputDir: string | null; tempPath: string; newRenderId: () => string }
): Promise<{ output: string; outputBytes: number }> {
  ctx.report('encoding', 50, progressWords('progress:cloud.exporting'))
  const render = await renderDraft(ctx.client, sessionId, draft, {
    timings: ctx.timings,
    newRenderId: target.newRenderId,
    now: ctx.now,
    onNotice: ctx.say,
    onProgress: (percent) =>
      ctx.report(
        'encoding',
        50 + ((percent ?? 0) / 100) * 35,
        percent === null ? progressWords('progress:cloud.exporting') : progressWords('progress:cloud.exportingPercent', { percent: `${Math.round(percent)}%` })
      ),
    ...(ctx.signal ? { signal: ctx.signal } : {})
  })
  ctx.report('finishing', 85, progressWords('progress:cloud.downloading'))
  const outputBytes = await downloadStage(ctx, render, target.tempPath)
  const output = await commitOutput(target.tempPath, target.namingInput, RENDER_EXTENSION, target.outputDir)
  return { output, outputBytes }
}

export function createNemoEngine(config: NemoEngineConfig): NemoEngine {
  const timings: NemoTimings = { ...DEFAULT_NEMO_TIMINGS, ...config.timings }
  const now = config.now ?? Date.now
  const client = new NemoClient({
    clientIdStore: config.clientIdStore,
    appVersion: config.appVersion,
    apiUrl: config.apiUrl ?? null,
    webUrl: config.webUrl ?? null,
    token: config.token ?? null,
    clientId: config.clientId ?? null,
    platform: config.platform ?? null,
    rateLimitRetryMs: timings.rateLimitRetryMs,
    requestTimeoutMs: timings.requestTimeoutMs,
    uploadAnswerTimeoutMs: timings.uploadAnswerTimeoutMs,
    ...(config.dispatcher ? { dispatcher: config.dispatcher } : {})
  })
  let lastRenderStamp = 0
  // `render_<ts>`, unique even when two renders start in the same millisecond.
  const newRenderId = (): string => {
    lastRenderStamp = Math.max(now(), lastRenderStamp + 1)
    return `render_${lastRenderStamp}`
  }

  async function compress(request: CompressJobRequest): Promise<CompressResult> {
    const started = now()
    const input = path.resolve(request.input)
    const onProgress = safe(request.onProgress)
    const onNews = safe(request.onNews)
    let lastPercent = 0
    const report = (phase: JobPhase, percent: number, detail: Words): void => {
      // Percent never goes backwards, whatever retries happen underneath.
      lastPercent = Math.max(lastPercent, Math.min(100, Math.round(percent * 10) / 10))
      const progress: JobProgress = { phase, percent: lastPercent, speed: null, etaSeconds: null, detail: englishWords(detail), detailWords: detail }
      onProgress(progress)
    }
    const ctx: JobContext = {
      client,
      timings,
      now,
      say: (text) => onNews({ kind: 'reply', text: client.identity.redact(text) }),
      stillWorking: () => onNews({ kind: 'still-working' }),
      report,
      ...(request.signal ? { signal: request.signal } : {})
    }
    const changes: string[] = []
    let inputBytes: number | null = null
    let tempPath: string | null = null
    let committed = false
    try {
      if (request.signal?.aborted) throw new UserFacingError('cancelled', 'Cancelled.')
      report('checking', 0, progressWords('progress:checking'))
      inputBytes = await checkInput(input)
      // Already under the target with nothing else asked (by the options or the typed words):
      // nothing to upload and nothing to pay for; next to the original nothing is written, as
      // with the local engine. Into a chosen output folder it goes to NemoVideo as before.
      const words = request.text?.trim() ? parseRequest(request.text) : null
      const wordsAskOnlyCompression = words === null || (words.intent === 'compress' && words.details.cloudOnly.length === 0)
      if (!request.outputDir && wordsAskOnlyCompression && alreadySmallEnough(request.options, inputBytes)) {
        report('finishing', 100, progressWords('progress:done'))
        const target = resolveTargetBytes(request.options, inputBytes) ?? inputBytes
        return skippedResult(
          { input, inputBytes, changes, elapsedMs: now() - started },
          `${alreadyUnderTarget(target, inputBytes)}: nothing to do, the original is kept as it is (nothing was sent to NemoVideo).`
        )
      }
      tempPath = await prepareTempOutput(input, RENDER_EXTENSION, request.outputDir)
      if (request.options.container && request.options.container !== RENDER_EXTENSION) {
        changes.push(`NemoVideo delivers H.264 MP4, so the result is .mp4 instead of .${request.options.container}`)
      }
      const text = request.text?.trim() || describeCompressRequest(request.options)
      const size = inputBytes

      let state: NemoSessionState | null = null
      let sessionId = ''
      for (let attempt = 1; state === null; attempt++) {
        let accepted = false
        try {
          report('checking', 1, progressWords('progress:cloud.creating'))
          sessionId = (await client.createSession(ctx.signal)).sessionId
          await client.uploadFile(sessionId, input, {
            size,
            ...(ctx.signal ? { signal: ctx.signal } : {}),
            onProgress: (sent, total) =>
              report(
                'copying',
                2 + (total > 0 ? (sent / total) * 28 : 28),
                progressWords('progress:cloud.uploading', { sent: formatBytes(sent), total: formatBytes(total) })
              )
          })
          const before = await client.getState(sessionId, ctx.signal)
          state = await messageStage(ctx, sessionId, text, before, () => {
            accepted = true
          })
        } catch (error) {
          // 1002: a new session and one retry, but only while the message has not been
          // accepted: after that a retry would run (and charge) the request twice.
          if (attempt === 1 && !accepted && isSessionNotFound(error)) {
            ctx.say('NemoVideo lost the project session; starting a new one.')
            continue
          }
          throw error
        }
      }

      if (!state.readyToExport) {
        throw new UserFacingError(
          'cloud',
          'NemoVideo did not put anything on the timeline, so there is nothing to export. Try wording the request differently.'
        )
      }
      const exported = await exportToFile(ctx, sessionId, state.draft, { namingInput: input, outputDir: request.outputDir ?? null, tempPath, newRenderId })
      const { output, outputBytes } = exported
      committed = true
      report('finishing', 100, progressWords('progress:done'))
      changes.push(`Processed by NemoVideo (session ${sessionId})`)
      const saved = inputBytes > 0 ? Math.round((1 - outputBytes / inputBytes) * 100) : 0
      const message =
        outputBytes < inputBytes
          ? `Compressed with NemoVideo: ${formatBytes(inputBytes)} → ${formatBytes(outputBytes)} (${saved}% smaller).`
          : `NemoVideo finished, but the result (${formatBytes(outputBytes)}) is not smaller than the original (${formatBytes(inputBytes)}).`
      return { status: 'done', input, output, inputBytes, outputBytes, message, changes, elapsedMs: now() - started }
    } catch (error) {
      const described = request.signal?.aborted ? { code: 'cancelled' as const, message: 'Cancelled.' } : describeError(error)
      return failedResult(
        { input, inputBytes, changes, elapsedMs: now() - started },
        { code: described.code, message: client.identity.redact(described.message) }
      )
    } finally {
      if (!committed) await removePartial(tempPath)
    }
  }

  function conversation(): NemoConversation {
    let sessionId: string | null = null
    let lastFile: string | null = null

    async function handle(input: NemoTurnInput): Promise<NemoTurnResult> {
      const onNews = safe(input.onNews)
      const onProgress = safe(input.onProgress)
      const ctx: JobContext = {
        client,
        timings,
        now,
        say: (text) => onNews({ kind: 'reply', text: client.identity.redact(text) }),
        stillWorking: () => onNews({ kind: 'still-working' }),
        report: (phase, percent, detail) =>
          onProgress({ phase, percent: Math.min(100, percent), speed: null, etaSeconds: null, detail: englishWords(detail), detailWords: detail }),
        ...(input.signal ? { signal: input.signal } : {})
      }
      const route = routeNemoRequest(input.text, { fileGiven: Boolean(input.file) })
      const result = (extra: Partial<NemoTurnResult> = {}): NemoTurnResult => ({ route, sessionId, ...extra })
      const ensureSession = async (): Promise<string> => {
        sessionId ??= (await client.createSession(ctx.signal)).sessionId
        return sessionId
      }
      const forgetLostSession = (error: unknown): never => {
        if (isSessionNotFound(error)) sessionId = null
        throw error
      }

      const exportNow = async (id: string, draft: unknown): Promise<string> => {
        const namingInput = lastFile ?? path.join(path.resolve(input.outputDir ?? '.'), `nemovideo-${id}.mp4`)
        const tempPath = await prepareTempOutput(namingInput, RENDER_EXTENSION, input.outputDir)
        let committed = false
        try {
          const { output } = await exportToFile(ctx, id, draft, { namingInput, outputDir: input.outputDir ?? null, tempPath, newRenderId })
          committed = true
          ctx.say(`✅ Saved ${output}`)
          return output
        } finally {
          if (!committed) await removePartial(tempPath)
        }
      }

      try {
        switch (route) {
          case 'credits': {
            const credits = await client.getCredits(ctx.signal)
            ctx.say(formatCredits(credits))
            return result({ credits })
          }
          case 'status': {
            if (!sessionId) {
              ctx.say('There is no NemoVideo project yet: send a file or a request first.')
              return result()
            }
            const state = await client.getState(sessionId, ctx.signal)
            ctx.say(state.summary)
            return result({ state })
          }
          case 'export': {
            const state = sessionId ? await client.getState(sessionId, ctx.signal) : null
            if (!sessionId || !state?.readyToExport) {
              ctx.say('There is nothing on the timeline to export yet: send a file or a request first.')
              return result(state ? { state } : {})
            }
            return result({ state, output: await exportNow(sessionId, state.draft) })
          }
          case 'upload': {
            if (!input.file) {
              ctx.say(`Give a file to upload (${ACCEPTED_UPLOAD_EXTENSIONS.join(', ')}).`)
              return result()
            }
            const file = path.resolve(input.file)
            const size = await checkInput(file, ACCEPTED_UPLOAD_EXTENSIONS)
            const id = await ensureSession()
            await client.uploadFile(id, file, {
              size,
              ...(ctx.signal ? { signal: ctx.signal } : {}),
              onProgress: (sent, total) =>
                ctx.report(
                  'copying',
                  total > 0 ? (sent / total) * 100 : 100,
                  progressWords('progress:cloud.uploading', { sent: formatBytes(sent), total: formatBytes(total) })
                )
            })
            lastFile = file
            ctx.say(`Uploaded ${path.basename(file)}.`)
            // Text beyond the upload itself is a request about the file.
            if (routeNemoRequest(input.text) !== 'message' || input.text.trim() === '') return result()
            break
          }
          case 'message':
            break
        }

        const id = await ensureSession()
        const before = await client.getState(id, ctx.signal)
        const outcome = await runMessageTurn(client, id, input.text, {
          timings,
          onMessage: ctx.say,
          onStillWorking: ctx.stillWorking,
          ...(ctx.signal ? { signal: ctx.signal } : {})
        })
        const state = outcome.kind === 'dropped' ? await recoverFromDrop(ctx, id, before) : await client.getState(id, ctx.signal)
        if (outcome.kind === 'completed') {
          await performReplyActions(
            ctx,
            id,
            outcome.actions.filter((action) => action !== 'export')
          )
          if (outcome.replies === 0)
            ctx.say(draftKey(state) === draftKey(before) ? `No reply and no change. ${state.summary}` : `Done without a reply. ${state.summary}`)
          // "Export button" in a reply: the client runs the export itself (note, GUI talk).
          if (outcome.actions.includes('export') && state.readyToExport) return result({ state, output: await exportNow(id, state.draft) })
        }
        return result({ state })
      } catch (error) {
        return forgetLostSession(error)
      }
    }

    return {
      get sessionId() {
        return sessionId
      },
      handle
    }
  }

  return {
    client,
    compress,
    conversation,
    credits: (signal) => client.getCredits(signal),
    state: (sessionId, signal) => client.getState(sessionId, signal)
  }
}
