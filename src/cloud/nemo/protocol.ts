// Constants of the NemoVideo cloud protocol. Every value here comes from
// ../shared/docs/nemo-protocol.md (tags there: [doc], [adk], [inferred]); keep them in one place so
// the client, the engine and the loopback test server cannot drift apart.

/** Production API; overridable (`NEMO_API_URL`). Protocol note, "Base and headers". */
export const DEFAULT_API_URL = 'https://mega-api-prod.nemovideo.ai'
/** Web app, used for registration and top-up links (`NEMO_WEB_URL`). */
export const DEFAULT_WEB_URL = 'https://nemovideo.com'

/** Value of `X-Skill-Source`: the client's name. */
export const SKILL_SOURCE = 'compress-video'
/** `X-Skill-Platform` when the platform is not known (protocol note: "`unknown` as fallback"). */
export const UNKNOWN_PLATFORM = 'unknown'

export const ATTRIBUTION_HEADERS = {
  source: 'x-skill-source',
  version: 'x-skill-version',
  platform: 'x-skill-platform'
} as const
export const CLIENT_ID_HEADER = 'x-client-id'

/** The ADK app the agent runs under; user `me` lets the backend resolve the user from the token. */
export const APP_NAME = 'nemo_agent'
export const USER_ME = 'me'

export const NEMO_PATHS = {
  anonymousToken: '/api/auth/anonymous-token',
  createSession: `/api/tasks/me/with-session/${APP_NAME}`,
  runSse: '/run_sse',
  upload: (sessionId: string): string => `/api/upload-video/${APP_NAME}/${USER_ME}/${encodeURIComponent(sessionId)}`,
  state: (sessionId: string): string => `/api/state/${APP_NAME}/${USER_ME}/${encodeURIComponent(sessionId)}/latest`,
  credits: '/api/credits/balance/simple',
  render: '/api/render/proxy/lambda',
  renderStatus: (renderId: string): string => `/api/render/proxy/lambda/${encodeURIComponent(renderId)}`,
  renderDownload: (renderId: string): string => `/api/render/proxy/${encodeURIComponent(renderId)}/download`
} as const

/** Envelope `code` values of the note's error table. */
export const NEMO_CODES = {
  ok: 0,
  badToken: 1001,
  sessionNotFound: 1002,
  noCredits: 2001,
  unsupportedFile: 4001,
  fileTooLarge: 4002
} as const

/** Everything the upload endpoint accepts (protocol note, last lines). */
export const ACCEPTED_UPLOAD_EXTENSIONS = ['mp4', 'mov', 'avi', 'webm', 'mkv', 'jpg', 'png', 'gif', 'webp', 'mp3', 'wav', 'm4a', 'aac'] as const
/** The subset a compression job can start from: the video formats of the accepted list. */
export const ACCEPTED_VIDEO_EXTENSIONS = ['mp4', 'mov', 'avi', 'webm', 'mkv'] as const

/**
 * "Max 500 MB". Decimal like the rest of the app (shared/units.ts), which is also the smaller
 * reading, so a file we let through is never refused by the service for size.
 */
export const MAX_UPLOAD_BYTES = 500_000_000

/** Client ids are "any stable string <= 64 chars" and travel in a header. */
export const MAX_CLIENT_ID_LENGTH = 64

/** The rendered output is always an H.264 MP4 (protocol note, last line). */
export const RENDER_EXTENSION = 'mp4'
export const RENDER_OUTPUT = { format: 'mp4', quality: 'high' } as const
