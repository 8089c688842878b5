// The queue (issue #4 "Stays smooth with 1,000 jobs"): a windowed list with fixed-height rows,
// only the rows in view (plus a margin) are in the DOM, and each row subscribes to its own job.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useQueueStore } from '../stores/queue'
import { JobRow, ROW_HEIGHT } from './JobRow'

const OVERSCAN_ROWS = 6

export function QueueList(): React.JSX.Element {
  const order = useQueueStore((state) => state.order)
  const loaded = useQueueStore((state) => state.loaded)
  const scroller = useRef<HTMLDivElement>(null)
  const [viewport, setViewport] = useState({ top: 0, height: 600 })

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

  if (loaded && order.length === 0) {
    return (
      <div className="empty" ref={scroller}>
        <p className="empty-title">Drop videos anywhere in this window</p>
        <p className="empty-hint">or use “Add files…”. Results are saved as “name.compressed.mp4”; originals are never changed.</p>
      </div>
    )
  }

  const first = Math.max(0, Math.floor(viewport.top / ROW_HEIGHT) - OVERSCAN_ROWS)
  const last = Math.min(order.length, Math.ceil((viewport.top + viewport.height) / ROW_HEIGHT) + OVERSCAN_ROWS)
  return (
    <div className="queue-scroll" ref={scroller} onScroll={measure}>
      <ul className="queue" aria-label={`Queue, ${order.length} files`} style={{ height: order.length * ROW_HEIGHT }}>
        {order.slice(first, last).map((id, offset) => (
          <JobRow key={id} id={id} index={first + offset} total={order.length} />
        ))}
      </ul>
    </div>
  )
}
