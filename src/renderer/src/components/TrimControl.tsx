// A queued job's trim control (issue 14 "a range control on the row, with thumbnails along it,
// start/end typed or dragged; the request box and the control stay in step"). Two handles on a
// strip of frames (drag them, or focus one and use the arrow, Page, Home and End keys), the two
// points typed as the request parser reads them (1:20, 80s), and the kept length. Every change is
// written into the job's request as a sentence (trim-range.ts) that main reads again, and the
// control's range is read back from the options main made of it: the request the row shows and
// the range always agree.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { JobView } from '../../../shared/ipc/contract'
import { formatTimecode, parseTimecode } from '../../../shared/trim'
import { LANGUAGES } from '../../../shared/i18n'
import { i18n } from '../i18n'
import { useQueueStore } from '../stores/queue'
import { fractionAt, isWholeFile, moveHandle, rangeFromOptions, rangeWords, secondsAt, timeForKey, withTrimSentence } from './trim-range'
import type { Handle, Range } from './trim-range'

const HANDLES: readonly Handle[] = ['start', 'end']

export function TrimControl({ job, tabIndex }: { job: JobView; tabIndex: number }): React.JSX.Element {
  const { t } = useTranslation()
  const strip = useQueueStore((state) => state.frames[job.id])
  useEffect(() => {
    void useQueueStore.getState().loadFrames(job.id)
  }, [job.id])
  if (!strip) return <p className="muted trim-reading">{strip === null ? t('job.trim.unreadable') : t('job.trim.reading')}</p>
  return <TrimRange job={job} duration={strip.durationSeconds} frames={strip.frames} tabIndex={tabIndex} />
}

interface TrimRangeProps {
  job: JobView
  duration: number
  frames: ReadonlyArray<string | null>
  tabIndex: number
}

