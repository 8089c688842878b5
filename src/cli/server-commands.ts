// `compress-video serve` (the self-hosted server), `serve token create|revoke` and `worker`
// (issue 15). Kept apart from the compress/plan/watch commands: they share only the engine.
import path from 'node:path'
import os from 'node:os'
import type { Command } from 'commander'
import { createLocalEngine } from '../engine'
import { probeWorkerEncoders, runWorker, serverStatus, startServer, withStore } from '../server'
import { parseByteSize } from '../shared/units'
import { UsageError } from './options'

interface Io {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

interface StoreFlags {
  redis?: string
  data?: string
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

function redisUrlFrom(flags: StoreFlags, env: NodeJS.ProcessEnv): string {
  const url = flags.redis ?? env.REDIS_URL
  if (!url) throw new UsageError('cli:usage.server.noRedis')
  return url
}

function defaultDataDir(): string {
  return path.join(os.homedir(), '.local', 'share', 'compress-video-server')
}

/** Resolves when the signal aborts. */
function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })))
}

export function addServerCommands(
  program: Command,
  io: Io,
  signal: AbortSignal,
  setExitCode: (code: number) => void,
  env: NodeJS.ProcessEnv = process.env
): void {
  const serve = program
    .command('serve')
    .description('run a Compress Video server: the NemoVideo protocol for the cloud engine, jobs on BullMQ/Redis, run by workers')
    .option('--port <port>', 'port to listen on', '8377')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--redis <url>', 'Redis URL (default: REDIS_URL)')
    .option('--data <dir>', 'where uploads and results are kept')
    .option('--max-upload <size>', 'largest upload accepted', '500MB')
    .option('--lock-seconds <s>', "how long a worker's claim on a job lasts without news from it; then another worker takes the job", '60')
    .option('--keep-hours <h>', 'how long uploads and results are kept', '72')
    .option('--split-minutes <m>', 'split target-size files at least this long over the workers online (two or more); 0: never split', '2')
    .option('--split-parts <n>', 'at most this many parts per file', '8')
    .option('--insecure-http', 'allow plain HTTP on an address other than this computer (put TLS in front instead)')
    .action(
      async (
        flags: StoreFlags & {
          port: string
          host: string
          maxUpload: string
          lockSeconds: string
          keepHours: string
          splitMinutes: string
          splitParts: string
          insecureHttp?: boolean
        }
      ) => {
        if (!LOOPBACK.has(flags.host) && flags.insecureHttp !== true) {
          throw new UsageError('cli:usage.server.insecureHttp', { host: flags.host })
        }
        const port = Number(flags.port)
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('cli:usage.server.port', { value: flags.port })
        const maxUploadBytes = parseByteSize(flags.maxUpload)
        if (!maxUploadBytes) throw new UsageError('cli:usage.server.maxUpload', { value: flags.maxUpload })
        const lockSeconds = Number(flags.lockSeconds)
        if (!(lockSeconds >= 1)) throw new UsageError('cli:usage.server.lockSeconds', { value: flags.lockSeconds })
        const keepHours = Number(flags.keepHours)
        if (!(keepHours > 0)) throw new UsageError('cli:usage.server.keepHours', { value: flags.keepHours })
        const splitMinutes = Number(flags.splitMinutes)
        if (!(splitMinutes >= 0)) throw new UsageError('cli:usage.server.splitMinutes', { value: flags.splitMinutes })
        const splitParts = Number(flags.splitParts)
        if (!Number.isInteger(splitParts) || splitParts < 2) throw new UsageError('cli:usage.server.splitParts', { value: flags.splitParts })
        const queueTimings = { lockMs: lockSeconds * 1000, stalledCheckMs: (lockSeconds * 1000) / 2 }
        const server = await startServer({
          redisUrl: redisUrlFrom(flags, env),
          dataDir: flags.data ?? defaultDataDir(),
          host: flags.host,
          port,
          maxUploadBytes,
          queueTimings,
          keepHours,
          split: splitMinutes === 0 ? null : { minSeconds: splitMinutes * 60, maxParts: splitParts }
        })
        io.stdout.write(`listening on ${server.url}\n`)
        await untilAborted(signal)
        await server.close()
        setExitCode(0)
      }
    )

  const token = serve.command('token').description('manage the tokens of users and workers')
  token
    .command('create')
    .description('create a token and print it (only its hash is kept)')
    .requiredOption('--name <name>', 'who it is for, e.g. design-team')
    .option('--credits <n>', 'credits for a user token (one per compressed file)', '100')
    .option('--worker', 'a token for `compress-video worker`')
    .option('--redis <url>', 'Redis URL (default: REDIS_URL)')
    .option('--data <dir>', 'the server data folder (unused by tokens; accepted for symmetry)')
    .action(async (flags: StoreFlags & { name: string; credits: string; worker?: boolean }) => {
      const credits = Number(flags.credits)
      if (!Number.isFinite(credits) || credits < 0) throw new UsageError('cli:usage.server.credits', { value: flags.credits })
      const created = await withStore(redisUrlFrom(flags, env), (store) => store.createToken(flags.name, flags.worker === true ? 'worker' : 'user', credits))
      io.stdout.write(`${created}\n`)
    })
  token
    .command('revoke')
    .description('revoke a token by its name')
    .argument('<name>', 'the name given at create')
    .option('--redis <url>', 'Redis URL (default: REDIS_URL)')
    .action(async (name: string, flags: StoreFlags) => {
      const revoked = await withStore(redisUrlFrom(flags, env), (store) => store.revokeToken(name))
      if (!revoked) {
        io.stderr.write(`compress-video: no token named "${name}".\n`)
        setExitCode(1)
      } else io.stdout.write(`revoked ${name}\n`)
    })

  serve
    .command('status')
    .description('workers online, queue depth, running jobs and recent failures')
    .option('--redis <url>', 'Redis URL (default: REDIS_URL)')
    .option('--json', 'one JSON object')
    .action(async (flags: StoreFlags & { json?: boolean }) => {
      const status = await serverStatus(redisUrlFrom(flags, env))
      if (flags.json) {
        io.stdout.write(`${JSON.stringify(status)}\n`)
        return
      }
      const { counts } = status
      const described = status.workers.map((worker) => (worker.encoders.length > 0 ? `${worker.name} (GPU: ${worker.encoders.join(', ')})` : worker.name))
      io.stdout.write(`Workers online: ${described.length === 0 ? 'none' : described.join(', ')}\n`)
      io.stdout.write(`Queue: ${counts.waiting} waiting, ${counts.active} running, ${counts.completed} done, ${counts.failed} failed\n`)
      if (status.waitingForGpu > 0) {
        io.stdout.write(
          status.gpuJobsStuck
            ? `  ${status.waitingForGpu} waiting for a graphics chip, and no worker online has one: start \`compress-video worker\` on a machine with a working hardware encoder\n`
            : `  ${status.waitingForGpu} of them waiting for a worker with a graphics chip\n`
        )
      }
      for (const job of status.running) io.stdout.write(`  running ${job.id}: ${job.percent === null ? 'starting' : `${Math.round(job.percent)}%`}\n`)
      for (const job of status.recentFailures) io.stdout.write(`  failed ${job.id}: ${job.reason}\n`)
    })

  program
    .command('worker')
    .description('take compression jobs from a Compress Video server until Ctrl-C')
    .requiredOption('--server <url>', 'the server, e.g. https://compress.example.org')
    .requiredOption('--token <token>', 'a worker token (serve token create --worker)')
    .option('--concurrency <n>', 'jobs at once', '1')
    .option('--ffmpeg <path>', 'ffmpeg binary to use')
    .option('--ffprobe <path>', 'ffprobe binary to use')
    .option(
      '--hardware <mode>',
      "auto: offer this machine's working hardware encoders, so jobs that need a graphics chip come here; off: CPU jobs only",
      'auto'
    )
    .action(async (flags: { server: string; token: string; concurrency: string; ffmpeg?: string; ffprobe?: string; hardware: string }) => {
      const concurrency = Number(flags.concurrency)
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError('cli:usage.server.concurrency', { value: flags.concurrency })
      if (flags.hardware !== 'auto' && flags.hardware !== 'off') throw new UsageError('cli:usage.server.hardware', { value: flags.hardware })
      const engine = await createLocalEngine({ ffmpegPath: flags.ffmpeg, ffprobePath: flags.ffprobe })
      const encoders = flags.hardware === 'off' ? [] : await probeWorkerEncoders(engine.toolchain)
      io.stderr.write(`worker: taking jobs from ${flags.server}${encoders.length > 0 ? ` (graphics chip: ${encoders.join(', ')})` : ''}\n`)
      await runWorker({
        server: flags.server,
        token: flags.token,
        engine,
        concurrency,
        signal,
        encoders,
        log: (line) => io.stderr.write(`worker: ${line}\n`)
      })
      setExitCode(0)
    })
}
