// The watch service's contract (issue #5): folder configuration, how work is handed on, and the
// typed events the app (window, tray) and the CLI (`compress-video watch`) listen to.
import type { CompressOptions, CompressResult } from '../../shared/compression'
import type { NameIgnoreReason } from './video-files'

export interface WatchFolderConfig {
  /** Stable id (settings key); events carry it so the UI can tell folders apart. */
  id: string
  folder: string
  /** The request as the person typed it ("under 10MB"), kept for display; options is what runs. */
  request: string
  options: CompressOptions
  enabled: boolean
  /** Also watch subfolders. */
  recursive: boolean
  /** Also process videos already in the folder when watching starts. */
  includeExisting: boolean
  /** Where results go; null means next to the original. */
  outputDir: string | null
}

export interface WatchJob {
  input: string
  options: CompressOptions
  outputDir: string | null
  watchId: string
}

/**
 * Hands a complete file on and resolves with its result when the job is over. The app passes its
 * job queue (so watched jobs show in the window and tray like dropped files); the CLI passes a
 * sequential runner over the engine. Like the engine, it should resolve rather than reject;
 * a rejection is reported as an unexpected failure.
 */
export type EnqueueWatchJob = (job: WatchJob) => Promise<CompressResult>

/** Why a file was left alone without being handed on. */
export type IgnoreReason =
  | NameIgnoreReason
  /** Its size and mtime match an output we wrote (it may have been renamed). */
  | 'own-output'
  /** This exact file (path, size, mtime) was handled before, in this run or an earlier one. */
  | 'already-processed'
  /** It was already there when watching started and the folder does not include existing files. */
  | 'existing'

export type SkipReason = 'already-small-enough' | 'removed-before-processing' | 'removed-while-processing'

/** Why a watched folder cannot be watched right now. */
export type FolderProblem = 'missing' | 'not-a-folder' | 'unreadable' | 'replaced'

export type WatchEvent =
  | { type: 'queued'; watchId: string; input: string; inputBytes: number }
  | {
      type: 'done'
      watchId: string
      input: string
      output: string | null
      inputBytes: number | null
      outputBytes: number | null
      message: string
      result: CompressResult
    }
  | {
      type: 'skipped'
      watchId: string
      input: string
      reason: SkipReason
      message: string
      /** The engine's result when it decided; null when the watcher did (nothing was run). */
      result: CompressResult | null
    }
  | { type: 'failed'; watchId: string; input: string; errorCode: string; message: string; result: CompressResult | null }
  /** The job was cancelled (Ctrl-C, stop, or from the queue); it will be tried again next start. */
  | { type: 'cancelled'; watchId: string; input: string; message: string }
  /** A complete file is waiting because watching is paused; it is queued on resume. */
  | { type: 'held'; watchId: string; input: string }
  | { type: 'ignored'; watchId: string; input: string; reason: IgnoreReason }
  | { type: 'folder-unavailable'; watchId: string; folder: string; reason: FolderProblem; message: string }
  | { type: 'folder-available'; watchId: string; folder: string }
  /** Something people should know that stops nothing (e.g. the record could not be saved). */
  | { type: 'warning'; message: string }

export type WatchEventType = WatchEvent['type']
export type WatchEventOf<T extends WatchEventType> = Extract<WatchEvent, { type: T }>

export type FolderState = 'starting' | 'watching' | 'unavailable' | 'disabled'

export interface WatchFolderStatus {
  id: string
  folder: string
  state: FolderState
}
