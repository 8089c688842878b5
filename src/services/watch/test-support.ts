// Helpers for the watch tests (issue #5 "Tests (real file system events)"): real temp folders,
// real clips made by the bundled ffmpeg, and waiting on the events the service emits with a
// bounded, generous timeout instead of sleeping. Not used by the app.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, open, readFile, rename } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { CompressResult, JobPhase } from '../../shared/compression'
import type { CompressionEngine, CompressJobRequest } from '../../jobs/types'
import { loadToolchain } from '../../engine/ffmpeg/locate'
import type { WatchService } from './watch-service'
import type { WatchEvent } from './types'

const execFileAsync = promisify(execFile)

/** Generous: the 2-core CI machine is shared with other suites' ffmpeg encodes. */
export const EVENT_TIMEOUT_MS = 60_000

export function makeTempDir(label: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `cv-watch-${label}-`))
}

const CLIP_CACHE = path.join(os.tmpdir(), 'compress-video-watch-clips-v1')

/** A real 2 s 320x240 H.264 clip (made once per machine), copied to `destination`. */
export async function makeTestVideo(destination: string, seconds = 2): Promise<string> {
  const cached = path.join(CLIP_CACHE, `testsrc2-320x240-${seconds}s.mp4`)
  if (!existsSync(cached)) {
    await mkdir(CLIP_CACHE, { recursive: true })
    const toolchain = await loadToolchain()
    const temp = path.join(CLIP_CACHE, `.tmp-${process.pid}-${path.basename(cached)}`)
    await execFileAsync(toolchain.ffmpeg.path, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25',
      '-t',
      String(seconds),
      '-pix_fmt',
      'yuv420p',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '12',
      temp
    ])
    await rename(temp, cached)
  }
  await mkdir(path.dirname(destination), { recursive: true })
  await copyFile(cached, destination)
  return destination
}

/**
 * Writes `source` to `destination` in `chunks` pieces with a pause between them, like a slow
 * copy or download straight into the watched folder. Resolves when the last byte is written.
 */
export async function copyInChunks(source: string, destination: string, chunks: number, pauseMs: number): Promise<number> {
  const bytes = await readFile(source)
  const handle = await open(destination, 'w')
  try {
    const chunkSize = Math.ceil(bytes.length / chunks)
    for (let offset = 0; offset < bytes.length; offset += chunkSize) {
      await handle.write(bytes.subarray(offset, offset + chunkSize))
      await handle.sync()
      if (offset + chunkSize < bytes.length) await new Promise((resolve) => setTimeout(resolve, pauseMs))
    }
  } finally {
    await handle.close()
  }
  return bytes.length
}

/** Everything a service emitted, and a way to wait for what has not happened yet. */
export class EventLog {
  readonly events: WatchEvent[] = []
  private readonly waiters = new Set<() => void>()

  constructor(service: WatchService) {
    service.onAny((event) => {
      this.events.push(event)
      for (const waiter of [...this.waiters]) waiter()
    })
  }

  count(predicate: (event: WatchEvent) => boolean): number {
    return this.events.filter(predicate).length
  }

  /** Resolves with the first event (past or future) matching; rejects after timeoutMs saying what was seen. */
  waitFor<E extends WatchEvent>(predicate: (event: WatchEvent) => event is E, what: string, timeoutMs?: number): Promise<E>
  waitFor(predicate: (event: WatchEvent) => boolean, what: string, timeoutMs?: number): Promise<WatchEvent>
  waitFor(predicate: (event: WatchEvent) => boolean, what: string, timeoutMs = EVENT_TIMEOUT_MS): Promise<WatchEvent> {
    return waitUntil(
      () => this.events.find(predicate) ?? null,
      (wake) => {
        this.waiters.add(wake)
        return () => this.waiters.delete(wake)
      },
      () => `${what}; events so far:\n${this.describe()}`,
      timeoutMs
    )
  }

  /** Resolves once `n` events match. */
  waitForCount(predicate: (event: WatchEvent) => boolean, n: number, what: string, timeoutMs = EVENT_TIMEOUT_MS): Promise<WatchEvent[]> {
    return waitUntil(
      () => {
        const matching = this.events.filter(predicate)
        return matching.length >= n ? matching : null
      },
      (wake) => {
        this.waiters.add(wake)
        return () => this.waiters.delete(wake)
      },
      () => `${what}; events so far:\n${this.describe()}`,
      timeoutMs
    )
  }

