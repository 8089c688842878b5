// A waiting job's preview (issue #12 "A preview at the planned size"): main encodes a few short
// samples of the job's file with the job's plan; the panel shows one sample's before/after frames
// under a wipe (a range input over two stacked images, so the keyboard moves it), at 100% in a
// box that scrolls or fitted to the row, the samples' score in words and numbers, the size and time
// to expect and what the plan changes; then the job is started, or its request typed again (main
// reads it again) and previewed anew, or trimmed.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { JobPreview, JobView } from '../../../shared/ipc/contract'
import { useFormatter } from '../i18n'
import { usePreviewStore } from '../stores/preview'
import { useQueueStore } from '../stores/queue'
import { qualityScores } from './quality-words'

interface PreviewPanelProps {
  job: JobView
  tabIndex: number
  /** Closes the preview and opens the row's trim. */
  onChangeRequest: () => void
}

export function PreviewPanel({ job, tabIndex, onChangeRequest }: PreviewPanelProps): React.JSX.Element {
  const { t } = useTranslation()
  const entry = usePreviewStore((state) => state.previews[job.id])
  useEffect(() => {
    if (!usePreviewStore.getState().previews[job.id]) void usePreviewStore.getState().start(job.id)
  }, [job.id])
  return (
    // Arrow and Home/End keys belong to the slider and the picker here, not to the list's row moves.
    <section
      className="preview"
      aria-label={t('job.preview.region', { name: job.name })}
      aria-busy={entry?.status === 'running'}
      onKeyDown={(event) => event.stopPropagation()}
    >
      {(!entry || entry.status === 'running') && (
        <p className="muted preview-running" role="status">
          {t('job.preview.running')}
        </p>
      )}
      {entry?.status === 'failed' && (
        <p className="job-error preview-error" role="alert">
          {t('job.preview.failed', { error: entry.error })}
        </p>
      )}
      {entry?.status === 'done' && <PreviewResultView preview={entry.preview} tabIndex={tabIndex} />}
      <PreviewActions job={job} tabIndex={tabIndex} onChangeRequest={onChangeRequest} again={entry !== undefined && entry.status !== 'running'} />
    </section>
  )
}

function PreviewResultView({ preview, tabIndex }: { preview: JobPreview; tabIndex: number }): React.JSX.Element {
  const { t } = useTranslation(['ui', 'results'])
  const format = useFormatter()
  const [sample, setSample] = useState(0)
  const [wipe, setWipe] = useState(50)
  const [fit, setFit] = useState(true)
  const shown = preview.samples[Math.min(sample, preview.samples.length - 1)]
  const saved = preview.inputBytes > 0 ? Math.round((1 - preview.predictedBytes / preview.inputBytes) * 100) : null
  const size = format.bytes(preview.predictedBytes)
  return (
    <div className="preview-result">
      {shown && (
        <>
          <div className="preview-controls">
            <div className="preview-samples" role="group" aria-label={t('job.preview.samples')}>
              {preview.samples.map((item, index) => (
                <button
                  key={item.atSeconds}
                  type="button"
                  tabIndex={tabIndex}
                  aria-pressed={index === sample}
                  aria-label={t('job.preview.sample', { number: index + 1, time: format.clock(item.atSeconds) })}
                  data-sample={index + 1}
                  onClick={() => setSample(index)}
                >
                  {index + 1}
                </button>
              ))}
            </div>
            <div className="preview-zoom" role="group" aria-label={t('job.preview.zoom')}>
              <button type="button" tabIndex={tabIndex} aria-pressed={!fit} data-zoom="actual" onClick={() => setFit(false)}>
                {t('job.preview.actual')}
              </button>
              <button type="button" tabIndex={tabIndex} aria-pressed={fit} data-zoom="fit" onClick={() => setFit(true)}>
                {t('job.preview.fit')}
              </button>
            </div>
          </div>
          <div className={fit ? 'preview-view preview-fit' : 'preview-view preview-actual'} tabIndex={fit ? -1 : tabIndex}>
            <div className="preview-stack">
              <img className="preview-before" src={shown.before} alt={t('job.preview.before')} />
              {/* The compressed frame covers the original from the wipe's position rightwards. */}
              <img className="preview-after" src={shown.after} alt={t('job.preview.after')} style={{ clipPath: `inset(0 0 0 ${wipe}%)` }} />
              <div className="preview-line" style={{ left: `${wipe}%` }} aria-hidden="true" />
            </div>
          </div>
          <div className="preview-wipe">
            <span className="muted">{t('job.preview.before')}</span>
            <input
              type="range"
              min={0}
              max={100}
              step={1}
              value={wipe}
              tabIndex={tabIndex}
              aria-label={t('job.preview.wipe')}
              onChange={(event) => setWipe(Number(event.target.value))}
            />
            <span className="muted">{t('job.preview.after')}</span>
          </div>
        </>
      )}
      {preview.message && <p className="muted preview-message">{preview.message}</p>}
      <p className="preview-facts">
        {preview.quality && (
          <span className="preview-quality">
            {t('job.quality', { label: t(`results:quality.${preview.quality.label}`), scores: qualityScores(preview.quality, format) })}
          </span>
        )}
        <span className="preview-size">
          {saved !== null && saved > 0 ? t('job.preview.sizeSaved', { size, percent: format.percent(saved) }) : t('job.preview.size', { size })}
        </span>
        <span className="preview-time">
          {preview.predictedSeconds !== null ? t('job.preview.time', { time: format.duration(preview.predictedSeconds) }) : t('job.preview.timeUnknown')}
        </span>
      </p>
      {preview.changes.length > 0 && <p className="muted preview-changes">{preview.changes.join(' · ')}</p>}
    </div>
  )
}

