// `npm run bench`: compresses real footage to several targets with our engine and, in the same
// run and with the same ffmpeg, with the usual peer method (ffmpeg two-pass x264 `medium`,
// video kbps = target bits / duration - audio kbps), then prints per case bytes/target, SSIM
// against the source, wall time and the ratios to the peer. Not a test: numbers, no verdicts.
// Usage: npm run bench [-- --only iphone,sintel] [--markdown BENCHMARKS-table.md]
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { SPEED_PREFERENCES, type SpeedPreference } from '../src/shared/compression'
import { createLocalEngine } from '../src/engine'
import { type MediaInfo, probeMedia } from '../src/engine/probe'
import { measureSsim, sampleRateFor } from '../src/engine/quality'
import { ensureFootage, type FOOTAGE, footagePath } from '../test/footage'

const execFileAsync = promisify(execFile)

interface BenchCase {
  clip: keyof typeof FOOTAGE
  targetBytes: number
}

// Targets chosen per clip so that each is a real compression (well under the source) and
// spans comfortable to tight budgets for the clip's size, length and motion.
const CASES: BenchCase[] = [
  { clip: 'iphone', targetBytes: 3_000_000 },
  { clip: 'iphone', targetBytes: 1_000_000 },
  { clip: 'sintel', targetBytes: 2_000_000 },
  { clip: 'sintel', targetBytes: 1_500_000 },
  { clip: 'camera360', targetBytes: 500_000 },
  { clip: 'screencast', targetBytes: 300_000 },
  { clip: 'timelapse', targetBytes: 1_000_000 },
  { clip: 'timelapse', targetBytes: 400_000 },
  { clip: 'rocket', targetBytes: 300_000 },
  { clip: 'megamind', targetBytes: 600_000 }
]

const PEER_AUDIO_KBPS = 128

interface Measured {
  bytes: number
  seconds: number
  ssim: number
}

/** Every frame, paired by timestamp, at the source size: the engine's measurement (src/engine/quality.ts). */
async function ssim(ffmpegPath: string, ffprobePath: string, output: string, source: string, media: MediaInfo): Promise<number> {
  const result = await probeMedia(ffprobePath, output, 0)
  const everyFrame = sampleRateFor(media.durationSeconds, media.video.fps, result.video.fps, Infinity)
  const measured = await measureSsim({
    ffmpegPath,
    distorted: output,
    reference: source,
    width: media.video.displayWidth,
    height: media.video.displayHeight,
    sampleFps: everyFrame
  })
  // `All` (luma and chroma), the figure BENCHMARKS.md has always reported.
  return measured.all
}

/**
 * CPU-seconds of this process and of its waited-for children (ffmpeg): wall time on a shared
 * machine says little, CPU time is what each side spent (Linux /proc; 0 for children elsewhere).
 */
function cpuSeconds(): number {
  const own = process.cpuUsage()
  const children = ((): number => {
    try {
      const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? []
      // cutime and cstime: fields 16 and 17 of stat(5), the 14th and 15th after the name.
      return (Number(fields[13]) + Number(fields[14])) / 100
    } catch {
      return 0
    }
  })()
  return (own.user + own.system) / 1e6 + (Number.isFinite(children) ? children : 0)
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: number }> {
  const start = process.hrtime.bigint()
  const cpuStart = cpuSeconds()
  const value = await fn()
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9, cpu: cpuSeconds() - cpuStart }
}

