import { describe, expect, it } from 'vitest'
import { loadToolchain } from './locate'
import { FfmpegError, lastMeaningfulLine, parseProgressBlock, runFfmpeg } from './run'

describe('parseProgressBlock', () => {
  it('reads ffmpeg 4 and 5 progress blocks', () => {
    expect(parseProgressBlock(['frame=10', 'out_time_ms=2500000', 'speed=1.5x', 'progress=continue'])).toEqual({ outTimeSeconds: 2.5, speed: 1.5, done: false })
    expect(parseProgressBlock(['out_time_us=1000000', 'out_time=00:00:01.000000', 'speed=N/A', 'progress=end'])).toEqual({
      outTimeSeconds: 1,
      speed: null,
      done: true
    })
    expect(parseProgressBlock(['out_time=00:01:02.500000', 'progress=continue'])?.outTimeSeconds).toBe(62.5)
    expect(parseProgressBlock(['frame=1'])).toBeNull()
  })
})

describe('runFfmpeg', () => {
  it('reports progress and resolves on success', async () => {
    const { ffmpeg } = await loadToolchain()
    const samples: number[] = []
    await runFfmpeg(
      ffmpeg.path,
      ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'null', '-'],
      {
        onProgress: (sample) => samples.push(sample.outTimeSeconds)
      }
    )
    expect(samples.length).toBeGreaterThan(0)
    expect(samples.at(-1)).toBeCloseTo(3, 0)
  })

  it('rejects with the cause of a failure', async () => {
    const { ffmpeg } = await loadToolchain()
    const error = await runFfmpeg(ffmpeg.path, ['-i', '/nonexistent/input.mp4', '-f', 'null', '-']).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FfmpegError)
    expect(lastMeaningfulLine((error as FfmpegError).stderrTail)).toMatch(/No such file or directory/)
  })

  it('names the cause, not the bookkeeping lines ffmpeg prints after it', () => {
    // The tail of a real failure (Matroska refusing a DivX subtitle track).
    const tail = [
      '[matroska @ 0x5588] Subtitle codec 94211 is not supported.',
      'Could not write header for output file #0 (incorrect codec parameters ?): Function not implemented',
      'Error initializing output stream 0:2 --',
      '[matroska @ 0x5588] 2 frames left in the queue on closing',
      '    Last message repeated 1 times',
      'Conversion failed!'
    ].join('\n')
    expect(lastMeaningfulLine(tail)).toBe('Could not write header for output file #0 (incorrect codec parameters ?): Function not implemented')
  })

  it('is killed by an AbortSignal', async () => {
    const { ffmpeg } = await loadToolchain()
    const controller = new AbortController()
    const running = runFfmpeg(ffmpeg.path, ['-re', '-f', 'lavfi', '-i', 'testsrc2=rate=25', '-t', '60', '-f', 'null', '-'], {
      signal: controller.signal,
      onProgress: () => controller.abort()
    })
    await expect(running).rejects.toMatchObject({ name: 'AbortError' })
  })
})
