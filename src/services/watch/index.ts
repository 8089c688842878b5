// Watch folders (issue #5): the public surface for the app's main process and the CLI.
export { WATCHED_VIDEO_EXTENSIONS, PARTIAL_DOWNLOAD_EXTENSIONS, classifyWatchedPath, isHiddenName, isWatchedVideoExtension } from './video-files'
export type { NameIgnoreReason, WatchedVideoExtension } from './video-files'
export { WatchRecord, openWatchRecord, defaultWatchRecordPath, fileRecordStorage, memoryRecordStorage } from './record'
export type { FileIdentity, InputEntry, InputReason, InputStatus, OutputEntry, OpenWatchRecordOptions, RecordInputDetails, WatchRecordStorage } from './record'
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
export { runWatchCommand, createSequentialRunner, watchEventToJson, watchEventToText, WATCH_EXIT_OK, WATCH_EXIT_FAILED, WATCH_EXIT_USAGE } from './cli-watch'
export type { WatchCommandArgs, WatchCommandIo, WatchProgressView, TextSink } from './cli-watch'
