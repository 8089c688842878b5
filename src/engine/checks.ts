// Checks before any work (issue #2): each failure is a UserFacingError that says what is wrong
// and what to do, and nothing is written; its sentences are catalogue words (errors:input.*),
// said in the user's language by each front end.
import { constants as fsConstants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import path from 'node:path'
import { UserFacingError } from '../shared/errors'
import { formatBytes } from '../shared/units'
import { errorWords } from '../shared/words'
import { type MediaInfo, ProbeError, probeMedia } from './probe'
import { ACCEPTED_INPUT_EXTENSIONS } from '../shared/video-files'

export { ACCEPTED_INPUT_EXTENSIONS } from '../shared/video-files'

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
      throw new UserFacingError('not-found', errorWords('errors:input.notFound', { path: absolute }))
    }
    if (code === 'ELOOP') {
      throw new UserFacingError('unreadable', errorWords('errors:input.linkLoop', { path: absolute }))
    }
    const key = code === 'EACCES' || code === 'EPERM' ? 'errors:input.unreadablePermissions' : 'errors:input.unreadableDrive'
    throw new UserFacingError('unreadable', errorWords(key, { path: absolute, code: code ?? 'unknown error' }))
  }
  if (info.isDirectory()) {
    throw new UserFacingError('is-directory', errorWords('errors:input.isFolder', { path: absolute }))
  }
  if (!info.isFile()) {
    throw new UserFacingError('unreadable', errorWords('errors:input.notRegular', { path: absolute }))
  }
  if (!isAcceptedVideoExtension(absolute)) {
    const extension = path.extname(absolute)
    throw new UserFacingError(
      'unsupported-extension',
      extension ? errorWords('errors:input.unsupportedExtension', { name, extension }) : errorWords('errors:input.noExtension', { name })
    )
  }
  try {
    await access(absolute, fsConstants.R_OK)
  } catch {
    throw new UserFacingError('unreadable', errorWords('errors:input.permissionDenied', { name }))
  }
  if (info.size === 0) {
    throw new UserFacingError('empty-file', errorWords('errors:input.empty', { name }))
  }
  if (maxInputBytes && info.size > maxInputBytes) {
    throw new UserFacingError('too-large', errorWords('errors:input.tooLarge', { name, size: formatBytes(info.size), limit: formatBytes(maxInputBytes) }))
  }
  let media: MediaInfo
  try {
    media = await probeMedia(ffprobePath, absolute, info.size, signal)
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    const noVideoStream = error instanceof ProbeError && error.message === 'no video stream'
    throw new UserFacingError('not-a-video', errorWords(noVideoStream ? 'errors:input.noVideoStream' : 'errors:input.notVideo', { name }))
  }
  return { path: absolute, sizeBytes: info.size, media }
}
