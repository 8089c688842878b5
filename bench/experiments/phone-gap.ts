// Issue #17 §0: where does the SSIM gap on 1080p phone video come from? For each source given,
// compresses to each target with our engine (the CLI), the usual ffmpeg two-pass `medium` recipe
// and HandBrakeCLI two-pass `medium` (when installed), and prints size/target and SSIM measured
// as the bench does (every frame, paired by timestamp, at the source's display size).
// Usage: tsx bench/experiments/phone-gap.ts TARGET_BYTES[,TARGET...] [FILE...]
// With no FILE it makes two 1080p clips from the footage's iPhone clip (upscaled, x264 CRF 14):
// one at constant 30 fps and one with variable timing on a phone's 1/600 s clock (30 fps, a 24 fps
// stretch as in low light, 30 again, 2 ms jitter), and compares those.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { createLocalEngine } from '../../src/engine'
import { probeMedia } from '../../src/engine/probe'
import { measureSsim, sampleRateFor } from '../../src/engine/quality'
import { ensureFootage, footagePath } from '../../test/footage'

const run = promisify(execFile)
const AUDIO_KBPS = 128

async function ssimOf(ffmpeg: string, ffprobe: string, output: string, source: string): Promise<string> {
  const media = await probeMedia(ffprobe, source, 0)
  const result = await probeMedia(ffprobe, output, 0)
  const m = await measureSsim({
    ffmpegPath: ffmpeg,
    distorted: output,
    reference: source,
    width: media.video.displayWidth,
    height: media.video.displayHeight,
    sampleFps: sampleRateFor(media.durationSeconds, media.video.fps, result.video.fps, Infinity)
  })
  return `Y ${m.y.toFixed(4)} All ${m.all.toFixed(4)} n ${m.frames}`
}

/** The constant-rate and variable-rate 1080p phone-like clips described above. */
async function makePhoneClips(ffmpeg: string): Promise<string[]> {
  await ensureFootage()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'phone-clips-'))
  const cfr = path.join(dir, 'phone-1080p-cfr.mp4')
  const vfrVideo = path.join(dir, 'vfr-video.mp4')
  const vfr = path.join(dir, 'phone-1080p-vfr.mp4')
  const x264 = ['-c:v', 'libx264', '-crf', '14', '-preset', 'fast', '-pix_fmt', 'yuv420p']
  await run(ffmpeg, ['-v', 'error', '-y', '-i', footagePath('iphone'), '-vf', 'scale=1920:1080:flags=lanczos', ...x264, '-c:a', 'copy', cfr])
  const timing = "settb=1/600,setpts='(if(lt(N,90),N/30,if(lt(N,162),3+(N-90)/24,6+(N-162)/30))+0.002*sin(N*1.3))/TB'"
  await run(ffmpeg, [
    '-v',
    'error',
    '-y',
    '-i',
    cfr,
    '-an',
    '-vf',
    timing,
    '-vsync',
    'passthrough',
    '-enc_time_base:v',
    '1/600',
    '-video_track_timescale',
    '600',
    ...x264,
    vfrVideo
  ])
  await run(ffmpeg, ['-v', 'error', '-y', '-i', vfrVideo, '-i', cfr, '-map', '0:v', '-map', '1:a', '-c', 'copy', '-shortest', vfr])
  return [cfr, vfr]
}

async function main(): Promise<void> {
  const [targets, ...given] = process.argv.slice(2)
  const engine = await createLocalEngine({})
  const ffmpeg = engine.toolchain.ffmpeg.path
  const ffprobe = engine.toolchain.ffprobe.path
  const files = given.length > 0 ? given : await makePhoneClips(ffmpeg)
  for (const file of files) {
    const media = await probeMedia(ffprobe, file, 0)
    for (const target of (targets ?? '').split(',').map(Number)) {
      const work = await mkdtemp(path.join(os.tmpdir(), 'phone-gap-'))
      const kbps = Math.floor((target * 8) / media.durationSeconds / 1000 - AUDIO_KBPS)
      const rows: string[] = []
      const ours = await run(process.execPath, [path.join(__dirname, '../../bin/compress-video.cjs'), file, '-t', String(target), '-o', work, '--json'])
      const line = JSON.parse(ours.stdout.trim().split('\n').pop() ?? '{}') as { output: string; outputBytes: number; changes: string[] }
      rows.push(`ours ${(line.outputBytes / target).toFixed(3)} ${await ssimOf(ffmpeg, ffprobe, line.output, file)} ${line.changes.join('; ')}`)
      const peer = path.join(work, 'peer.mp4')
      const common = [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-i',
        file,
        '-c:v',
        'libx264',
        '-preset',
        'medium',
        '-b:v',
        `${kbps}k`,
        '-pix_fmt',
        'yuv420p',
        '-passlogfile',
        path.join(work, 'p')
      ]
      await run(ffmpeg, [...common, '-pass', '1', '-an', '-f', 'mp4', '/dev/null'])
      await run(ffmpeg, [...common, '-pass', '2', '-c:a', 'aac', '-b:a', `${AUDIO_KBPS}k`, peer])
      rows.push(`ffmpeg ${((await stat(peer)).size / target).toFixed(3)} ${await ssimOf(ffmpeg, ffprobe, peer, file)}`)
      const hb = path.join(work, 'hb.mp4')
      try {
        await run(
          'HandBrakeCLI',
          ['-i', file, '-o', hb, '-e', 'x264', '--encoder-preset', 'medium', '-b', String(kbps), '-2', '-E', 'av_aac', '-B', String(AUDIO_KBPS)],
          { maxBuffer: 64 << 20 }
        )
        rows.push(`handbrake ${((await stat(hb)).size / target).toFixed(3)} ${await ssimOf(ffmpeg, ffprobe, hb, file)}`)
      } catch (error) {
        rows.push(`handbrake failed: ${(error as Error).message.split('\n')[0]}`)
      }
      console.log(`${path.basename(file)} @ ${target}:\n  ${rows.join('\n  ')}`)
      await rm(work, { recursive: true, force: true })
    }
  }
}

void main()
