// The `compress-video` command line: the same engines as the app, without a window.
import { Command, CommanderError, Option } from 'commander'
import { describeError } from '../shared/errors'
import { parseByteSize } from '../shared/units'
import { createLocalEngine } from '../engine'
import { runCompressCommand } from './compress-command'
import { type CompressFlags, UsageError, flagsToOptions } from './options'

const VERSION = process.env.COMPRESS_VIDEO_VERSION ?? '0.0.0'

interface CompressCliFlags extends CompressFlags {
  outputDir?: string
  json?: boolean
  maxInputSize?: string
  ffmpeg?: string
  ffprobe?: string
}

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const controller = new AbortController()
  const onInterrupt = (): void => controller.abort()
  process.once('SIGINT', onInterrupt)
  process.once('SIGTERM', onInterrupt)
  let exitCode = 0
  const program = new Command()
    .name('compress-video')
    .description('Make videos smaller: hit a target size, never over it, with the best quality that size allows.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })

  const compress = program
    .command('compress', { isDefault: true })
    .description('compress video files (the default command)')
    .argument('<files...>', 'video files to compress')
    .option('-t, --target-size <size>', 'never larger than this: 25MB (10^6 bytes), 8MiB (2^20), 500KB, or 50% of the original')
    .option('-r, --resolution <short-side>', 'output short side in pixels, e.g. 720 or 1080p (never enlarges)')
    .option('--fps <rate>', 'frame-rate cap, e.g. 30')
    .addOption(new Option('-f, --format <container>', 'output container').choices(['mp4', 'webm', 'mov', 'mkv']))
    .option('-c, --codec <codec>', 'video codec: h264 (default), hevc, vp9, av1')
    .option('--no-audio', 'remove the audio track')
    .addOption(new Option('-q, --quality <preference>', 'quality preference').choices(['high', 'balanced', 'small']))
    .option('-o, --output-dir <dir>', 'write results here instead of next to each original')
    .option('--json', 'one JSON object per finished file on stdout')
    .option('--max-input-size <size>', 'refuse inputs larger than this, e.g. 4GB')
    .option('--ffmpeg <path>', 'ffmpeg binary to use (default: FFMPEG_PATH, the bundled one, then PATH)')
    .option('--ffprobe <path>', 'ffprobe binary to use')
    .action(async (files: string[], flags: CompressCliFlags) => {
      const options = flagsToOptions(flags)
      const maxInputBytes = flags.maxInputSize !== undefined ? parseByteSize(flags.maxInputSize) : null
      if (flags.maxInputSize !== undefined && !maxInputBytes) throw new UsageError(`--max-input-size ${flags.maxInputSize}: not a size, e.g. 4GB.`)
      const engine = await createLocalEngine({ ffmpegPath: flags.ffmpeg, ffprobePath: flags.ffprobe, maxInputBytes })
      exitCode = await runCompressCommand(
        { files, options, outputDir: flags.outputDir ?? null, json: flags.json === true, engine },
        { stdout: io.stdout as NodeJS.WriteStream, stderr: io.stderr as NodeJS.WriteStream, signal: controller.signal }
      )
    })

  // `compress-video --help` shows the default command's options too: that is what people run.
  program.addHelpText('after', () => `\nDefault command (compress-video FILE... is short for compress-video compress FILE...):\n${compress.helpInformation()}`)

  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit 0; everything else commander rejects is a usage error.
      return error.exitCode === 0 ? 0 : 2
    }
    if (error instanceof UsageError) {
      io.stderr.write(`compress-video: ${error.message}\nRun "compress-video --help" for the options.\n`)
      return 2
    }
    io.stderr.write(`compress-video: ${describeError(error).message}\n`)
    return 1
  } finally {
    process.off('SIGINT', onInterrupt)
    process.off('SIGTERM', onInterrupt)
  }
}

/** Entry point used by bin/compress-video.cjs. */
export function run(): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`compress-video: ${describeError(error).message}\n`)
      process.exit(1)
    }
  )
}
