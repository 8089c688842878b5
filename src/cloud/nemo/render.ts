// Export ("render") of a session's draft and the wait for its result (protocol note, "Endpoints":
// export, export status). The POST answers and the status answers come in three shapes across
// versions, all accepted here:
//   1. {"status":"completed","output":{"url":"..."}}
//   2. {"taskId":..,"status":..,"progress":50,"output":{"url","duration","size"}}
//   3. {"success":true,"data":{"status":..,"outputUrl":..,"createdAt":..,"completedAt":..}}
// Polling starts after ~2 s and backs off to 30 s; the total wait is bounded (the note documents
// 10 polls of 30 s or 30 of 10 s, both 5 minutes; we allow 10 minutes by default). "On failure:
// new id, retry once".
import { UserFacingError } from '../../shared/errors'
import { NemoApiError, sleep, type NemoClient } from './client'
import { NEMO_CODES } from './protocol'
import { isObject, type JsonObject } from './json'

export type RenderPhase = 'pending' | 'processing' | 'completed' | 'failed'

export interface RenderStatus {
  status: RenderPhase
  /** 0..100 when the service says. */
  progress: number | null
  /** Where the finished file is; null means "use the fallback download path". */
  url: string | null
  error: string | null
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null
}

const COMPLETED = new Set(['completed', 'complete', 'succeeded', 'success', 'done', 'finished'])
const FAILED = new Set(['failed', 'failure', 'error', 'cancelled', 'canceled'])
const PROCESSING = new Set(['processing', 'rendering', 'running', 'in_progress', 'started'])

/** Reads any of the three documented shapes (the client has already removed envelopes). */
export function parseRenderStatus(body: unknown): RenderStatus {
  let root: JsonObject = isObject(body) ? body : {}
  // A `data` wrapper the envelope reader did not recognise (no success/code field).
  if (root.status === undefined && isObject(root.data)) root = root.data
  const rawStatus = nonEmpty(root.status)?.toLowerCase() ?? 'pending'
  const status: RenderPhase = COMPLETED.has(rawStatus) ? 'completed' : FAILED.has(rawStatus) ? 'failed' : PROCESSING.has(rawStatus) ? 'processing' : 'pending'
  const output = isObject(root.output) ? root.output : null
  const url =
    nonEmpty(output?.url) ??
    nonEmpty(root.outputUrl) ??
    nonEmpty(root.output_url) ??
    nonEmpty(root.url) ??
    nonEmpty(root.downloadUrl) ??
    nonEmpty(typeof root.output === 'string' ? root.output : null)
  const rawProgress = typeof root.progress === 'number' ? root.progress : typeof root.progress === 'string' ? Number(root.progress) : NaN
  const progress = Number.isFinite(rawProgress) ? Math.max(0, Math.min(100, rawProgress)) : null
  const error = nonEmpty(root.error) ?? (isObject(root.error) ? nonEmpty(root.error.message) : null) ?? nonEmpty(root.message)
  return { status, progress: status === 'completed' ? 100 : progress, url, error }
}

export interface RenderTimings {
  /** First status poll after this (note: "start ~2 s"). */
  firstPollMs: number
  /** Back-off ceiling ("back off to 30 s"). */
  maxPollMs: number
  /** Give up after this much waiting for one render. */
  timeoutMs: number
}

export const DEFAULT_RENDER_TIMINGS: RenderTimings = { firstPollMs: 2_000, maxPollMs: 30_000, timeoutMs: 600_000 }

export interface RenderOptions {
  timings: RenderTimings
  /** `render_<ts>`; called again for the retry, and must give a new id. */
  newRenderId: () => string
  signal?: AbortSignal
  /** Render progress 0..100 (null when the service does not say). */
  onProgress?: (percent: number | null) => void
  /** Text for the user, e.g. that the export is retried. */
  onNotice?: (text: string) => void
  now?: () => number
}

export interface FinishedRender {
  renderId: string
  url: string | null
}

class RenderFailedError extends UserFacingError {
  constructor(reason: string | null) {
    super('cloud', `NemoVideo could not export the video${reason ? ` (${reason})` : ''}. Try again later.`)
  }
}

/** Errors after which a second render with a new id may help (not plan, credits or auth). */
function worthRetrying(error: unknown): boolean {
  if (error instanceof RenderFailedError) return true
  if (!(error instanceof NemoApiError) || error.code !== 'cloud') return false
  if (error.httpStatus === 402 || error.httpStatus === 429) return false
  return error.nemoCode !== NEMO_CODES.noCredits && error.nemoCode !== NEMO_CODES.badToken && error.nemoCode !== NEMO_CODES.sessionNotFound
}

export async function renderDraft(client: NemoClient, sessionId: string, draft: unknown, options: RenderOptions): Promise<FinishedRender> {
  for (let attempt = 1; ; attempt++) {
    const renderId = options.newRenderId()
    try {
      await client.startRender(renderId, sessionId, draft, options.signal)
      return await waitForRender(client, renderId, options)
    } catch (error) {
      if (attempt >= 2 || !worthRetrying(error)) throw error
      options.onNotice?.('The export failed on NemoVideo; trying once more.')
    }
  }
}

/** Polls one render until it completes, fails or the bounded wait is over. */
export async function waitForRender(client: NemoClient, renderId: string, options: RenderOptions): Promise<FinishedRender> {
  const now = options.now ?? Date.now
  const started = now()
  let wait = options.timings.firstPollMs
  let transientFailures = 0
  for (;;) {
    const remaining = options.timings.timeoutMs - (now() - started)
    if (remaining <= 0) {
      throw new UserFacingError(
        'cloud',
        `NemoVideo did not finish the export within ${Math.round(options.timings.timeoutMs / 60_000) || 1} minutes. Try again later.`
      )
    }
    await sleep(Math.min(wait, remaining), options.signal)
    wait = Math.min(wait * 2, options.timings.maxPollMs)
    let status: RenderStatus
    try {
      status = parseRenderStatus(await client.getRenderStatus(renderId, options.signal))
      transientFailures = 0
    } catch (error) {
      // A blip while polling should not throw away a render in progress: allow a few in a row.
      const transient = error instanceof UserFacingError && (error.code === 'network' || (error instanceof NemoApiError && (error.httpStatus ?? 0) >= 500))
      if (!transient || ++transientFailures > 3) throw error
      continue
    }
    if (status.status === 'failed') throw new RenderFailedError(status.error)
    if (status.status === 'completed') return { renderId, url: status.url }
    options.onProgress?.(status.progress)
  }
}
