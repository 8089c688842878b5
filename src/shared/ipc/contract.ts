// The one IPC contract between the main process, the preload bridge and the renderer (issue #4,
// docs/style.md "One IPC contract"). Every invoke channel is `domain:action`, has a zod schema for
// its arguments (main re-validates everything that crosses the bridge) and a result type; push
// events from main have their own map. window.api is generated from it (bridge.ts), so a message
// exists in exactly one place. Pure data and types: no Node or Electron APIs (the renderer and the
// sandboxed preload import this file).
import { z } from 'zod'
import {
  ASPECTS,
  CONTAINERS,
  FITS,
  HARDWARE_PREFERENCES,
  QUALITY_FLOORS,
  QUALITY_LABELS,
  QUALITY_PREFERENCES,
  ROTATIONS,
  TRIM_PRECISIONS,
  VIDEO_CODECS
} from '../compression'
// Issue 17 §1, on its own line to keep merges with the other option additions simple.
import { SPEED_PREFERENCES } from '../compression'
import type { CompressOptions, JobProgress, QualityScore } from '../compression'
import { LANGUAGE_SETTINGS } from '../i18n/languages'
import { MAX_CONCURRENCY, SETTINGS_VERSION } from './limits'
import { wordsSchema, type Words } from '../words'

// ---------------------------------------------------------------------------------------------
// Data that crosses the bridge
// ---------------------------------------------------------------------------------------------

export const JOB_STATES = ['queued', 'running', 'done', 'skipped', 'failed', 'cancelled'] as const
export type JobState = (typeof JOB_STATES)[number]

export const FINISHED_STATES: readonly JobState[] = ['done', 'skipped', 'failed', 'cancelled']

/** Options as they cross the bridge or come back from storage (handlers and the saved queue check them). */
export const compressOptionsSchema = z
  .object({
    targetBytes: z.number().positive().nullish(),
    targetRatio: z.number().gt(0).lt(1).nullish(),
    resolution: z.number().int().positive().nullish(),
    fps: z.number().positive().nullish(),
    container: z.enum(CONTAINERS).nullish(),
    videoCodec: z.enum(VIDEO_CODECS).nullish(),
    audio: z.enum(['keep', 'remove']).nullish(),
    quality: z.enum(QUALITY_PREFERENCES).nullish(),
    hardware: z.enum(HARDWARE_PREFERENCES).nullish(),
    // Issue #12: the quality floor with the size target (a named level, or an SSIM or VMAF value).
    minQuality: z.union([z.enum(QUALITY_FLOORS), z.number().gt(0).lte(100)]).nullish(),
    allowBelowFloor: z.boolean().nullish(),
    // Issue 17 §1: the encoding effort.
    speed: z.enum(SPEED_PREFERENCES).nullish(),
    // Issue 14: a queued or saved job keeps its trim, shape and turn.
    trimStart: z.number().nonnegative().nullish(),
    trimEnd: z.number().positive().nullish(),
    trimStartFromEnd: z.number().positive().nullish(),
    trimEndFromEnd: z.number().nonnegative().nullish(),
    trimPrecision: z.enum(TRIM_PRECISIONS).nullish(),
    aspect: z.enum(ASPECTS).nullish(),
    fit: z.enum(FITS).nullish(),
    rotate: z.union(ROTATIONS.map((angle) => z.literal(angle))).nullish()
  })
  // A point is said from the start or from the end, never both; an end comes after its start.
  .refine((options) => options.trimStart == null || options.trimStartFromEnd == null, {
    message: 'trimStart and trimStartFromEnd cannot both be set',
    path: ['trimStartFromEnd']
  })
  .refine((options) => options.trimEnd == null || options.trimEndFromEnd == null, {
    message: 'trimEnd and trimEndFromEnd cannot both be set',
    path: ['trimEndFromEnd']
  })
  .refine((options) => options.trimEnd == null || options.trimEnd > (options.trimStart ?? 0), {
    message: 'trimEnd must come after trimStart',
    path: ['trimEnd']
  })
  .refine((options) => options.trimStartFromEnd == null || options.trimEndFromEnd == null || options.trimStartFromEnd > options.trimEndFromEnd, {
    message: 'the trim must end after it starts',
    path: ['trimEndFromEnd']
  }) satisfies z.ZodType<CompressOptions>

const qualityScoreSchema = z.object({ ssim: z.number(), vmaf: z.number().nullable(), label: z.enum(QUALITY_LABELS) }) satisfies z.ZodType<QualityScore>

