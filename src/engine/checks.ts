// Checks before any work (issue #2): each failure is a UserFacingError that says what is wrong
// and what to do, and nothing is written.
import { constants as fsConstants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import path from 'node:path'
import { UserFacingError } from '../shared/errors'
import { formatBytes } from '../shared/units'
import { type MediaInfo, ProbeError, probeMedia } from './probe'

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

const ACCEPTED = new Set<string>(ACCEPTED_INPUT_EXTENSIONS)

export function isAcceptedVideoExtension(filePath: string): boolean {
  return ACCEPTED.has(path.extname(filePath).slice(1).toLowerCase())
}

export interface CheckedInput {
  path: string
  sizeBytes: number
  media: MediaInfo
}

export async function checkInput(filePath: string, ffprobePath: string, maxInputBytes?: number | null, signal?: AbortSignal): Promise<CheckedInput> {
  const absolute = path.resolve(filePath)
  const name = path.basename(absolute)
  let info
  try {
    info = await stat(absolute)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new UserFacingError('not-found', `${absolute} does not exist. Check the path (or that the drive is connected) and try again.`)
    }
    if (code === 'ELOOP') {
      throw new UserFacingError(
        'unreadable',
        `${absolute} is a symbolic link that loops (it leads back to itself through other links), so there is no file behind it. Point the link at the video, or choose the video itself.`
      )
    }
    const advice =
      code === 'EACCES' || code === 'EPERM' ? 'Check the permissions of the file and of its folders' : 'Check that the drive is connected and the path is right'
    throw new UserFacingError('unreadable', `Cannot read ${absolute} (${code ?? 'unknown error'}). ${advice}, then try again.`)
  }
  if (info.isDirectory()) {
    throw new UserFacingError('is-directory', `${absolute} is a folder, not a video file. Choose the video files inside it.`)
  }
  if (!info.isFile()) {
    throw new UserFacingError('unreadable', `${absolute} is not a regular file. Choose a video file.`)
  }
  if (!isAcceptedVideoExtension(absolute)) {
    const extension = path.extname(absolute) || '(no extension)'
    throw new UserFacingError(
      'unsupported-extension',
      `${name} is not a video file this app accepts (${extension}). Choose a video such as mp4, mov, avi, webm, mkv, m4v, mpg, ogv, flv, wmv or 3gp.`
    )
  }
  try {
    await access(absolute, fsConstants.R_OK)
  } catch {
    throw new UserFacingError(
      'unreadable',
      `Cannot read ${name}: permission denied. Check the file's permissions (or copy it somewhere you can read) and try again.`
    )
  }
  if (info.size === 0) {
    throw new UserFacingError('empty-file', `${name} is empty (0 bytes). It may not have finished copying or downloading; get the file again.`)
  }
  if (maxInputBytes && info.size > maxInputBytes) {
    throw new UserFacingError(
      'too-large',
      `${name} is ${formatBytes(info.size)}, over the limit of ${formatBytes(maxInputBytes)}. Raise the size limit in the settings (--max-input-size) or trim the video first.`
    )
  }
  let media: MediaInfo
  try {
    media = await probeMedia(ffprobePath, absolute, info.size, signal)
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    const reason = error instanceof ProbeError && error.message === 'no video stream' ? 'it has no video stream' : 'it could not be read as video'
    throw new UserFacingError(
      'not-a-video',
      `${name} is damaged or not a video (${reason}). Check that it plays in a video player; if it is a download, get it again.`
    )
  }
  return { path: absolute, sizeBytes: info.size, media }
}
