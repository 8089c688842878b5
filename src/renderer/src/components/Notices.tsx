import { useTranslation } from 'react-i18next'
import { useQueueStore } from '../stores/queue'

/** Files that could not be added and failed actions: reported, never dropped silently (issue #4). */
export function Notices(): React.JSX.Element | null {
  const notices = useQueueStore((state) => state.notices)
  const dismiss = useQueueStore((state) => state.dismissNotice)
  const { t } = useTranslation()
  if (notices.length === 0) return null
  return (
    <section className="notices" aria-label={t('notices.region')}>
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
          <button type="button" className="quiet" onClick={() => dismiss(notice.id)} aria-label={t('notices.dismissLabel', { title: notice.title })}>
            {t('notices.dismiss')}
          </button>
        </div>
      ))}
    </section>
  )
}
