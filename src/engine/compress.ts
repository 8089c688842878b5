// One compression job from start to finish: check, plan, encode (two-pass when a size was
// promised), verify the size and correct it, then move the result into place. The output is
// never larger than the target: an overshoot is re-encoded with a corrected bitrate (bounded
// attempts) and a file above the target is never handed over (issue #2). A trim, turn or shape
// (issue 14) is planned once (plan/edit.ts): the job then works on the edited media, so every
// budget, decision and check is the kept part's.
import { copyFile, readFile, rm, stat, statfs } from 'node:fs/promises'
import { constants as fsConstants } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  CONTAINER_LABEL,
  type CompressOptions,
  type CompressResult,
  DEFAULT_HARDWARE,
  type HardwarePreference,
  type QualityScore,
  describeFloor,
  describeQuality,
  meetsFloor
} from '../shared/compression'
import { BelowFloorError, UserFacingError } from '../shared/errors'
import { errorWords, progressWords } from '../shared/words'
import { formatTimecode } from '../shared/trim'
import { formatBytes } from '../shared/units'
import { checkInput } from './checks'
import { checkQualityFloor, describeFloorCheck, floorCheckWords } from './floor'
import { analysisStatsPath, buildCopyArgs, buildEncodeArgs, passLogPrefixIn } from './ffmpeg/args'
import { type HardwareChoice, VENDOR_LABEL, chooseHardware, describeUnavailable, hardwareWorthIt, probeHardware } from './ffmpeg/hardware'
import { type FfmpegToolchain, knownFfmpegPaths } from './ffmpeg/locate'
import { FfmpegError, lastMeaningfulLine, runFfmpeg } from './ffmpeg/run'
import { commitOutput, diskFull, outputFolderFor, prepareTempOutput, removePartial } from '../jobs/output'
import { type EncodePlan, type PlanInput, planCompression, withChange } from './plan'
import { adaptToAnalysis, meanQuantiser } from './plan/adapt'
import { planWithEffort } from './plan/effort'
import { MIN_VIDEO_KBPS, wantsAudio } from './plan/budget'
import { type EditPlan, cutOf, describeTurn, editedMedia, keptBytes, keptSeconds, planEdit } from './plan/edit'
import { keyframeAtOrBefore } from './keyframes'
import { lengthHint } from './plan/minimum-size'
import { planBitsPerPixel } from './plan/picture'
import { alreadyUnderTarget, resolveTargetBytes } from '../shared/targets'
import { type MediaInfo, probeMedia } from './probe'
import { JobProgressTracker } from './progress'
import { scoreResult } from './quality'
import { makeWorkFolder, releaseWork } from '../jobs/work-journal'
import type { EngineConfig } from './types'
import type { CompressJobRequest } from '../jobs/types'
import { resultFromError, skippedResult } from '../jobs/results'

/** Re-encodes after an overshoot before giving up (each costs one final pass). */
const MAX_SIZE_CORRECTIONS = 3
/** Below this share of the target, one more final pass spends the unused bytes on quality. */
const UNDERSHOOT_RETRY_BELOW = 0.9

/** COMPRESS_VIDEO_DEBUG=1 prints the rate-control decisions, for bug reports and tuning. */
function debug(message: string): void {
  if (process.env.COMPRESS_VIDEO_DEBUG) process.stderr.write(`[compress-video] ${message}\n`)
}

interface EncodeOutcome {
  bytes: number
  /** The temporary file holding the result. */
  path: string
  /** The plan as finally carried out (the analysis pass may have lowered the resolution). */
  plan: EncodePlan
  /** Made by a pass that spent room left under the target (said in the result). */
  fromExtraPass?: boolean
}

/** The job's file as the planner and ffmpeg see it after its trim, turn and shape (issue 14). */
export interface EditedSource {
  /** The file as it is. */
  readonly original: MediaInfo
  /** What the encoder gets: the kept part's length, the turned and shaped picture (plan/edit.ts editedMedia). */
  readonly media: MediaInfo
  readonly edit: EditPlan | null
  /** The bytes of the part kept, for the "never bigger" rule and the target share: the whole file's without a trim. */
  readonly keptBytes: number
}

/**
 * The edit the options ask of this file (the keyframe a quick cut starts on is looked up here),
 * and the media and bytes the job plans with. A trim that does not fit the file is refused.
 */
export async function editSource(
  ffprobePath: string,
  input: string,
  original: MediaInfo,
  sizeBytes: number,
  options: CompressOptions,
  signal?: AbortSignal
): Promise<EditedSource> {
  const asked = planEdit(original, options)
  const keyframe =
    asked?.trim != null && asked.keyframeStart !== null && asked.trim.start > 0 ? await keyframeAtOrBefore(ffprobePath, input, asked.trim.start, signal) : null
  const edit = keyframe !== null ? planEdit(original, options, keyframe) : asked
  return { original, media: editedMedia(original, edit), edit, keptBytes: keptBytes(sizeBytes, original, edit) }
}

