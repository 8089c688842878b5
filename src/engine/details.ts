// What a queue row shows of its file (issue #12): duration, displayed size, frame rate, codec,
// bytes and a small thumbnail, read with ffprobe/ffmpeg (tethered) and cached by path + size +
// mtime, so a row scrolled back into view or a restarted job costs nothing.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { FileDetails, FrameStrip } from '../shared/ipc/contract'
import type { FfmpegToolchain } from './ffmpeg/locate'
import { execFileTethered } from './ffmpeg/tether'
import { probeMedia } from './probe'

/** Thumbnail width in pixels (the row shows it at 80 px: sharp on a 2x screen). */
export const THUMBNAIL_WIDTH = 160
/** Frames the `thumbnail` filter chooses among: about 2 s at 25 fps, from 10% into the clip. */
const THUMBNAIL_CANDIDATES = 50
/** Entries kept; the oldest goes first (a thumbnail is about 5 KB). */
const CACHE_ENTRIES = 2_000

const cache = new Map<string, Promise<FileDetails>>()

/**
 * What `make` reads of `filePath`, kept in `store` under its path, size and mtime (a changed file
 * is read again); a failure is not kept, so the next ask tries again (the file may have been
 * mid-copy). At most `limit` entries: the oldest goes first.
 */
async function cachedByFile<T>(store: Map<string, Promise<T>>, limit: number, filePath: string, make: (bytes: number) => Promise<T>): Promise<T> {
  const info = await stat(filePath)
  const key = `${filePath}\0${info.size}\0${info.mtimeMs}`
  const cached = store.get(key)
  if (cached) return cached
  const made = make(info.size)
  store.set(key, made)
  made.catch(() => store.delete(key))
  if (store.size > limit) store.delete(store.keys().next().value ?? key)
  return made
}

/** Details of `filePath`, from the cache when the file has the same size and mtime as before. */
export async function readFileDetails(toolchain: FfmpegToolchain, filePath: string, signal?: AbortSignal): Promise<FileDetails> {
  return cachedByFile(cache, CACHE_ENTRIES, filePath, (bytes) => extract(toolchain, filePath, bytes, signal))
}

async function extract(toolchain: FfmpegToolchain, filePath: string, bytes: number, signal?: AbortSignal): Promise<FileDetails> {
  const media = await probeMedia(toolchain.ffprobe.path, filePath, bytes, signal)
  const video = media.video
  return {
    durationSeconds: media.durationSeconds,
    width: video.displayWidth,
    height: video.displayHeight,
    fps: video.fps,
    codec: video.codec,
    bytes,
    thumbnail: await thumbnail(toolchain.ffmpeg.path, filePath, media.durationSeconds, signal).catch((error: unknown) => {
      if ((error as Error).name === 'AbortError') throw error
      return null
    })
  }
}

/**
 * A representative frame: ffmpeg's `thumbnail` filter picks, among the frames from 10% into the
 * clip, the one closest to their average picture, so a fade from black or a cut does not win. ffmpeg
 * rotates by the rotation flag when decoding, so portrait phone clips come out upright.
 */
async function thumbnail(ffmpegPath: string, filePath: string, durationSeconds: number, signal?: AbortSignal): Promise<string> {
  const seekSeconds = durationSeconds > 0 ? durationSeconds * 0.1 : null
  return jpegFrame(ffmpegPath, filePath, seekSeconds, `thumbnail=${THUMBNAIL_CANDIDATES},scale=${THUMBNAIL_WIDTH}:-2`, 5, signal)
}

/**
 * One frame of `filePath` as a JPEG data URL: decoded from `seekSeconds` (a fast seek before the
 * input; the start when null), through `filters`, at JPEG quality `quality` (ffmpeg's -q:v, 2-31).
 */
async function jpegFrame(
  ffmpegPath: string,
  filePath: string,
  seekSeconds: number | null,
  filters: string,
  quality: number,
  signal?: AbortSignal
): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'cv-frame-'))
  try {
    const out = path.join(folder, 'frame.jpg')
    const seek = seekSeconds !== null ? ['-ss', seekSeconds.toFixed(3)] : []
    await execFileTethered(
      ffmpegPath,
      [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        ...seek,
        '-i',
        filePath,
        '-an',
        '-sn',
        '-dn',
        '-vf',
        `${filters},format=yuvj420p`,
        '-frames:v',
        '1',
        '-q:v',
        String(quality),
        out
      ],
      { signal }
    )
    return `data:image/jpeg;base64,${(await readFile(out)).toString('base64')}`
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/** Frames along a trim control (issue 14 "thumbnails along it"): this many, this wide. */
export const STRIP_FRAMES = 8
export const STRIP_WIDTH = 96

const stripCache = new Map<string, Promise<FrameStrip>>()

/**
 * `STRIP_FRAMES` small frames at evenly spaced instants (the middle of each eighth), as JPEG data
 * URLs, cached by path + size + mtime like the details. One ffmpeg run per frame, seeking before
 * the input (fast: a keyframe, then decoded to the instant); a frame that cannot be read is null.
 */
export async function readFrameStrip(toolchain: FfmpegToolchain, filePath: string, signal?: AbortSignal): Promise<FrameStrip> {
  return cachedByFile(stripCache, CACHE_ENTRIES / 10, filePath, async (bytes) => {
    const media = await probeMedia(toolchain.ffprobe.path, filePath, bytes, signal)
    const frames: Array<string | null> = []
    for (let index = 0; index < STRIP_FRAMES; index++) {
      const at = (media.durationSeconds * (index + 0.5)) / STRIP_FRAMES
      frames.push(
        await frameAt(toolchain.ffmpeg.path, filePath, at, signal).catch((error: unknown) => {
          if ((error as Error).name === 'AbortError') throw error
          return null
        })
      )
    }
    return { durationSeconds: media.durationSeconds, frames }
  })
}

function frameAt(ffmpegPath: string, filePath: string, seconds: number, signal?: AbortSignal): Promise<string> {
  return jpegFrame(ffmpegPath, filePath, seconds, `scale=${STRIP_WIDTH}:-2`, 6, signal)
}
