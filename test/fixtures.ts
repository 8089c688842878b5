// Short clips generated with ffmpeg's lavfi sources. The global setup (test/global-setup.ts) makes
// them all before any test file starts, into a cache folder shared by every run and every test
// file on this machine; each file's name carries a hash of its recipe, so a changed recipe makes
// a new file and an unchanged one is never made twice. Tests copy them into their own folders
// before use, so every test owns its files.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { loadToolchain } from '../src/engine/ffmpeg/locate'

const execFileAsync = promisify(execFile)

/** Beside the footage (test/footage.ts): outside git, kept between runs. */
export const FIXTURE_CACHE = process.env['COMPRESS_VIDEO_FIXTURES'] ?? path.join(os.homedir(), '.cache', 'compress-video', 'fixtures')

type Recipe = {
  name: string
  /** ffmpeg arguments; `{cache}` stands for the folder where `files` are written. */
  args: string[]
  /** A second, stream-copy step (ffmpeg 4 sets rotation only on copy). */
  remux?: string[]
  /** Plays the made clip this many times in a row, by stream copy: a long clip for a tenth of the encoding. */
  repeat?: number
  /** Side files the recipe reads (e.g. a subtitle script), written to the fixture folder first. */
  files?: Record<string, string | Buffer>
}

const SUBTITLE_SCRIPT = '1\n00:00:00,500 --> 00:00:01,800\nHello from the fixture\n\n2\n00:00:02,000 --> 00:00:03,500\nSecond line, ü and 字\n'

/**
 * A Blu-ray (PGS, .sup) subtitle stream of two captions, each a white box, written by hand:
 * ffmpeg cannot turn text into picture subtitles, and picture formats (DVD, XSUB) are made
 * from this one. Segments: presentation, window, palette, object (run-length coded), end.
 */
function pgsCaptions(width: number, height: number): Buffer {
  const segment = (pts: number, type: number, data: Buffer): Buffer => {
    const header = Buffer.alloc(13)
    header.write('PG', 0, 'latin1')
    header.writeUInt32BE(pts, 2)
    header.writeUInt8(type, 10)
    header.writeUInt16BE(data.length, 11)
    return Buffer.concat([header, data])
  }
  const [w, h, x, y] = [120, 24, 16, height - 40]
  const window = Buffer.from([1, 0, x >> 8, x & 255, y >> 8, y & 255, w >> 8, w & 255, h >> 8, h & 255])
  const composition = (number: number, shown: boolean): Buffer =>
    Buffer.from([
      width >> 8,
      width & 255,
      height >> 8,
      height & 255,
      0x10,
      number >> 8,
      number & 255,
      shown ? 0x80 : 0,
      0,
      0,
      shown ? 1 : 0,
      ...(shown ? [0, 0, 0, 0, x >> 8, x & 255, y >> 8, y & 255] : [])
    ])
  // Each line: one run of colour 1 (00 11LLLLLL LLLLLLLL 01), then the end of line (00 00).
  const line = [0, 0xc0 | (w >> 8), w & 255, 1, 0, 0]
  const rle = Buffer.from(Array.from({ length: h }, () => line).flat())
  const objectLength = rle.length + 4
  const object = Buffer.concat([
    Buffer.from([0, 0, 0, 0xc0, objectLength >> 16, (objectLength >> 8) & 255, objectLength & 255, w >> 8, w & 255, h >> 8, h & 255]),
    rle
  ])
  const palette = Buffer.from([0, 0, 1, 235, 128, 128, 255])
  const caption = (from: number, to: number, number: number): Buffer[] => [
    segment(from, 0x16, composition(number, true)),
    segment(from, 0x17, window),
    segment(from, 0x14, palette),
    segment(from, 0x15, object),
    segment(from, 0x80, Buffer.alloc(0)),
    segment(to, 0x16, composition(number + 1, false)),
    segment(to, 0x17, window),
    segment(to, 0x80, Buffer.alloc(0))
  ]
  // 90 kHz clock: captions at 0.5-2 s and 2.5-3.5 s.
  return Buffer.concat([...caption(45_000, 180_000, 0), ...caption(225_000, 315_000, 2)])
}