async function peerEncode(
  ffmpegPath: string,
  input: string,
  output: string,
  targetBytes: number,
  duration: number,
  hasAudio: boolean,
  oddSize: boolean,
  work: string
): Promise<string | null> {
  const audioKbps = hasAudio ? PEER_AUDIO_KBPS : 0
  const videoKbps = Math.floor((targetBytes * 8) / duration / 1000 - audioKbps)
  const log = path.join(work, 'peer')
  // x264 refuses odd sizes (720x405): the usual fix people add to the recipe.
  const even = oddSize ? ['-vf', 'crop=trunc(iw/2)*2:trunc(ih/2)*2'] : []
  const common = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-i',
    input,
    ...even,
    '-c:v',
    'libx264',
    '-preset',
    'medium',
    '-b:v',
    `${videoKbps}k`,
    '-pix_fmt',
    'yuv420p',
    '-passlogfile',
    log
  ]
  try {
    await execFileAsync(ffmpegPath, [...common, '-pass', '1', '-an', '-f', 'null', '-'])
    await execFileAsync(ffmpegPath, [...common, '-pass', '2', ...(hasAudio ? ['-c:a', 'aac', '-b:a', `${audioKbps}k`] : ['-an']), output])
    return null
  } catch (error) {
    return (error as { stderr?: string }).stderr?.trim().split('\n').pop() ?? 'ffmpeg failed'
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

async function main(): Promise<void> {
  await ensureFootage()
  const only = process.argv.includes('--only') ? (process.argv[process.argv.indexOf('--only') + 1] ?? '').split(',') : null
  const markdownOut = process.argv.includes('--markdown') ? process.argv[process.argv.indexOf('--markdown') + 1] : undefined
  // Issue 17 §1: --speed fast|balanced|thorough for our side (default: the engine's, balanced).
  const speedArg = process.argv.includes('--speed') ? process.argv[process.argv.indexOf('--speed') + 1] : undefined
  const speed = (SPEED_PREFERENCES as readonly string[]).includes(speedArg ?? '') ? (speedArg as SpeedPreference) : null
  const engine = await createLocalEngine()
  const ffmpegPath = engine.toolchain.ffmpeg.path
  const rows: string[] = []
  const fits: boolean[] = []
  const fill: number[] = []
  const ssimDelta: number[] = []
  const timeRatio: number[] = []
  const cpuRatio: number[] = []
  const header =
    '| clip | target | ours bytes/target | peer bytes/target | ours SSIM | peer SSIM | ΔSSIM | ours s | peer s | time ratio | ours CPU s | peer CPU s | notes |'
  rows.push(header, '|---|---|---|---|---|---|---|---|---|---|---|---|---|')
  console.log(`ffmpeg ${engine.toolchain.version} (${engine.toolchain.ffmpeg.source}), ${os.cpus().length} cores: ${os.cpus()[0]?.model ?? ''}`)
  for (const c of CASES.filter((x) => !only || only.includes(x.clip))) {
    const source = footagePath(c.clip)
    const work = await mkdtemp(path.join(os.tmpdir(), 'cv-bench-'))
    try {
      const media = await probeMedia(engine.toolchain.ffprobe.path, source, (await stat(source)).size)
      const ours = await timed(() => engine.compress({ input: source, options: { targetBytes: c.targetBytes, speed }, outputDir: work }))
      if (ours.value.status !== 'done' || !ours.value.output) throw new Error(`${c.clip}: ${ours.value.message}`)
      const oursOut = ours.value.output
      const peerOut = path.join(work, 'peer.mp4')
      const peer = await timed(() =>
        peerEncode(
          ffmpegPath,
          source,
          peerOut,
          c.targetBytes,
          media.durationSeconds,
          media.audio !== null,
          media.video.width % 2 !== 0 || media.video.height % 2 !== 0,
          work
        )
      )
      const o: Measured = {
        bytes: (await stat(oursOut)).size,
        seconds: ours.seconds,
        ssim: await ssim(ffmpegPath, engine.toolchain.ffprobe.path, oursOut, source, media)
      }
      if (peer.value !== null) {
        // The usual recipe has no answer for some files (e.g. a truncated last audio frame).
        fits.push(o.bytes <= c.targetBytes)
        fill.push(o.bytes / c.targetBytes)
        const row = `| ${c.clip} | ${(c.targetBytes / 1e6).toFixed(2)} MB | ${(o.bytes / c.targetBytes).toFixed(3)} | failed | ${o.ssim.toFixed(4)} | - | - | ${o.seconds.toFixed(1)} | - | - | ${ours.cpu.toFixed(1)} | - | peer recipe failed: ${peer.value} |`
        rows.push(row)
        console.log(row)
        continue
      }
      const p: Measured = {
        bytes: (await stat(peerOut)).size,
        seconds: peer.seconds,
        ssim: await ssim(ffmpegPath, engine.toolchain.ffprobe.path, peerOut, source, media)
      }
      fits.push(o.bytes <= c.targetBytes)
      fill.push(o.bytes / c.targetBytes)
      ssimDelta.push(o.ssim - p.ssim)
      timeRatio.push(o.seconds / p.seconds)
      cpuRatio.push(ours.cpu / peer.cpu)
      const notes = [...ours.value.changes, p.bytes > c.targetBytes ? 'peer over target' : ''].filter(Boolean).join('; ')
      const row = `| ${c.clip} | ${(c.targetBytes / 1e6).toFixed(2)} MB | ${(o.bytes / c.targetBytes).toFixed(3)} | ${(p.bytes / c.targetBytes).toFixed(3)} | ${o.ssim.toFixed(4)} | ${p.ssim.toFixed(4)} | ${(o.ssim - p.ssim >= 0 ? '+' : '') + (o.ssim - p.ssim).toFixed(4)} | ${o.seconds.toFixed(1)} | ${p.seconds.toFixed(1)} | ${(o.seconds / p.seconds).toFixed(2)} | ${ours.cpu.toFixed(1)} | ${peer.cpu.toFixed(1)} | ${notes} |`
      rows.push(row)
      console.log(row)
    } finally {
      await rm(work, { recursive: true, force: true })
    }
  }
  const summary = [
    '',
    `cases: ${fits.length}; all fit: ${fits.every(Boolean)}; median bytes/target: ${median(fill).toFixed(3)}; ` +
      `worst ΔSSIM: ${Math.min(...ssimDelta).toFixed(4)}; median ΔSSIM: ${median(ssimDelta).toFixed(4)}; median time ratio (ours/peer): ${median(timeRatio).toFixed(2)}; median CPU ratio: ${median(cpuRatio).toFixed(2)}`
  ]
  console.log(summary.join('\n'))
  if (markdownOut) await writeFile(markdownOut, [...rows, ...summary, ''].join('\n'))
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