/** What every step of one job shares: the original, the tools, where results go, the progress. */
interface JobContext extends EditedSource {
  readonly toolchain: FfmpegToolchain
  /** The original, as an absolute path: only ever read. */
  readonly input: string
  /** The original's size in bytes. */
  readonly inputBytes: number
  readonly options: CompressOptions
  /** The folder the user chose for results; none: next to the original. */
  readonly outputDir: string | null | undefined
  readonly signal: AbortSignal | undefined
  readonly progress: JobProgressTracker
  /** Every temporary output claimed so far (claimTemp), removed when the job ends. */
  readonly scratch: string[]
}

/**
 * One encode step's context, passed down as one argument: the job's, the folder of the two-pass
 * statistics, the plan the step carries out and the temporary file it writes. A step that goes on
 * with another plan or file hands its callee a new context (`{ ...context, plan, temp }`).
 */
interface EncodeContext extends JobContext {
  /** The job's work folder in the system temp folder, for the two-pass statistics. */
  readonly passLogFolder: string
  readonly plan: EncodePlan
  /** The temporary output this step writes (in the destination folder). */
  readonly temp: string
}

export async function runCompressJob(toolchain: FfmpegToolchain, config: EngineConfig, request: CompressJobRequest): Promise<CompressResult> {
  const startedAt = Date.now()
  const input = path.resolve(request.input)
  const progress = new JobProgressTracker(request.onProgress)
  let inputBytes: number | null = null
  const scratch: string[] = []
  const cleanupFolders: string[] = []
  try {
    progress.plan([{ phase: 'checking', weight: 1, detail: progressWords('progress:checking') }])
    progress.startStep(0)
    const checked = await checkInput(input, toolchain.ffprobe.path, config.maxInputBytes, request.signal)
    inputBytes = checked.sizeBytes
    const edited = await editSource(toolchain.ffprobe.path, input, checked.media, checked.sizeBytes, request.options, request.signal)
    const job: JobContext = {
      toolchain,
      input,
      inputBytes: checked.sizeBytes,
      ...edited,
      options: request.options,
      outputDir: request.outputDir,
      signal: request.signal,
      progress,
      scratch
    }
    const initialPlan = planFor(job)
    if (initialPlan.mode === 'copy' && !intoChosenFolder(input, request.outputDir)) {
      // Already under the target and nothing else asked: a byte copy next to the original would
      // only be a full-size duplicate on every run, so nothing is written; the original is the result.
      progress.finish('finishing', progressWords('progress:done'))
      return skippedResult(
        { input, inputBytes, changes: [...initialPlan.changes], elapsedMs: Date.now() - startedAt },
        `${alreadyUnderTarget(initialPlan.targetBytes ?? inputBytes, inputBytes)}: nothing to do, the original is kept as it is.`
      )
    }
    // The quality floor (issue #12): checked on samples before any output is written.
    const floorNotes = await keepToFloor(job, initialPlan)
    const temp = await claimTemp(job, initialPlan.extension)

    let outcome: EncodeOutcome
    if (initialPlan.mode === 'copy') {
      progress.plan([{ phase: 'copying', weight: 1, detail: progressWords('progress:copying') }])
      progress.startStep(0)
      await copyFile(input, temp, fsConstants.COPYFILE_EXCL).catch((error: unknown) => rethrowWriteError(error, temp))
      outcome = { path: temp, bytes: (await stat(temp)).size, plan: initialPlan }
    } else if (initialPlan.mode === 'remux' || initialPlan.mode === 'edit') {
      const detail =
        initialPlan.mode === 'edit'
          ? progressWords('progress:cutting')
          : progressWords('progress:repackaging', { container: CONTAINER_LABEL[initialPlan.container] })
      progress.plan([{ phase: 'copying', weight: 1, detail }])
      progress.startStep(0)
      await ffmpeg(job, buildCopyArgs(initialPlan, job.media, input, temp, toolchain.version), temp)
      const bytes = (await stat(temp)).size
      // The asked container may index the same streams with more bytes (MKV to MP4: about 1%).
      // Re-encoding to save those would cost picture quality, so the file is kept, and said so.
      const growth = bytes - checked.sizeBytes
      const plan =
        growth > 0 && initialPlan.mode === 'remux'
          ? withChange(
              initialPlan,
              `the ${CONTAINER_LABEL[initialPlan.container]} packaging is ${formatBytes(growth)} larger than the original's; the picture and sound are untouched`
            )
          : initialPlan
      outcome = { path: temp, bytes, plan }
    } else {
      outcome = { path: temp, bytes: 0, plan: initialPlan }
    }
    if (initialPlan.mode === 'edit') {
      // A copied cut depends on how the demuxer seeks (ffmpeg 4.1 has copied a whole MP4 into
      // Matroska when asked from its second keyframe): one of the wrong length is cut exactly instead.
      const wrong = await verifyPlayable(job, outcome.path, outcome.plan).then(
        () => null,
        (error: unknown) => {
          if (error instanceof UserFacingError && error.code === 'encode-failed') return error.message
          throw error
        }
      )
      if (wrong !== null) {
        debug(`the cut without re-encoding came out wrong (${wrong}): re-encoding`)
        await removePartial(temp)
        const exact = withChange(
          planFor(job, { forceEncode: true }),
          'cut exactly and re-encoded: the cut without re-encoding did not come out at the length asked'
        )
        outcome = { path: await claimTemp(job, exact.extension), bytes: 0, plan: exact }
      }
    }
    if ((initialPlan.mode === 'remux' || initialPlan.mode === 'edit') && initialPlan.targetBytes !== null && outcome.bytes > initialPlan.targetBytes) {
      // The new container's overhead pushed a source just under the target over it (or the part
      // cut from a keyframe has more than its share of the bytes): encode under the target
      // instead of failing a target that can be met.
      debug(`${initialPlan.mode} came out at ${outcome.bytes} bytes, over the target of ${initialPlan.targetBytes}: re-encoding`)
      await removePartial(temp)
      // A new temporary name: the removed one is no longer claimed (work-journal.ts).
      outcome = { path: await claimTemp(job, initialPlan.extension), bytes: 0, plan: planFor(job, { forceEncode: true }) }
    }
    if (outcome.plan.mode === 'crf' || outcome.plan.mode === 'target') {
      const passLogFolder = await makeWorkFolder().catch((error: unknown) => {
        // The two-pass statistics live in the system temp folder, which may be another disk.
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw tempFolderFull(os.tmpdir())
        throw new UserFacingError(
          'output-unwritable',
          `Cannot write to the temporary folder ${os.tmpdir()} (${(error as NodeJS.ErrnoException).code ?? 'error'}). Free space there or set TMPDIR to another folder.`
        )
      })
      cleanupFolders.push(passLogFolder)
      const context: EncodeContext = { ...job, passLogFolder, plan: outcome.plan, temp: outcome.path }
      outcome =
        outcome.plan.mode === 'crf'
          ? await encodeConstantQuality(context)
          : await encodeToTargetPreferringHardware(context, request.options.hardware ?? config.hardware ?? DEFAULT_HARDWARE)
    }
    const plan = outcome.plan

    progress.announce('verifying', progressWords('progress:checkingResult'))
    if (plan.targetBytes !== null && outcome.bytes > plan.targetBytes) {
      throw new UserFacingError(
        'target-missed',
        `The result came out at ${formatBytes(outcome.bytes)}, above the target of ${formatBytes(plan.targetBytes)}, so it was not saved. Try a slightly smaller target.`
      )
    }
    const durationSeconds = await verifyPlayable(job, outcome.path, plan)
    const alreadySmall = plan.mode === 'copy' || plan.mode === 'remux'
    // The streams as they were (copied, cut or turned without re-encoding): nothing to score.
    const untouched = alreadySmall || plan.mode === 'edit'
    // Scored before the commit, so a cancel while measuring leaves nothing behind.
    if (!untouched) progress.announce('verifying', progressWords('progress:measuringQuality'))
    const quality = untouched
      ? null
      : await scoreResult({
          ffmpegPath: toolchain.ffmpeg.path,
          ffprobePath: toolchain.ffprobe.path,
          filters: toolchain.filters,
          original: input,
          media: checked.media,
          result: outcome.path,
          edit: plan.edit,
          signal: request.signal
        })
    progress.announce('finishing', progressWords('progress:saving'))
    const finalPath = await commitOutput(outcome.path, input, plan.extension, request.outputDir)
    progress.finish('finishing', progressWords('progress:done'))
    const saved = checked.sizeBytes > 0 ? Math.round((1 - outcome.bytes / checked.sizeBytes) * 100) : 0
    // A constant-quality job may fall back to aiming under the original: that is not the user's target.
    const askedForSize = request.options.targetBytes != null || request.options.targetRatio != null
    // The target the user gave (the plan's may be lower: never bigger than the original, or the part kept).
    const askedTarget = resolveTargetBytes(request.options, job.keptBytes)
    const underTarget = askedTarget !== null && askedForSize ? `, under the ${formatBytes(askedTarget)} target` : ''
    const edits = describeEdits(plan.edit, plan.mode === 'edit', checked.media.durationSeconds)
    const message = alreadySmall
      ? `${alreadyUnderTarget(plan.targetBytes ?? checked.sizeBytes, checked.sizeBytes)}: ${plan.mode === 'copy' ? 'copied as it is into the output folder' : `repackaged as ${CONTAINER_LABEL[plan.container]}`}, without re-encoding.`
      : plan.mode === 'edit'
        ? `${edits} without re-encoding: ${formatBytes(checked.sizeBytes)} to ${formatBytes(outcome.bytes)}${underTarget}.`
        : `${edits !== '' ? `${edits}; compressed` : 'Compressed'} ${formatBytes(checked.sizeBytes)} to ${formatBytes(outcome.bytes)} (${saved}% smaller)${underTarget}.`
    return {
      status: alreadySmall ? 'skipped' : 'done',
      input,
      output: finalPath,
      inputBytes: checked.sizeBytes,
      outputBytes: outcome.bytes,
      message,
      changes: [...plan.changes, ...floorNotes, ...resultBelowFloor(request.options, quality, floorNotes)],
      elapsedMs: Date.now() - startedAt,
      quality,
      durationSeconds
    }
  } catch (error) {
    const failed = resultFromError({ input, inputBytes, elapsedMs: Date.now() - startedAt }, error)
    return error instanceof BelowFloorError ? { ...failed, smallestBytesForFloor: error.smallestBytesForFloor } : failed
  } finally {
    await Promise.all(scratch.map((file) => removePartial(file)))
    await Promise.all(
      cleanupFolders.map((folder) =>
        rm(folder, { recursive: true, force: true }).then(
          () => releaseWork(folder),
          () => undefined
        )
      )
    )
  }
}

