// `npm run bench:estimate`: how close `plan --file`'s time estimate ("about 0:10 to encode here")
// is to the real time of the same request, per footage clip, through the built CLI as a user runs
// it. Both are measured in the same run, one after the other, so they see the same machine. The
// estimate counts what the compress command does (probe, tool checks, the passes); the real time
// is the whole compress command's wall time. CPU seconds (user + system of the command and its
// ffmpeg children, from bash's `times`) are printed next to it: wall time on a shared machine is
// noisy. Not a test: numbers, no verdicts (the bar is within 50% on a quiet machine).
// Usage: npm run bench:estimate [-- --only iphone,sintel] [--request "shrink to 40% of the size"]
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { FOOTAGE, ensureFootage, footagePath } from '../test/footage'

const execFileAsync = promisify(execFile)
const CLI = path.resolve(__dirname, '..', 'bin', 'compress-video.cjs')

function argAfter(flag: string): string | undefined {
  const at = process.argv.indexOf(flag)
  return at >= 0 ? process.argv[at + 1] : undefined
}

/** Runs the CLI under bash so that `times` reports the CPU of the command and all its children. */
async function timedCli(args: string[]): Promise<{ stdout: string; wall: number; cpu: number }> {
  const quoted = args.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
  const script = `start=$(date +%s.%N); node '${CLI}' ${quoted} > "$OUT_FILE"; code=$?; end=$(date +%s.%N); times; echo "wall $start $end"; exit $code`
  const work = await mkdtemp(path.join(os.tmpdir(), 'cv-estimate-out-'))
  const outFile = path.join(work, 'stdout')
  try {
    const { stdout } = await execFileAsync('bash', ['-c', script], { env: { ...process.env, OUT_FILE: outFile }, maxBuffer: 1 << 24 })
    const lines = stdout.trim().split('\n')
    // `times` prints two lines: the shell's own user/system, then its children's.
    const toSeconds = (t: string): number => {
      const m = /(\d+)m([\d.]+)s/.exec(t)
      return m ? Number(m[1]) * 60 + Number(m[2]) : 0
    }
    const children = (lines[1] ?? '').split(/\s+/)
    const cpu = toSeconds(children[0] ?? '') + toSeconds(children[1] ?? '')
    const wallLine = (lines.find((l) => l.startsWith('wall ')) ?? 'wall 0 0').split(' ')
    const wall = Number(wallLine[2]) - Number(wallLine[1])
    const { readFile } = await import('node:fs/promises')
    return { stdout: await readFile(outFile, 'utf8'), wall, cpu }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  await ensureFootage()
  const only = argAfter('--only')?.split(',') ?? null
  const request = argAfter('--request') ?? 'shrink to 40% of the size'
  const clips = (Object.keys(FOOTAGE) as (keyof typeof FOOTAGE)[]).filter((c) => !only || only.includes(c))
  console.log(`request "${request}", ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(2)} at the start`)
  console.log('| clip | estimate s | real wall s | real CPU s | estimate/real | load |')
  console.log('|---|---|---|---|---|---|')
  const ratios: number[] = []
  for (const clip of clips) {
    const input = footagePath(clip)
    const plan = await timedCli(['plan', request, '--file', input, '--json'])
    const planned = JSON.parse(plan.stdout) as { details?: { file?: { estimatedSeconds?: number | null } } }
    const estimate = planned.details?.file?.estimatedSeconds ?? null
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'cv-estimate-'))
    try {
      const real = await timedCli(['compress', input, '--request', request, '-o', outDir, '--json'])
      const ratio = estimate === null ? null : estimate / real.wall
      if (ratio !== null) ratios.push(ratio)
      console.log(
        `| ${clip} | ${estimate ?? '-'} | ${real.wall.toFixed(1)} | ${real.cpu.toFixed(1)} | ${ratio === null ? '-' : ratio.toFixed(2)} | ${os.loadavg()[0]?.toFixed(2)} |`
      )
    } finally {
      await rm(outDir, { recursive: true, force: true })
    }
  }
  const within = ratios.filter((r) => r >= 0.5 && r <= 1.5).length
  console.log(
    `\n${within} of ${ratios.length} estimates within 50% of the real time; range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`
  )
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
