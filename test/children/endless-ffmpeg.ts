// A parent process for the fault tests (test/faults.test.ts): it runs an ffmpeg encode that never
// ends on its own through the engine's runFfmpeg, and installs no signal handlers, so SIGHUP,
// SIGTERM and SIGKILL end it the way they end any process that does not expect them.
import { loadToolchain } from '../../src/engine/ffmpeg/locate'
import { runFfmpeg } from '../../src/engine/ffmpeg/run'

async function main(): Promise<void> {
  const { ffmpeg } = await loadToolchain()
  let announced = false
  await runFfmpeg(ffmpeg.path, ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'null', '-'], {
    onProgress: () => {
      if (announced) return
      announced = true
      process.stdout.write('encoding\n')
    }
  })
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
