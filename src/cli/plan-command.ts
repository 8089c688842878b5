// `compress-video plan "TEXT" [--file FILE] [--json]` (issue #3): the plan before any work.
// With --file, the numbers come from the engine's real planner for that file (what it would do),
// not from an estimate, and the time from a short sample encoded on this machine.
import path from 'node:path'
import type { LocalEngine } from '../engine'
import { checkInput } from '../engine/checks'
import { describeEdits, editSource, planOnGraphicsChip } from '../engine/compress'
import { estimateEncodeSeconds } from '../engine/estimate'
import { type FloorCheck, checkQualityFloor } from '../engine/floor'
import { VENDOR_LABEL, hardwareEncoderNamed } from '../engine/ffmpeg/hardware'
import { planCompression, type EncodePlan } from '../engine/plan'
import { cutOf, keptSeconds } from '../engine/plan/edit'
import { alreadyUnderTarget } from '../shared/targets'
import type { MediaInfo } from '../engine/probe'
import { describeError } from '../shared/errors'
import { type ParsedRequest, REQUEST_FIELDS, parseRequest, requestToOptions, summarizeForSource } from '../shared/request'
import { CODEC_LABEL, CONTAINER_LABEL, DEFAULT_HARDWARE, DEFAULT_SPEED } from '../shared/compression'
import type { Translator } from '../shared/i18n'
import { english } from './language'

export interface PlanCommandIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

/** The plan JSON: exactly the keys issues #3 and #14 name (REQUEST_FIELDS), then `details`. */
export function planJson(parsed: ParsedRequest, summary: string, warnings: string[], details: Record<string, unknown>): Record<string, unknown> {
  return {
    ...Object.fromEntries(REQUEST_FIELDS.map((key) => [key, parsed[key]])),
    summary,
    warnings,
    details
  }
}

/** `media`: the picture as edited (compress.ts editSource); `sourceSeconds`: the whole file's length. */
export function describeFilePlan(
  plan: EncodePlan,
  media: MediaInfo,
  estimatedSeconds: number | null,
  sourceBytes: number,
  sourceSeconds: number,
  words: Translator = english()
): string {
  const { t, format } = words
  const parts: string[] = []
  // The edits and the "already under" lead are the engine's sentences (English until they are codes).
  const edits = describeEdits(plan.edit, plan.mode === 'edit', sourceSeconds)
  if (plan.mode === 'edit') return t('cli:planFile.editOnly', { edits })
  if (plan.mode === 'copy' || plan.mode === 'remux') {
    // The same words as the result (compress.ts): nothing is written next to the original.
    const lead = alreadyUnderTarget(plan.targetBytes ?? sourceBytes, sourceBytes)
    return plan.mode === 'copy' ? t('cli:planFile.copy', { lead }) : t('cli:planFile.remux', { lead, container: CONTAINER_LABEL[plan.container] })
  }
  parts.push(
    plan.targetBytes !== null ? t('cli:planFile.under', { size: format.bytes(plan.targetBytes) }) : t('cli:planFile.constantQuality', { quality: plan.quality })
  )
  if (edits !== '') parts.push(edits.charAt(0).toLowerCase() + edits.slice(1))
  const short = Math.min(media.video.displayWidth, media.video.displayHeight)
  parts.push(plan.scaleShortSide !== null ? t('cli:planFile.scaled', { to: plan.scaleShortSide, from: short }) : t('cli:planFile.keep', { short }))
  if (plan.fpsCap !== null) parts.push(t('cli:planFile.fps', { fps: format.number(plan.fpsCap) }))
  const codec = { codec: CODEC_LABEL[plan.videoCodec], container: CONTAINER_LABEL[plan.container] }
  parts.push(
    plan.videoKbps !== null ? t('cli:planFile.codecAt', { ...codec, kbps: format.number(Math.floor(plan.videoKbps)) }) : t('cli:planFile.codec', codec)
  )
  parts.push(
    plan.audio.kind === 'none'
      ? t('cli:planFile.noAudio')
      : plan.audio.kind === 'copy'
        ? t('cli:planFile.audioCopy')
        : t('cli:planFile.audio', { codec: plan.audio.encoder === 'aac' ? 'AAC' : 'Opus', kbps: plan.audio.kbps })
  )
  // Which encoder: the graphics chip's by its vendor, the others by their library name (x264, x265...).
  const chip = hardwareEncoderNamed(plan.encoder)
  parts.push(
    chip
      ? t('cli:planFile.chip', { vendor: VENDOR_LABEL[chip.vendor], name: chip.name })
      : t('cli:planFile.encoder', { encoder: plan.encoder.replace(/^lib/, '') })
  )
  if (estimatedSeconds !== null) parts.push(t('cli:planFile.encodeTime', { time: format.clock(estimatedSeconds) }))
  return parts.join(' · ')
}

