// `compress-video worker`: takes jobs from a Compress Video server over HTTP (no Redis access and
// no shared disk needed), runs the local engine on them and sends the result back, which the
// server verifies before it offers it. Like PeerTube's remote runners: ask, download, work, upload.
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { request } from 'undici'
import { z } from 'zod'
import type { CompressionEngine } from '../jobs/types'
import { LocalEngine } from '../engine'
import { encodeSegment } from '../engine/segments'
import { probeHardware } from '../engine/ffmpeg/hardware'
import { type FfmpegToolchain, knownFfmpegPaths } from '../engine/ffmpeg/locate'
import { compressOptionsSchema } from '../shared/ipc/contract'

export interface RunnerOptions {
  server: string
  token: string
  engine: CompressionEngine
  concurrency?: number
  /** Aborting stops taking jobs; a job in hand is handed back to the server. */
  signal: AbortSignal
  /** How long to wait before asking again when the queue is empty. */
  idlePollMs?: number
  log?: (line: string) => void
  /**
   * The hardware encoders that work here, told to the server so that jobs which need the graphics
   * chip come to this worker (server/routing.ts). The CLI probes them (`probeWorkerEncoders`);
   * tests give a list to stand in for a chip that no machine of theirs has.
   */
  encoders?: readonly string[]
}

const claimSchema = z.object({
  code: z.literal(0),
  data: z.object({
    jobId: z.string(),
    lockToken: z.string(),
    // The engine's own option schema: a server that sends something else is not obeyed blindly.
    options: compressOptionsSchema,
    targetBytes: z.number().nullable(),
    inputBytes: z.number(),
    lockMs: z.number(),
    // A part of a file split over several workers: this range only, video only, at this rate.
    segment: z
      .object({
        index: z.number(),
        start: z.number().min(0),
        end: z.number().positive(),
        isLast: z.boolean(),
        videoKbps: z.number().positive(),
        scaleShortSide: z.number().nullable(),
        fpsCap: z.number().nullable()
      })
      .nullish()
  })
})
const keepSchema = z.object({ data: z.object({ keep: z.boolean() }) })

