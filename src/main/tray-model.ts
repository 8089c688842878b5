// The tray's tooltip and menu as data, built by a pure function from the queue (issue #4 "System
// tray"), so what the tray says is unit-tested without Electron; tray.ts only turns it into a
// Menu. The tooltip counts the current batch: "2 of 5 · 41%" is the second of five files, which
// is 41% done (with several running at once: the first file in the list that is running, and the
// mean of their percents). Its words are the catalogue's tray namespace, in the app's language.
import type { Translator } from '../shared/i18n'
import type { JobView } from '../shared/ipc/contract'

export type TrayAction = 'show-window' | 'add-files' | 'pause' | 'resume' | 'toggle-watch' | 'settings' | 'quit' | 'show-result'

export type TrayItem =
  | { kind: 'separator' }
  | { kind: 'action'; label: string; action: TrayAction; enabled: boolean; jobId?: string }
  | { kind: 'checkbox'; label: string; action: TrayAction; checked: boolean }
  | { kind: 'label'; label: string }

export interface TrayModel {
  tooltip: string
  items: TrayItem[]
}

export interface TrayInput {
  jobs: readonly JobView[]
  paused: boolean
  /** Ids of jobs that finished since the queue last went from idle to busy. */
  finishedInBatch: ReadonlySet<string>
  watchFoldersOn: boolean
  /** How many recent results the menu lists. */
  recentLimit?: number
}

export function buildTrayModel(input: TrayInput, words: Translator): TrayModel {
  return { tooltip: tooltipFor(input, words), items: menuFor(input, words) }
}

function tooltipFor({ jobs, paused, finishedInBatch }: TrayInput, { t, format }: Translator): string {
  const active = jobs.filter((job) => job.state === 'queued' || job.state === 'running')
  if (active.length === 0) return t('tray:idle', { app: t('ui:app.name') })
  const finished = jobs.filter((job) => finishedInBatch.has(job.id) && (job.state === 'done' || job.state === 'skipped' || job.state === 'failed'))
  const total = active.length + finished.length
  const running = active.filter((job) => job.state === 'running')
  const percent = running.length === 0 ? 0 : Math.floor(running.reduce((sum, job) => sum + (job.progress?.percent ?? 0), 0) / running.length)
  const position = Math.min(total, finished.length + 1)
  const status = t('tray:position', { position, total, percent: format.percent(percent) })
  return paused ? t('tray:paused', { status }) : status
}

function menuFor({ jobs, paused, watchFoldersOn, recentLimit = 5 }: TrayInput, words: Translator): TrayItem[] {
  const { t } = words
  const recent = jobs
    .filter((job) => (job.state === 'done' || job.state === 'skipped') && job.outcome?.output)
    .slice(-recentLimit)
    .reverse()
  const items: TrayItem[] = [
    { kind: 'action', label: t('tray:showWindow'), action: 'show-window', enabled: true },
    { kind: 'action', label: t('tray:addFiles'), action: 'add-files', enabled: true },
    paused
      ? { kind: 'action', label: t('tray:resumeQueue'), action: 'resume', enabled: true }
      : { kind: 'action', label: t('tray:pauseQueue'), action: 'pause', enabled: jobs.some((job) => job.state === 'queued' || job.state === 'running') },
    { kind: 'checkbox', label: t('tray:watchFolders'), action: 'toggle-watch', checked: watchFoldersOn },
    { kind: 'separator' }
  ]
  if (recent.length > 0) {
    items.push({ kind: 'label', label: t('tray:recentResults') })
    for (const job of recent) items.push({ kind: 'action', label: resultLabel(job, words), action: 'show-result', enabled: true, jobId: job.id })
    items.push({ kind: 'separator' })
  }
  items.push(
    { kind: 'action', label: t('tray:settings'), action: 'settings', enabled: true },
    { kind: 'action', label: t('tray:quit'), action: 'quit', enabled: true }
  )
  return items
}

/** "clip.mp4 → 9.5 MB (−41%)": a name, a size and a share, the same in every language. */
function resultLabel(job: JobView, { format }: Translator): string {
  const size = job.outcome?.outputBytes != null ? ` → ${format.bytes(job.outcome.outputBytes)}` : ''
  const saved = job.outcome?.savedPercent != null && job.outcome.savedPercent > 0 ? ` (−${format.percent(Math.round(job.outcome.savedPercent))})` : ''
  return `${job.name}${size}${saved}`
}

/** Keeps finishedInBatch current from queue events: a new batch starts when the queue runs dry. */
export class BatchTracker {
  private finished = new Set<string>()
  private ended = false

  get finishedInBatch(): ReadonlySet<string> {
    return this.finished
  }

  jobFinished(id: string): void {
    if (this.ended) {
      this.finished = new Set()
      this.ended = false
    }
    this.finished.add(id)
  }

  batchFinished(): void {
    this.ended = true
  }

  /** A job added or re-queued after the batch ended starts a new batch. */
  jobQueued(): void {
    if (this.ended) {
      this.finished = new Set()
      this.ended = false
    }
  }
}
