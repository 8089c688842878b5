// `compress-video FILE...`: compress each file in turn with the same options (on the job queue,
// one at a time), show progress, print a summary (or JSON lines), and exit 0 (all done),
// 1 (some failed) or 130 (cancelled).
import path from 'node:path'
import type { CompressOptions, CompressResult, QualityScore } from '../shared/compression'
import type { Translator } from '../shared/i18n'
import type { CompressionEngine } from '../jobs/types'
import { createInMemoryQueueRepository, createJobQueue } from '../services/queue'
import { createProgressView } from './progress'
import { followRunningJobs } from './queue-progress'
import { english } from './language'
import { sayWords } from '../shared/words'

export interface CompressCommandIo {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  signal: AbortSignal
}

export interface CompressCommandInput {
  files: string[]
  options: CompressOptions
  outputDir: string | null
  json: boolean
  engine: CompressionEngine
  /** The words of the summary and the progress (default English); the engine's sentences in it where they come as words, as they are otherwise. */
  translator?: Translator
}

/** The JSON line for one finished file (issue #2 "--json"): keys and values an interface, `message` in the language (issue 13). */
export function resultToJson(result: CompressResult, { t }: Translator = english()): Record<string, unknown> {
  return {
    input: result.input,
    output: result.output,
    inputBytes: result.inputBytes,
    outputBytes: result.outputBytes,
    status: result.status === 'cancelled' ? 'failed' : result.status,
    message: sayWords(t, result.words, result.message),
    changes: result.changes,
    seconds: Math.round(result.elapsedMs / 100) / 10,
    quality: result.quality ?? null,
    // Issue 14: the output's length (the part kept when trimmed), null when nothing was written.
    durationSeconds: result.durationSeconds ?? null,
    // Issue #12: a job refused for its quality floor says the smallest size that meets it.
    ...(result.smallestBytesForFloor !== undefined ? { smallestBytesForFloor: result.smallestBytesForFloor } : {})
  }
}

export async function runCompressCommand(input: CompressCommandInput, io: CompressCommandIo): Promise<number> {
  const progressMode = input.json ? (io.stderr.isTTY ? 'bar' : 'none') : io.stderr.isTTY ? 'bar' : 'lines'
  const words = input.translator ?? english()
  const view = createProgressView(io.stderr, progressMode, words)
  // Both on the same terminal: an error is said once, where the file's bar was; the summary
  // below only points back to it.
  const oneScreen = !input.json && io.stderr.isTTY === true && io.stdout.isTTY === true
  // The same queue as the app's, one file at a time, every progress report drawn; nothing to keep
  // across runs, so it is kept in memory.
  const queue = createJobQueue({ engine: input.engine, repository: createInMemoryQueueRepository(), progressIntervalMs: 0 })
  const results: CompressResult[] = []
  // What is drawn and printed, in the order it happened: a finished file's lines wait for its
  // result (finished() is a promise), and the next file's bar waits for those lines.
  let output = Promise.resolve()
  const then = (step: () => void | Promise<void>): void => {
    output = output.then(step)
  }
  const stopFollowing = followRunningJobs(queue, {
    start: (job) => then(() => view.start(job.name)),
    update: (progress) => then(() => view.update(progress)),
    end: (job) =>
      then(async () => {
        const { result } = await queue.finished(job.id)
        view.stop(result.status === 'done' || result.status === 'skipped')
        results.push(result)
        if (input.json) io.stdout.write(`${JSON.stringify(resultToJson(result, words))}\n`)
        else if (result.status === 'failed') io.stderr.write(`✗ ${job.name}: ${sayWords(words.t, result.words, result.message)}\n`)
      })
  })
  // Ctrl-C (and SIGTERM, SIGHUP): the running file is cancelled (the engine removes its partial
  // files), and the files after it never start (they are not reported).
  const cancel = (): void => void queue.cancelAll()
  io.signal.addEventListener('abort', cancel, { once: true })
  try {
    const jobs = io.signal.aborted
      ? []
      : queue.add(
          input.files.map((file) => ({ input: file, inputBytes: null })),
          // The cloud engine gets the typed words from the CLI's engine (src/cli/index.ts).
          { text: '', options: input.options, outputDir: input.outputDir }
        )
    await Promise.all(jobs.map((job) => queue.finished(job.id)))
    await output
  } finally {
    io.signal.removeEventListener('abort', cancel)
    stopFollowing()
  }
  if (!input.json) io.stdout.write(formatSummary(results, { reasonsShownAbove: oneScreen }, words))
  if (io.signal.aborted) {
    io.stderr.write(`${words.t('cli:compress.allCancelled')}\n`)
    return 130
  }
  return results.some((r) => r.status === 'failed' || r.status === 'cancelled') ? 1 : 0
}

/** A quality verdict in words, with its scores: "looks the same (SSIM 0.9912, VMAF 95.1)". */
export function describeQualityIn(quality: QualityScore, { t, format }: Translator): string {
  const label = t(`results:quality.${quality.label}`)
  const ssim = format.fixed(quality.ssim, 4)
  return quality.vmaf !== null ? t('cli:qualityVmaf', { label, ssim, vmaf: format.fixed(quality.vmaf, 1) }) : t('cli:quality', { label, ssim })
}

export function formatSummary(results: readonly CompressResult[], options: { reasonsShownAbove?: boolean } = {}, words: Translator = english()): string {
  const { t, format } = words
  const lines: string[] = ['']
  for (const r of results) {
    const name = path.basename(r.input)
    if (r.status === 'skipped' && r.output === null) {
      // Nothing to do and nothing written: the original is the result.
      lines.push(`= ${name}: ${sayWords(t, r.words, r.message)}`, `  → ${t('cli:compress.original', { path: r.input })}`)
    } else if (r.status === 'done' || r.status === 'skipped') {
      const saved = r.inputBytes && r.outputBytes !== null ? Math.round((1 - r.outputBytes / r.inputBytes) * 100) : 0
      const sizes = t('cli:compress.sizes', {
        before: format.bytes(r.inputBytes ?? 0),
        after: format.bytes(r.outputBytes ?? 0),
        saved: format.percent(saved),
        time: format.clock(r.elapsedMs / 1000)
      })
      lines.push(`${r.status === 'done' ? '✓' : '='} ${name}: ${sizes}`)
      lines.push(`  → ${r.output ?? ''}`)
      if (r.quality) lines.push(`  ${t('cli:compress.quality', { quality: describeQualityIn(r.quality, words) })}`)
      if (r.status === 'skipped') lines.push(`  ${sayWords(t, r.words, r.message)}`)
      for (const change of r.changes) if (r.status === 'done') lines.push(`  ${t('cli:note', { change })}`)
    } else {
      const reason = r.status === 'cancelled' ? t('cli:compress.cancelled') : t('cli:compress.failedAbove')
      lines.push(options.reasonsShownAbove ? `✗ ${name}: ${reason}` : `✗ ${name}: ${sayWords(t, r.words, r.message)}`)
    }
  }
  const ok = results.filter((r) => r.status === 'done' || r.status === 'skipped').length
  lines.push(t('cli:compress.summary', { count: results.length, done: ok }), '')
  return lines.join('\n')
}