function PreviewActions({
  job,
  tabIndex,
  onChangeRequest,
  again
}: {
  job: JobView
  tabIndex: number
  onChangeRequest: () => void
  again: boolean
}): React.JSX.Element {
  const { t } = useTranslation()
  const paused = useQueueStore((state) => state.paused)
  const [editing, setEditing] = useState(false)
  if (editing) return <RequestEditor job={job} tabIndex={tabIndex} onDone={() => setEditing(false)} onTrim={onChangeRequest} />
  return (
    <div className="preview-actions">
      {/* The queue runs jobs in their order: a paused queue is resumed; otherwise the job waits its turn. */}
      {paused ? (
        <button type="button" className="primary" tabIndex={tabIndex} data-action="preview-start" onClick={() => void useQueueStore.getState().resume()}>
          {t('job.preview.start')}
        </button>
      ) : (
        <span className="muted preview-turn">{t('job.preview.inTurn')}</span>
      )}
      <button type="button" tabIndex={tabIndex} data-action="preview-change" onClick={() => setEditing(true)}>
        {t('job.preview.change')}
      </button>
      {again && (
        <button type="button" tabIndex={tabIndex} className="quiet" data-action="preview-again" onClick={() => void usePreviewStore.getState().start(job.id)}>
          {t('job.preview.again')}
        </button>
      )}
    </div>
  )
}

/**
 * The job's request typed again ("smaller", "keep 1080p", "higher quality"): main reads it as it
 * reads a new job's, the job keeps its place, and a new preview shows the change. A request main
 * cannot read is said in a notice and the text stays here to be corrected.
 */
function RequestEditor({ job, tabIndex, onDone, onTrim }: { job: JobView; tabIndex: number; onDone: () => void; onTrim: () => void }): React.JSX.Element {
  const { t } = useTranslation()
  const [text, setText] = useState(job.request)
  const [sending, setSending] = useState(false)
  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault()
    setSending(true)
    const changed = await useQueueStore.getState().setRequest(job.id, text, 'request')
    setSending(false)
    if (!changed) return
    onDone()
    void usePreviewStore.getState().start(job.id)
  }
  return (
    <form className="preview-request" onSubmit={(event) => void submit(event)}>
      <input
        type="text"
        value={text}
        tabIndex={tabIndex}
        // The row's request field: focused when it opens, as the trim's first handle is.
        autoFocus
        maxLength={500}
        aria-label={t('job.preview.requestLabel', { name: job.name })}
        placeholder={t('job.preview.requestHint')}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="preview-actions">
        <button type="submit" className="primary" tabIndex={tabIndex} disabled={sending}>
          {t('job.preview.previewWith')}
        </button>
        <button type="button" tabIndex={tabIndex} onClick={onDone}>
          {t('job.preview.cancelChange')}
        </button>
        <button type="button" tabIndex={tabIndex} className="quiet" onClick={onTrim}>
          {t('job.preview.trim')}
        </button>
      </div>
    </form>
  )
}
