// Runs ffmpeg as a child process with an argument array (never a shell string), reading its
// machine-readable `-progress` output, and kills it when the AbortSignal fires (or, through the
// watchdog of ./tether, when this process dies).
import { UserFacingError } from '../../shared/errors'
import { abortError, spawnTethered } from './tether'

export { abortError } from './tether'

export interface FfmpegProgressSample {
  /** Seconds of output written so far. */
  outTimeSeconds: number
  /** Multiple of real time, e.g. 2.5 for "2.5x"; null while ffmpeg reports N/A. */
  speed: number | null
  done: boolean
}

export interface RunFfmpegOptions {
  signal?: AbortSignal
  onProgress?: (sample: FfmpegProgressSample) => void
}

export interface RunFfmpegResult {
  /** The last lines ffmpeg wrote to stderr, for error messages. */
  stderrTail: string
}

const STDERR_TAIL_CHARS = 8_000

export class FfmpegError extends Error {
  override readonly name = 'FfmpegError'
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderrTail: string
  ) {
    super(message)
  }
}

/** Parses one `key=value` block of `-progress` output. Exported for tests. */
export function parseProgressBlock(lines: readonly string[]): FfmpegProgressSample | null {
  const values = new Map<string, string>()
  for (const line of lines) {
    const at = line.indexOf('=')
    if (at > 0) values.set(line.slice(0, at).trim(), line.slice(at + 1).trim())
  }
  const progress = values.get('progress')
  if (!progress) return null
  // ffmpeg 4.x writes microseconds under both out_time_us and (misnamed) out_time_ms.
  const micros = Number(values.get('out_time_us') ?? values.get('out_time_ms'))
  let outTimeSeconds = Number.isFinite(micros) && micros >= 0 ? micros / 1e6 : NaN
  if (!Number.isFinite(outTimeSeconds)) outTimeSeconds = parseClock(values.get('out_time') ?? '')
  const speedText = values.get('speed') ?? ''
  const speed = Number.parseFloat(speedText)
  return {
    outTimeSeconds: Number.isFinite(outTimeSeconds) ? Math.max(0, outTimeSeconds) : 0,
    speed: Number.isFinite(speed) && speed > 0 ? speed : null,
    done: progress === 'end'
  }
}

function parseClock(text: string): number {
  const match = /^(-?\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(text)
  if (!match) return NaN
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])
}

/**
 * Runs ffmpeg with `args` (which must not contain -progress; it is added here). Resolves when
 * ffmpeg exits 0; rejects with FfmpegError otherwise, with a DOMException AbortError on cancel.
 */
export function runFfmpeg(ffmpegPath: string, args: readonly string[], options: RunFfmpegOptions = {}): Promise<RunFfmpegResult> {
  const { signal, onProgress } = options
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError())
      return
    }
    const child = spawnTethered(ffmpegPath, ['-hide_banner', '-nostdin', '-nostats', '-progress', 'pipe:1', ...args], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderrTail = ''
    let pending = ''
    let block: string[] = []
    let aborted = false

    const onAbort = (): void => {
      aborted = true
      // The output is thrown away anyway, so there is nothing for a graceful stop to finish.
      child.kill('SIGKILL')
    }
    signal?.addEventListener('abort', onAbort, { once: true })

    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      pending += chunk
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        block.push(line)
        if (line.startsWith('progress=')) {
          const sample = parseProgressBlock(block)
          block = []
          if (sample && onProgress) onProgress(sample)
        }
      }
    })
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS)
    })
    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort)
      reject(
        new UserFacingError('ffmpeg-missing', `Could not start ffmpeg (${error.message}). Reinstall Compress Video or check the ffmpeg path in the settings.`)
      )
    })
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort)
      if (aborted) reject(abortError())
      else if (code === 0) resolve({ stderrTail })
      else reject(new FfmpegError(`ffmpeg exited with code ${String(code)}`, code, stderrTail))
    })
  })
}

/** The most telling line of an ffmpeg error log, for messages people read. */
export function lastMeaningfulLine(stderrTail: string): string {
  const lines = stderrTail
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('frame=') && !/^(Input|Output|Stream|Metadata|Duration|configuration|built with|lib|Press \[q\])/.test(line))
  // ffmpeg ends with generic lines ("Conversion failed!") and bookkeeping ("2 frames left in
  // the queue on closing", "Last message repeated 1 times"); the cause is the line before them.
  const generic =
    /^(Conversion failed!|Error initializing output stream|Error while|Exiting normally|Last message repeated|\[[^\]]+\]\s*\d+ frames left in the queue on closing|\d+ frames left in the queue on closing)/
  const cause = [...lines].reverse().find((line) => !generic.test(line))
  return (cause ?? lines[lines.length - 1] ?? 'no details').replace(/^\[[^\]]+ @ 0x[0-9a-f]+\]\s*/, '')
}