/**
 * How a job ended. A schema rather than an interface because the queue saves it and checks it when
 * it loads a saved queue: the type is derived from it (z.infer), so the two cannot drift.
 */
export const jobOutcomeSchema = z.object({
  output: z.string().nullable(),
  inputBytes: z.number().nullable(),
  outputBytes: z.number().nullable(),
  /** 0..100, how much smaller the result is than the original; null when unknown. */
  savedPercent: z.number().nullable(),
  /** One sentence: what happened, or what is wrong and what to do next (English). */
  message: z.string(),
  /** The sentence as catalogue words, said in the user's language (issue 13); null or absent: only the English (and queues saved before it). */
  words: wordsSchema.nullish(),
  /** What the plan changed on its own (e.g. "lowered resolution to 720p to fit 10 MB"). */
  changes: z.array(z.string()),
  errorCode: z.string().nullable(),
  /** How close a finished local result is to the original (issue #12); null or absent: not measured (and queues saved before it). */
  quality: qualityScoreSchema.nullish(),
  /**
   * A job refused by its quality floor (errorCode 'below-quality-floor', issue #12): the smallest
   * size whose samples meet the floor, null when even the original's size does not; absent otherwise.
   */
  smallestBytesForFloor: z.number().positive().nullish()
})
export type JobOutcome = z.infer<typeof jobOutcomeSchema>

/** What a queue row shows of its file (issue #12), read by main with ffprobe/ffmpeg. */
export interface FileDetails {
  durationSeconds: number
  /** As displayed (after rotation). */
  width: number
  height: number
  fps: number | null
  /** ffprobe's name of the video codec, e.g. "h264", "vp9". */
  codec: string
  bytes: number
  /** A representative frame, upright, 160 px wide, as a data:image/jpeg URL; null when none could be made. */
  thumbnail: string | null
}

/** Frames along a queued job's trim control (issue 14): evenly spaced, each a data:image/jpeg URL or null. */
export interface FrameStrip {
  durationSeconds: number
  frames: Array<string | null>
}

/**
 * The lasting part of a queue row: what the queue saves across restarts and checks when it loads
 * them (a saved file may be from an older version or hand-edited). JobView adds the passing state.
 */
export const savedJobSchema = z.object({
  id: z.string().min(1),
  input: z.string().min(1),
  /** File name without the folder, for display. */
  name: z.string(),
  /** The request in the user's words, e.g. "under 25MB". */
  request: z.string(),
  options: compressOptionsSchema,
  outputDir: z.string().nullable(),
  state: z.enum(JOB_STATES),
  /** Size of the original when added (null when it could not be read). */
  inputBytes: z.number().nullable(),
  /** The watch folder (settings id) this job came from, null for files added by hand (issue #5); queues saved before it have none. */
  watchId: z
    .string()
    .min(1)
    .nullish()
    .transform((id) => id ?? null),
  outcome: jobOutcomeSchema.nullable(),
  addedAt: z.number()
})
export type SavedJob = z.infer<typeof savedJobSchema>

/** One row of the queue as the renderer and the tray see it. */
export interface JobView extends SavedJob {
  progress: JobProgress | null
  /**
   * True while a job has shown no progress for 2 minutes (or its cloud backend said it is still
   * working): each front end says "Still working" in its own language.
   */
  stillWorking: boolean
  /**
   * The engine's latest message while the job runs (the cloud engine's backend replies, issue #6
   * "each job's backend messages and heartbeats in its row"); null for the local engine.
   */
  message: string | null
}

/** The cloud account's balance, for the settings view when the cloud engine is chosen (issue #6). */
export interface CloudCredits {
  available: number
  frozen: number
  total: number
  /** One line for people, e.g. "Credits: 90 available (10 reserved, 100 total)". */
  summary: string
}

/** Something main wants people to see that belongs to no job (watch folder problems, issue #5). */
export interface AppNotice {
  kind: 'error' | 'info'
  title: string
  lines: string[]
  /**
   * What the notice is about, when later news about the same thing replaces it (issue #10: "A
   * watched folder is back" replaces that folder's "unavailable"); absent: it stands on its own.
   */
  key?: string
}

/**
 * A waiting job's preview (issue #12 "A preview at the planned size"), as main sends it to the
 * window: the engine's PNG pairs as data URLs (the CSP allows data: images, as for thumbnails),
 * the samples' score, and what the job is expected to make and take. The page asks by job id only.
 */
