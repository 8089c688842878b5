// The quality floor with the size target (issue #12), with real ffmpeg on a real clip: a floor
// the target cannot meet is refused before any output is written, with the smallest size that
// meets it from the samples; a job at that size meets it; --allow-below-floor runs anyway.
import { mkdir, readdir } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { meetsFloor } from '../src/shared/compression'
import { type LocalEngine, createLocalEngine } from '../src/engine'
import { copyInto, listFolder, makeWorkDir } from './fixtures'
import { footagePath } from './footage'
import { untilFolder } from './folder-watch'

let engine: LocalEngine

beforeAll(async () => {
  engine = await createLocalEngine()
})

// The rocket launch (8 s, 640x360, 488 KB): 120 KB is about 110 kbps of video, visible blocks.
const TINY_TARGET = 120_000

describe('a quality floor with the size target', () => {
  it('refuses a floor the target cannot meet before writing anything, with the smallest size that meets it; a job at that size meets it', async () => {
    const dir = await makeWorkDir('floor-refused')
    const input = await copyInto(footagePath('rocket'), dir)
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    const refused = await engine.compress({ input, options: { targetBytes: TINY_TARGET, minQuality: 'good' } })
    const wall = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    expect(refused.status).toBe('failed')
    expect(refused.errorCode).toBe('below-quality-floor')
    expect(refused.output).toBeNull()
    expect(refused.message).toMatch(
      /^At 120 KB this video would look like 'visible blocks' \(SSIM 0\.\d{4}\); for 'slight softening' or better it needs about [\d.]+ KB\./
    )
    expect(refused.message).toContain('--allow-below-floor')
    const smallest = refused.smallestBytesForFloor
    expect(smallest).toBeGreaterThan(TINY_TARGET)
    expect(smallest).toBeLessThan(488_000)
    expect(await listFolder(dir)).toEqual([path.basename(input)])
    // The cost (ffmpeg's CPU is in its children: reported by the wall time here; see README).
    console.log(
      `[floor cost] rocket at ${TINY_TARGET} B: refused in ${wall.toFixed(1)} s wall (node ${((cpu.user + cpu.system) / 1e6).toFixed(2)} CPU s), smallest ${smallest}`
    )

    const atSmallest = await engine.compress({ input, options: { targetBytes: smallest, minQuality: 'good' } })
    expect(atSmallest.status, atSmallest.message).toBe('done')
    expect(atSmallest.outputBytes).toBeLessThanOrEqual(smallest!)
    expect(atSmallest.quality).not.toBeNull()
    expect(meetsFloor(atSmallest.quality!, 'good')).toBe(true)
  })

  it('--allow-below-floor runs the job anyway, and the result says so', async () => {
    const dir = await makeWorkDir('floor-allowed')
    const input = await copyInto(footagePath('rocket'), dir)
    const result = await engine.compress({ input, options: { targetBytes: TINY_TARGET, minQuality: 'good', allowBelowFloor: true } })
    expect(result.status, result.message).toBe('done')
    expect(result.outputBytes).toBeLessThanOrEqual(TINY_TARGET)
    expect(result.changes.some((change) => change.startsWith('below the quality floor, as allowed: at 120 KB'))).toBe(true)
    expect(result.smallestBytesForFloor).toBeUndefined()
  })

  it('cancelled while the samples are encoded: cancelled, nothing left in the temp folder or beside the original', async () => {
    const dir = await makeWorkDir('floor-cancel')
    const tmp = path.join(dir, 'tmp')
    await mkdir(tmp)
    await mkdir(path.join(dir, 'original'))
    const input = await copyInto(footagePath('rocket'), path.join(dir, 'original'))
    const controller = new AbortController()
    const saved = process.env.TMPDIR
    process.env.TMPDIR = tmp
    try {
      // A part of the check appears in the job's private work folder once ffmpeg writes it.
      const writing = untilFolder(tmp, (entries) => entries.some((entry) => /size-1-\d\./.test(entry)), { recursive: true }).then(() => controller.abort())
      const result = await engine.compress({ input, options: { targetBytes: TINY_TARGET, minQuality: 'good' }, signal: controller.signal })
      await writing
      expect(result.status).toBe('cancelled')
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
    }
    const left = (await readdir(tmp, { recursive: true })).filter((entry) => !/^compress-video-work-\d+$/.test(entry))
    expect(left).toEqual([])
    expect(await listFolder(path.dirname(input))).toEqual([path.basename(input)])
  })
})
