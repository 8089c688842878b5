// The graphics chip's encoder through the built CLI (issue 17, part 2). These machines have no
// encoder chip, so a stand-in ffmpeg (--ffmpeg, a shell script in front of the real one) lists
// h264_nvenc and passes its probe, then either fails the real encode as a driver does (the job
// must finish on x264 under the target and say so) or encodes with x264 in its place (the
// hardware path, its size checks and its notes end to end).
import { execFileSync } from 'node:child_process'
import { chmod, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadToolchain } from '../src/engine/ffmpeg/locate'
import { buildCliOnce } from './build-cli'
import { runCli } from './cli-runner'
import { fixture, makeWorkDir, sha256 } from './fixtures'

beforeAll(async () => {
  await buildCliOnce()
})

const NVENC_FAILURE = '[h264_nvenc @ 0x55d0c8e1a2c0] OpenEncodeSessionEx failed: out of memory (10): (no details)'

/**
 * An ffmpeg that has "NVENC": listed, and the probe's test encode succeeds. In `fail` mode every
 * real h264_nvenc encode fails with a driver's session error; in `x264` mode x264 encodes in its
 * place (NVENC's own options dropped); in `late` mode the first real encode is x264 at twice the
 * bitrate asked (a rate control that overshoots) and every later one fails. Every run with
 * h264_nvenc is logged to `calls.log`.
 */
async function standInFfmpeg(dir: string, mode: 'fail' | 'x264' | 'late'): Promise<string> {
  const real = (await loadToolchain()).ffmpeg.path
  const script = path.join(dir, 'ffmpeg')
  await writeFile(
    script,
    `#!/bin/sh
REAL='${real}'
case " $* " in *" -encoders "*) "$REAL" "$@" || exit $?; echo ' V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)'; exit 0;; esac
case " $* " in *" h264_nvenc "*) ;; *) exec "$REAL" "$@";; esac
LOG='${path.join(dir, 'calls.log')}'
echo "$*" >> "$LOG"
case " $* " in *"testsrc2=s=256x144"*) exit 0;; esac
encodes=$(grep -vc testsrc2 "$LOG")
if [ '${mode}' = fail ] || { [ '${mode}' = late ] && [ "$encodes" -ge 2 ]; }; then echo '${NVENC_FAILURE}' >&2; exit 1; fi
skip=
rate=
for arg do
  shift
  if [ -n "$skip" ]; then skip=; continue; fi
  if [ -n "$rate" ] && [ '${mode}' = late ]; then arg=$((arg * 2)); fi
  rate=
  case "$arg" in -preset|-tune|-rc|-multipass|-rc-lookahead|-spatial-aq) skip=1; continue;; h264_nvenc) arg=libx264;; -b:v) rate=1;; esac
  set -- "$@" "$arg"
done
exec "$REAL" "$@"
`
  )
  await chmod(script, 0o755)
  return script
}

