// A process with work in progress, for the fault tests (test/faults.test.ts): it makes a temporary
// output for argv[2] (in argv[3] when given) and a two-pass folder the way the engine does,
// writes into both, prints their paths as one JSON line, and then runs until it is killed.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { prepareTempOutput } from '../../src/jobs/output'
import { makeWorkFolder } from '../../src/jobs/work-journal'

async function main(): Promise<void> {
  const [input = '', outputDir] = process.argv.slice(2)
  const temp = await prepareTempOutput(input, 'mp4', outputDir ?? null)
  await writeFile(temp, 'half an encode')
  const folder = await makeWorkFolder()
  await writeFile(path.join(folder, 'ffmpeg2pass-0.log'), 'pass 1 statistics')
  process.stdout.write(`${JSON.stringify({ temp, folder })}\n`)
  setInterval(() => undefined, 1 << 30)
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