  describe(): string {
    return this.events
      .slice(-40)
      .map((event) => JSON.stringify({ ...event, result: undefined }))
      .join('\n')
  }
}

/** Polls `check` each time `subscribe`'s wake fires, until it returns non-null or time runs out. */
export function waitUntil<T>(check: () => T | null, subscribe: (wake: () => void) => () => void, describeWait: () => string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const initial = check()
    if (initial !== null) return resolve(initial)
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${describeWait()}`))
    }, timeoutMs)
    const unsubscribe = subscribe(() => {
      const value = check()
      if (value === null) return
      clearTimeout(timer)
      unsubscribe()
      resolve(value)
    })
  })
}

/**
 * Wraps a real engine to let a test see when a job starts and hold jobs back until released,
 * e.g. to delete a file while it waits its turn. The compression itself is the real engine's.
 */
export class ObservedEngine implements CompressionEngine {
  readonly started: string[] = []
  private gate: Promise<void> | null = null
  private openGate: (() => void) | null = null
  private readonly startWaiters = new Set<() => void>()

  constructor(private readonly inner: CompressionEngine) {}

  /** Jobs started from now on wait until release() before the engine runs them. */
  hold(): void {
    this.gate = new Promise((resolve) => {
      this.openGate = resolve
    })
  }

  release(): void {
    this.openGate?.()
    this.gate = null
    this.openGate = null
  }

  /** Progress phases seen per input, e.g. to cancel while ffmpeg is really encoding. */
  readonly phases = new Map<string, JobPhase[]>()
  /** Results the engine came to, in order, whether or not they were handed back yet. */
  readonly results: CompressResult[] = []
  private resultGate: Promise<void> | null = null
  private openResultGate: (() => void) | null = null

  /**
   * Results from now on are held, after the engine came to them, until releaseResults(): e.g. to
   * let a copy go on after the engine judged half of it, before the watcher hears the verdict.
   */
  holdResults(): void {
    this.resultGate = new Promise((resolve) => {
      this.openResultGate = resolve
    })
  }

  releaseResults(): void {
    this.openResultGate?.()
    this.resultGate = null
    this.openResultGate = null
  }

  async compress(request: CompressJobRequest): Promise<CompressResult> {
    this.started.push(request.input)
    this.wake()
    if (this.gate) await this.gate
    const result = await this.compressNow(request)
    this.results.push(result)
    this.wake()
    if (this.resultGate) await this.resultGate
    return result
  }

  waitForResult(input: string, timeoutMs = EVENT_TIMEOUT_MS): Promise<CompressResult> {
    return waitUntil(
      () => this.results.find((result) => result.input === input) ?? null,
      (wake) => {
        this.startWaiters.add(wake)
        return () => this.startWaiters.delete(wake)
      },
      () => `the engine to come to a result for ${input}; results: ${JSON.stringify(this.results.map((r) => [r.input, r.status]))}`,
      timeoutMs
    )
  }

  private compressNow(request: CompressJobRequest): Promise<CompressResult> {
    return this.inner.compress({
      ...request,
      onProgress: (progress) => {
        const seen = this.phases.get(request.input) ?? []
        if (seen.at(-1) !== progress.phase) {
          this.phases.set(request.input, [...seen, progress.phase])
          this.wake()
        }
        request.onProgress?.(progress)
      }
    })
  }

  private wake(): void {
    for (const waiter of [...this.startWaiters]) waiter()
  }

  waitForPhase(input: string, phase: JobPhase, timeoutMs = EVENT_TIMEOUT_MS): Promise<JobPhase> {
    return waitUntil(
      () => (this.phases.get(input)?.includes(phase) ? phase : null),
      (wake) => {
        this.startWaiters.add(wake)
        return () => this.startWaiters.delete(wake)
      },
      () => `${input} to reach ${phase}; phases: ${(this.phases.get(input) ?? []).join(', ')}`,
      timeoutMs
    )
  }

  waitForStart(input: string, timeoutMs = EVENT_TIMEOUT_MS): Promise<string> {
    return waitUntil(
      () => (this.started.includes(input) ? input : null),
      (wake) => {
        this.startWaiters.add(wake)
        return () => this.startWaiters.delete(wake)
      },
      () => `the engine to start ${input}; started: ${this.started.join(', ')}`,
      timeoutMs
    )
  }
}