async function durationOf(file: string): Promise<number> {
  const ffprobe = (await loadToolchain()).ffprobe.path
  return Number(execFileSync(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim())
}

describe('the graphics chip encoder', () => {
  it('fails at the real encode: the job finishes on x264 under the target and says so', async () => {
    const dir = await makeWorkDir('hw-fail')
    const ffmpeg = await standInFfmpeg(dir, 'fail')
    const input = await fixture('landscape', dir)
    const before = sha256(input)
    const run = await runCli([input, '--target-size', '300KB', '--hardware', 'on', '--ffmpeg', ffmpeg, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout.trim()) as { status: string; output: string; outputBytes: number; changes: string[] }
    expect(result.status).toBe('done')
    expect(result.outputBytes).toBeLessThanOrEqual(300_000)
    expect((await stat(result.output)).size).toBe(result.outputBytes)
    expect(await durationOf(result.output)).toBeCloseTo(6, 0)
    expect(result.changes).toContain("the graphics chip's encoder failed (OpenEncodeSessionEx failed: out of memory (10): (no details)); finished with x264")
    expect(result.changes.some((change) => change.startsWith('encoded on the graphics chip'))).toBe(false)
    // The chip was really tried (probe, then the failed encode), and nothing is left behind.
    const calls = (await readFile(path.join(dir, 'calls.log'), 'utf8')).trim().split('\n')
    expect(calls.filter((call) => call.includes('testsrc2=s=256x144'))).toHaveLength(1)
    expect(calls.filter((call) => !call.includes('testsrc2')).length).toBeGreaterThanOrEqual(1)
    expect((await readdir(dir)).filter((name) => name.includes('.compressing-'))).toEqual([])
    expect(sha256(input)).toBe(before)
  })

  it('fails in a later attempt (a correction after an overshoot): x264 finishes under the target, the oversized file is not kept', async () => {
    const dir = await makeWorkDir('hw-late')
    const ffmpeg = await standInFfmpeg(dir, 'late')
    const input = await fixture('landscape', dir)
    const run = await runCli([input, '--target-size', '300KB', '--hardware', 'on', '--ffmpeg', ffmpeg, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout.trim()) as { status: string; output: string; outputBytes: number; changes: string[] }
    expect(result.status).toBe('done')
    expect(result.outputBytes).toBeLessThanOrEqual(300_000)
    expect(await durationOf(result.output)).toBeCloseTo(6, 0)
    expect(result.changes).toContain("the graphics chip's encoder failed (OpenEncodeSessionEx failed: out of memory (10): (no details)); finished with x264")
    const encodes = (await readFile(path.join(dir, 'calls.log'), 'utf8'))
      .trim()
      .split('\n')
      .filter((call) => !call.includes('testsrc2'))
    expect(encodes).toHaveLength(2)
    expect((await readdir(dir)).filter((name) => name.includes('.compressing-'))).toEqual([])
  })

  it('works: one run per attempt on the chip, no analysis pass, under the target, and the result names the encoder', async () => {
    const dir = await makeWorkDir('hw-work')
    const ffmpeg = await standInFfmpeg(dir, 'x264')
    const input = await fixture('landscape', dir)
    const run = await runCli([input, '--target-size', '300KB', '--hardware', 'on', '--ffmpeg', ffmpeg, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout.trim()) as { status: string; output: string; outputBytes: number; changes: string[] }
    expect(result.status).toBe('done')
    expect(result.outputBytes).toBeLessThanOrEqual(300_000)
    expect(await durationOf(result.output)).toBeCloseTo(6, 0)
    expect(result.changes).toContain('encoded on the graphics chip (NVIDIA NVENC, h264_nvenc): the graphics chip was asked for')
    const encodes = (await readFile(path.join(dir, 'calls.log'), 'utf8'))
      .trim()
      .split('\n')
      .filter((call) => !call.includes('testsrc2'))
    expect(encodes.length).toBeGreaterThanOrEqual(1)
    for (const call of encodes) {
      expect(call).not.toMatch(/-pass |-f null/)
      expect(call).toMatch(/-rc vbr -multipass fullres .*-b:v \d+ -maxrate \d+ -bufsize \d+/)
    }
  })

  it('auto: the chip at a generous budget, x264 at a tight one; the plan says which', async () => {
    const dir = await makeWorkDir('hw-auto')
    const ffmpeg = await standInFfmpeg(dir, 'x264')
    const input = await fixture('landscape', dir)
    // 640x360 at 25 fps for 6 s: 1 MB is about 0.2 bits per pixel, 300 KB about 0.07.
    const generous = await runCli([input, '--target-size', '1MB', '--ffmpeg', ffmpeg, '--json'])
    expect(generous.code, generous.stderr).toBe(0)
    const result = JSON.parse(generous.stdout.trim()) as { outputBytes: number; changes: string[] }
    expect(result.outputBytes).toBeLessThanOrEqual(1_000_000)
    expect(result.changes.find((change) => change.startsWith('encoded on the graphics chip'))).toMatch(
      /^encoded on the graphics chip \(NVIDIA NVENC, h264_nvenc\): 0\.\d+ bits per pixel is generous enough that it looks the same$/
    )
    const env = { FFMPEG_PATH: ffmpeg }
    const chipPlan = await runCli(['plan', 'under 1MB', '--file', input, '--json'], { env })
    expect(chipPlan.code, chipPlan.stderr).toBe(0)
    const parsed = JSON.parse(chipPlan.stdout) as { summary: string; details: { file: { encoder: string } } }
    expect(parsed.summary).toMatch(/ · on the graphics chip \(NVIDIA NVENC, h264_nvenc\)/)
    expect(parsed.details.file.encoder).toBe('h264_nvenc')
    const tight = await runCli(['plan', 'under 300KB', '--file', input, '--json'], { env })
    const tightPlan = JSON.parse(tight.stdout) as { summary: string; details: { file: { encoder: string } } }
    expect(tightPlan.summary).toMatch(/ · with x264 · about/)
    expect(tightPlan.details.file.encoder).toBe('libx264')
  })

  it('--hardware off never probes or uses the chip', async () => {
    const dir = await makeWorkDir('hw-off')
    const ffmpeg = await standInFfmpeg(dir, 'x264')
    const input = await fixture('landscape', dir)
    const run = await runCli([input, '--target-size', '300KB', '--hardware', 'off', '--ffmpeg', ffmpeg, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout.trim()) as { outputBytes: number; changes: string[] }
    expect(result.outputBytes).toBeLessThanOrEqual(300_000)
    expect(result.changes.join('\n')).not.toMatch(/graphics chip/)
    await expect(readFile(path.join(dir, 'calls.log'), 'utf8')).rejects.toThrow(/ENOENT/)
  })

  it('a bad --hardware value is a usage error', async () => {
    const run = await runCli(['x.mp4', '--hardware', 'sometimes'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--hardware.*sometimes|Allowed choices are auto, on, off/)
  })
})
