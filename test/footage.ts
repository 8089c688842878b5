// Real clips from ../shared/footage/fetch.sh, cached outside git (see README "Tests").
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const FOOTAGE_DIR = process.env.COMPRESS_VIDEO_FOOTAGE ?? path.join(os.homedir(), '.cache', 'compress-video', 'footage')

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