// Each recipe is the ffmpeg arguments after the inputs are declared; output path is appended.
const RECIPES = {
  /** 640x360 25 fps, H.264 + AAC stereo, 6 s, with a creation time. */
  landscape: {
    name: 'landscape.mp4',
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
      '-t',
      '6',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '12',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '192k',
      '-ac',
      '2',
      '-metadata',
      'creation_time=2024-05-06T07:08:09.000000Z',
      '-metadata',
      'title=Fixture Title'
    ]
  },
  /** Phone-style portrait clip stored landscape with a 90° rotation flag, MOV. */
  rotated: {
    name: 'rotated.mov',
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=480x272:rate=30',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=660',
      '-t',
      '3',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '14',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac'
    ],
    remux: ['-c', 'copy', '-metadata:s:v:0', 'rotate=90', '-metadata', 'creation_time=2023-01-02T03:04:05.000000Z']
  },
  /**
   * A white frame and a 1 kHz beep at 0.52 s into every second, 7 s, 25 fps, a keyframe every 2 s
   * (issue 14): a trim's start and its sound can be checked to the frame, and a cut on keyframes
   * has to move back to one.
   */
  beeps: {
    name: 'beeps.mp4',
    args: [
      '-f',
      'lavfi',
      '-i',
      "testsrc2=size=320x180:rate=25,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(mod(t,1),0.515,0.555)'",
      '-f',
      'lavfi',
      '-i',
      'aevalsrc=if(between(mod(t\\,1)\\,0.52\\,0.56)\\,0.8*sin(2*PI*1000*t)\\,0):s=48000',
      '-t',
      '7',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-g',
      '50',
      '-keyint_min',
      '50',
      '-sc_threshold',
      '0',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '128k'
    ]
  },
  /** Variable frame rate: frames at irregular times (as phones record in low light). */
  vfr: {
    name: 'vfr.mkv',
    args: [
      '-f',
      'lavfi',
      '-i',
      "testsrc2=size=320x240:rate=30,setpts='N/30/TB+if(gt(N,45),(N-45)/30/TB,0)'",
      '-f',
      'lavfi',
      '-i',
      'sine=duration=3',
      '-frames:v',
      '66',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '14',
      '-pix_fmt',
      'yuv420p',
      '-vsync',
      'vfr',
      '-c:a',
      'aac'
    ]
  },
  /**
   * Variable frame rate on a phone's clock (1/600 s, as iPhones write): 30 fps, then 24 fps (low
   * light), then 30 again, with a little jitter, so frames fall off any nominal-rate grid.
   */
  phoneVfr: {
    name: 'phone-vfr.mp4',
    args: [
      '-f',
      'lavfi',
      '-i',
      "testsrc2=size=320x240:rate=30,settb=1/600,setpts='(if(lt(N,30),N/30,if(lt(N,54),1+(N-30)/24,2+(N-54)/30))+0.002*sin(N*1.3))/TB'",
      '-f',
      'lavfi',
      '-i',
      'sine=duration=2.5',
      '-frames:v',
      '66',
      '-vsync',
      'passthrough',
      '-enc_time_base:v',
      '1/600',
      '-video_track_timescale',
      '600',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '14',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac'
    ]
  },
  /** 120 fps, no audio: an absurd frame rate to cap. */
  highFps: {
    name: 'high-fps.mkv',
    args: ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=120', '-t', '2', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '10', '-pix_fmt', 'yuv420p']
  },
  /** Noisy picture that compresses badly: makes size targets tight. */
  noisy: {
    name: 'noisy.mp4',
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=25,noise=alls=40:allf=t',
      '-f',
      'lavfi',
      '-i',
      'anoisesrc=amplitude=0.3',
      '-t',
      '4',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '16',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '128k'
    ]
  },
  /** HDR10 as phones and cameras write it: 10-bit HEVC, BT.2020 primaries, PQ transfer, with audio. */
  hdrPq: {
    name: 'hdr-pq.mp4',
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=30',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=500',
      '-t',
      '2',
      '-c:v',
      'libx265',
      '-preset',
      'ultrafast',
      '-crf',
      '16',
      '-pix_fmt',
      'yuv420p10le',
      '-tag:v',
      'hvc1',
      '-x265-params',
      'log-level=error:colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc',
      '-color_primaries',
      'bt2020',
      '-color_trc',
      'smpte2084',
      '-colorspace',
      'bt2020nc',
      '-c:a',
      'aac'
    ]
  },
  /** A film-style MKV: H.264 + AAC with an English SRT subtitle track. */
  subtitled: {
    name: 'subtitled.mkv',
    files: { 'subtitled.srt': SUBTITLE_SCRIPT },
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=480x270:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=330',
      '-i',
      '{cache}/subtitled.srt',
      '-t',
      '4',
      '-map',
      '0:v',
      '-map',
      '1:a',
      '-map',
      '2:s',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '14',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-c:s',
      'srt',
      '-metadata:s:s:0',
      'language=eng'
    ]
  },
  /** A DivX-style AVI: MPEG-4 video, MP3 audio and an XSUB picture subtitle track (via DVD subtitles). */
  divxXsub: {
    name: 'divx-xsub.avi',
    files: { 'captions.sup': pgsCaptions(320, 240) },
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=550',
      '-i',
      '{cache}/captions.sup',
      '-t',
      '4',
      '-map',
      '0:v',
      '-map',
      '1:a',
      '-map',
      '2:s',
      '-c:v',
      'mpeg4',
      '-q:v',
      '3',
      '-c:a',
      'libmp3lame',
      '-c:s',
      'dvdsub',
      '-f',
      'matroska'
    ],
    remux: ['-map', '0', '-c', 'copy', '-c:s', 'xsub']
  },
  /** Anime-style MKV: ASS subtitles with the font they are drawn with attached. */
  styledSubtitles: {
    name: 'styled-subtitles.mkv',
    files: { 'styled.srt': SUBTITLE_SCRIPT, 'fixture-font.ttf': 'not really a font, but carried byte for byte\n'.repeat(400) },
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=480x270:rate=25',
      '-i',
      '{cache}/styled.srt',
      '-t',
      '4',
      '-attach',
      '{cache}/fixture-font.ttf',
      '-metadata:s:t',
      'mimetype=application/x-truetype-font',
      '-map',
      '0:v',
      '-map',
      '1:s',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '14',
      '-pix_fmt',
      'yuv420p',
      '-c:s',
      'ass'
    ]
  },
  /** A film with two audio languages; the second (French) is marked default. */
  twoAudio: {
    name: 'two-audio.mkv',
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=300',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=600',
      '-t',
      '3',
      '-map',
      '0:v',
      '-map',
      '1:a',
      '-map',
      '2:a',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '16',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-metadata:s:a:0',
      'language=eng',
      '-metadata:s:a:1',
      'language=fra',
      '-disposition:a:0',
      '0',
      '-disposition:a:1',
      'default'
    ]
  },
  /**
   * 320x180 25 fps, H.264 + AAC, 1 s: for the slowest encoder, where the clip's length is not what
   * is tested (the bundled ffmpeg's libaom-av1 runs on one core: 45 s for the 3 s rotated clip).
   */
  tiny: {
    name: 'tiny.mp4',
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440',
      '-t',
      '1',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '14',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac'
    ]
  },
  /** Audio only in a video container: "not a video". */
  audioOnly: {
    name: 'audio-only.mp4',
    args: ['-f', 'lavfi', '-i', 'sine', '-t', '2', '-c:a', 'aac']
  },
  /** The app's e2e clip (issue #4): 4 s 640x360 H.264 + AAC, x264's default preset. */
  appClip: {
    name: 'app-clip.mp4',
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine',
      '-t',
      '4',
      '-pix_fmt',
      'yuv420p',
      '-c:v',
      'libx264',
      '-c:a',
      'aac'
    ]
  },
  /** A 40 s 720p30 clip (4 s ten times), long and busy enough to be still encoding when the e2e test cancels it. */
  appLongClip: {
    name: 'app-long-clip.mp4',
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=1280x720:rate=30',
      '-f',
      'lavfi',
      '-i',
      'sine',
      '-t',
      '4',
      '-pix_fmt',
      'yuv420p',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-c:a',
      'aac'
    ],
    repeat: 10
  }
} satisfies Record<string, Recipe>

