// The queue (issue #4 "Stays smooth with 1,000 jobs"): a windowed list, only the rows in view
// (plus a margin) are in the DOM, and each row subscribes to its own job. Rows are ROW_HEIGHT tall
// unless their sentence needs more lines (a narrow window, a long error: issue #10 "wrap
// messages"): each rendered row's height is measured, rows never seen count as ROW_HEIGHT.
// Keyboard: one row is the tab stop (roving tabindex, queue-navigation.ts); Up/Down/Home/End move
// focus between rows, scrolling the list so the row exists and is in view.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useQueueStore } from '../stores/queue'
import { JobRow, ROW_HEIGHT } from './JobRow'
import { resolveTabStop, rowForKey, rowsToRender } from './queue-navigation'
import type { RememberedRow } from './queue-navigation'

const OVERSCAN_ROWS = 6

export function QueueList(): React.JSX.Element {
  const { t } = useTranslation()
  const order = useQueueStore((state) => state.order)
  const loaded = useQueueStore((state) => state.loaded)
  const scroller = useRef<HTMLDivElement>(null)
  const list = useRef<HTMLUListElement>(null)
  const [viewport, setViewport] = useState({ top: 0, height: 600 })
  const [rememberedRow, setRememberedRow] = useState<RememberedRow | null>(null)
  // Set by a navigation key: the new tab stop row is only in the DOM after the next render.
  const focusTabStopAfterRender = useRef(false)
  // The row whose Remove button was pressed: when it leaves the list, the row now in its place
  // takes the focus (otherwise it falls to the page and the next Tab starts from the top).
  const focusWhenRowLeaves = useRef<string | null>(null)
  const tabStop = resolveTabStop(order, rememberedRow)
  // Measured heights by job id; `measured` changes when one of them did, to lay the rows out again.
  const heights = useRef(new Map<string, number>())
  const [measured, setMeasured] = useState(0)
  const rowObserver = useMemo(
    () =>
      new ResizeObserver((entries) => {
        let changed = false
        for (const entry of entries) {
          const id = entry.target instanceof HTMLElement ? entry.target.dataset['jobId'] : undefined
          const height = entry.borderBoxSize[0]?.blockSize ?? entry.contentRect.height
          if (id === undefined || Math.abs((heights.current.get(id) ?? ROW_HEIGHT) - height) < 0.5) continue
          heights.current.set(id, height)
          changed = true
        }
        if (changed) setMeasured((count) => count + 1)
      }),
    []
  )
  useEffect(() => () => rowObserver.disconnect(), [rowObserver])
  const measureRow = useCallback(
    (element: HTMLLIElement | null) => {
      if (!element) return
      rowObserver.observe(element)
      return () => rowObserver.unobserve(element)
    },
    [rowObserver]
  )
  /** tops[i]: where row i starts; tops[order.length]: the list's height. */
  const tops = useMemo(() => {
    const starts = [0]
    for (const id of order) starts.push((starts.at(-1) ?? 0) + (heights.current.get(id) ?? ROW_HEIGHT))
    return starts
    // `measured` counts height changes: heights live in a ref, so it is what says they changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [order, measured])

  const measure = useCallback(() => {
    const element = scroller.current
    if (element) setViewport({ top: element.scrollTop, height: element.clientHeight })
  }, [])

  useLayoutEffect(measure, [measure, order.length])
  useEffect(() => {
    const element = scroller.current
    if (!element) return
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [measure])

  /** The tab stop row's element, when it is rendered. */
  const tabStopRow = useCallback((): HTMLElement | null => {
    const id = order[tabStop]
    return id === undefined ? null : (list.current?.querySelector<HTMLElement>(`li[data-job-id="${CSS.escape(id)}"]`) ?? null)
  }, [order, tabStop])

  useLayoutEffect(() => {
    if (!focusTabStopAfterRender.current) return
    focusTabStopAfterRender.current = false
    const row = tabStopRow()
    if (!row) return
    // Scrolling changes which rows are rendered (onScroll -> measure); the tab stop row stays either way.
    row.scrollIntoView({ block: 'nearest' })
    row.focus({ preventScroll: true })
  }, [tabStopRow, rememberedRow])

  useLayoutEffect(() => {
    const leaving = focusWhenRowLeaves.current
    if (leaving === null || order.includes(leaving)) return
    focusWhenRowLeaves.current = null
    const active = document.activeElement
    // The user may have moved on (clicked elsewhere) while the removal went through.
    if (active && active !== document.body && !list.current?.contains(active)) return
    tabStopRow()?.focus({ preventScroll: true })
  }, [order, tabStopRow])

  if (loaded && order.length === 0) {
    return (
      <div className="empty" ref={scroller}>
        <p className="empty-title">{t('empty.title')}</p>
        <p className="empty-hint">{t('empty.hint')}</p>
      </div>
    )
  }

  // Focus entering a row by Tab, click or an action button makes that row the tab stop.
  const rememberFocusedRow = (event: React.FocusEvent<HTMLUListElement>): void => {
    const row = event.target instanceof Element ? event.target.closest<HTMLElement>('li.job') : null
    const id = row?.dataset['jobId']
    if (id === undefined || id === order[tabStop]) return
    setRememberedRow({ id, index: order.indexOf(id) })
  }

  const noteRemoval = (event: React.MouseEvent<HTMLUListElement>): void => {
    const button = event.target instanceof Element ? event.target.closest<HTMLElement>('button[data-action="remove"]') : null
    const id = button?.closest<HTMLElement>('li.job')?.dataset['jobId']
    if (id !== undefined) focusWhenRowLeaves.current = id
  }

  const moveFocusByKey = (event: React.KeyboardEvent<HTMLUListElement>): void => {
    // Modified keys keep their browser and system meanings.
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
    const target = rowForKey(event.key, tabStop, order.length)
    const id = target === null ? undefined : order[target]
    if (target === null || id === undefined) return
    // Otherwise the arrow keys would also scroll the list by a few pixels.
    event.preventDefault()
    focusTabStopAfterRender.current = true
    setRememberedRow({ id, index: target })
  }

  const first = Math.max(0, rowAt(tops, viewport.top) - OVERSCAN_ROWS)
  const last = Math.min(order.length, rowAt(tops, viewport.top + viewport.height) + 1 + OVERSCAN_ROWS)
  return (
    <div className="queue-scroll" ref={scroller} onScroll={measure}>
      <ul
        className="queue"
        ref={list}
        aria-label={t('queue.label', { count: order.length })}
        style={{ height: tops[order.length] }}
        onFocus={rememberFocusedRow}
        onKeyDown={moveFocusByKey}
        onClickCapture={noteRemoval}
      >
        {rowsToRender(first, last, tabStop).map((index) => {
          const id = order[index]
          return id === undefined ? null : (
            <JobRow key={id} id={id} index={index} top={tops[index] ?? 0} total={order.length} isTabStop={index === tabStop} measureRef={measureRow} />
          )
        })}
      </ul>
    </div>
  )
}

/** The row at `offset` pixels from the top of the list (binary search over the row starts). */
function rowAt(tops: readonly number[], offset: number): number {
  let low = 0
  let high = Math.max(0, tops.length - 2)
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if ((tops[middle] ?? 0) <= offset) low = middle
    else high = middle - 1
  }
  return low
}
