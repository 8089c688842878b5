// Where a cut without re-encoding can start (issue 14): the video's keyframe at or before a
// point. Read from the packets' flags (nothing is decoded), in the 30 s before the point first.
import { z } from 'zod'
import { execFileTethered } from './ffmpeg/tether'

const packetsSchema = z.object({
  packets: z.array(z.object({ pts_time: z.string().optional(), flags: z.string().optional() }).passthrough()).default([]),
  format: z.object({ start_time: z.string().optional() }).passthrough().optional()
})

/** Seconds before the point read first; a keyframe further back is looked for from the file's start. */
const LOOK_BACK_SECONDS = 30

async function keyframesIn(ffprobePath: string, file: string, from: number, to: number, signal?: AbortSignal): Promise<{ times: number[]; start: number }> {
  const { stdout } = await execFileTethered(
    ffprobePath,
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-read_intervals',
      `${from.toFixed(3)}%${to.toFixed(3)}`,
      '-show_entries',
      'packet=pts_time,flags:format=start_time',
      '-of',
      'json',
      file
    ],
    { signal, maxBuffer: 16 << 20 }
  )
  const parsed = packetsSchema.parse(JSON.parse(stdout))
  const start = Number(parsed.format?.start_time ?? 0)
  const times = parsed.packets
    .filter((packet) => packet.flags?.includes('K') === true && packet.pts_time !== undefined)
    .map((packet) => Number(packet.pts_time))
    .filter((time) => Number.isFinite(time))
  return { times, start: Number.isFinite(start) ? start : 0 }
}

/**
 * The last keyframe at or before `seconds` (from the file's start, as ffmpeg's -ss counts), or
 * null when none is found or the file cannot be read that way (the caller then cuts from 0).
 */
export async function keyframeAtOrBefore(ffprobePath: string, file: string, seconds: number, signal?: AbortSignal): Promise<number | null> {
  try {
    // The intervals are in the file's own timestamps, which may not start at 0 (MPEG, edit lists).
    const { start } = await keyframesIn(ffprobePath, file, 0, 0, signal)
    const at = start + seconds + 1e-6
    for (const from of [Math.max(0, at - LOOK_BACK_SECONDS), 0]) {
      const { times } = await keyframesIn(ffprobePath, file, from, at, signal)
      const before = times.filter((time) => time <= at)
      if (before.length > 0) return Math.max(0, Math.max(...before) - start)
      if (from === 0) break
    }
    return null
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    return null
  }
}