export type FixtureName = keyof typeof RECIPES

/** The cached file of a recipe: its name with a hash of everything that goes into making it. */
function cachedPath(recipe: Recipe): string {
  const hash = createHash('sha256').update(JSON.stringify([recipe.args, recipe.remux ?? [], recipe.repeat ?? 1]))
  for (const [name, content] of Object.entries(recipe.files ?? {})) hash.update(name).update(content)
  const { name, ext } = path.parse(recipe.name)
  return path.join(FIXTURE_CACHE, `${name}-${hash.digest('hex').slice(0, 12)}${ext}`)
}

async function makeFixture(recipe: Recipe, target: string): Promise<void> {
  await mkdir(FIXTURE_CACHE, { recursive: true })
  // Made in a folder of its own and renamed into place when complete: runs and test files that
  // make the same fixture at once never read a half-written one or each other's side files.
  const scratch = await mkdtemp(path.join(FIXTURE_CACHE, '.making-'))
  try {
    const toolchain = await loadToolchain()
    const quiet = ['-hide_banner', '-loglevel', 'error', '-y']
    for (const [name, content] of Object.entries(recipe.files ?? {})) await writeFile(path.join(scratch, name), content)
    const made = path.join(scratch, `made-${recipe.name}`)
    await execFileAsync(toolchain.ffmpeg.path, [...quiet, ...recipe.args.map((arg) => arg.replaceAll('{cache}', scratch)), made])
    if (recipe.remux) {
      const remuxed = path.join(scratch, `remuxed-${recipe.name}`)
      await execFileAsync(toolchain.ffmpeg.path, [...quiet, '-i', made, ...recipe.remux, remuxed])
      await rename(remuxed, made)
    }
    if (recipe.repeat) {
      const repeated = path.join(scratch, `repeated-${recipe.name}`)
      await execFileAsync(toolchain.ffmpeg.path, [...quiet, '-stream_loop', String(recipe.repeat - 1), '-i', made, '-map', '0', '-c', 'copy', repeated])
      await rename(repeated, made)
    }
    await rename(made, target)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

const making = new Map<string, Promise<string>>()

function ensureFixture(recipe: Recipe): Promise<string> {
  const target = cachedPath(recipe)
  if (existsSync(target)) return Promise.resolve(target)
  let pending = making.get(target)
  if (!pending) {
    pending = makeFixture(recipe, target).then(() => target)
    making.set(target, pending)
    // A failure is not remembered: the next caller tries again (and reports its own error).
    pending.catch(() => making.delete(target))
  }
  return pending
}

/** Where a fixture is cached (made by the global setup; this does not make it). */
export function cachedFixturePath(name: FixtureName): string {
  return cachedPath(RECIPES[name])
}

/** Every fixture's name. */
export const FIXTURE_NAMES = Object.keys(RECIPES) as FixtureName[]

/** Makes every fixture that is not cached yet, one after another (ffmpeg uses both cores). */
export async function prepareFixtures(): Promise<void> {
  for (const recipe of Object.values(RECIPES)) await ensureFixture(recipe)
}

/** A fresh folder for one test (under the OS temp folder). */
export async function makeWorkDir(label = 'work'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `cv-${label}-`))
}

/** Copies a generated fixture into `folder` (optionally under another name) and returns its path. */
export async function fixture(name: FixtureName, folder: string, as?: string): Promise<string> {
  const source = await ensureFixture(RECIPES[name])
  const destination = path.join(folder, as ?? RECIPES[name].name)
  await copyFile(source, destination)
  return destination
}

/** Copies any file (e.g. real footage) into `folder`. */
export async function copyInto(source: string, folder: string, as?: string): Promise<string> {
  const destination = path.join(folder, as ?? path.basename(source))
  await copyFile(source, destination)
  return destination
}

export function sha256(filePath: string): string {
  return createHash('sha256').update(readFileSync(filePath)).digest('hex')
}

export function writeBytes(filePath: string, bytes: Buffer | string): string {
  writeFileSync(filePath, bytes)
  return filePath
}

/** Everything in a folder, hidden files included: partial outputs must never remain. */
export async function listFolder(folder: string): Promise<string[]> {
  return (await readdir(folder)).sort()
}
