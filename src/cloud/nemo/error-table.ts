// The protocol note's error table ("Errors"): envelope codes and HTTP statuses of NemoVideo's
// answers, turned into UserFacingErrors whose sentences say what to do. 1001 and 429 are retried
// by the transport first (transport.ts); what reaches this table is what is left to tell people.
// Server texts are passed through `identity.redact` before they are used: never a token in a message.
import { UserFacingError, type ErrorCode } from '../../shared/errors'
import type { NemoIdentity } from './identity'
import { ACCEPTED_UPLOAD_EXTENSIONS, MAX_UPLOAD_BYTES, NEMO_CODES } from './protocol'

/** An error answer of the API, with the note's code and the HTTP status for callers that react. */
export class NemoApiError extends UserFacingError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly nemoCode: number | null,
    readonly httpStatus: number | null
  ) {
    super(code, message)
  }
}

export function isSessionNotFound(error: unknown): error is NemoApiError {
  return error instanceof NemoApiError && error.nemoCode === NEMO_CODES.sessionNotFound
}

/** An error answer as read off the wire: HTTP status, envelope code and the server's own words. */
export interface Failure {
  httpStatus: number
  nemoCode: number | null
  serverMessage: string | null
}

/** Who the user is and where to send them: the messages differ for anonymous and registered users. */
export interface ErrorTableContext {
  identity: Pick<NemoIdentity, 'isAnonymous' | 'clientId' | 'redact'>
  /** `NEMO_WEB_URL`: registration and top-up links. */
  webUrl: string
}

/** The note's error table, as messages that say what to do. `purpose` completes "Could not <purpose>". */
export async function failureError(failure: Failure, purpose: string, context: ErrorTableContext): Promise<NemoApiError> {
  const { identity, webUrl } = context
  const detail = failure.serverMessage ? identity.redact(failure.serverMessage) : null
  const make = (code: ErrorCode, message: string): NemoApiError => new NemoApiError(code, message, failure.nemoCode, failure.httpStatus)
  const sessionGone = failure.nemoCode === NEMO_CODES.sessionNotFound || (failure.httpStatus === 404 && /session not found/i.test(failure.serverMessage ?? ''))
  if (sessionGone) {
    return new NemoApiError(
      'cloud',
      'The NemoVideo project session was not found (it may have expired). Run the job again.',
      NEMO_CODES.sessionNotFound,
      failure.httpStatus
    )
  }
  switch (failure.nemoCode) {
    case NEMO_CODES.badToken:
      return make(
        'cloud',
        identity.isAnonymous
          ? 'NemoVideo did not accept a fresh sign-in token. Try again later.'
          : 'NemoVideo refused your NEMO_TOKEN (invalid, expired or revoked). Create a new token in your NemoVideo account and set NEMO_TOKEN again, or remove it to use a free anonymous token.'
      )
    case NEMO_CODES.noCredits:
      if (identity.isAnonymous) {
        const clientId = await identity.clientId()
        return make(
          'cloud',
          `You have no NemoVideo credits left. Register at ${webUrl}?bind=${encodeURIComponent(clientId)} to keep your projects and get more credits, then try again.`
        )
      }
      return make('cloud', `You have no NemoVideo credits left. Top up your credits at ${webUrl} and try again.`)
    case NEMO_CODES.unsupportedFile:
      return make('unsupported-extension', `NemoVideo does not accept this file type. Supported formats: ${ACCEPTED_UPLOAD_EXTENSIONS.join(', ')}.`)
    case NEMO_CODES.fileTooLarge:
      return make(
        'too-large',
        `The file is too large for NemoVideo (at most ${MAX_UPLOAD_BYTES / 1e6} MB). Compress or trim it with the local engine first, then try again.`
      )
    default:
      break
  }
  if (failure.httpStatus === 402) {
    return make('cloud', `Your NemoVideo plan does not allow export. Register or upgrade your plan at ${webUrl} to unlock export.`)
  }
  if (failure.httpStatus === 429) {
    return make('cloud', 'NemoVideo is limiting how often this computer may ask (HTTP 429). Wait a few minutes and try again.')
  }
  if (failure.httpStatus === 401 || failure.httpStatus === 403) {
    return make('cloud', `NemoVideo refused access while trying to ${purpose} (HTTP ${failure.httpStatus}). Check your NemoVideo account or token.`)
  }
  if (failure.httpStatus >= 500) {
    return make('cloud', `Could not ${purpose}: NemoVideo had a server problem (HTTP ${failure.httpStatus}). Try again later.`)
  }
  const code = failure.nemoCode !== null ? `error ${failure.nemoCode}` : `HTTP ${failure.httpStatus}`
  return make('cloud', `Could not ${purpose}: NemoVideo answered ${code}${detail ? ` (${detail})` : ''}.`)
}

/** The codes of the table that an error event inside the SSE stream may carry. */
const TABLE_CODES: readonly number[] = [
  NEMO_CODES.badToken,
  NEMO_CODES.sessionNotFound,
  NEMO_CODES.noCredits,
  NEMO_CODES.unsupportedFile,
  NEMO_CODES.fileTooLarge
]

/**
 * An error event inside the SSE stream (`data: {"error":..}` or `errorCode`/`errorMessage`).
 * Codes of the note's table get its messages; nothing is retried (a message is never re-sent).
 */
export async function streamEventError(code: string | null, message: string, context: ErrorTableContext): Promise<UserFacingError> {
  const nemoCode = code !== null && /^\d+$/.test(code.trim()) ? Number(code) : null
  if (nemoCode !== null && TABLE_CODES.includes(nemoCode)) {
    return failureError({ httpStatus: 200, nemoCode, serverMessage: message }, 'finish the request on NemoVideo', context)
  }
  return new NemoApiError(
    'cloud',
    `NemoVideo could not finish the request: ${context.identity.redact(message)}. Try again, perhaps with different wording.`,
    nemoCode,
    null
  )
}