/** The hardware encoders that pass the engine's own probe (a tiny real encode) on this machine. */
export async function probeWorkerEncoders(toolchain: Pick<FfmpegToolchain, 'ffmpeg'>): Promise<string[]> {
  const probes = await probeHardware(knownFfmpegPaths(toolchain))
  return [...new Set(probes.flatMap((probe) => probe.available.map((encoder) => encoder.name)))]
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

export async function runWorker(options: RunnerOptions): Promise<void> {
  const base = options.server.replace(/\/+$/, '')
  const headers = { authorization: `Bearer ${options.token}` }
  const log = options.log ?? (() => undefined)
  const idlePollMs = options.idlePollMs ?? 2_000

  const post = async (route: string, body: unknown): Promise<unknown> => {
    const answer = await request(`${base}${route}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return answer.statusCode === 204 ? (await answer.body.dump(), null) : answer.body.json()
  }

  async function uploadResult(jobId: string, lockToken: string, output: string): Promise<boolean> {
    const size = (await stat(output)).size
    const upload = await request(`${base}/api/runner/jobs/${encodeURIComponent(jobId)}/result`, {
      method: 'PUT',
      headers: { ...headers, 'x-lock-token': lockToken, 'content-type': 'application/octet-stream', 'content-length': String(size) },
      body: createReadStream(output)
    })
    const answer = await upload.body.text()
    log(upload.statusCode === 200 ? `job ${jobId}: done` : `job ${jobId}: the server refused the result: ${answer}`)
    return true
  }

  async function runOne(): Promise<boolean> {
    const claimed = await post('/api/runner/jobs/request', { encoders: options.encoders ?? [] })
    if (claimed === null) return false
    const { jobId, lockToken, options: jobOptions, lockMs, segment } = claimSchema.parse(claimed).data
    log(`job ${jobId}: started`)
    const folder = await mkdtemp(path.join(os.tmpdir(), 'compress-video-worker-'))
    const jobAbort = new AbortController()
    const stopJob = (): void => jobAbort.abort()
    options.signal.addEventListener('abort', stopJob, { once: true })
    // The lock is kept by progress reports and, between them, by this heartbeat.
    let lastPercent = 0
    const keepAlive = async (): Promise<void> => {
      const answer = keepSchema.safeParse(
        await post(`/api/runner/jobs/${encodeURIComponent(jobId)}/progress`, { lockToken, percent: lastPercent }).catch(() => null)
      )
      if (answer.success && !answer.data.data.keep) jobAbort.abort() // another worker has it now
    }
    const heartbeat = setInterval(() => void keepAlive(), Math.max(1_000, lockMs / 3))
    try {
      const input = await request(`${base}/api/runner/jobs/${encodeURIComponent(jobId)}/input`, {
        headers: { ...headers, 'x-lock-token': lockToken },
        signal: jobAbort.signal
      })
      if (input.statusCode !== 200) throw new Error(`the server did not hand out the input (HTTP ${input.statusCode})`)
      const extension = String(input.headers['x-input-extension'] ?? 'mp4').replace(/[^a-z0-9]/gi, '') || 'mp4'
      const inputPath = path.join(folder, `input.${extension}`)
      await pipeline(input.body, createWriteStream(inputPath))
      if (segment) {
        if (!(options.engine instanceof LocalEngine)) throw new Error('this worker encodes whole files only (no local engine)')
        const partPath = path.join(folder, 'part.mp4')
        const range = { start: segment.start, end: segment.end }
        await encodeSegment({
          toolchain: options.engine.toolchain,
          input: inputPath,
          options: jobOptions,
          range,
          isLast: segment.isLast,
          rate: segment,
          output: partPath,
          workFolder: folder,
          signal: jobAbort.signal
        })
        return await uploadResult(jobId, lockToken, partPath)
      }
      let lastSent = 0
      const result = await options.engine.compress({
        input: inputPath,
        options: jobOptions,
        outputDir: path.join(folder, 'out'),
        signal: jobAbort.signal,
        onProgress: (progress) => {
          lastPercent = progress.percent
          if (Date.now() - lastSent > 2_000) {
            lastSent = Date.now()
            void keepAlive()
          }
        }
      })
      // An already-small input that was not re-encoded comes back as "skipped": the original is the result.
      const output = result.status === 'done' ? result.output : result.status === 'skipped' ? inputPath : null
      if (!output) {
        if (options.signal.aborted) {
          await post(`/api/runner/jobs/${encodeURIComponent(jobId)}/release`, { lockToken })
          log(`job ${jobId}: handed back`)
        } else {
          await post(`/api/runner/jobs/${encodeURIComponent(jobId)}/fail`, { lockToken, message: result.message })
          log(`job ${jobId}: failed: ${result.message}`)
        }
        return true
      }
      return await uploadResult(jobId, lockToken, output)
    } catch (error) {
      if (options.signal.aborted) {
        await post(`/api/runner/jobs/${encodeURIComponent(jobId)}/release`, { lockToken }).catch(() => undefined)
      } else if (!jobAbort.signal.aborted) {
        await post(`/api/runner/jobs/${encodeURIComponent(jobId)}/fail`, { lockToken, message: error instanceof Error ? error.message : String(error) }).catch(
          () => undefined
        )
      }
      log(`job ${jobId}: ${error instanceof Error ? error.message : String(error)}`)
      return true
    } finally {
      clearInterval(heartbeat)
      options.signal.removeEventListener('abort', stopJob)
      await rm(folder, { recursive: true, force: true })
    }
  }

  async function slot(): Promise<void> {
    while (!options.signal.aborted) {
      let worked = false
      try {
        worked = await runOne()
      } catch (error) {
        log(`cannot reach the server: ${error instanceof Error ? error.message : String(error)}`)
      }
      if (!worked) await sleep(idlePollMs, options.signal)
    }
  }

  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => slot()))
}