export interface JobPreview {
  jobId: string
  /** One pair per sample, in file order; empty when the job re-encodes nothing. */
  samples: Array<{ atSeconds: number; before: string; after: string }>
  /** The samples' score (luma SSIM, VMAF where it runs) and its label; null when not measured. */
  quality: QualityScore | null
  predictedBytes: number
  inputBytes: number
  /** Seconds the job is expected to take on this machine; null when unknown. */
  predictedSeconds: number | null
  /** What the plan changes on its own, as the job's result will say. */
  changes: string[]
  /** When nothing is encoded (already under the target): the sentence the job would end with. */
  message: string | null
}

export interface QueueSnapshot {
  jobs: JobView[]
  paused: boolean
  concurrency: number
}

export interface RejectedPath {
  path: string
  /** Why, in English. */
  message: string
  /** The same as catalogue words, said in the window's language (issue 13). */
  words: Words
}

export interface AddFilesResult {
  added: JobView[]
  rejected: RejectedPath[]
}

export interface PlanPreview {
  /** The request understood, or null when the text could not be understood. */
  options: CompressOptions | null
  /** One line for people, e.g. "Under 10 MB for Discord · keep resolution · H.264 MP4 · AAC audio". */
  summary: string
  /** Contradictions and ignored parts of the text, each a sentence. */
  warnings: string[]
  /** Why the text could not be understood, with a suggestion. */
  error: string | null
}

// ---------------------------------------------------------------------------------------------
// Settings (schema with defaults lives here because the renderer validates the form with it too)
// ---------------------------------------------------------------------------------------------

export { MAX_CONCURRENCY, SETTINGS_VERSION }

/** A folder whose new videos are compressed as they arrive (issue #5), as the settings keep it. */
export const watchFolderSettingSchema = z.object({
  id: z.string().min(1).max(100),
  folder: z.string().min(1).max(4096),
  /** The request in the person's words; empty means the default request. */
  request: z.string().max(500),
  recursive: z.boolean(),
  includeExisting: z.boolean()
})

export type WatchFolderSetting = z.infer<typeof watchFolderSettingSchema>

function isSafeApiUrl(text: string): boolean {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return true // Not a URL at all: z.url() reports that, with its own message.
  }
  if (url.protocol === 'https:') return true
  const host = url.hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  /** The request used when files are dropped without typing anything. */
  defaultRequest: z.string().max(500),
  engine: z.enum(['local', 'cloud']),
  /** Every request to it carries the NemoVideo token: https, or plain http only on this computer. */
  cloudApiUrl: z.union([
    z.literal(''),
    z
      .url({ protocol: /^https?$/ })
      .refine(isSafeApiUrl, { message: 'Use an https:// address (plain http:// only for a server on this computer): it receives your NemoVideo token.' })
  ]),
  /** next-to-original: results beside each original (issue #2 "Output"); folder: outputFolder. */
  outputLocation: z.enum(['next-to-original', 'folder']),
  outputFolder: z.string().max(4096),
  concurrency: z.number().int().min(1).max(MAX_CONCURRENCY),
  /** Explicit ffmpeg binary; empty means "find it" (issue #2 "ffmpeg" order). */
  ffmpegPath: z.string().max(4096),
  /** The graphics chip's video encoder (issue 17): auto = where it does not cost visible quality. */
  hardware: z.enum(HARDWARE_PREFERENCES),
  notifications: z.boolean(),
  closeToTray: z.boolean(),
  launchAtLogin: z.boolean(),
  /** The language of the window, the tray and the notifications (issue #13): the system's, or one chosen. */
  language: z.enum(LANGUAGE_SETTINGS),
  /** The tray's "Watch folders" switch. */
  watchFoldersEnabled: z.boolean(),
  watchFolders: z.array(watchFolderSettingSchema).max(50)
})

export type Settings = z.infer<typeof settingsSchema>
export type SettingsPatch = Partial<Omit<Settings, 'version'>>

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  defaultRequest: '',
  engine: 'local',
  cloudApiUrl: '',
  outputLocation: 'next-to-original',
  outputFolder: '',
  concurrency: 1,
  ffmpegPath: '',
  hardware: 'auto',
  notifications: true,
  closeToTray: true,
  launchAtLogin: false,
  language: 'system',
  watchFoldersEnabled: false,
  watchFolders: []
}

export const settingsPatchSchema = settingsSchema.omit({ version: true }).partial().strict()

