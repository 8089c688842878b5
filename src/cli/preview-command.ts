// `compress-video preview FILE [option flags] [--out DIR] [--json]` (issue #12): a few short samples
// encoded with the plan the job would run; the before/after frames go to DIR as PNG files (a new
// temporary folder without --out), and the quality, size and time to expect are printed.
import { mkdir, mkdtemp, unlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { LocalEngine, PreviewResult, PreviewStage } from '../engine'
import type { CompressOptions } from '../shared/compression'
import { describeError } from '../shared/errors'
import type { Translator } from '../shared/i18n'
import { describeQualityIn } from './compress-command'
import { english } from './language'
import { UsageError } from './options'
import { describeFilePlan } from './plan-command'

export interface PreviewCommandInput {
  file: string
  options: CompressOptions
  /** Where the PNGs go; null: a new temporary folder. */
  outDir: string | null
  json: boolean
  engine: LocalEngine
  /** The command's own words (default English); the engine's sentences come as they are. */
  translator?: Translator
}

export interface PreviewCommandIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
  signal: AbortSignal
}

/** The JSON object: exactly the keys issue #12 names. */
export function previewJson(result: PreviewResult, images: readonly string[]): Record<string, unknown> {
  return {
    input: result.input,
    images,
    predictedBytes: result.predictedBytes,
    predictedSeconds: roundedSeconds(result.predictedSeconds),
    quality: result.quality
  }
}

/** Whole seconds, at least 1, as `plan --file` says them; 0 when nothing is encoded. */
function roundedSeconds(seconds: number | null): number | null {
  if (seconds === null) return null
  return seconds === 0 ? 0 : Math.max(1, Math.round(seconds))
}

export async function runPreviewCommand(input: PreviewCommandInput, io: PreviewCommandIo): Promise<number> {
  // A folder that cannot be made is a mistake in the command line: said before any work.
  const words = input.translator ?? english()
  if (input.outDir !== null) await makeOutFolder(input.outDir)
  let result: PreviewResult
  try {
    result = await input.engine.preview({
      input: input.file,
      options: input.options,
      signal: io.signal,
      onStage: input.json ? undefined : (stage: PreviewStage) => io.stderr.write(`${words.t(`cli:preview.stage.${stage}`)}\n`)
    })
  } catch (error) {
    if (io.signal.aborted) {
      io.stderr.write(`${words.t('cli:preview.cancelled')}\n`)
      return 130
    }
    io.stderr.write(`compress-video: ${describeError(error).message}\n`)
    return 1
  }
  const folder = async (): Promise<string> => (input.outDir !== null ? path.resolve(input.outDir) : mkdtemp(path.join(os.tmpdir(), 'compress-video-preview-')))
  const images = result.frames.length > 0 ? await writeFrames(result, await folder()) : []
  if (input.json) {
    io.stdout.write(`${JSON.stringify(previewJson(result, images))}\n`)
    return 0
  }
  io.stdout.write(formatPreview(result, images, words))
  return 0
}

/** A folder --out names, made if needed; one that cannot be made is a usage error, said in the CLI's language (index.ts). */
async function makeOutFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true })
  } catch (error) {
    throw new UsageError('cli:preview.badOutFolder', { folder, code: (error as NodeJS.ErrnoException).code ?? 'error' })
  }
}

/**
 * Writes each pair as `<name>.preview-<n>.before.png` and `.after.png`, never over a file: when
 * any name of a pair is taken, the pair is written as `<name>.preview (2)-<n>...`, and so on.
 * Returns the paths, before then after, in the samples' order.
 */
async function writeFrames(result: PreviewResult, folder: string): Promise<string[]> {
  // Room for the suffixes in a 255-byte name; a character cut in half is dropped.
  const name = Buffer.from(path.basename(result.input, path.extname(result.input)))
    .subarray(0, 200)
    .toString()
    .replace(/\uFFFD+$/, '')
  const written: string[] = []
  for (const [i, frame] of result.frames.entries()) {
    for (let copy = 1; ; copy++) {
      const stem = path.join(folder, `${name}.preview${copy > 1 ? ` (${copy})` : ''}-${i + 1}`)
      const pair = [`${stem}.before.png`, `${stem}.after.png`] as const
      if (!(await writeNew(pair[0], frame.before))) continue
      if (await writeNew(pair[1], frame.after)) {
        written.push(...pair)
        break
      }
      // The after name was taken meanwhile: the pair moves on together.
      await unlink(pair[0])
    }
  }
  return written
}

/** Writes `data` to `file` unless the name is taken (false). */
async function writeNew(file: string, data: Buffer): Promise<boolean> {
  try {
    await writeFile(file, data, { flag: 'wx' })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

export function formatPreview(result: PreviewResult, images: readonly string[], words: Translator = english()): string {
  const { t, format } = words
  const name = path.basename(result.input)
  // Nothing re-encoded: the engine's sentence says so, and there is nothing to show.
  if (result.message !== null) return `${t('cli:preview.heading', { name, plan: result.message })}\n`
  const plan = describeFilePlan(result.plan, result.media, null, result.inputBytes, result.sourceSeconds, words)
  const lines = [
    t('cli:preview.heading', { name, plan }),
    `  ${t('cli:preview.quality', { quality: result.quality ? describeQualityIn(result.quality, words) : t('cli:preview.notMeasured') })}`,
    `  ${t('cli:preview.size', { size: format.bytes(result.predictedBytes), original: format.bytes(result.inputBytes) })}`
  ]
  if (result.predictedSeconds !== null) lines.push(`  ${t('cli:preview.time', { time: format.clock(result.predictedSeconds) })}`)
  for (const change of result.changes) lines.push(`  ${t('cli:note', { change })}`)
  const times = result.frames.map((frame) => t('cli:preview.second', { seconds: format.fixed(frame.atSeconds, 1) })).join(t('cli:preview.separator'))
  lines.push(`  ${t('cli:preview.frames', { times, folder: images[0] ? path.dirname(images[0]) : '' })}`)
  for (const image of images) lines.push(`    ${path.basename(image)}`)
  return `${lines.join('\n')}\n`
}
