// The `compress-video` command line: the same engines as the app, without a window.
//   compress-video FILE... [flags]          compress (the default command)
//   compress-video plan "TEXT" [--file F]   show the plan for a plain-language request
//   compress-video preview FILE [flags]     before/after frames, quality, size and time of the plan
//   compress-video watch DIR [flags]        compress new videos in a folder until Ctrl-C
//   compress-video credits                  NemoVideo cloud credits
//   compress-video serve / worker           the self-hosted server and its workers
import os from 'node:os'
import { Command, CommanderError, Option } from 'commander'
import { type NemoEngine, JsonFileClientIdStore, createNemoEngine, formatCredits } from '../cloud'
import { createLocalEngine, type LocalEngine } from '../engine'
import { cleanStaleWork } from '../jobs/work-journal'
import type { CompressionEngine, EngineNews } from '../jobs/types'
import type { CompressOptions } from '../shared/compression'
import { describeError } from '../shared/errors'
import { type Translator, translatorFor } from '../shared/i18n'
import { parseByteSize } from '../shared/units'
import { sayWords } from '../shared/words'
import { runCompressCommand } from './compress-command'
import { LANGUAGES, cliLanguage } from './language'
import { type CompressFlags, UsageError, flagsToOptions } from './options'
import { runPlanCommand } from './plan-command'
import { runPreviewCommand } from './preview-command'
import { createProgressView } from './progress'
import { addServerCommands } from './server-commands'
import { resolveRequest } from './request'
import { runWatchCommand } from './watch-command'

const VERSION = process.env.COMPRESS_VIDEO_VERSION ?? '0.0.0'

type EngineName = 'local' | 'cloud'

interface EngineFlags {
  engine?: EngineName
  maxInputSize?: string
  ffmpeg?: string
  ffprobe?: string
}

interface CompressCliFlags extends CompressFlags, EngineFlags {
  request?: string
  outputDir?: string
  json?: boolean
}

interface PreviewCliFlags extends CompressFlags, Omit<EngineFlags, 'engine'> {
  request?: string
  out?: string
  json?: boolean
}

interface WatchCliFlags extends CompressFlags, EngineFlags {
  request?: string
  recursive?: boolean
  existing?: boolean
  outputDir?: string
  json?: boolean
}