/**
 * Settings that name a program main runs or a folder main writes into (issue #10 "Security"): a
 * compromised page must not choose them. Each is set only by main, from a dialog main opens (and,
 * for ffmpeg, after the program said it is ffmpeg), through the channel named here; the page may
 * only clear ffmpegPath and outputFolder (an empty value names no path).
 */
export const MAIN_CHOSEN_SETTINGS = {
  ffmpegPath:
    'the ffmpeg program is chosen with settings:choose-ffmpeg (a file dialog the app opens, then a check that it is ffmpeg); settings:update may only clear it',
  outputFolder: 'the output folder is chosen with settings:choose-output-folder (a folder dialog the app opens); settings:update may only clear it',
  watchFolders:
    'watch folders are added with settings:add-watch-folder (a folder dialog the app opens) and changed with settings:edit-watch-folder and settings:remove-watch-folder, never sent whole'
} as const satisfies Partial<Record<keyof Settings, string>>

/** settings:update as the page may send it: any setting except a path main runs or writes into. */
export const pageSettingsPatchSchema = settingsPatchSchema.superRefine((patch, context) => {
  for (const [key, why] of Object.entries(MAIN_CHOSEN_SETTINGS)) {
    const value: unknown = patch[key as keyof typeof MAIN_CHOSEN_SETTINGS]
    if (value === undefined || (key !== 'watchFolders' && value === '')) continue
    context.addIssue({ code: 'custom', path: [key], message: why })
  }
})

/** What the page may change of one watch folder; its folder is only ever chosen in main's dialog. */
export const watchFolderEditSchema = watchFolderSettingSchema.pick({ request: true, recursive: true, includeExisting: true }).partial().strict()
export type WatchFolderEdit = z.infer<typeof watchFolderEditSchema>

// ---------------------------------------------------------------------------------------------
// Invoke channels: renderer -> main, with a result
// ---------------------------------------------------------------------------------------------

const jobId = z.string().min(1).max(100)

/** What a user may do with a job its quality floor refused (issue #12): 'queue:retry-below-floor'. */
export const BELOW_FLOOR_CHOICES = ['anyway', 'at-smallest-size'] as const
export type BelowFloorChoice = (typeof BELOW_FLOOR_CHOICES)[number]
const filePath = z.string().min(1).max(32_767)
const requestText = z.string().max(500)

/** Argument schemas, one tuple per channel. Main validates with these before any handler runs. */
export const INVOKE_ARGS = {
  'queue:list': z.tuple([]),
  'queue:add-files': z.tuple([z.array(filePath).min(1).max(10_000), requestText]),
  'queue:pause': z.tuple([]),
  'queue:resume': z.tuple([]),
  'queue:cancel': z.tuple([jobId]),
  'queue:retry': z.tuple([jobId]),
  'queue:retry-below-floor': z.tuple([jobId, z.enum(BELOW_FLOOR_CHOICES)]),
  'queue:remove': z.tuple([jobId]),
  'queue:clear-finished': z.tuple([]),
  'dialog:pick-files': z.tuple([]),
  'shell:open-result': z.tuple([jobId]),
  'shell:show-result': z.tuple([jobId]),
  'request:preview': z.tuple([requestText]),
  'settings:get': z.tuple([]),
  'settings:update': z.tuple([pageSettingsPatchSchema]),
  'settings:choose-ffmpeg': z.tuple([]),
  'settings:choose-output-folder': z.tuple([]),
  'settings:add-watch-folder': z.tuple([]),
  'settings:edit-watch-folder': z.tuple([watchFolderSettingSchema.shape.id, watchFolderEditSchema]),
  'settings:remove-watch-folder': z.tuple([watchFolderSettingSchema.shape.id]),
  'cloud:credits': z.tuple([]),
  'app:system-locale': z.tuple([]),
  'media:details': z.tuple([jobId, z.enum(['original', 'result'])]),
  'media:frames': z.tuple([jobId]),
  'queue:set-request': z.tuple([jobId, requestText]),
  'queue:preview': z.tuple([jobId]),
  'queue:cancel-preview': z.tuple([jobId])
} as const

export type InvokeChannel = keyof typeof INVOKE_ARGS
export type InvokeArgs<C extends InvokeChannel> = z.infer<(typeof INVOKE_ARGS)[C]>

