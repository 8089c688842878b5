// execFileTethered behaves as execFile does for the callers that moved to it (probe, locate).
// That a killed parent takes its children along is tested by really killing one: test/faults.test.ts.
import { describe, expect, it } from 'vitest'
import { loadToolchain } from './locate'
import { execFileTethered } from './tether'

describe('execFileTethered', () => {
  it('resolves with stdout on exit 0', async () => {
    const { ffmpeg } = await loadToolchain()
    const { stdout } = await execFileTethered(ffmpeg.path, ['-hide_banner', '-version'])
    expect(stdout).toMatch(/^ffmpeg version /)
  })

  it('rejects with "Command failed" and stderr on another exit code', async () => {
    const { ffprobe } = await loadToolchain()
    const error = await execFileTethered(ffprobe.path, ['-v', 'error', '/nonexistent/clip.mp4']).catch((e: unknown) => e as Error)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message.split('\n')[0]).toBe(`Command failed: ${ffprobe.path} -v error /nonexistent/clip.mp4`)
    expect((error as Error).message).toMatch(/No such file or directory/)
  })

  it('rejects with the spawn error when the program does not exist', async () => {
    await expect(execFileTethered('/nonexistent/ffmpeg', ['-version'])).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('an AbortSignal kills the child and rejects with an AbortError', async () => {
    const { ffmpeg } = await loadToolchain()
    const controller = new AbortController()
    const running = execFileTethered(ffmpeg.path, ['-hide_banner', '-re', '-f', 'lavfi', '-i', 'testsrc2', '-f', 'null', '-'], { signal: controller.signal })
    controller.abort()
    await expect(running).rejects.toMatchObject({ name: 'AbortError' })
  })
})
