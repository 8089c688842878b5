// Watch folders (issue #5): the public surface for the app's main process and the CLI (whose
// watch command, src/cli/watch-command.ts, runs this service on the job queue).
export { WATCHED_VIDEO_EXTENSIONS, PARTIAL_DOWNLOAD_EXTENSIONS, classifyWatchedPath, isHiddenName, isWatchedVideoExtension } from './video-files'
export type { NameIgnoreReason, WatchedVideoExtension } from './video-files'
export { WatchRecord, openWatchRecord } from './record'
export type { FileIdentity, InputEntry, InputReason, InputStatus, OutputEntry, OpenWatchRecordOptions, RecordInputDetails } from './record'
export { defaultWatchRecordPath, fileRecordStorage } from './record-storage'
export type { WatchRecordStorage } from './record-storage'
export { WatchService, createWatchService, inspectFolder, DEFAULT_STABILITY_MS, DEFAULT_FOLDER_POLL_MS } from './watch-service'
export type { WatchServiceOptions } from './watch-service'
export type {
  EnqueueWatchJob,
  FolderProblem,
  FolderState,
  IgnoreReason,
  SkipReason,
  WatchEvent,
  WatchEventOf,
  WatchEventType,
  WatchFolderConfig,
  WatchFolderStatus,
  WatchJob
} from './types'
export { queueEnqueuer, queuedResult } from './queue-enqueuer'
