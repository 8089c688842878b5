// What dropped or picked paths become (issue #4 "Dropping files ... folders add the videos inside;
// unsupported files are reported, not silently dropped"). Runs in main because the renderer only
// has paths, not the file system. Plain Node: tested with real folders.
import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { ACCEPTED_INPUT_EXTENSIONS, isAcceptedVideoExtension } from '../engine'
import type { RejectedPath } from '../shared/ipc/contract'
import { isCompressedOutputName } from '../shared/video-files'
import type { NewJob } from '../services/queue'
import { englishWords, errorWords, type Words } from '../shared/words'

/** A folder dropped by mistake (a whole home folder) must not freeze the app walking it. */
const MAX_FOLDER_DEPTH = 6
const MAX_FILES_PER_DROP = 10_000

export interface ResolvedInputs {
  files: NewJob[]
  rejected: RejectedPath[]
}

export async function resolveInputPaths(paths: readonly string[]): Promise<ResolvedInputs> {
  const files: NewJob[] = []
  const rejected: RejectedPath[] = []
  const seen = new Set<string>()

  const addFile = (filePath: string, bytes: number): void => {
    if (seen.has(filePath) || files.length >= MAX_FILES_PER_DROP) return
    seen.add(filePath)
    files.push({ input: filePath, inputBytes: bytes })
  }

  for (const given of paths) {
    const filePath = path.resolve(given)
    const name = path.basename(filePath)
    let info
    try {
      info = await stat(filePath)
    } catch {
      rejected.push(rejectedPath(filePath, errorWords('errors:adding.notFound', { name })))
      continue
    }
    if (info.isDirectory()) {
      const before = files.length
      await walkFolder(filePath, 0, addFile)
      if (files.length === before)
        rejected.push(rejectedPath(filePath, errorWords('errors:adding.noVideosInFolder', { name, extensions: ACCEPTED_INPUT_EXTENSIONS.join(', ') })))
      continue
    }
    if (!isAcceptedVideoExtension(filePath)) {
      rejected.push(rejectedPath(filePath, errorWords('errors:adding.notVideo', { name, extensions: ACCEPTED_INPUT_EXTENSIONS.slice(0, 6).join(', ') })))
      continue
    }
    addFile(filePath, info.size)
  }
  return { files, rejected }
}

function rejectedPath(filePath: string, words: Words): RejectedPath {
  return { path: filePath, message: englishWords(words), words }
}

async function walkFolder(folder: string, depth: number, addFile: (filePath: string, bytes: number) => void): Promise<void> {
  if (depth > MAX_FOLDER_DEPTH) return
  let entries: Dirent[]
  try {
    entries = await readdir(folder, { withFileTypes: true })
  } catch {
    return // An unreadable subfolder is skipped; the rest of the drop still works.
  }
  entries.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }))
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const full = path.join(folder, entry.name)
    if (entry.isDirectory()) {
      await walkFolder(full, depth + 1, addFile)
    } else if (entry.isFile() && isAcceptedVideoExtension(full) && !isCompressedOutputName(entry.name)) {
      try {
        addFile(full, (await stat(full)).size)
      } catch {
        // Vanished between listing and stat: nothing to add.
      }
    }
  }
}
