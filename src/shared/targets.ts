// The rules of a size request that every engine and runner applies the same way, without looking
// inside the file: what the target is, and whether a file is already under it.
import type { CompressOptions } from './compression'
import { hasTrim } from './trim'
import { formatBytes } from './units'

/** The target in bytes from an absolute size and/or a share of the source (the smaller wins). */
export function resolveTargetBytes(options: CompressOptions, sourceBytes: number): number | null {
  const candidates: number[] = []
  if (options.targetBytes != null) candidates.push(Math.floor(options.targetBytes))
  if (options.targetRatio != null) candidates.push(Math.floor(options.targetRatio * sourceBytes))
  return candidates.length ? Math.min(...candidates) : null
}

/**
 * Whether a source of `sourceBytes` needs no work for `options` without looking inside it: a size
 * (or share) it is already under, and nothing else asked. The planner's own test (planCompression)
 * is finer, with the media at hand; this one is for engines that do not probe (the cloud engine),
 * so a file already small enough is not uploaded and charged for nothing.
 */
export function alreadySmallEnough(options: CompressOptions, sourceBytes: number): boolean {
  const target = resolveTargetBytes(options, sourceBytes)
  const onlySize =
    options.resolution == null &&
    options.fps == null &&
    options.container == null &&
    options.videoCodec == null &&
    options.audio !== 'remove' &&
    !hasTrim(options) &&
    options.aspect == null &&
    options.rotate == null
  return target !== null && sourceBytes <= target && onlySize
}

/**
 * The start of every sentence about a source already under the target (the result, `plan
 * --file`, the app's row), so they all say it the same way: "Already under 25 MB (1.14 MB)".
 */
export function alreadyUnderTarget(targetBytes: number, sourceBytes: number): string {
  return `Already under ${formatBytes(targetBytes)} (${formatBytes(sourceBytes)})`
}
