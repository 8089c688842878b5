// `npm run bench:long` (issue 17 §1's long case): a real clip looped to 10 minutes at 1080p (about
// 500 MB), compressed to 100 MB by our CLI and by HandBrakeCLI two-pass `veryfast` (turbo first
// pass, as HandBrake's presets run it) in the same run, each under /usr/bin/time: wall time,
// CPU-seconds (user + system of the process and its children), size against the target, and luma
// SSIM against the source on one frame a second, paired by timestamp (the engine's measurement).
// The source is made once and kept in ~/.cache/compress-video/bench. Not a test: numbers.
// Usage: npm run bench:long [-- --minutes 10 --target 100000000 --only ours,handbrake]
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { createLocalEngine } from '../src/engine'
import { probeMedia } from '../src/engine/probe'
import { measureSsim, sampleRateFor } from '../src/engine/quality'
import { ensureFootage, footagePath } from '../test/footage'

const run = promisify(execFile)
const AUDIO_KBPS = 128
const CLI = path.join(__dirname, '..', 'bin', 'compress-video.cjs')

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name)
  return at >= 0 ? process.argv[at + 1] : undefined
}

interface Timed {
  wallSeconds: number
  cpuSeconds: number
}

/** Runs a program under /usr/bin/time (GNU time counts the waited-for children, ffmpeg and x264 threads). */
async function timed(program: string, args: string[]): Promise<Timed> {
  const { stderr } = await run('/usr/bin/time', ['-f', 'TIMED %e %U %S', program, ...args], { maxBuffer: 256 << 20 })
  const line = stderr.split('\n').find((text) => text.startsWith('TIMED ')) ?? ''
  const [wall, user, system] = line.split(' ').slice(1).map(Number)
  return { wallSeconds: wall ?? NaN, cpuSeconds: (user ?? NaN) + (system ?? NaN) }
}

/**
 * The iPhone clip (720p, real phone footage) scaled to 1080p and looped to `minutes`, at about
 * 6.6 Mbit/s of x264 plus its AAC audio: a 10-minute phone video of about 500 MB.
 */
async function longSource(ffmpeg: string, minutes: number): Promise<string> {
  await ensureFootage()
  const folder = path.join(os.homedir(), '.cache', 'compress-video', 'bench')
  const file = path.join(folder, `phone-1080p-${minutes}min.mp4`)
  if (existsSync(file)) return file
  await mkdir(folder, { recursive: true })
  const partial = `${file}.partial.mp4`
  console.log(`making ${file} (once)...`)
  await run(ffmpeg, [
    '-v',
    'error',
    '-y',
    '-stream_loop',
    '-1',
    '-i',
    footagePath('iphone'),
    '-t',
    String(minutes * 60),
    '-vf',
    'scale=1920:1080:flags=lanczos',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-b:v',
    '6600k',
    '-maxrate',
    '9000k',
    '-bufsize',
    '12000k',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '160k',
    '-movflags',
    '+faststart',
    partial
  ])
  await rename(partial, file)
  return file
}

async function ssimOf(ffmpeg: string, ffprobe: string, output: string, source: string): Promise<number> {
  const media = await probeMedia(ffprobe, source, 0)
  const result = await probeMedia(ffprobe, output, 0)
  const measured = await measureSsim({
    ffmpegPath: ffmpeg,
    distorted: output,
    reference: source,
    width: media.video.displayWidth,
    height: media.video.displayHeight,
    // One frame a second across the whole length.
    sampleFps: sampleRateFor(media.durationSeconds, media.video.fps, result.video.fps, Math.ceil(media.durationSeconds))
  })
  return measured.y
}

async function main(): Promise<void> {
  const minutes = Number(argument('--minutes') ?? '10')
  const target = Number(argument('--target') ?? String(Math.round((100_000_000 * minutes) / 10)))
  const only = argument('--only')?.split(',') ?? ['ours', 'handbrake']
  const engine = await createLocalEngine({})
  const ffmpeg = engine.toolchain.ffmpeg.path
  const ffprobe = engine.toolchain.ffprobe.path
  const source = await longSource(ffmpeg, minutes)
  const media = await probeMedia(ffprobe, source, 0)
  const sourceBytes = (await stat(source)).size
  console.log(
    `source: ${path.basename(source)}, ${media.durationSeconds.toFixed(0)} s, ${media.video.displayWidth}x${media.video.displayHeight}, ${(sourceBytes / 1e6).toFixed(0)} MB; target ${(target / 1e6).toFixed(1)} MB; ${os.cpus().length} cores`
  )
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-long-'))
  try {
    if (only.includes('ours')) {
      const time = await timed(process.execPath, [CLI, source, '-t', String(target), '-o', work, '--json'])
      const output = path.join(work, `${path.parse(source).name}.compressed.mp4`)
      const bytes = (await stat(output)).size
      console.log(
        `ours: ${time.wallSeconds.toFixed(0)} s wall, ${time.cpuSeconds.toFixed(0)} CPU s; ${(bytes / target).toFixed(3)} of the target; SSIM Y ${(await ssimOf(ffmpeg, ffprobe, output, source)).toFixed(4)}`
      )
    }
    if (only.includes('handbrake')) {
      const kbps = Math.floor((target * 8) / media.durationSeconds / 1000 - AUDIO_KBPS)
      const output = path.join(work, 'handbrake.mp4')
      const time = await timed('HandBrakeCLI', [
        '-i',
        source,
        '-o',
        output,
        '-e',
        'x264',
        '--encoder-preset',
        'veryfast',
        '-b',
        String(kbps),
        '-2',
        '-T',
        '-E',
        'av_aac',
        '-B',
        String(AUDIO_KBPS)
      ])
      const bytes = (await stat(output)).size
      console.log(
        `HandBrakeCLI two-pass veryfast (turbo first pass, ${kbps} kbps): ${time.wallSeconds.toFixed(0)} s wall, ${time.cpuSeconds.toFixed(0)} CPU s; ${(bytes / target).toFixed(3)} of the target; SSIM Y ${(await ssimOf(ffmpeg, ffprobe, output, source)).toFixed(4)}`
      )
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
