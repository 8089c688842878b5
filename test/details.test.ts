// File details and thumbnails for the queue rows (issue #12), with real ffmpeg on real files.
import { execFileSync } from 'node:child_process'
import { utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { type LocalEngine, createLocalEngine } from '../src/engine'
import { STRIP_FRAMES, STRIP_WIDTH, THUMBNAIL_WIDTH, readFileDetails, readFrameStrip } from '../src/engine/details'
import { footagePath } from './footage'
import { copyInto, fixture, makeWorkDir } from './fixtures'

let engine: LocalEngine

beforeAll(async () => {
  engine = await createLocalEngine()
})

/** Width, height and mean luma (0..255) of a data:image/jpeg URL, read back by ffmpeg. */
async function inspect(dataUrl: string, folder: string): Promise<{ width: number; height: number; meanLuma: number }> {
  expect(dataUrl.startsWith('data:image/jpeg;base64,')).toBe(true)
  const file = path.join(folder, `thumb-${Date.now()}.jpg`)
  await writeFile(file, Buffer.from(dataUrl.slice('data:image/jpeg;base64,'.length), 'base64'))
  const size = execFileSync(engine.toolchain.ffprobe.path, ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], {
    encoding: 'utf8'
  })
    .trim()
    .split(',')
    .map(Number)
  const log = execFileSync(
    engine.toolchain.ffmpeg.path,
    ['-hide_banner', '-loglevel', 'info', '-i', file, '-vf', 'signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-', '-f', 'null', '-'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
  )
  const mean = /YAVG=([\d.]+)/.exec(log)
  return { width: size[0] ?? 0, height: size[1] ?? 0, meanLuma: mean ? Number(mean[1]) : 0 }
}

describe('file details and thumbnails', () => {
  it('a footage clip: duration, displayed size, frame rate, codec, bytes and a 160 px picture that is not black', async () => {
    const dir = await makeWorkDir('details')
    const input = await copyInto(footagePath('iphone'), dir)
    const details = await readFileDetails(engine.toolchain, input)
    expect(details).toMatchObject({ width: 1280, height: 720, fps: 30, codec: 'h264' })
    expect(details.durationSeconds).toBeGreaterThan(8.8)
    expect(details.durationSeconds).toBeLessThan(9.1)
    expect(details.bytes).toBeGreaterThan(0)
    const picture = await inspect(details.thumbnail ?? '', dir)
    expect(picture.width).toBe(THUMBNAIL_WIDTH)
    expect(picture.height).toBe(90)
    expect(picture.meanLuma).toBeGreaterThan(30)
  })

  it('a clip that opens on black gets a picture from its content, not the black first frame', async () => {
    const dir = await makeWorkDir('details-black')
    const input = path.join(dir, 'fade in.mp4')
    // 1.5 s of black, then 4.5 s of a test picture.
    execFileSync(engine.toolchain.ffmpeg.path, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'color=black:size=320x240:rate=25:duration=1.5',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25:duration=4.5',
      '-filter_complex',
      '[0:v][1:v]concat=n=2:v=1[v]',
      '-map',
      '[v]',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-pix_fmt',
      'yuv420p',
      input
    ])
    const details = await readFileDetails(engine.toolchain, input)
    const picture = await inspect(details.thumbnail ?? '', dir)
    expect(picture.meanLuma).toBeGreaterThan(40)
  })

  it('a rotated phone clip comes out upright (portrait)', async () => {
    const dir = await makeWorkDir('details-rotated')
    const input = await fixture('rotated', dir)
    const details = await readFileDetails(engine.toolchain, input)
    expect(details.width).toBeLessThan(details.height)
    const picture = await inspect(details.thumbnail ?? '', dir)
    expect(picture.width).toBe(THUMBNAIL_WIDTH)
    expect(picture.height).toBeGreaterThan(picture.width)
  })

  it('frames along a clip for the trim control (issue 14): eight small pictures at different instants, cached', async () => {
    const dir = await makeWorkDir('strip')
    const input = await copyInto(footagePath('iphone'), dir)
    const strip = await readFrameStrip(engine.toolchain, input)
    expect(strip.durationSeconds).toBeGreaterThan(8.8)
    expect(strip.frames).toHaveLength(STRIP_FRAMES)
    for (const frame of strip.frames) {
      expect(frame).not.toBeNull()
      expect((await inspect(frame ?? '', dir)).width).toBe(STRIP_WIDTH)
    }
    // Different instants, so different pictures.
    expect(new Set(strip.frames).size).toBeGreaterThan(1)
    await expect(readFrameStrip(engine.toolchain, input)).resolves.toBe(strip)
  })

  it('is cached by path, size and mtime: the same answer until the file changes', async () => {
    const dir = await makeWorkDir('details-cache')
    const input = await fixture('landscape', dir)
    const first = await readFileDetails(engine.toolchain, input)
    expect(await readFileDetails(engine.toolchain, input)).toBe(first)
    const later = new Date(Date.now() + 60_000)
    await utimes(input, later, later)
    const again = await readFileDetails(engine.toolchain, input)
    expect(again).not.toBe(first)
    expect(again).toEqual(first)
  })
})