function TrimRange({ job, duration, frames, tabIndex }: TrimRangeProps): React.JSX.Element {
  const { t } = useTranslation()
  const { trimStart, trimEnd, trimStartFromEnd, trimEndFromEnd } = job.options
  const fromOptions = (): Range => rangeFromOptions({ trimStart, trimEnd, trimStartFromEnd, trimEndFromEnd }, duration)
  const [range, setRange] = useState<Range>(fromOptions)
  const [typing, setTyping] = useState<{ handle: Handle; text: string } | null>(null)
  const [invalid, setInvalid] = useState<Handle | null>(null)
  const latest = useRef(range)
  latest.current = range
  const track = useRef<HTMLDivElement>(null)
  // What was last sent to main and how many sends it has not answered yet. A change made before
  // main answers the one before it (two quick keys) builds on what was sent, not on the job's
  // older request, which would make the second change look like no change at all; and while sends
  // are unanswered the control does not follow the options of an answer already overtaken.
  const sent = useRef<{ request: string; range: Range }>({ request: job.request, range })
  const unanswered = useRef(0)
  const optionsRange = useRef(range)
  optionsRange.current = fromOptions()
  // The options main made of the request are the truth: the control follows them.
  useEffect(() => {
    if (unanswered.current === 0) setRange(fromOptions())
  }, [trimStart, trimEnd, trimStartFromEnd, trimEndFromEnd, duration]) // eslint-disable-line react-hooks/exhaustive-deps

  const sentenceFor = (kept: Range): string | null => (isWholeFile(kept, duration) ? null : t('job.trim.sentence', rangeWords(kept)))
  const commit = (next: Range): void => {
    setRange(next)
    latest.current = next
    const base = unanswered.current > 0 ? sent.current : { request: job.request, range: fromOptions() }
    const earlier = isWholeFile(base.range, duration) ? [] : LANGUAGES.map((language) => i18n.getFixedT(language)('job.trim.sentence', rangeWords(base.range)))
    const text = withTrimSentence(base.request, earlier, sentenceFor(next))
    if (text === base.request) return
    sent.current = { request: text, range: next }
    unanswered.current += 1
    void useQueueStore
      .getState()
      .setRequest(job.id, text)
      .then((changed) => {
        unanswered.current -= 1
        // Refused (the job started meanwhile, the request grew too long): back to what the job keeps.
        if (!changed && unanswered.current === 0) setRange(optionsRange.current)
      })
  }

  // A press on the strip itself moves the nearer handle there.
  const pressTrack = (event: React.PointerEvent<HTMLDivElement>): void => {
    const box = track.current?.getBoundingClientRect()
    if (!box || box.width === 0 || (event.target instanceof Element && event.target.closest('.trim-handle'))) return
    const at = secondsAt((event.clientX - box.left) / box.width, duration)
    const handle: Handle = Math.abs(at - range.start) <= Math.abs(at - range.end) ? 'start' : 'end'
    commit(moveHandle(range, handle, at, duration))
  }

  const dragTo = (handle: Handle, clientX: number): void => {
    const box = track.current?.getBoundingClientRect()
    if (!box || box.width === 0) return
    setRange(moveHandle(latest.current, handle, secondsAt((clientX - box.left) / box.width, duration), duration))
  }

  const onKey = (handle: Handle) => (event: React.KeyboardEvent<HTMLDivElement>) => {
    const to = timeForKey(event.key, latest.current, handle, duration)
    if (to === null) return
    event.preventDefault()
    commit(moveHandle(latest.current, handle, to, duration))
  }

  const typed = (handle: Handle): void => {
    if (typing?.handle !== handle) return
    const seconds = parseTimecode(typing.text)
    // What cannot be read stays in the field, marked, until it is changed.
    if (seconds === null) return setInvalid(handle)
    setTyping(null)
    setInvalid(null)
    commit(moveHandle(range, handle, seconds, duration))
  }

  const left = (seconds: number): string => `${fractionAt(seconds, duration) * 100}%`
  const kept = range.end - range.start
  return (
    // The queue's own keys (arrows, Home, End move between rows) stay out of the control.
    <section className="trim" aria-label={t('job.trim.region', { name: job.name })} onKeyDown={(event) => event.stopPropagation()}>
      <div className="trim-track" ref={track} onPointerDown={pressTrack}>
        <div className="trim-strip" aria-hidden="true">
          {frames.map((frame, index) => (
            <div key={index} className="trim-frame">
              {frame && <img src={frame} alt="" draggable={false} />}
            </div>
          ))}
        </div>
        <div className="trim-shade" style={{ left: 0, width: left(range.start) }} />
        <div className="trim-shade" style={{ left: left(range.end), right: 0 }} />
        <div className="trim-kept" style={{ left: left(range.start), width: `${fractionAt(kept, duration) * 100}%` }} />
        {HANDLES.map((handle) => (
          <div
            key={handle}
            role="slider"
            tabIndex={tabIndex}
            className={`trim-handle trim-handle-${handle}`}
            data-handle={handle}
            style={{ left: left(range[handle]) }}
            aria-label={t(handle === 'start' ? 'job.trim.startHandle' : 'job.trim.endHandle')}
            aria-valuemin={0}
            aria-valuemax={duration}
            aria-valuenow={range[handle]}
            aria-valuetext={formatTimecode(range[handle])}
            onKeyDown={onKey(handle)}
            onPointerDown={(event) => {
              event.preventDefault()
              event.currentTarget.setPointerCapture(event.pointerId)
              event.currentTarget.focus()
            }}
            onPointerMove={(event) => {
              if (event.currentTarget.hasPointerCapture(event.pointerId)) dragTo(handle, event.clientX)
            }}
            onPointerUp={(event) => {
              if (!event.currentTarget.hasPointerCapture(event.pointerId)) return
              event.currentTarget.releasePointerCapture(event.pointerId)
              commit(latest.current)
            }}
          />
        ))}
      </div>
      <div className="trim-fields">
        {HANDLES.map((handle) => (
          <label key={handle} className="trim-field">
            <span>{t(handle === 'start' ? 'job.trim.start' : 'job.trim.end')}</span>
            <input
              type="text"
              inputMode="decimal"
              tabIndex={tabIndex}
              spellCheck={false}
              autoComplete="off"
              data-field={handle}
              aria-invalid={invalid === handle}
              value={typing?.handle === handle ? typing.text : formatTimecode(range[handle])}
              onChange={(event) => setTyping({ handle, text: event.target.value })}
              onBlur={() => typed(handle)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') typed(handle)
              }}
            />
          </label>
        ))}
        <span className="muted trim-length" data-testid="trim-length">
          {isWholeFile(range, duration) ? t('job.trim.whole', { length: formatTimecode(duration) }) : t('job.trim.length', { length: formatTimecode(kept) })}
        </span>
        {!isWholeFile(range, duration) && (
          <button type="button" className="quiet" tabIndex={tabIndex} onClick={() => commit({ start: 0, end: duration })}>
            {t('job.trim.keepAll')}
          </button>
        )}
      </div>
      {invalid && (
        <p className="job-error" role="alert">
          {t('job.trim.invalid')}
        </p>
      )}
    </section>
  )
}
