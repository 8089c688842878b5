// Removing what an interrupted job left behind. The engine writes to a hidden temporary name in
// the output folder, `.<name>.compressing-<8 hex>.<ext>` (src/jobs/output.ts,
// prepareTempOutput), and removes it itself on failure or cancel; after a crash or a killed app
// nobody did, so the queue removes these before it re-queues the job (issue #4 "survives
// restarts"). Only names of exactly that shape are touched: never the original, never a result.
// The rule is the one of jobs/work-journal.ts: a temporary file is removed only when no live
// process owns it (a CLI compressing the same input meanwhile keeps its file); this also covers
// temporary files that no journal lists (written before journals existed).
import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { isTempOutputOf } from '../../jobs/output'
import { isLiveWork } from '../../jobs/work-journal'

/** Deletes the partial outputs of `input` in its output folder; returns the paths removed. */
export async function removePartialOutputs(input: string, outputDir: string | null): Promise<string[]> {
  const folder = path.resolve(outputDir ?? path.dirname(input))
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return [] // The folder is gone or unreadable: nothing of ours can be left there.
  }
  const removed: string[] = []
  for (const name of names) {
    // The engine owns the naming (long names are shortened), so it answers whether a name is ours.
    if (!isTempOutputOf(name, input)) continue
    const full = path.join(folder, name)
    if (await isLiveWork(full)) continue
    await rm(full, { force: true })
    removed.push(full)
  }
  return removed
}
