// `npm run bench:server` (issue 15): jobs per hour through `compress-video serve` and its
// workers, with 1 and then 2 workers, each pinned to one core (`taskset -c N`) so that the scaling
// is visible on a 2-core machine. A real redis-server, the built CLI as server, workers and
// clients (one client per file, all sent at once, as a team would), the footage clips at the
// targets of bench/batch.ts. Prints per round the wall time from the first upload to the last
// result, the workers' CPU-seconds (their node process and its ffmpeg children, from
// /proc/PID/stat) and whether every result fit. Not a test: numbers, no verdicts.
// Usage: npm run bench:server [-- --workers 1,2 --only rocket,timelapse]
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { startRedis } from '../src/server/testing/redis-process'
import { ensureFootage, type FOOTAGE, footagePath } from '../test/footage'

const BIN = path.resolve(__dirname, '..', 'bin', 'compress-video.cjs')

/** The clips of bench/batch.ts that the cloud client may send, at the same targets. */
const BATCH: Array<{ clip: keyof typeof FOOTAGE; targetBytes: number }> = [
  { clip: 'iphone', targetBytes: 3_000_000 },
  { clip: 'sintel', targetBytes: 2_000_000 },
  { clip: 'camera360', targetBytes: 500_000 },
  { clip: 'screencast', targetBytes: 300_000 },
  // Not the timelapse: it is an MPEG-PS (.mpg) file, a type the NemoVideo protocol does not take,
  // so our cloud client refuses it before upload (the local engine compresses it).
  { clip: 'rocket', targetBytes: 300_000 },
  { clip: 'megamind', targetBytes: 600_000 }
]

interface Running {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
  waitFor: (pattern: RegExp) => Promise<string>
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const waiters: Array<{ pattern: RegExp; resolve: (text: string) => void }> = []
  const take = (chunk: string): void => {
    output += chunk
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(output)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(output)
      }
    }
  }
  child.stdout?.setEncoding('utf8').on('data', take)
  child.stderr?.setEncoding('utf8').on('data', take)
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve })
        take('')
        void exited.then((code) => reject(new Error(`exited with ${String(code)} before ${String(pattern)}:\n${output}`)))
      })
  }
}

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const running = start(process.execPath, [BIN, ...args], env)
  const code = await running.exited
  if (code !== 0) throw new Error(`compress-video ${args.join(' ')} exited ${String(code)}:\n${running.output()}`)
  return running.output().trim()
}

/** CPU-seconds of a live process and its waited-for children (utime, stime, cutime, cstime; 100 ticks a second on Linux). */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return [14, 15, 16, 17].reduce((sum, field) => sum + Number(fields[field - 3]), 0) / 100
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name)
  return at >= 0 ? process.argv[at + 1] : undefined
}

async function round(workers: number, clips: typeof BATCH, dir: string, redisUrl: string): Promise<void> {
  const env = { REDIS_URL: redisUrl }
  const userToken = await cli(['serve', 'token', 'create', '--name', `bench-${workers}`, '--credits', String(clips.length * 2)], env)
  const workerToken = await cli(['serve', 'token', 'create', '--name', `bench-box-${workers}`, '--worker'], env)
  const server = start(process.execPath, [BIN, 'serve', '--port', '0', '--data', path.join(dir, `data-${workers}`)], env)
  const url = /listening on (http:\/\/\S+)/.exec(await server.waitFor(/listening on http:\/\/\S+\n/))?.[1] ?? ''
  const cores = os.cpus().length
  const pool = Array.from({ length: workers }, (_, index) =>
    start('taskset', ['-c', String(index % cores), process.execPath, BIN, 'worker', '--server', url, '--token', workerToken])
  )
  await Promise.all(pool.map((worker) => worker.waitFor(/./)))
  const folder = await mkdtemp(path.join(dir, `clients-${workers}-`))
  const inputs = await Promise.all(
    clips.map(async ({ clip }) => {
      const input = path.join(folder, path.basename(footagePath(clip)))
      await copyFile(footagePath(clip), input)
      return input
    })
  )
  const cpuBefore = pool.map((worker) => cpuSecondsOf(worker.child.pid!))
  const started = performance.now()
  const results = await Promise.all(
    clips.map(async ({ targetBytes }, index) => {
      const line = await cli([inputs[index]!, '--engine', 'cloud', '--target-size', String(targetBytes), '--json'], {
        NEMO_API_URL: url,
        NEMO_TOKEN: userToken,
        NEMO_CLIENT_ID: `bench-client-${index}`
      })
      const result = JSON.parse(line.split('\n').at(-1) ?? '{}') as { status: string; output: string | null }
      const bytes = result.output !== null ? (await stat(result.output)).size : null
      return { status: result.status, fits: bytes !== null && bytes <= targetBytes }
    })
  )
  const wall = (performance.now() - started) / 1000
  const cpu = pool.reduce((sum, worker, index) => sum + cpuSecondsOf(worker.child.pid!) - cpuBefore[index]!, 0)
  const done = results.filter((result) => result.status === 'done').length
  console.log(
    `${workers} worker(s), one core each: ${wall.toFixed(1)} s wall for ${clips.length} files (${((clips.length * 3600) / wall).toFixed(0)} jobs per hour), workers ${cpu.toFixed(1)} CPU s; done ${done}/${clips.length}; all fit: ${results.every((result) => result.fits)}`
  )
  for (const worker of pool) worker.child.kill('SIGTERM')
  server.child.kill('SIGTERM')
  await Promise.all([...pool.map((worker) => worker.exited), server.exited])
}

async function main(): Promise<void> {
  await ensureFootage()
  const only = argument('--only')?.split(',')
  const clips = only ? BATCH.filter((entry) => only.includes(entry.clip)) : BATCH
  const counts = (argument('--workers') ?? '1,2').split(',').map(Number)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-server-'))
  const redis = await startRedis(path.join(dir, 'redis'))
  console.log(`server batch: ${clips.map((entry) => entry.clip).join(', ')}; ${os.cpus().length} cores; workers ${counts.join(', ')}`)
  try {
    for (const workers of counts) await round(workers, clips, dir, redis.url)
  } finally {
    await redis.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
