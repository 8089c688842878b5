// The built `compress-video` command as a user runs it (bin -> out/cli), real files, real ffmpeg.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { footagePath } from './footage'
import { copyInto, fixture, listFolder, makeWorkDir, sha256, writeBytes } from './fixtures'
import { buildCliOnce } from './build-cli'

const BIN = path.resolve(__dirname, '..', 'bin', 'compress-video.cjs')

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function runCli(args: string[], options: { cwd?: string; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
      options.onStderr?.(stderr, child)
    })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

beforeAll(async () => {
  await buildCliOnce()
})

describe('compress-video CLI', () => {
  it('--json prints one object per file; exit 1 when one failed', async () => {
    const dir = await makeWorkDir('cli')
    const good = await fixture('landscape', dir, 'good clip.mp4')
    const text = writeBytes(path.join(dir, 'notes.txt'), 'not a video')
    const before = sha256(good)
    const run = await runCli([good, text, '--target-size', '200KB', '--json'])
    expect(run.code).toBe(1)
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatchObject({ input: good, output: path.join(dir, 'good clip.compressed.mp4'), status: 'done', inputBytes: expect.any(Number), outputBytes: expect.any(Number) })
    expect(Number(lines[0]?.outputBytes)).toBeLessThanOrEqual(200_000)
    expect(lines[1]).toMatchObject({ input: text, output: null, status: 'failed', message: expect.stringMatching(/not a video file this app accepts/) })
    expect(Object.keys(lines[0] ?? {})).toEqual(expect.arrayContaining(['input', 'output', 'inputBytes', 'outputBytes', 'status', 'message']))
    expect(sha256(good)).toBe(before)
  })

  it('without a terminal: plain progress lines, then a summary; exit 0', async () => {
    const dir = await makeWorkDir('cli')
    const input = await fixture('landscape', dir)
    const run = await runCli([input, '-t', '300KB', '-r', '240', '--no-audio', '--format', 'mkv', '--output-dir', path.join(dir, 'out')])
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/landscape\.mp4: \d+% Pass 1 of 2: analysing/)
    expect(run.stderr).toMatch(/landscape\.mp4: 100% Done/)
    expect(run.stdout).toMatch(/✓ landscape\.mp4: 1\.14 MB → [\d.]+ KB \(\d+% saved\) in 0:\d\d/)
    expect(run.stdout).toContain(path.join(dir, 'out', 'landscape.compressed.mkv'))
    expect(run.stdout).toMatch(/1 of 1 file done/)
  })

  it('already under the target says so', async () => {
    const dir = await makeWorkDir('cli')
    const input = await fixture('landscape', dir)
    const run = await runCli([input, '-t', '100MB', '--json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'skipped', message: expect.stringMatching(/Already under the target/) })
  })

  it('usage errors exit 2 with what to type', async () => {
    const bad = await runCli(['x.mp4', '--target-size', 'lots'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--target-size lots: not a size/)
    expect((await runCli(['x.mp4', '--quality', 'ultra'])).code).toBe(2)
    expect((await runCli([])).code).toBe(2)
    const help = await runCli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/--target-size <size>/)
  })

  it('Ctrl-C (SIGINT) cancels cleanly: no partial file, original untouched', async () => {
    const dir = await makeWorkDir('cli')
    const input = await copyInto(footagePath('iphone'), dir, 'phone clip.mov')
    const before = sha256(input)
    let sent = false
    const run = await runCli([input, '-t', '2MB'], {
      onStderr: (text, child) => {
        if (!sent && /Pass 2 of 2/.test(text)) {
          sent = true
          child.kill('SIGINT')
        }
      }
    })
    expect(sent).toBe(true)
    expect(run.code).toBe(130)
    expect(run.stderr).toMatch(/Cancelled\. No partial files were left behind/)
    expect(await listFolder(dir)).toEqual(['phone clip.mov'])
    expect(sha256(input)).toBe(before)
  })
})
