// Which files are videos to us, and which names are our own results: pure data and string rules,
// one place for the engine's checks, the watcher, the app's file dialog and the folder walk
// (issue 11, "one source for each rule"; the lists had drifted apart in three copies).

/** Video containers ffmpeg reads that we accept as input (lower case, without the dot). */
export const ACCEPTED_INPUT_EXTENSIONS = [
  'mp4',
  'm4v',
  'mov',
  'qt',
  'avi',
  'webm',
  'mkv',
  'mpg',
  'mpeg',
  'm2v',
  'ogv',
  'ogg',
  'flv',
  'f4v',
  'wmv',
  'asf',
  '3gp',
  '3g2',
  'ts',
  'mts',
  'm2ts',
  'vob',
  'mxf',
  'dv',
  'divx',
  'y4m'
] as const
export type AcceptedInputExtension = (typeof ACCEPTED_INPUT_EXTENSIONS)[number]

/**
 * The part of the accepted list a watch folder picks up by itself: the containers cameras,
 * phones, screen recorders and downloads produce. Narrower on purpose (an `.ogg` in a downloads
 * folder is usually music); every entry is one the engine accepts.
 */
export const WATCHED_VIDEO_EXTENSIONS = [
  'mp4',
  'mov',
  'avi',
  'webm',
  'mkv',
  'm4v',
  'mpg',
  'mpeg',
  'ogv',
  'flv',
  'wmv',
  '3gp',
  'ts',
  'mts',
  'm2ts'
] as const satisfies readonly AcceptedInputExtension[]
export type WatchedVideoExtension = (typeof WATCHED_VIDEO_EXTENSIONS)[number]

/** What the engine puts between a result's base name and its extension (jobs/output.ts). */
export const COMPRESSED_MARK = '.compressed'

/** `<name>.compressed.<ext>` and `<name>.compressed (2).<ext>`: the names the engine gives results. */
const COMPRESSED_OUTPUT_NAME = new RegExp(`${COMPRESSED_MARK.replace('.', '\\.')}(?: \\(\\d+\\))?\\.[^.]+$`, 'i')

export function isCompressedOutputName(fileName: string): boolean {
  return COMPRESSED_OUTPUT_NAME.test(fileName)
}
