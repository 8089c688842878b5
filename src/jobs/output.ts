// Where results go and how they get there without ever touching an existing file.
// Rules (issue #2 "Output"): `<name>.compressed.<ext>` next to the original (or in outputDir);
// if taken, `<name>.compressed (2).<ext>`, `(3)`...; write to a hidden temporary name in the
// same folder and move it into place only when complete; on failure or cancel remove it.
import { randomBytes } from 'node:crypto'
import { constants as fsConstants } from 'node:fs'
import { access, link, mkdir, rename, rm, stat, unlink } from 'node:fs/promises'
import path from 'node:path'
import { UserFacingError } from '../shared/errors'
import { errorWords } from '../shared/words'
import { COMPRESSED_MARK } from '../shared/video-files'
import { TEMP_OUTPUT_NAME, claimWork, releaseWork } from './work-journal'

const MAX_NAME_ATTEMPTS = 10_000

/** File systems allow 255 bytes (UTF-8) per name. */
const MAX_NAME_BYTES = 255

/** `base` cut (at a character) so that base + rest fits in one file name. */
function fitBase(base: string, rest: string): string {
  const room = MAX_NAME_BYTES - Buffer.byteLength(rest)
  if (Buffer.byteLength(base) <= room) return base
  let fitted = ''
  for (const char of base) {
    if (Buffer.byteLength(fitted + char) > room) break
    fitted += char
  }
  return fitted
}

export function compressedName(inputPath: string, extension: string, counter = 1): string {
  const base = path.basename(inputPath, path.extname(inputPath))
  const suffix = counter > 1 ? ` (${counter})` : ''
  const rest = `${COMPRESSED_MARK}${suffix}.${extension}`
  return `${fitBase(base, rest)}${rest}`
}

/** The folder a result goes to: outputDir when given, else the original's folder. */
export function outputFolderFor(inputPath: string, outputDir?: string | null): string {
  return path.resolve(outputDir ?? path.dirname(inputPath))
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await stat(filePath)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

/** First free `<name>.compressed[ (n)].<ext>` in the folder (a preview: commitOutput re-checks). */
export async function nextFreeOutputPath(inputPath: string, extension: string, outputDir?: string | null): Promise<string> {
  const folder = outputFolderFor(inputPath, outputDir)
  for (let counter = 1; counter <= MAX_NAME_ATTEMPTS; counter++) {
    const candidate = path.join(folder, compressedName(inputPath, extension, counter))
    if (!(await exists(candidate))) return candidate
  }
  throw new UserFacingError('output-unwritable', errorWords('errors:output.noFreeName', { folder }))
}

/**
 * Makes sure we can write in the output folder before spending minutes encoding, and returns a
 * hidden temporary path there. The temporary file is in the same folder so the final move is a
 * rename on the same file system.
 */
export async function prepareTempOutput(inputPath: string, extension: string, outputDir?: string | null): Promise<string> {
  const folder = outputFolderFor(inputPath, outputDir)
  try {
    if (outputDir) await mkdir(folder, { recursive: true })
    await access(folder, fsConstants.W_OK)
  } catch (error) {
    throw unwritable(folder, error)
  }
  const temp = path.join(folder, tempName(inputPath, randomBytes(4).toString('hex'), extension))
  // Claimed before it exists, so that a crash at any point leaves it to cleanStaleWork().
  await claimWork(temp, 'file')
  return temp
}

/** `.<name>.compressing-<8 hex>.<ext>`, the base shortened like the final name when too long. */
function tempName(inputPath: string, token: string, extension: string): string {
  const base = path.basename(inputPath, path.extname(inputPath))
  const rest = `.compressing-${token}.${extension}`
  return `.${fitBase(base, `.${rest}`)}${rest}`
}

/** Whether `fileName` is a temporary output of `inputPath` (what a crash can leave behind). */
export function isTempOutputOf(fileName: string, inputPath: string): boolean {
  const match = TEMP_OUTPUT_NAME.exec(fileName)
  if (!match) return false
  const [, , token = '', extension = ''] = match
  return fileName === tempName(inputPath, token, extension)
}

function unwritable(folder: string, error: unknown): UserFacingError {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOSPC') return diskFull(folder)
  if (code === 'ENOENT') return new UserFacingError('output-unwritable', errorWords('errors:output.folderMissing', { folder }))
  return new UserFacingError('output-unwritable', errorWords('errors:output.unwritable', { folder, code: code ?? 'permission denied' }))
}

export function diskFull(folder: string): UserFacingError {
  return new UserFacingError('disk-full', errorWords('errors:output.diskFull', { folder }))
}

/**
 * Moves a finished temporary file to the first free compressed name without ever replacing a
 * file: a hard link fails with EEXIST if the name was taken meanwhile, so it is atomic. File
 * systems without hard links (FAT, exFAT, some network shares) fall back to check-then-rename.
 */
export async function commitOutput(tempPath: string, inputPath: string, extension: string, outputDir?: string | null): Promise<string> {
  const folder = outputFolderFor(inputPath, outputDir)
  for (let counter = 1; counter <= MAX_NAME_ATTEMPTS; counter++) {
    const candidate = path.join(folder, compressedName(inputPath, extension, counter))
    try {
      await link(tempPath, candidate)
      await unlink(tempPath)
      await releaseWork(tempPath)
      return candidate
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') continue
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV') {
        if (await exists(candidate)) continue
        await rename(tempPath, candidate)
        await releaseWork(tempPath)
        return candidate
      }
      if (code === 'ENOSPC') throw diskFull(folder)
      throw unwritable(folder, error)
    }
  }
  throw new UserFacingError('output-unwritable', errorWords('errors:output.noFreeName', { folder }))
}

/** Removes a partial file; never throws (cleanup must not hide the real error). */
export async function removePartial(filePath: string | null | undefined): Promise<void> {
  if (!filePath) return
  try {
    await rm(filePath, { force: true })
    await releaseWork(filePath)
  } catch {
    // Still there: it stays in the journal, for cleanStaleWork() at the next start.
  }
}