/** The floor's verdict in the CLI's words; null when the samples could not judge it. */
export function describeFloorCheckIn(check: FloorCheck, { t, format }: Translator): string | null {
  if (check.met === null || check.atTarget === null) return null
  const floor =
    typeof check.floor === 'number'
      ? check.floor <= 1
        ? t('cli:planFile.floor.ssim', { value: format.fixed(check.floor, 3) })
        : t('cli:planFile.floor.vmaf', { value: format.fixed(check.floor, 0) })
      : t(`cli:planFile.floor.${check.floor}`)
  const said = {
    target: format.bytes(check.targetBytes),
    label: t(`results:quality.${check.atTarget.label}`),
    ssim: format.fixed(check.atTarget.ssim, 4),
    floor
  }
  if (check.met) return t('cli:planFile.meetsFloor', said)
  return check.smallestBytes !== null
    ? t('cli:planFile.belowFloor', { ...said, needed: format.bytes(check.smallestBytes) })
    : t('cli:planFile.belowFloorAtAnySize', said)
}

export async function runPlanCommand(
  text: string,
  file: string | null,
  json: boolean,
  engine: () => Promise<LocalEngine>,
  io: PlanCommandIo,
  words: Translator = english()
): Promise<number> {
  const parsed = parseRequest(text)
  let summary = parsed.summary
  const warnings = [...parsed.warnings]
  const details: Record<string, unknown> = { ...parsed.details }
  const refused = parsed.details.error !== null
  let fileFailed = false
  if (file && !refused && parsed.intent === 'compress') {
    try {
      // What a real run spends besides encoding (finding ffmpeg, checking the file, the graphics
      // chip's probe) is timed here as it happens, and counted in the estimate with one more
      // file check for the result's verification.
      const setupStarted = performance.now()
      const bootSeconds = process.uptime()
      const { toolchain } = await engine()
      const checkStarted = performance.now()
      const checked = await checkInput(file, toolchain.ffprobe.path)
      const checkSeconds = (performance.now() - checkStarted) / 1000
      const options = requestToOptions(parsed)
      // The trim, turn and shape as a job plans them (issue 14): the kept part, the edited picture.
      const edited = await editSource(toolchain.ffprobe.path, checked.path, checked.media, checked.sizeBytes, options)
      const x264Plan = planCompression({
        media: edited.media,
        sourceBytes: edited.keptBytes,
        edit: edited.edit,
        options,
        capabilities: toolchain,
        sourceExtension: path.extname(checked.path).slice(1).toLowerCase()
      })
      // The graphics chip where a job would use it (the default, auto: ffmpeg/hardware.ts).
      const { plan, chip } = await planOnGraphicsChip({
        toolchain,
        input: checked.path,
        ...edited,
        options,
        plan: x264Plan,
        preference: options.hardware ?? DEFAULT_HARDWARE
      })
      // process.uptime() at the start: what starting the command itself took (Node, loading the CLI).
      const setupSeconds = bootSeconds + (performance.now() - setupStarted) / 1000 + checkSeconds
      const estimate = summarizeForSource(parsed, {
        sizeBytes: checked.sizeBytes,
        durationSeconds: checked.media.durationSeconds,
        width: checked.media.video.displayWidth,
        height: checked.media.video.displayHeight,
        fps: checked.media.video.fps,
        hasAudio: checked.media.audio !== null
      })
      const alreadySmall = plan.mode === 'copy' || plan.mode === 'remux' || plan.mode === 'edit'
      // Timed on a sample of this file on this machine; a plan without it is still a plan. Nothing
      // to time when the engine re-encodes nothing.
      // The sample is timed with x264's passes: the chip's single run is not timed here.
      const sampled = alreadySmall || chip !== null ? null : await estimateEncodeSeconds(toolchain, plan, edited.media, checked.path, options).catch(() => null)
      const seconds = sampled?.seconds ?? null
      // Issue 17 §1: the final pass's x264 preset, as the sample's analysis chose it (null: not x264, not sampled).
      const effort = sampled?.finalPlan.effort ?? null
      const estimatedSeconds = seconds === null ? null : Math.max(1, Math.round(seconds + setupSeconds))
      summary = describeFilePlan(plan, edited.media, estimatedSeconds, checked.sizeBytes, checked.media.durationSeconds, words)
      // The estimate's warnings are about an encode ("it only needs re-encoding for the other
      // settings"): when the engine re-encodes nothing, the summary line above says all there is.
      // A platform's length and shape are worth saying either way (issue 14).
      for (const warning of alreadySmall ? estimate.platformHints : estimate.warnings) if (!warnings.includes(warning)) warnings.push(warning)
      warnings.push(...plan.changes.map((change) => words.t('cli:planFile.engineChange', { change })))
      // Issue #12: the quality floor, checked on samples as the job will before any work.
      const floor = options.minQuality
      const floorCheck =
        floor != null && x264Plan.mode === 'target'
          ? await checkQualityFloor({ toolchain, input: checked.path, ...edited, options, floor, plan: x264Plan }).catch(() => null)
          : null
      const floorLine = floorCheck !== null ? describeFloorCheckIn(floorCheck, words) : null
      if (floorLine !== null) warnings.push(floorLine)
      if (effort) warnings.push(words.t('cli:planFile.engineChange', { change: effort.note }))
      details.file = {
        path: checked.path,
        sizeBytes: checked.sizeBytes,
        durationSeconds: checked.media.durationSeconds,
        // The part kept in the file's seconds (from its keyframe for a cut without re-encoding), and its length.
        trim: cutOf(plan.edit, plan.mode === 'edit'),
        keptSeconds: keptSeconds(plan.edit, plan.mode === 'edit', checked.media.durationSeconds),
        mode: plan.mode,
        targetBytes: plan.targetBytes,
        videoKbps: plan.videoKbps === null ? null : Math.round(plan.videoKbps),
        resolution: plan.scaleShortSide,
        fps: plan.fpsCap,
        audio: plan.audio,
        encoder: plan.encoder,
        effort: effort && { speed: options.speed ?? DEFAULT_SPEED, preset: effort.preset, reason: effort.reason },
        estimatedSeconds,
        // Issue #12: the floor's verdict on the samples (null: no floor, or no target to hold it to).
        ...(floorCheck !== null && floorCheck.met !== null
          ? { meetsFloor: floorCheck.met, ...(floorCheck.met ? {} : { smallestBytesForFloor: floorCheck.smallestBytes }) }
          : {})
      }
    } catch (error) {
      fileFailed = true
      // Said once, as the summary (a warning would repeat it).
      summary = words.t('cli:planFile.cannotPlan', { message: describeError(error).message })
    }
  }
  if (json) io.stdout.write(`${JSON.stringify(planJson(parsed, summary, warnings, details))}\n`)
  else {
    io.stdout.write(`${summary}\n`)
    for (const warning of warnings) io.stdout.write(`  ! ${warning}\n`)
  }
  // 2: the text itself cannot be planned (a usage error); 1: the file cannot be compressed.
  return refused ? 2 : fileFailed ? 1 : 0
}
