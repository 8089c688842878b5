// Which files in a watch folder are candidates at all (issue #5 "Behaviour"): decided from the
// name alone, so it is cheap enough to run on every file-system event. Whether a candidate is
// complete (stable size/mtime, openable) and whether we already handled it is decided later.
import path from 'node:path'

/**
 * Extensions the watcher hands to the engine, lower case without the dot. The engine has its own
 * accept list (issue #2); this one only decides what a watch folder picks up, so it leans to the
 * containers cameras, phones, screen recorders and downloads produce.
 */
export const WATCHED_VIDEO_EXTENSIONS = ['mp4', 'mov', 'avi', 'webm', 'mkv', 'm4v', 'mpg', 'mpeg', 'ogv', 'flv', 'wmv', '3gp', 'ts', 'mts', 'm2ts'] as const
export type WatchedVideoExtension = (typeof WATCHED_VIDEO_EXTENSIONS)[number]

/**
 * Suffixes browsers and download managers use while a file is still arriving (Firefox `.part`,
 * Chrome/Edge `.crdownload`, Safari `.download`, many tools `.tmp`). The finished file appears
 * under its real name by rename, which the watcher sees as a new file.
 */
export const PARTIAL_DOWNLOAD_EXTENSIONS = ['part', 'crdownload', 'tmp', 'download'] as const

/** Why a path is not a candidate; null from classifyWatchedPath means "candidate". */
export type NameIgnoreReason = 'hidden' | 'partial-download' | 'not-a-video' | 'compressed-output'

const VIDEO_EXTENSION_SET: ReadonlySet<string> = new Set(WATCHED_VIDEO_EXTENSIONS)
const PARTIAL_EXTENSION_SET: ReadonlySet<string> = new Set(PARTIAL_DOWNLOAD_EXTENSIONS)

/**
 * Matches the names the engine gives results, `<name>.compressed.<ext>` and
 * `<name>.compressed (2).<ext>` (src/engine/output.ts). A second line of defence against loops:
 * the record of outputs (record.ts) is the first, and also catches renamed outputs.
 */
const COMPRESSED_OUTPUT_NAME = /\.compressed(?: \(\d+\))?\.[^.]+$/i

function extensionOf(fileName: string): string {
  return path.extname(fileName).slice(1).toLowerCase()
}

/**
 * Hidden files and folders (dot names) are never candidates: they include our own temporaries
 * `.<name>.compressing-xxxx.mp4`, rsync's `.name.XXXXXX` and macOS `._name` resource forks.
 */
export function isHiddenName(fileName: string): boolean {
  return fileName.startsWith('.')
}

export function isWatchedVideoExtension(extension: string): extension is WatchedVideoExtension {
  return VIDEO_EXTENSION_SET.has(extension.toLowerCase())
}

/** Null when the file (not folder) at filePath is a candidate, else why it is left alone. */
export function classifyWatchedPath(filePath: string): NameIgnoreReason | null {
  const fileName = path.basename(filePath)
  if (isHiddenName(fileName)) return 'hidden'
  const extension = extensionOf(fileName)
  if (PARTIAL_EXTENSION_SET.has(extension)) return 'partial-download'
  if (!VIDEO_EXTENSION_SET.has(extension)) return 'not-a-video'
  if (COMPRESSED_OUTPUT_NAME.test(fileName)) return 'compressed-output'
  return null
}