interface Io {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

function localEngine(flags: EngineFlags): Promise<LocalEngine> {
  const maxInputBytes = flags.maxInputSize !== undefined ? parseByteSize(flags.maxInputSize) : null
  if (flags.maxInputSize !== undefined && !maxInputBytes) throw new UsageError('cli:usage.maxInputSize', { value: flags.maxInputSize })
  return createLocalEngine({ ffmpegPath: flags.ffmpeg, ffprobePath: flags.ffprobe, explicitFrom: 'flags', maxInputBytes })
}

/** NEMO_API_URL, NEMO_WEB_URL, NEMO_TOKEN and NEMO_CLIENT_ID as the NemoVideo skills read them. */
function cloudEngine(env: NodeJS.ProcessEnv = process.env): NemoEngine {
  return createNemoEngine({
    apiUrl: env.NEMO_API_URL || undefined,
    webUrl: env.NEMO_WEB_URL || undefined,
    token: env.NEMO_TOKEN || undefined,
    clientId: env.NEMO_CLIENT_ID || undefined,
    clientIdStore: new JsonFileClientIdStore(),
    appVersion: VERSION,
    platform: process.platform
  })
}

/** The cloud engine reads the typed text itself and shows the backend's replies as they come. */
function engineFor(name: EngineName, flags: EngineFlags, requestText: string | null, io: Io, { t }: Translator): Promise<CompressionEngine> {
  if (name === 'local') return localEngine(flags)
  const cloud = cloudEngine()
  const say = (news: EngineNews): string => (news.kind === 'reply' ? t('cli:cloudReply', { text: news.text }) : t('cli:cloudStillWorking'))
  return Promise.resolve({
    compress: (request) => cloud.compress({ ...request, text: requestText, onNews: (news) => io.stderr.write(`${say(news)}\n`) })
  })
}

/** --request first, then the flags on top (a flag is the more precise statement). */
function optionsFrom(flags: CompressFlags & { request?: string }, engine: EngineName, io: Io, quiet: boolean, { t }: Translator): CompressOptions {
  let base: CompressOptions = {}
  if (flags.request !== undefined) {
    const resolved = resolveRequest(flags.request, engine)
    base = resolved.options
    if (!quiet) {
      io.stderr.write(`${t('cli:plan', { summary: resolved.parsed.summary })}\n`)
      for (const warning of resolved.parsed.warnings) io.stderr.write(`  ! ${warning}\n`)
    }
  }
  return flagsToOptions(flags, base)
}

/** The flags that make the options (and --request), the same for compress, watch and preview. */
function addOptionFlags(command: Command): Command {
  return command
    .option('-t, --target-size <size>', 'never larger than this: 25MB (10^6 bytes), 8MiB (2^20), 500KB, or 50% of the original')
    .option('-r, --resolution <short-side>', 'output short side in pixels, e.g. 720 or 1080p (never enlarges)')
    .option('--fps <rate>', 'frame-rate cap, e.g. 30')
    .addOption(new Option('-f, --format <container>', 'output container').choices(['mp4', 'webm', 'mov', 'mkv']))
    .option('-c, --codec <codec>', 'video codec: h264 (default), hevc, vp9, av1')
    .option('--no-audio', 'remove the audio track')
    .addOption(new Option('-q, --quality <preference>', 'quality preference').choices(['high', 'balanced', 'small']))
    .option(
      '--min-quality <floor>',
      'with --target-size, the least quality allowed: good (no visible blocks), high (looks the same), or an SSIM (0.95) or VMAF (85) value; a target that cannot meet it is refused with the smallest size that does'
    )
    .option('--allow-below-floor', 'run a job whose samples say --min-quality cannot be met at the target anyway (the result notes it)')
    .addOption(
      new Option(
        '--hardware <when>',
        "the graphics chip's video encoder: auto (where it does not cost visible quality), on (whenever one works), off (x264 only)"
      ).choices(['auto', 'on', 'off'])
    )
    .addOption(
      new Option(
        '--speed <effort>',
        "encoding effort: balanced (default: the fastest x264 preset that loses nothing visible for this file and size), fast (speed first), thorough (x264 medium, or the quality setting's own)"
      ).choices(['fast', 'balanced', 'thorough'])
    )
    .option('--start <time>', 'keep from this point: 1:20, 80 or 80s; --start=-1:00 is one minute before the end')
    .option('--end <time>', 'keep up to this point (--end=-10: 10 seconds before the end)')
    .option('--duration <time>', 'keep this long, from --start (or the beginning), e.g. 30 or 0:30')
    .option('--trim <start-end>', 'keep this part, e.g. 0:05-1:20 (0:05- for the rest)')
    .option('--fast-cut', 'cut on keyframes without re-encoding when nothing else needs it (the start moves back to a keyframe; the result says by how much)')
    .option('--aspect <shape>', "the result's shape: 9:16, 1:1, 16:9 or 4:5")
    .addOption(
      new Option('--fit <how>', 'how the picture fits --aspect: crop (centred), pad (black bars), blur (blurred bars)').choices(['crop', 'pad', 'blur'])
    )
    .option('--rotate <degrees>', 'turn clockwise by 90, 180 or 270 (losslessly when nothing else is re-encoded)')
    .option('--request <text>', 'what you want in plain words, e.g. "under 10MB for Discord" or "压缩到50M以内"; flags win over it')
}

/** The local engine's limits and binaries. */
function addLocalEngineFlags(command: Command): Command {
  return command
    .option('--max-input-size <size>', 'refuse inputs larger than this, e.g. 4GB')
    .option('--ffmpeg <path>', 'ffmpeg binary to use (default: FFMPEG_PATH, the bundled one, then PATH)')
    .option('--ffprobe <path>', 'ffprobe binary to use')
}

function addCompressFlags(command: Command): Command {
  return addLocalEngineFlags(
    addOptionFlags(command)
      .option('-o, --output-dir <dir>', 'write results here instead of next to each original')
      .option('--json', 'JSON lines on stdout instead of text')
      .addOption(
        new Option('--engine <engine>', 'where to compress: local ffmpeg or the NemoVideo cloud (NEMO_API_URL, NEMO_TOKEN, NEMO_CLIENT_ID)')
          .choices(['local', 'cloud'])
          .default('local')
      )
  )
}

/** The signals that stop the CLI the way Ctrl-C does: cancel, remove partial files, then exit. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
type StopSignal = (typeof STOP_SIGNALS)[number]

/** 128 + the signal's number, as shells report a process stopped by it: 130, 143, 129. */
export function signalExitCode(signal: StopSignal): number {
  return 128 + os.constants.signals[signal]
}

export async function main(
  argv: string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
  env: Readonly<Record<string, string | undefined>> = process.env
): Promise<number> {
  // --lang, else LC_ALL/LC_MESSAGES/LANG: known before anything is parsed or printed.
  const chosen = cliLanguage(argv, env)
  const words = translatorFor(chosen.language)
  const { t } = words
  if (!chosen.ok) {
    io.stderr.write(`compress-video: ${t('cli:usage.unknownLanguage', { value: chosen.value, choices: LANGUAGES.join(', ') })}\n${t('cli:usage.seeHelp')}\n`)
    return 2
  }
  const controller = new AbortController()
  // Aborted by a second Ctrl-C: waits that can be skipped on the way out are cut short (the watch
  // record waiting for another process's lock); removing partial files never is.
  const insisted = new AbortController()
  let stoppedBy: StopSignal | null = null
  // The first stop signal cancels; later ones must not kill the process before partial files are
  // removed, so the handler stays installed and only says that cleanup is under way. SIGHUP
  // (the terminal was closed) and SIGTERM (kill, a service manager) are handled like Ctrl-C.
  // Each one is acknowledged on stderr as it is taken, so a second Ctrl-C is known to be a second
  // (tests wait for "Stopping: cancelling" before they send it).
  const onStop = (signal: StopSignal): void => {
    // A closed terminal fails every later write (EIO): that must not crash the cleanup.
    if (signal === 'SIGHUP') for (const stream of [io.stdout, io.stderr]) stream.on('error', () => undefined)
    if (controller.signal.aborted) {
      io.stderr.write(`${t('cli:stopping.removing')}\n`)
      insisted.abort()
    } else {
      stoppedBy = signal
      io.stderr.write(`${t('cli:stopping.cancelling')}\n`)
      controller.abort()
    }
  }
  for (const signal of STOP_SIGNALS) process.on(signal, onStop)
  let exitCode = 0
  // watch runs until Ctrl-C: that is its ordinary end (exit 0), not a cancellation.
  let watching = false
  const program = new Command()
    .name('compress-video')
    .description('Make videos smaller: hit a target size, never over it, with the best quality that size allows.')
    .version(VERSION)
    // Read before parsing (language.ts); declared here for --help and so commander accepts it anywhere.
    .addOption(new Option('--lang <language>', 'the language of the messages (default: from LC_ALL, LC_MESSAGES or LANG)').choices(LANGUAGES))
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })

  const compress = addCompressFlags(
    program.command('compress', { isDefault: true }).description('compress video files (the default command)').argument('<files...>', 'video files to compress')
  ).action(async (files: string[], flags: CompressCliFlags) => {
    await cleanStaleWork()
    const engineName = flags.engine ?? 'local'
    const options = optionsFrom(flags, engineName, io, flags.json === true, words)
    const engine = await engineFor(engineName, flags, flags.request ?? null, io, words)
    exitCode = await runCompressCommand(
      { files, options, outputDir: flags.outputDir ?? null, json: flags.json === true, engine, translator: words },
      { stdout: io.stdout as NodeJS.WriteStream, stderr: io.stderr as NodeJS.WriteStream, signal: controller.signal }
    )
  })

  program
    .command('plan')
    .description('show the compression plan for a plain-language request, without doing anything')
    .argument('<text>', 'the request, e.g. "under 25MB for email" or "export 1080p MP4"')
    .option('--file <file>', 'fill in the numbers for this video (bitrate, resolution, time)')
    .option('--json', 'one JSON object')
    .action(async (text: string, flags: { file?: string; json?: boolean }) => {
      exitCode = await runPlanCommand(text, flags.file ?? null, flags.json === true, () => createLocalEngine(), io, words)
    })

  addLocalEngineFlags(
    addOptionFlags(
      program
        .command('preview')
        .description('encode a few 2-s samples with the plan and show before/after frames, the quality, and the size and time to expect')
        .argument('<file>', 'the video to preview')
    )
      .option('--out <dir>', 'write the before/after PNG files here (made if needed; default: a new temporary folder)')
      .option('--json', 'one JSON object: {"input","images","predictedBytes","predictedSeconds","quality"}')
  ).action(async (file: string, flags: PreviewCliFlags) => {
    await cleanStaleWork()
    const options = optionsFrom(flags, 'local', io, flags.json === true, words)
    const engine = await localEngine(flags)
    exitCode = await runPreviewCommand(
      { file, options, outDir: flags.out ?? null, json: flags.json === true, engine, translator: words },
      { stdout: io.stdout, stderr: io.stderr, signal: controller.signal }
    )
  })

  addCompressFlags(
    program
      .command('watch')
      .description('compress every new video that appears in a folder, until Ctrl-C')
      .argument('<dir>', 'the folder to watch')
      .option('--recursive', 'also watch subfolders')
      .option('--existing', 'also compress the videos already in the folder')
  ).action(async (dir: string, flags: WatchCliFlags) => {
    watching = true
    await cleanStaleWork()
    const engineName = flags.engine ?? 'local'
    const options = optionsFrom(flags, engineName, io, flags.json === true, words)
    const engine = await engineFor(engineName, flags, flags.request ?? null, io, words)
    exitCode = await runWatchCommand(
      {
        folder: dir,
        request: flags.request ?? null,
        options,
        recursive: flags.recursive === true,
        includeExisting: flags.existing === true,
        outputDir: flags.outputDir ?? null,
        json: flags.json === true
      },
      {
        stdout: io.stdout,
        stderr: io.stderr,
        signal: controller.signal,
        stopWaitingSignal: insisted.signal,
        engine,
        translator: words,
        // Plain lines on stderr, as the compress command prints without a terminal: a live bar
        // would be torn by the event lines on stdout. --json keeps stderr for the banner only.
        progress: flags.json === true ? undefined : createProgressView(io.stderr as NodeJS.WriteStream, 'lines', words)
      }
    )
  })

  program
    .command('credits')
    .description('show your NemoVideo cloud credits')
    .option('--json', 'one JSON object')
    .action(async (flags: { json?: boolean }) => {
      const credits = await cloudEngine().credits(controller.signal)
      io.stdout.write(flags.json ? `${JSON.stringify(credits)}\n` : `${formatCredits(credits)}\n`)
    })

  addServerCommands(program, io, controller.signal, (code) => {
    exitCode = code
  })

  // `compress-video --help` shows the default command's options too: that is what people run.
  program.addHelpText('after', () => `\nDefault command (compress-video FILE... is short for compress-video compress FILE...):\n${compress.helpInformation()}`)

  try {
    // Nothing to do: the usage help, on stderr, as a usage error (not commander's "missing argument").
    if (argv.length === 0) {
      program.outputHelp({ error: true })
      return 2
    }
    await program.parseAsync(argv, { from: 'user' })
    // Stopped by a signal: its exit code, except Ctrl-C in watch, which is how watch ends (0).
    const stop: StopSignal | null = stoppedBy
    if (stop !== null && !(stop === 'SIGINT' && watching)) return signalExitCode(stop)
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit 0; everything else commander rejects is a usage error.
      return error.exitCode === 0 ? 0 : 2
    }
    if (error instanceof UsageError) {
      io.stderr.write(`compress-video: ${sayWords(t, error.words, error.message)}\n${t('cli:usage.seeHelp')}\n`)
      return 2
    }
    io.stderr.write(`compress-video: ${describeError(error).message}\n`)
    return 1
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onStop)
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
