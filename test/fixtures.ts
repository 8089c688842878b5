// Short clips generated with ffmpeg's lavfi sources, made once per machine and cached in the
// temp folder. Tests copy them into their own folders before use, so every test owns its files.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { copyFile, mkdtemp, readdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { loadToolchain } from '../src/engine/ffmpeg/locate'

const CACHE = path.join(os.tmpdir(), 'compress-video-fixtures-v4')

type Recipe = {
  name: string
  /** ffmpeg arguments; `{cache}` stands for the fixture folder (where `files` are written). */
  args: string[]
  /** A second, stream-copy step (ffmpeg 4 sets rotation only on copy). */
  remux?: string[]
  /** Side files the recipe reads (e.g. a subtitle script), written to the fixture folder first. */
  files?: Record<string, string>
}

const SUBTITLE_SCRIPT = '1\n00:00:00,500 --> 00:00:01,800\nHello from the fixture\n\n2\n00:00:02,000 --> 00:00:03,500\nSecond line, ü and 字\n'

// Each recipe is the ffmpeg arguments after the inputs are declared; output path is appended.
const RECIPES = {
  /** 640x360 25 fps, H.264 + AAC stereo, 6 s, with a creation time. */
  landscape: {
    name: 'landscape.mp4',
    args: ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '6',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '12', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '192k', '-ac', '2',
      '-metadata', 'creation_time=2024-05-06T07:08:09.000000Z', '-metadata', 'title=Fixture Title']
  },
  /** Phone-style portrait clip stored landscape with a 90° rotation flag, MOV. */
  rotated: {
    name: 'rotated.mov',
    args: ['-f', 'lavfi', '-i', 'testsrc=size=480x272:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=660', '-t', '3',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '14', '-pix_fmt', 'yuv420p', '-c:a', 'aac'],
    remux: ['-c', 'copy', '-metadata:s:v:0', 'rotate=90', '-metadata', 'creation_time=2023-01-02T03:04:05.000000Z']
  },
  /** Variable frame rate: frames at irregular times (as phones record in low light). */
  vfr: {
    name: 'vfr.mkv',
    args: ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30,setpts=\'N/30/TB+if(gt(N,45),(N-45)/30/TB,0)\'', '-f', 'lavfi', '-i', 'sine=duration=3', '-frames:v', '66',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '14', '-pix_fmt', 'yuv420p', '-vsync', 'vfr', '-c:a', 'aac']
  },
  /** 120 fps, no audio: an absurd frame rate to cap. */
  highFps: {
    name: 'high-fps.mkv',
    args: ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=120', '-t', '2', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '10', '-pix_fmt', 'yuv420p']
  },
  /** Noisy picture that compresses badly: makes size targets tight. */
  noisy: {
    name: 'noisy.mp4',
    args: ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25,noise=alls=40:allf=t', '-f', 'lavfi', '-i', 'anoisesrc=amplitude=0.3', '-t', '4',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k']
  },
  /** HDR10 as phones and cameras write it: 10-bit HEVC, BT.2020 primaries, PQ transfer, with audio. */
  hdrPq: {
    name: 'hdr-pq.mp4',
    args: ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=500', '-t', '2',
      '-c:v', 'libx265', '-preset', 'ultrafast', '-crf', '16', '-pix_fmt', 'yuv420p10le', '-tag:v', 'hvc1',
      '-x265-params', 'log-level=error:colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc',
      '-color_primaries', 'bt2020', '-color_trc', 'smpte2084', '-colorspace', 'bt2020nc', '-c:a', 'aac']
  },
  /** A film-style MKV: H.264 + AAC with an English SRT subtitle track. */
  subtitled: {
    name: 'subtitled.mkv',
    files: { 'subtitled.srt': SUBTITLE_SCRIPT },
    args: ['-f', 'lavfi', '-i', 'testsrc2=size=480x270:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=330', '-i', '{cache}/subtitled.srt', '-t', '4',
      '-map', '0:v', '-map', '1:a', '-map', '2:s', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '14', '-pix_fmt', 'yuv420p', '-c:a', 'aac',
      '-c:s', 'srt', '-metadata:s:s:0', 'language=eng']
  },
  /** Audio only in a video container: "not a video". */
  audioOnly: {
    name: 'audio-only.mp4',
    args: ['-f', 'lavfi', '-i', 'sine', '-t', '2', '-c:a', 'aac']
  }
} satisfies Record<string, Recipe>

export type FixtureName = keyof typeof RECIPES

async function ensureFixture(recipe: Recipe): Promise<string> {
  const target = path.join(CACHE, recipe.name)
  if (existsSync(target)) return target
  mkdirSync(CACHE, { recursive: true })
  const toolchain = await loadToolchain()
  const temp = path.join(CACHE, `.tmp-${process.pid}-${recipe.name}`)
  const quiet = ['-hide_banner', '-loglevel', 'error', '-y']
  for (const [name, content] of Object.entries(recipe.files ?? {})) writeFileSync(path.join(CACHE, name), content)
  execFileSync(toolchain.ffmpeg.path, [...quiet, ...recipe.args.map((arg) => arg.replaceAll('{cache}', CACHE)), temp])
  if (recipe.remux) {
    const second = path.join(CACHE, `.tmp2-${process.pid}-${recipe.name}`)
    execFileSync(toolchain.ffmpeg.path, [...quiet, '-i', temp, ...recipe.remux, second])
    renameSync(second, temp)
  }
  renameSync(temp, target)
  return target
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
