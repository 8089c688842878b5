// `npm run bench:batch` (issue 17 §3): a batch of the footage clips through the app's and the CLI's
// own job runner (services/queue, the local engine), once per concurrency, in turns (1, 2, 1, 2 by
// default) so that a machine getting busier does not favour one side. Prints per round the wall
// time, the CPU-seconds of this process and of its ffmpeg children, and whether every output fit.
// Not a test: numbers, no verdicts.
// Usage: npm run bench:batch [-- --concurrency 1,2 --rounds 2 --only iphone,sintel]
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createLocalEngine } from '../src/engine'
import { createInMemoryQueueRepository, createJobQueue } from '../src/services/queue'
import { ensureFootage, type FOOTAGE, footagePath } from '../test/footage'

/** One file per clip, at the first of its targets in bench/run.ts: a batch as people queue one. */
const BATCH: Array<{ clip: keyof typeof FOOTAGE; targetBytes: number }> = [
  { clip: 'iphone', targetBytes: 3_000_000 },
  { clip: 'sintel', targetBytes: 2_000_000 },
  { clip: 'camera360', targetBytes: 500_000 },
  { clip: 'screencast', targetBytes: 300_000 },
  { clip: 'timelapse', targetBytes: 1_000_000 },
  { clip: 'rocket', targetBytes: 300_000 },
  { clip: 'megamind', targetBytes: 600_000 }
]

/**
 * CPU-seconds of this process's finished children (ffmpeg, ffprobe), from /proc/self/stat's
 * cutime and cstime: Node's process.cpuUsage() counts only the process itself. Linux only; null
 * elsewhere. Clock ticks are 100 per second on Linux (USER_HZ).
 */
function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // Fields after the name start at 3 (state): cutime is field 16, cstime 17.
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100
  } catch {
    return null
  }
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name)
  return at >= 0 ? process.argv[at + 1] : undefined
}

interface Round {
  concurrency: number
  wallSeconds: number
  selfCpuSeconds: number
  childrenCpuSeconds: number | null
  allFit: boolean
  failed: string[]
}

async function runBatch(concurrency: number, clips: typeof BATCH): Promise<Round> {
  const outputDir = await mkdtemp(path.join(os.tmpdir(), `bench-batch-${concurrency}-`))
  const queue = createJobQueue({ engine: await createLocalEngine(), repository: createInMemoryQueueRepository(), concurrency })
  try {
    const childrenBefore = childrenCpuSeconds()
    const selfBefore = process.cpuUsage()
    const started = performance.now()
    const jobs = clips.flatMap(({ clip, targetBytes }) =>
      queue.add([{ input: footagePath(clip), inputBytes: null }], { text: `under ${targetBytes} bytes`, options: { targetBytes }, outputDir })
    )
    const finished = await Promise.all(jobs.map((job) => queue.finished(job.id)))
    const wallSeconds = (performance.now() - started) / 1000
    const self = process.cpuUsage(selfBefore)
    const childrenAfter = childrenCpuSeconds()
    const failed = finished.filter(({ result }) => result.status !== 'done').map(({ job, result }) => `${job.name}: ${result.message}`)
    const allFit = finished.every(({ result }, index) => result.outputBytes !== null && result.outputBytes <= clips[index]!.targetBytes)
    return {
      concurrency,
      wallSeconds,
      selfCpuSeconds: (self.user + self.system) / 1e6,
      childrenCpuSeconds: childrenBefore !== null && childrenAfter !== null ? childrenAfter - childrenBefore : null,
      allFit,
      failed
    }
  } finally {
    await queue.shutdown()
    await rm(outputDir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  await ensureFootage()
  const only = argument('--only')?.split(',')
  const clips = only ? BATCH.filter((entry) => only.includes(entry.clip)) : BATCH
  const concurrencies = (argument('--concurrency') ?? '1,2').split(',').map(Number)
  const rounds = Number(argument('--rounds') ?? '2')
  console.log(`batch: ${clips.map((entry) => entry.clip).join(', ')}; ${os.cpus().length} cores; concurrency ${concurrencies.join(', ')}; ${rounds} rounds`)
  const results: Round[] = []
  for (let round = 1; round <= rounds; round++) {
    for (const concurrency of concurrencies) {
      const measured = await runBatch(concurrency, clips)
      results.push(measured)
      const cpu = measured.childrenCpuSeconds !== null ? `${(measured.childrenCpuSeconds + measured.selfCpuSeconds).toFixed(1)} CPU s` : 'CPU s unknown'
      console.log(
        `round ${round}, concurrency ${concurrency}: ${measured.wallSeconds.toFixed(1)} s wall, ${cpu} (ffmpeg ${measured.childrenCpuSeconds?.toFixed(1) ?? '?'}, node ${measured.selfCpuSeconds.toFixed(1)}); all fit: ${measured.allFit}${measured.failed.length > 0 ? `; failed: ${measured.failed.join('; ')}` : ''}`
      )
    }
  }
  for (const concurrency of concurrencies) {
    const mine = results.filter((result) => result.concurrency === concurrency)
    const wall = mine.map((result) => result.wallSeconds)
    const jobsPerHour = (clips.length * 3600) / (wall.reduce((sum, value) => sum + value, 0) / wall.length)
    console.log(
      `concurrency ${concurrency}: wall ${wall.map((value) => value.toFixed(1)).join(' / ')} s; mean ${(wall.reduce((sum, value) => sum + value, 0) / wall.length).toFixed(1)} s (${jobsPerHour.toFixed(0)} jobs per hour)`
    )
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
