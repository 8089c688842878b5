// The window (issue #4 "Renderer"): drop anywhere, the request box, the queue, and settings.
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { DropOverlay, useFileDrop } from './components/DropOverlay'
import { Notices } from './components/Notices'
import { QueueList } from './components/QueueList'
import { RequestBox } from './components/RequestBox'
import { SettingsView } from './components/SettingsView'
import { followLanguageSetting } from './i18n'
import { useQueueStore } from './stores/queue'
import { useRequestStore } from './stores/request'
import { useSettingsStore } from './stores/settings'

export function App(): React.JSX.Element {
  const { t } = useTranslation()
  const view = useSettingsStore((state) => state.view)
  const setView = useSettingsStore((state) => state.setView)
  const paused = useQueueStore((state) => state.paused)
  const hasFinished = useQueueStore((state) => state.order.some((id) => isFinished(state.jobs[id]?.state)))
  const hasJobs = useQueueStore((state) => state.order.length > 0)
  const { pickAndAddFiles, pause, resume, clearFinished } = useQueueStore.getState()
  const hovering = useFileDrop((files) => void useQueueStore.getState().addDroppedFiles(files))

  useEffect(() => {
    const offQueue = useQueueStore.getState().connect()
    const offSettings = useSettingsStore.getState().connect()
    const offLanguage = followLanguageSetting()
    useRequestStore.getState().refreshPreview()
    return () => {
      offQueue()
      offSettings()
      offLanguage()
    }
  }, [])

  return (
    <div className="app" data-hovering={hovering || undefined}>
      <header className="toolbar">
        <h1 className="app-title">{t('app.name')}</h1>
        <nav className="tabs" aria-label={t('app.views')}>
          <button type="button" className="tab" aria-current={view === 'queue' ? 'page' : undefined} onClick={() => setView('queue')}>
            {t('app.queue')}
          </button>
          <button type="button" className="tab" aria-current={view === 'settings' ? 'page' : undefined} onClick={() => setView('settings')}>
            {t('app.settings')}
          </button>
        </nav>
        <div className="toolbar-actions">
          {view === 'queue' && hasJobs && (
            <>
              <button type="button" onClick={() => void (paused ? resume() : pause())}>
                {paused ? t('app.resumeQueue') : t('app.pauseQueue')}
              </button>
              <button type="button" onClick={() => void clearFinished()} disabled={!hasFinished}>
                {t('app.clearFinished')}
              </button>
            </>
          )}
          <button type="button" className="primary" onClick={() => void pickAndAddFiles()}>
            {t('app.addFiles')}
          </button>
        </div>
      </header>
      {view === 'queue' ? (
        <main className="queue-view">
          <RequestBox />
          <Notices />
          {paused && hasJobs && (
            <p className="paused-note" role="status">
              {t('app.paused')}
            </p>
          )}
          <QueueList />
        </main>
      ) : (
        <main className="settings-view">
          <SettingsView />
        </main>
      )}
      {hovering && <DropOverlay />}
    </div>
  )
}

function isFinished(state: string | undefined): boolean {
  return state === 'done' || state === 'skipped' || state === 'failed' || state === 'cancelled'
}
