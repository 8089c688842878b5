import { useQueueStore } from '../stores/queue'

/** Files that could not be added and failed actions: reported, never dropped silently (issue #4). */
export function Notices(): React.JSX.Element | null {
  const notices = useQueueStore((state) => state.notices)
  const dismiss = useQueueStore((state) => state.dismissNotice)
  if (notices.length === 0) return null
  return (
    <section className="notices" aria-label="Messages">
      {/* Newest first: the list is height-capped (styles.css), so the latest news stays in view. */}
      {[...notices].reverse().map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.kind}`} role="alert">
          <div className="notice-body">
            <p className="notice-title">{notice.title}</p>
            {notice.lines.map((line, index) => (
              <p key={index} className="notice-line">
                {line}
              </p>
            ))}
          </div>
          <button type="button" className="quiet" onClick={() => dismiss(notice.id)} aria-label={`Dismiss: ${notice.title}`}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  )
}
