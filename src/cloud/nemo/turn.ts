// One message turn over `/run_sse` (protocol note, "The SSE stream of /run_sse"): show text
// replies after GUI-talk translation, never tool calls; on heartbeats keep waiting and say that
// it is still working every 2 minutes (onStillWorking); at most 15 minutes per message, and 10 minutes with
// nothing but heartbeats is a timeout. A dropped stream is reported, never re-sent: the caller
// polls the state instead (re-sending duplicates the job and charges twice).
import { UserFacingError } from '../../shared/errors'
import { cancelledError, type NemoClient } from './client'
import { readNemoEvents } from './sse'
import { isTemporaryIssueNotice, translateGuiTalk, type GuiAction } from './talk'

export interface TurnTimings {
  /** "Still working" cadence (note: every 2 minutes). */
  stillWorkingEveryMs: number
  /** Whole turn limit (note: 15 minutes per message). */
  messageTimeoutMs: number
  /** Heartbeats-only limit (note: 10 minutes). */
  heartbeatOnlyTimeoutMs: number
}

export const DEFAULT_TURN_TIMINGS: TurnTimings = { stillWorkingEveryMs: 120_000, messageTimeoutMs: 900_000, heartbeatOnlyTimeoutMs: 600_000 }

export interface TurnOptions {
  timings: TurnTimings
  signal?: AbortSignal
  /** Each translated reply, for the job's row. */
  onMessage: (text: string) => void
  /** No reply for a while (every stillWorkingEveryMs): the row says it is still working. */
  onStillWorking: () => void
  /** Called once the service has accepted the message (the stream is open). */
  onAccepted?: () => void
}

export type TurnOutcome =
  /** The stream closed normally. `replies` counts text replies, even ones that were all GUI talk. */
  | { kind: 'completed'; replies: number; actions: GuiAction[] }
  /** The connection broke mid-turn: poll the state, never re-send. */
  | { kind: 'dropped' }

export async function runMessageTurn(client: NemoClient, sessionId: string, text: string, options: TurnOptions): Promise<TurnOutcome> {
  const { timings, signal } = options
  if (signal?.aborted) throw cancelledError()
  const controller = new AbortController()
  const abortFromJob = (): void => controller.abort()
  signal?.addEventListener('abort', abortFromJob, { once: true })
  let timedOut: 'message' | 'heartbeats' | null = null
  const timeout = (which: 'message' | 'heartbeats') => (): void => {
    timedOut = which
    controller.abort()
  }
  const messageTimer = setTimeout(timeout('message'), timings.messageTimeoutMs)
  let heartbeatTimer = setTimeout(timeout('heartbeats'), timings.heartbeatOnlyTimeoutMs)
  const resetHeartbeatTimer = (): void => {
    clearTimeout(heartbeatTimer)
    heartbeatTimer = setTimeout(timeout('heartbeats'), timings.heartbeatOnlyTimeoutMs)
  }
  let stillWorkingTimer: NodeJS.Timeout | null = null
  const scheduleStillWorking = (): void => {
    if (stillWorkingTimer) clearTimeout(stillWorkingTimer)
    stillWorkingTimer = setTimeout(() => {
      options.onStillWorking()
      scheduleStillWorking()
    }, timings.stillWorkingEveryMs)
  }

  const actions: GuiAction[] = []
  let replies = 0
  let held: string | null = null
  let partial = ''
  const show = (reply: string): void => {
    replies++
    const translated = translateGuiTalk(reply)
    for (const action of translated.actions) if (!actions.includes(action)) actions.push(action)
    if (translated.text !== '') {
      options.onMessage(client.identity.redact(translated.text))
      scheduleStillWorking()
    }
  }
  // Each reply is held until the next one (or the end) so a trailing "I encountered a temporary
  // issue" after normal replies can be dropped, as the note asks.
  const pushReply = (reply: string): void => {
    if (held !== null) show(held)
    held = reply
  }

  const failure = (error: unknown): UserFacingError | null => {
    if (signal?.aborted) return cancelledError()
    if (timedOut === 'message')
      return new UserFacingError(
        'cloud',
        `NemoVideo did not finish within ${minutes(timings.messageTimeoutMs)}, the most one request may take. Try a simpler request or try again later.`
      )
    if (timedOut === 'heartbeats')
      return new UserFacingError(
        'cloud',
        `NemoVideo kept saying it was busy for ${minutes(timings.heartbeatOnlyTimeoutMs)} without any progress, so the job was stopped. Try again later.`
      )
    return error instanceof UserFacingError && error.code !== 'network' ? error : null
  }

  scheduleStillWorking()
  try {
    let response
    try {
      response = await client.openMessageStream(sessionId, text, controller.signal)
    } catch (error) {
      throw failure(error) ?? error
    }
    options.onAccepted?.()
    try {
      for await (const event of readNemoEvents(response.body)) {
        switch (event.kind) {
          case 'heartbeat':
          case 'ignored':
            break
          case 'text':
            resetHeartbeatTimer()
            if (event.partial) {
              // Partial chunks carry only new text and are followed by one whole event.
              partial += event.text
            } else {
              partial = ''
              pushReply(event.text)
            }
            break
          case 'tool':
          case 'other':
            resetHeartbeatTimer()
            break
          case 'error':
            throw await client.streamError(event.code, event.message)
        }
      }
    } catch (error) {
      response.body.destroy()
      const known = failure(error)
      if (known) throw known
      return { kind: 'dropped' }
    }
    if (partial !== '') pushReply(partial)
    if (held !== null) {
      const last: string = held
      if (!(replies > 0 && isTemporaryIssueNotice(last))) show(last)
    }
    return { kind: 'completed', replies, actions }
  } finally {
    clearTimeout(messageTimer)
    clearTimeout(heartbeatTimer)
    if (stillWorkingTimer) clearTimeout(stillWorkingTimer)
    signal?.removeEventListener('abort', abortFromJob)
  }
}

function minutes(ms: number): string {
  const value = ms / 60_000
  if (value >= 1) return `${Math.round(value)} minute${Math.round(value) === 1 ? '' : 's'}`
  return `${Math.max(1, Math.round(ms / 1000))} seconds`
}