/** What each channel answers. */
export interface InvokeResults {
  'queue:list': QueueSnapshot
  'queue:add-files': AddFilesResult
  'queue:pause': void
  'queue:resume': void
  'queue:cancel': void
  'queue:retry': void
  /**
   * A job refused by its quality floor (issue #12), run again as the user chose: 'anyway' at the
   * target, below the floor; 'at-smallest-size' with the smallest size that meets the floor as its
   * target. Main reads both from the job itself; throws for a job that was not refused so.
   */
  'queue:retry-below-floor': void
  'queue:remove': void
  'queue:clear-finished': void
  /** Paths the user picked, empty when the dialog was cancelled. */
  'dialog:pick-files': string[]
  'shell:open-result': void
  'shell:show-result': void
  'request:preview': PlanPreview
  'settings:get': Settings
  'settings:update': Settings
  /**
   * Main opens a file dialog, runs the chosen program with -version and saves it only if it says
   * it is ffmpeg (throws with the reason otherwise). The settings as they are after it; unchanged
   * when the dialog was cancelled. The same for the four below.
   */
  'settings:choose-ffmpeg': Settings
  /** Main opens a folder dialog; the folder chosen becomes where results go. */
  'settings:choose-output-folder': Settings
  /** Main opens a folder dialog and adds the folder chosen (once) to the watch folders. */
  'settings:add-watch-folder': Settings
  'settings:edit-watch-folder': Settings
  'settings:remove-watch-folder': Settings
  /** The balance of the cloud account the app uses (settings' API address); throws when it cannot be read. */
  'cloud:credits': CloudCredits
  /**
   * The system's locale as main knows it (Electron's app.getLocale(), e.g. "zh-CN"): with the
   * settings' language it decides the window's language, by the rule main uses (shared/i18n).
   */
  'app:system-locale': string
  /** The job's original or result file: duration, size, codec, a thumbnail (cached by path, size and mtime). */
  'media:details': FileDetails
  /** Frames along a job's original (its trim control), cached by path, size and mtime. */
  'media:frames': FrameStrip
  /**
   * A queued job's request, changed (its trim control writes its range into it): main reads the
   * text again and the job runs with those options. Throws for a job that has started.
   */
  'queue:set-request': JobView
  /**
   * A waiting job's preview with its own file and options (issue #12). A new preview of the same
   * job cancels the one before; throws for a job that has started and for the cloud engine.
   */
  'queue:preview': JobPreview
  /** Stops the job's preview in progress, if any (its 'queue:preview' rejects as cancelled). */
  'queue:cancel-preview': void
}

export type InvokeResult<C extends InvokeChannel> = InvokeResults[C]

/** How main implements the contract: one plain function per channel (src/main/handlers.ts). */
export type InvokeHandlers = {
  [C in InvokeChannel]: (...args: InvokeArgs<C>) => InvokeResult<C> | Promise<InvokeResult<C>>
}

/**
 * What crosses the bridge for an invoke. Errors travel as plain data (message + code) because
 * Electron mangles thrown errors ("Error invoking remote method ...") and drops their fields;
 * the bridge re-throws them as real Errors on the renderer side.
 */
export type InvokeEnvelope<T> = { ok: true; value: T } | { ok: false; error: BridgeError }

export interface BridgeError {
  message: string
  code: string
  /** The sentence as catalogue words (issue 13), where main's error has them: the window says them in its language. */
  words?: Words
}

// ---------------------------------------------------------------------------------------------
// Push events: main -> renderer
// ---------------------------------------------------------------------------------------------

/** What the queue tells its listeners. Progress is coalesced (at most one batch per interval). */
export type QueueEvent =
  | { type: 'jobs-added'; jobs: JobView[] }
  | { type: 'jobs-removed'; ids: string[] }
  /** State changes: started, cancelled, re-queued, heartbeat. */
  | { type: 'job-updated'; job: JobView }
  | { type: 'progress'; updates: Array<{ id: string; progress: JobProgress }> }
  | { type: 'heartbeat'; job: JobView }
  | { type: 'done'; job: JobView }
  | { type: 'failed'; job: JobView }
  | { type: 'paused'; paused: boolean }
  /** Nothing is queued or running any more after some work. */
  | { type: 'batch-finished'; finished: JobView[] }

export interface PushEvents {
  'queue:event': QueueEvent
  'settings:changed': Settings
  /** Main asks the window to open a view (tray "Settings", notification click). */
  'app:navigate': AppView
  /** A notice for the window's message list (a watch folder unavailable, a request not understood). */
  'app:notice': AppNotice
}

export type AppView = 'queue' | 'settings'
export type PushChannel = keyof PushEvents

export const PUSH_CHANNELS = ['queue:event', 'settings:changed', 'app:navigate', 'app:notice'] as const satisfies readonly PushChannel[]