/**
 * What the result's sentence says was cut and turned (issue 14): "Kept 0:05 to 1:20 of 10:00",
 * "Turned 90° clockwise"; empty when nothing was.
 */
export function describeEdits(edit: EditPlan | null, copied: boolean, sourceSeconds: number): string {
  const cut = cutOf(edit, copied)
  const parts = [
    ...(cut !== null ? [`kept ${formatTimecode(cut.start)} to ${formatTimecode(cut.end)} of ${formatTimecode(sourceSeconds)}`] : []),
    ...(edit?.rotate != null ? [describeTurn(edit.rotate)] : []),
    ...(edit?.shape != null
      ? [`made ${edit.shape.aspect} (${edit.shape.fit === 'crop' ? 'cropped' : edit.shape.fit === 'pad' ? 'black bars' : 'blurred bars'})`]
      : [])
  ]
  const text = parts.join(', ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * The quality floor with a size target (issue #12): the samples at the target's bitrate
 * (floor.ts); below the floor the job is refused with the smallest size that meets it, unless the
 * options allow it (then the result says so). Without a target, the quality mode decides the size
 * and nothing is checked; neither is a plan that re-encodes nothing. Returns the notes for the result.
 */
async function keepToFloor(job: JobContext, plan: EncodePlan): Promise<string[]> {
  const floor = job.options.minQuality
  const askedForSize = job.options.targetBytes != null || job.options.targetRatio != null
  if (floor == null || !askedForSize || plan.mode !== 'target') return []
  job.progress.announce('checking', progressWords('progress:checkingFloor'))
  const check = await checkQualityFloor({ ...job, floor, plan })
  if (check === null) return []
  if (check.met === null) return [`the quality floor (${describeFloor(floor)}) could not be checked on this file, so the job ran at the target`]
  if (check.met) return []
  const sentence = describeFloorCheck(check)
  if (job.options.allowBelowFloor !== true) throw new BelowFloorError(floorCheckWords(check), check.smallestBytes)
  return [`below the quality floor, as allowed: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1, -1)}`]
}

/**
 * The result's own score against the floor its samples met (issue #12): the whole job (two
 * passes, a resolution its analysis pass may lower) can come out a little below them, and that is
 * said rather than hidden. Nothing when no floor, no score, or a floor already noted as missed.
 */
function resultBelowFloor(options: CompressOptions, quality: QualityScore | null, floorNotes: readonly string[]): string[] {
  const floor = options.minQuality
  if (floor == null || quality === null || floorNotes.length > 0) return []
  if (options.targetBytes == null && options.targetRatio == null) return []
  return meetsFloor(quality, floor) === false
    ? [`the result scored ${describeQuality(quality)}, just below the quality floor (${describeFloor(floor)}) its samples met`]
    : []
}

/** What the planner needs of a job: its file as edited, its tools and options. */
type PlanSubject = Pick<JobContext, 'toolchain' | 'input' | 'keptBytes' | 'media' | 'options' | 'edit'>

/** The planner on this job's file, with its options unless `more` says otherwise. */
function planFor(job: PlanSubject, more: Partial<PlanInput> = {}): EncodePlan {
  return planCompression({
    media: job.media,
    sourceBytes: job.keptBytes,
    edit: job.edit,
    options: job.options,
    capabilities: job.toolchain,
    sourceExtension: path.extname(job.input).slice(1).toLowerCase(),
    ...more
  })
}

/** A new temporary output in the destination folder, removed when the job ends unless committed. */
async function claimTemp(job: JobContext, extension: string): Promise<string> {
  const temp = await prepareTempOutput(job.input, extension, job.outputDir)
  job.scratch.push(temp)
  return temp
}

async function encodeConstantQuality(context: EncodeContext): Promise<EncodeOutcome> {
  const { plan, temp, progress } = context
  progress.plan([{ phase: 'encoding', weight: 1, detail: progressWords('progress:encoding') }])
  progress.startStep(0)
  await ffmpeg(
    context,
    buildEncodeArgs(plan, context.media, context.input, temp, { pass: null, videoKbps: null, passLogPrefix: null }, context.toolchain.version),
    temp
  )
  const bytes = (await stat(temp)).size
  if (bytes < context.keptBytes) return { path: temp, bytes, plan }
  // Constant quality came out bigger than the original (it was already efficient): a
  // compression never hands back a bigger file, so aim below the original (or its part kept) instead.
  await removePartial(temp)
  const targetPlan = withChange(
    planFor(context, {
      options: {
        ...context.options,
        targetBytes: Math.floor(context.keptBytes * 0.9),
        container: plan.container,
        videoCodec: plan.videoCodec,
        quality: plan.quality
      }
    }),
    'the original was already efficiently encoded, so the result aims at 90% of its size'
  )
  return encodeToTarget({ ...context, plan: targetPlan, temp: await claimTemp(context, targetPlan.extension) })
}

/**
 * Target mode on the graphics chip where it is worth it (ffmpeg/hardware.ts), else x264 as always.
 * The chip runs the same final-pass loop as x264 (verify the size, correct, never over the
 * target). When its encoder fails at any point (driver, session limit, a size or pixel format it
 * refuses, a target it cannot meet), x264 takes the job over from its own analysis pass (its
 * final pass needs those statistics) and the result says so: the chip never fails a job.
 */
async function encodeToTargetPreferringHardware(context: EncodeContext, preference: HardwarePreference): Promise<EncodeOutcome> {
  const { toolchain, plan } = context
  const { plan: chipPlan, chip } = await planOnGraphicsChip({ ...context, preference })
  // On x264 the plan may carry a note ("no graphics chip encoder works here").
  if (chip === null) return encodeToTarget({ ...context, plan: chipPlan })
  // The chip's encoder may be in another ffmpeg build than the engine's (a system ffmpeg).
  const chipToolchain: FfmpegToolchain = {
    ...toolchain,
    ffmpeg: { path: chip.ffmpegPath, source: chip.ffmpegPath === toolchain.ffmpeg.path ? toolchain.ffmpeg.source : 'path' },
    version: chip.ffmpegVersion
  }
  context.progress.plan([{ phase: 'encoding', weight: 1, detail: progressWords('progress:encodingOnChip', { vendor: VENDOR_LABEL[chip.encoder.vendor] }) }])
  try {
    const outcome = await finalPasses({ ...context, toolchain: chipToolchain, plan: chipPlan }, 0)
    await verifyPlayable(context, outcome.path, outcome.plan)
    return outcome
  } catch (error) {
    if ((error as Error).name === 'AbortError' || (error instanceof UserFacingError && ['cancelled', 'disk-full', 'output-unwritable'].includes(error.code)))
      throw error
    const reason =
      error instanceof EncodeFailedError
        ? error.reason
        : error instanceof UserFacingError && error.code === 'target-missed'
          ? `it could not get under ${formatBytes(chipPlan.targetBytes ?? 0)}`
          : (error as Error).message
    debug(`${chip.encoder.name} failed (${reason}): encoding with x264`)
    const x264Plan = withChange(plan, `the graphics chip's encoder failed (${reason}); finished with x264`)
    return encodeToTarget({ ...context, plan: x264Plan, temp: await claimTemp(context, plan.extension) })
  }
}

/** What planOnGraphicsChip decides from: the job's file, tools and options, its x264 target plan, the preference. */
export interface ChipPlanRequest extends PlanSubject {
  /** The x264 target plan. */
  readonly plan: EncodePlan
  readonly preference: HardwarePreference
}

/** Where a target plan runs: on the graphics chip (`chip`: its encoder and ffmpeg) or with x264 (`chip` null). */
export interface ChipPlan {
  /** The plan to carry out: the chip's, or the x264 plan asked about (a new one when a note was added). */
  readonly plan: EncodePlan
  readonly chip: HardwareChoice | null
}

/**
 * The plan on the graphics chip, or the x264 plan as it is (for a job and for `plan --file`):
 * the chip when asked, H.264/HEVC, an encoder that passed its probe in any ffmpeg the engine
 * knows, and (auto) a budget where the chip's lower efficiency does not show. With `on` and no
 * working chip, the x264 plan comes back with a note that says why.
 */
export async function planOnGraphicsChip(request: ChipPlanRequest): Promise<ChipPlan> {
  const { plan, preference, media } = request
  const onX264: ChipPlan = { plan, chip: null }
  if (plan.mode !== 'target' || preference === 'off' || (plan.videoCodec !== 'h264' && plan.videoCodec !== 'hevc')) return onX264
  // Speed first (issue 17's --speed fast) also picks the chip under auto; until the options carry
  // it, auto decides from the budget alone, before any probe: a tight budget stays on x264.
  const worth = hardwareWorthIt(preference, plan.videoCodec, planBitsPerPixel(plan, media), false)
  if (!worth.use) {
    debug(`x264, not the graphics chip: ${worth.why}`)
    return onX264
  }
  const probes = await probeHardware(knownFfmpegPaths(request.toolchain), new Set([plan.videoCodec]))
  const choice = chooseHardware(probes, plan.videoCodec, plan.toneMapFrom !== null ? ['zscale', 'tonemap'] : [])
  if (choice === null) {
    const unavailable = describeUnavailable(probes)
    debug(`no graphics chip encoder works here: ${unavailable.join('; ') || 'none is listed'}`)
    if (preference !== 'on') return onX264
    return { plan: withChange(plan, `encoded with x264: no graphics chip encoder works here (${unavailable[0] ?? 'this ffmpeg lists none'})`), chip: null }
  }
  const hardwarePlan = planFor(request, { forceEncode: true, hardware: choice.encoder })
  return {
    plan: withChange(hardwarePlan, `encoded on the graphics chip (${VENDOR_LABEL[choice.encoder.vendor]}, ${choice.encoder.name}): ${worth.why}`),
    chip: choice
  }
}

async function encodeToTarget(context: EncodeContext): Promise<EncodeOutcome> {
  const { plan, media, input, temp, progress, passLogFolder, toolchain } = context
  if (plan.targetBytes === null || plan.videoKbps === null) throw new Error('target plan without a target')
  const passLogPrefix = passLogPrefixIn(passLogFolder)
  const firstPass = (passPlan: EncodePlan): Promise<void> =>
    ffmpeg(
      context,
      buildEncodeArgs(passPlan, media, input, temp, { pass: 1, videoKbps: passPlan.videoKbps, passLogPrefix }, toolchain.version),
      null,
      passLogFolder
    )

  if (plan.standInAnalysisKbps !== null) {
    // VP9/AV1: an x264 superfast pass (about a tenth of their final pass) measures how hard the
    // content is at the H.264 rate worth this budget; then their own two passes at the chosen size.
    progress.plan([
      { phase: 'analysing', weight: 0.1, detail: progressWords('progress:measuringDetail') },
      { phase: 'analysing', weight: 0.4, detail: progressWords('progress:firstPass') },
      { phase: 'encoding', weight: 1, detail: progressWords('progress:secondPass') }
    ])
    progress.startStep(0)
    const probePrefix = `${passLogPrefix}-probe`
    const standIn: EncodePlan = { ...plan, encoder: 'libx264', videoCodec: 'h264' }
    await ffmpeg(
      context,
      buildEncodeArgs(standIn, media, input, temp, { pass: 1, videoKbps: plan.standInAnalysisKbps, passLogPrefix: probePrefix }, toolchain.version),
      null,
      passLogFolder
    )
    const meanQp = await readMeanQuantiser(`${probePrefix}-0.log`)
    const adapted = meanQp !== null ? adaptToAnalysis(plan, media, meanQp, context.options) : null
    debug(
      `x264 stand-in analysis at ${plan.standInAnalysisKbps.toFixed(1)} kbps: mean quantiser ${meanQp?.toFixed(2) ?? 'unknown'}${adapted ? `, encoding at ${adapted.scaleShortSide ?? 'source'}p ${adapted.fpsCap ?? ''}` : ''}`
    )
    const finalPlan = adapted ?? plan
    progress.startStep(1)
    await firstPass(finalPlan)
    return finalPasses({ ...context, plan: finalPlan }, 2)
  }

  const analysisWeight = analysisPassWeight(plan)
  progress.plan([
    { phase: 'analysing', weight: analysisWeight, detail: progressWords('progress:firstPass') },
    { phase: 'encoding', weight: 1, detail: progressWords('progress:secondPass') }
  ])
  progress.startStep(0)
  await firstPass(plan)

  // Too hard for the budget at this size? Lower the resolution/frame rate once and re-analyse.
  const statsPath = analysisStatsPath(plan, passLogPrefix)
  const meanQp = statsPath ? await readMeanQuantiser(statsPath) : null
  const adapted = meanQp !== null ? adaptToAnalysis(plan, media, meanQp, context.options) : null
  debug(
    `analysis pass: mean quantiser ${meanQp?.toFixed(2) ?? 'unknown'}${adapted ? `, re-analysing at ${adapted.scaleShortSide ?? 'source'}p ${adapted.fpsCap ?? ''}` : ''}`
  )
  if (adapted === null) return finalPasses({ ...context, plan: planWithEffort(plan, media, meanQp, context.options, debug) }, 1)
  progress.plan([
    { phase: 'analysing', weight: analysisWeight, detail: progressWords('progress:firstPass') },
    { phase: 'analysing', weight: analysisWeight * 0.75, detail: progressWords('progress:firstPassAt', { short: adapted.scaleShortSide ?? '' }) },
    { phase: 'encoding', weight: 1, detail: progressWords('progress:secondPass') }
  ])
  progress.startStep(1)
  await firstPass(adapted)
  const adaptedQp = statsPath ? await readMeanQuantiser(statsPath) : null
  return finalPasses({ ...context, plan: planWithEffort(adapted, media, adaptedQp, context.options, debug) }, 2)
}

/**
 * The analysis pass's time for one unit of the final pass's. x264 analyses at superfast whatever
 * the final preset, so the share depends on the quality: measured on the footage clips (median of
 * pass 1 : pass 2 times) 0.2 for slow ("high"), 0.4 for medium, 0.45 for fast ("small"). The
 * other encoders analyse at their final settings' speed class: 0.4, not measured per preset.
 */
const X264_ANALYSIS_WEIGHT = { high: 0.2, balanced: 0.4, small: 0.45 } as const

function analysisPassWeight(plan: EncodePlan): number {
  return plan.encoder === 'libx264' ? X264_ANALYSIS_WEIGHT[plan.quality] : 0.4
}

/** Mean quantiser of an x264/x265 analysis pass's statistics file; null when missing or unreadable. */
export async function readMeanQuantiser(statsPath: string): Promise<number | null> {
  return meanQuantiser(await readFile(statsPath, 'utf8').catch(() => ''))
}

/** The final pass, then size corrections (over the target) or one raise (far under it). */
async function finalPasses(context: EncodeContext, firstStep: number): Promise<EncodeOutcome> {
  const { plan, media, input, progress, toolchain } = context
  const target = plan.targetBytes
  if (target === null) throw new Error('target plan without a target')
  const passLogPrefix = passLogPrefixIn(context.passLogFolder)
  let videoKbps = plan.videoKbps ?? 0

  let best: EncodeOutcome | null = null
  let current = context.temp
  let step = firstStep
  let corrections = 0
  let raisedOnce = false
  let interpolated = false
  // Said in the result only when the file handed back came from one of the extra passes.
  const usedRoomNote = `re-encoded to use the room left under ${formatBytes(target)}`
  const handBack = (outcome: EncodeOutcome): EncodeOutcome => (outcome.fromExtraPass ? { ...outcome, plan: withChange(outcome.plan, usedRoomNote) } : outcome)
  let bestKbps = 0
  for (;;) {
    progress.startStep(step)
    await ffmpeg(
      context,
      buildEncodeArgs(plan, media, input, current, { pass: 2, videoKbps, passLogPrefix }, toolchain.version),
      current,
      context.passLogFolder
    )
    const bytes = (await stat(current)).size
    debug(`final pass at ${videoKbps.toFixed(1)} kbps: ${bytes} bytes for a target of ${target} (${(bytes / target).toFixed(4)})`)
    const nonVideoBytes = plan.overheadBytes + (plan.audio.kind === 'none' ? 0 : (plan.audio.kbps * 1000 * media.durationSeconds) / 8)
    const videoBytes = Math.max(1, bytes - nonVideoBytes)
    // Aim 0.5% under the target: the rate control has just shown how it errs on this clip.
    const allowedVideoBytes = target * 0.995 - nonVideoBytes

    if (bytes <= target) {
      if (best) await removePartial(best.path)
      best = { path: current, bytes, plan, fromExtraPass: raisedOnce }
      bestKbps = videoKbps
      if (bytes >= target * UNDERSHOOT_RETRY_BELOW || raisedOnce) return handBack(best)
      // Far under the target: one more final pass with the unused bytes, keeping this result
      // as the fallback if the raised bitrate overshoots.
      raisedOnce = true
      videoKbps = videoKbps * Math.min(1.5, (allowedVideoBytes / videoBytes) * 0.99)
    } else {
      if (best) {
        await removePartial(current)
        // The raised attempt overshot. Between a result far under the target and one over it,
        // the bitrate that lands on the target is close to the straight line through the two
        // (VP9 at 250 KB: 50.6 kbps gave 72% of the target, 69.9 kbps 101%): one try there,
        // keeping the earlier result if that overshoots too.
        if (interpolated || best.bytes >= target * UNDERSHOOT_RETRY_BELOW || bytes <= best.bytes) return handBack(best)
        interpolated = true
        const share = (target * 0.995 - best.bytes) / (bytes - best.bytes)
        videoKbps = bestKbps + (videoKbps - bestKbps) * share
        debug(`raised pass overshot: trying ${videoKbps.toFixed(1)} kbps between the two`)
        current = await claimTemp(context, plan.extension)
        step++
        progress.addStep({ phase: 'encoding', weight: 1, detail: progressWords('progress:usingRoom') })
        continue
      }
      corrections++
      if (corrections > MAX_SIZE_CORRECTIONS) {
        await removePartial(current)
        throw new UserFacingError(
          'target-missed',
          `Could not get this video under ${formatBytes(target)} after ${MAX_SIZE_CORRECTIONS} corrections (last try: ${formatBytes(bytes)}). Try a slightly smaller target or a lower resolution.`
        )
      }
      await removePartial(current)
      // Scale by the measured overshoot (at least 1% down, so a stubborn clip converges).
      videoKbps = videoKbps * Math.min(0.99, allowedVideoBytes / videoBytes)
      if (videoKbps < MIN_VIDEO_KBPS) {
        const fit = {
          container: plan.container,
          fps: plan.fpsCap ?? media.video.fps ?? 30,
          keepAudio: wantsAudio(media, context.options.audio),
          videoCodec: plan.videoCodec,
          quality: plan.quality
        }
        throw new UserFacingError(
          'impossible-target',
          errorWords('errors:target.cannotMakeFit', { target: formatBytes(target), fits: lengthHint(media, target, fit) })
        )
      }
    }
    current = await claimTemp(context, plan.extension)
    step++
    progress.addStep({
      phase: 'encoding',
      weight: 1,
      detail: best ? progressWords('progress:usingRoom') : progressWords('progress:correcting', { attempt: corrections + 1 })
    })
  }
}

/**
 * What x264/x265/ffmpeg print when the two-pass statistics cannot be written (pass 1) or read
 * back (pass 2). x264 prints "stats file could not be written to" when the temp folder fills
 * during pass 1, and may also exit 0 with the macroblock-tree file missing, which only pass 2
 * notices ("can't open mbtree stats file").
 */
const STATS_FILE_FAILED = /stats file could not be written|can't open (mbtree |cutree )?stats file|log file .* for pass-\d encoding/i

/** Less free space than this after a failed pass that used the temp folder: it is full. */
const FULL_BELOW_BYTES = 1 << 20

function tempFolderFull(folder: string): UserFacingError {
  return new UserFacingError(
    'disk-full',
    `The temporary folder ${folder} is full: the analysis pass writes its statistics there. Free some space there, or set TMPDIR (TEMP on Windows) to a folder on a disk with room, then retry.`
  )
}

async function isFull(folder: string): Promise<boolean> {
  try {
    const info = await statfs(folder)
    return info.bavail * info.bsize < FULL_BELOW_BYTES
  } catch {
    return false
  }
}

/** ffmpeg failed on the file or the encoder: the sentence for people, and ffmpeg's own line. */
class EncodeFailedError extends UserFacingError {
  constructor(readonly reason: string) {
    super('encode-failed', `ffmpeg could not convert this video (${reason}). The file may be damaged; check that it plays, or try another format.`)
  }
}

/**
 * One ffmpeg run of the job, its progress reported; a failure becomes the sentence for people.
 * outputPath: the file it writes, if any; statsFolder: the temp folder the step writes or reads
 * two-pass statistics in, if any.
 */
async function ffmpeg(
  job: Pick<JobContext, 'toolchain' | 'media' | 'progress' | 'signal'>,
  args: string[],
  outputPath: string | null,
  statsFolder: string | null = null
): Promise<void> {
  const durationSeconds = job.media.durationSeconds
  try {
    await runFfmpeg(job.toolchain.ffmpeg.path, args, {
      signal: job.signal,
      onProgress: (sample) => job.progress.report(durationSeconds > 0 ? sample.outTimeSeconds / durationSeconds : 0, sample.speed)
    })
  } catch (error) {
    if (error instanceof FfmpegError) {
      const tail = error.stderrTail
      const noSpace = /No space left on device/i.test(tail)
      // The statistics live in the temp folder, often on another disk than the output: name the
      // folder that is really full.
      if (statsFolder && STATS_FILE_FAILED.test(tail)) throw tempFolderFull(os.tmpdir())
      if (outputPath && noSpace && (statsFolder === null || (await isFull(path.dirname(outputPath))))) throw diskFull(path.dirname(outputPath))
      if (statsFolder && (noSpace || (await isFull(statsFolder)))) throw tempFolderFull(os.tmpdir())
      if (noSpace) throw diskFull(outputPath ? path.dirname(outputPath) : os.tmpdir())
      if (outputPath && /Permission denied|Read-only file system/i.test(error.stderrTail)) {
        throw new UserFacingError(
          'output-unwritable',
          `Cannot write to ${path.dirname(outputPath)}. Choose another output folder or fix the folder's permissions.`
        )
      }
      throw new EncodeFailedError(lastMeaningfulLine(error.stderrTail))
    }
    throw error
  }
}

/**
 * True when results go to a folder the user chose other than the original's: that folder
 * collects every result, so a file with nothing to do is copied there.
 */
function intoChosenFolder(input: string, outputDir: string | null | undefined): boolean {
  return outputDir != null && outputFolderFor(input, outputDir) !== path.dirname(input)
}

function rethrowWriteError(error: unknown, temp: string): never {
  if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw diskFull(outputFolderFor(temp))
  throw error
}

/**
 * The result must be a readable video of about the length asked before it replaces nothing: the
 * original's, or the part kept (from its keyframe for a cut without re-encoding). Its length.
 */
async function verifyPlayable(job: Pick<JobContext, 'toolchain' | 'original' | 'signal'>, filePath: string, plan: EncodePlan): Promise<number> {
  const expected = keptSeconds(plan.edit, plan.mode === 'edit', job.original.durationSeconds)
  const size = (await stat(filePath)).size
  let result: MediaInfo
  try {
    result = await probeMedia(job.toolchain.ffprobe.path, filePath, size, job.signal)
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new UserFacingError(
      'encode-failed',
      'The result could not be read back as a video, so it was not saved. Please retry; if it happens again, report it.'
    )
  }
  const tolerance = Math.max(1, expected * 0.05)
  if (Math.abs(result.durationSeconds - expected) > tolerance) {
    const start = cutOf(plan.edit, plan.mode === 'edit')?.start ?? 0
    const what = plan.edit?.trim != null ? 'the part asked for' : 'the original'
    throw new UserFacingError(
      'encode-failed',
      `The result is ${result.durationSeconds.toFixed(1)} s long but ${what} is ${expected.toFixed(1)} s, so it was not saved. The original may be damaged near ${(start + result.durationSeconds).toFixed(0)} s.`
    )
  }
  return result.durationSeconds
}
