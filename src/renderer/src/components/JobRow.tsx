// One job (issue #4 "The queue"): name, original size, status, progress with percent and ETA,
// the heartbeat note, then the result (new size, % saved, what the plan changed) or the error
// sentence with its next step, and the actions that make sense in that state. The row's own words
// are the catalogue's; the engine's sentences are said from their words where the engine gives
// them (the progress step, why a file was refused), else shown as the engine wrote them (issue #13).
import { memo, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { CODEC_LABEL, type QualityScore } from '../../../shared/compression'
import type { Formatter } from '../../../shared/i18n'
import type { FileDetails, JobView } from '../../../shared/ipc/contract'
import { sayWords, type Words } from '../../../shared/words'
import { useFormatter } from '../i18n'
import { usePreviewStore } from '../stores/preview'
import { detailsKey, useQueueStore } from '../stores/queue'
import { splitForMiddleEllipsis } from './file-name'
import { PreviewPanel } from './PreviewPanel'
import { qualityScores } from './quality-words'
import { TrimControl } from './TrimControl'

/**
 * The least a row takes; a row with a longer sentence grows to show it whole (QueueList measures).
 * It is also the height of rows not yet drawn, so it holds a waiting row whole: its name, the
 * file's facts line and the request (issue #12; 80 px before the facts line).
 */
export const ROW_HEIGHT = 88

/** A row's words: its own (ui), the step a job is at (progress), and those of how a job ended (results, errors). */
const ROW_NAMESPACES = ['ui', 'progress', 'results', 'errors'] as const
type RowT = TFunction<typeof ROW_NAMESPACES>

interface JobRowProps {
  id: string
  index: number
  /** Where the row starts in the list (the heights of the rows above it). */
  top: number
  total: number
  /** The list's one tab stop (QueueList's roving tabindex): the row and its actions are in the tab order. */
  isTabStop: boolean
  /** Tells the list this row's real height. */
  measureRef: React.RefCallback<HTMLLIElement>
}

export const JobRow = memo(function JobRow({ id, index, top, total, isTabStop, measureRef }: JobRowProps): React.JSX.Element | null {
  const job = useQueueStore((state) => state.jobs[id])
  const details = useQueueStore((state) => state.details[detailsKey(id, 'original')])
  const resultDetails = useQueueStore((state) => state.details[detailsKey(id, 'result')])
  const hasOutput = job?.state === 'done' && job.outcome?.output != null
  const { t } = useTranslation(ROW_NAMESPACES)
  const format = useFormatter()
  const [trimOpen, setTrimOpen] = useState(false)
  const [previewOpen, setPreviewOpen] = useState(false)
  useEffect(() => {
    void useQueueStore.getState().loadDetails(id, 'original')
  }, [id])
  // A job that starts (or leaves) stops its preview: the job itself is now the answer.
  const waiting = job !== undefined && canTrim(job)
  useEffect(() => {
    if (!waiting) usePreviewStore.getState().close(id)
  }, [id, waiting])
  useEffect(() => {
    if (hasOutput) void useQueueStore.getState().loadDetails(id, 'result')
  }, [id, hasOutput])
  if (!job) return null
  // Only a job that has not started can still change what it keeps (issue 14).
  const trimming = trimOpen && canTrim(job)
  const previewing = previewOpen && canTrim(job)
  const togglePreview = (): void => {
    if (previewing) usePreviewStore.getState().close(job.id)
    setPreviewOpen(!previewing)
  }
  // "Change the request": the preview gives way to the trim, whose first handle takes the focus.
  const changeRequest = (): void => {
    usePreviewStore.getState().close(job.id)
    setPreviewOpen(false)
    setTrimOpen(true)
    focusTrimOf(job.id)
  }
  // Every row is focusable (arrow keys, clicks); only the tab stop is reached with Tab.
  const tabIndex = isTabStop ? 0 : -1
  return (
    <li
      ref={measureRef}
      className={`job job-${job.state}`}
      style={{ top, minHeight: ROW_HEIGHT }}
      tabIndex={tabIndex}
      aria-setsize={total}
      aria-posinset={index + 1}
      data-job-id={job.id}
      aria-label={t('job.rowLabel', { name: job.name, status: t(`job.status.${job.state}`) })}
    >
      {/* The box and the facts line hold their place while main reads the file (undefined), so rows
          do not grow under the keyboard focus or the scroll position when the details arrive; a file
          that cannot be read (null: the row says why when it runs) gets neither. */}
      {details !== null && (details === undefined || details.thumbnail !== null) && (
        <div className="job-thumb" aria-hidden="true">
          {details?.thumbnail && <img src={details.thumbnail} alt="" />}
        </div>
      )}
      <div className="job-main">
        <div className="job-head">
          <FileName name={job.name} title={job.input} />
          <span className="job-size">{job.inputBytes !== null ? format.bytes(job.inputBytes) : ''}</span>
          <span className={`badge badge-${job.state}`}>{t(`job.status.${job.state}`)}</span>
        </div>
        {details !== null && <p className="muted job-facts">{details ? describeFile(details, t, format) : '\u00a0'}</p>}
        <JobDetail job={job} before={details ?? null} after={resultDetails ?? null} />
        {trimming && <TrimControl job={job} tabIndex={tabIndex} />}
        {previewing && <PreviewPanel job={job} tabIndex={tabIndex} onChangeRequest={changeRequest} />}
      </div>
      <JobActions job={job} tabIndex={tabIndex} trimOpen={trimming} onTrim={() => setTrimOpen(!trimOpen)} previewOpen={previewing} onPreview={togglePreview} />
    </li>
  )
})

/**
 * How people name the codecs ffprobe reports: the engine's own (ffprobe names them as the options
 * do) and a few more; others are shown as ffprobe writes them, in capitals.
 */
const CODEC_TEXT: Record<string, string> = {
  ...CODEC_LABEL,
  vp8: 'VP8',
  mpeg4: 'MPEG-4',
  mpeg2video: 'MPEG-2',
  mpeg1video: 'MPEG-1',
  prores: 'ProRes',
  mjpeg: 'Motion JPEG'
}

/** "0:08 · 1280×720 · 30 fps · H.264". */
function describeFile(details: FileDetails, t: RowT, format: Formatter): string {
  const parts = [format.clock(details.durationSeconds), `${details.width}×${details.height}`]
  if (details.fps !== null) parts.push(t('job.frameRate', { fps: format.number(details.fps, 2) }))
  parts.push(CODEC_TEXT[details.codec] ?? details.codec.toUpperCase())
  return parts.join(' · ')
}

/** The name, shortened in the middle when the row is narrow: its end (the extension) stays. */
function FileName({ name, title }: { name: string; title: string }): React.JSX.Element {
  const { start, end } = splitForMiddleEllipsis(name)
  return (
    <span className="job-name" title={title}>
      {start && <span className="name-start">{start}</span>}
      <span className="name-end">{end}</span>
    </span>
  )
}

/** " · 1280×720 → 640×360 · H.264 → HEVC": what the result changed of the picture, when it did. */
function describeChange(before: FileDetails | null, after: FileDetails | null): string {
  if (!before || !after) return ''
  const parts: string[] = []
  if (before.width !== after.width || before.height !== after.height) parts.push(`${before.width}×${before.height} → ${after.width}×${after.height}`)
  const codec = (details: FileDetails): string => CODEC_TEXT[details.codec] ?? details.codec.toUpperCase()
  if (before.codec !== after.codec) parts.push(`${codec(before)} → ${codec(after)}`)
  return parts.map((part) => ` · ${part}`).join('')
}

/** "looks the same (SSIM 0.9870, VMAF 95.2)": the words, then the numbers behind them. */
function describeQuality(quality: QualityScore, t: RowT, format: Formatter): string {
  return t('job.quality', { label: t(`results:quality.${quality.label}`), scores: qualityScores(quality, format) })
}

function JobDetail({ job, before, after }: { job: JobView; before: FileDetails | null; after: FileDetails | null }): React.JSX.Element {
  const { t } = useTranslation(ROW_NAMESPACES)
  const format = useFormatter()
  if (job.state === 'running' || (job.state === 'queued' && job.progress)) {
    const progress = job.progress
    const percent = Math.floor(progress?.percent ?? 0)
    const parts = [format.percent(percent)]
    if (progress?.etaSeconds != null && progress.etaSeconds > 0) parts.push(t('job.timeLeft', { time: format.duration(progress.etaSeconds) }))
    if (progress?.speed != null && progress.speed > 0) parts.push(format.speed(progress.speed))
    // The engine's step ("Pass 1 of 2: analysing") says more than the phase name: in the row's
    // language from its words, else its English (an engine that gives none); the phase is the fallback.
    const phase = progress ? sayWords(t, progress.detailWords, progress.detail) || t(`job.phase.${progress.phase}`) : t('job.phase.starting')
    return (
      <div className="job-detail">
        <div
          className="progress"
          role="progressbar"
          aria-label={t('job.progressLabel', { name: job.name })}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          <div className="progress-fill" style={{ width: `${percent}%` }} />
        </div>
        <p className="job-line" title={job.message ?? undefined}>
          <span className="job-percent">{parts.join(' · ')}</span> <span className="muted">{phase}</span>
          {job.stillWorking && <span className="heartbeat"> {t('job.stillWorking')}</span>}
          {/* The row has one line here, so the backend's latest reply shares it and ellipsises; the title has it whole. */}
          {job.message && <span className="job-message"> · {job.message}</span>}
        </p>
      </div>
    )
  }
  const request = t('job.request', { request: job.request || t('job.defaultRequest') })
  if (job.state === 'queued') return <p className="job-line muted">{request}</p>
  const outcome = job.outcome
  if (job.state === 'done' || job.state === 'skipped') {
    const saved = outcome?.savedPercent
    return (
      <div className="job-detail">
        <p className="job-result">
          {outcome?.outputBytes != null && outcome.inputBytes != null && <span className="muted">{format.bytes(outcome.inputBytes)} → </span>}
          {outcome?.outputBytes != null && <strong>{format.bytes(outcome.outputBytes)}</strong>}
          {saved != null && (
            <span className="saved"> · {saved > 0 ? t('job.smaller', { percent: format.percent(Math.round(saved)) }) : t('job.noSmaller')}</span>
          )}
          {job.state === 'done' && <span className="job-change">{describeChange(before, after)}</span>}
          {/* Nothing to do leaves no output and no size: the engine's sentence stands alone ("Already under 25 MB (1.14 MB): nothing to do..."). */}
          {job.state === 'skipped' && (
            <span className="muted">
              {outcome?.outputBytes != null ? ' · ' : ''}
              {outcome && sayWords(t, outcome.words, outcome.message)}
            </span>
          )}
        </p>
        {outcome?.quality && (
          <p className="muted job-quality" title={t('job.qualityHint')}>
            {describeQuality(outcome.quality, t, format)}
          </p>
        )}
        {outcome && outcome.changes.length > 0 && <p className="muted job-changes">{outcome.changes.join(' · ')}</p>}
        <p className="muted job-request">{request}</p>
      </div>
    )
  }
  return (
    <p className={job.state === 'failed' ? 'job-error' : 'muted'}>
      {outcome ? sayWords(t, inWindow(outcome.words), outcome.message) : job.state === 'cancelled' ? t('results:cancelled') : t('errors:unknown')}
    </p>
  )
}

/**
 * The quality floor's refusal ends with the CLI's next step (--allow-below-floor); the window's
 * are the row's two buttons, so the row says the same finding with those (issue #12).
 */
const WINDOW_WORDS: Readonly<Record<string, string>> = {
  'errors:floor.below': 'errors:floor.belowInWindow',
  'errors:floor.belowAtAnySize': 'errors:floor.belowAtAnySizeInWindow'
}

function inWindow(words: Words | null | undefined): Words | null | undefined {
  const key = words ? WINDOW_WORDS[words.key] : undefined
  return words && key ? { ...words, key } : words
}

function canTrim(job: JobView): boolean {
  return job.state === 'queued' && job.progress === null
}

interface JobActionsProps {
  job: JobView
  tabIndex: number
  trimOpen: boolean
  onTrim: () => void
  previewOpen: boolean
  onPreview: () => void
}

/** Focuses the trim of a row once it is drawn (its first handle, else the Trim button). */
function focusTrimOf(jobId: string): void {
  requestAnimationFrame(() => {
    const row = document.querySelector<HTMLElement>(`li.job[data-job-id="${CSS.escape(jobId)}"]`)
    const target = row?.querySelector<HTMLElement>('.trim [role="slider"], .trim input, button[data-action="trim"]')
    target?.focus()
  })
}

/** A waiting row's button that opens and closes one of its panels (the trim, the preview). */
function PanelToggle({
  action,
  open,
  onToggle,
  name,
  tabIndex
}: {
  action: 'trim' | 'preview'
  open: boolean
  onToggle: () => void
  name: string
  tabIndex: number
}): React.JSX.Element {
  const { t } = useTranslation('ui')
  return (
    <button
      type="button"
      tabIndex={tabIndex}
      aria-expanded={open}
      data-action={action}
      onClick={onToggle}
      aria-label={t(open ? `job.actions.${action}DoneLabel` : `job.actions.${action}Label`, { name })}
    >
      {t(open ? `job.actions.${action}Done` : `job.actions.${action}`)}
    </button>
  )
}

function JobActions({ job, tabIndex, trimOpen, onTrim, previewOpen, onPreview }: JobActionsProps): React.JSX.Element {
  const { cancel, retry, retryBelowFloor, remove, openResult, showResult } = useQueueStore.getState()
  const { t } = useTranslation(ROW_NAMESPACES)
  const format = useFormatter()
  // Refused by its quality floor (issue #12): the user chooses, the row offers both ways on.
  const belowFloor = job.state === 'failed' && job.outcome?.errorCode === 'below-quality-floor'
  const smallestForFloor = belowFloor ? (job.outcome?.smallestBytesForFloor ?? null) : null
  const hasResult = (job.state === 'done' || job.state === 'skipped') && job.outcome?.output
  return (
    <div className="job-actions">
      {hasResult && (
        <>
          <button type="button" tabIndex={tabIndex} onClick={() => void openResult(job.id)} aria-label={t('job.actions.openLabel', { name: job.name })}>
            {t('job.actions.open')}
          </button>
          <button type="button" tabIndex={tabIndex} onClick={() => void showResult(job.id)} aria-label={t('job.actions.showLabel', { name: job.name })}>
            {t('job.actions.show')}
          </button>
        </>
      )}
      {canTrim(job) && (
        <>
          <PanelToggle action="trim" open={trimOpen} onToggle={onTrim} name={job.name} tabIndex={tabIndex} />
          <PanelToggle action="preview" open={previewOpen} onToggle={onPreview} name={job.name} tabIndex={tabIndex} />
        </>
      )}
      {(job.state === 'queued' || job.state === 'running') && (
        <button type="button" tabIndex={tabIndex} onClick={() => void cancel(job.id)} aria-label={t('job.actions.cancelLabel', { name: job.name })}>
          {t('job.actions.cancel')}
        </button>
      )}
      {smallestForFloor !== null && (
        <button
          type="button"
          tabIndex={tabIndex}
          data-action="below-floor-at-size"
          onClick={() => void retryBelowFloor(job.id, 'at-smallest-size')}
          aria-label={t('job.actions.belowFloorAtSizeLabel', { name: job.name, size: format.bytes(smallestForFloor) })}
        >
          {t('job.actions.belowFloorAtSize', { size: format.bytes(smallestForFloor) })}
        </button>
      )}
      {belowFloor && (
        <button
          type="button"
          tabIndex={tabIndex}
          data-action="below-floor-anyway"
          onClick={() => void retryBelowFloor(job.id, 'anyway')}
          aria-label={t('job.actions.belowFloorAnywayLabel', { name: job.name })}
        >
          {t('job.actions.belowFloorAnyway')}
        </button>
      )}
      {(job.state === 'failed' || job.state === 'cancelled') && !belowFloor && (
        <button type="button" tabIndex={tabIndex} onClick={() => void retry(job.id)} aria-label={t('job.actions.retryLabel', { name: job.name })}>
          {t('job.actions.retry')}
        </button>
      )}
      {job.state !== 'running' && (
        <button
          type="button"
          tabIndex={tabIndex}
          className="quiet"
          data-action="remove"
          onClick={() => void remove(job.id)}
          aria-label={t('job.actions.removeLabel', { name: job.name })}
        >
          {t('job.actions.remove')}
        </button>
      )}
    </div>
  )
}
