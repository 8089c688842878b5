// What the "batch finished" notification says (issue #4 "A desktop notification when a batch
// finishes"). Pure, so the wording is tested; notifications.ts shows it.
import type { JobView } from '../shared/ipc/contract'
import { formatBytes } from '../shared/units'

export function batchNotification(finished: readonly JobView[]): { title: string; body: string } {
  const ok = finished.filter((job) => job.state === 'done' || job.state === 'skipped')
  const failed = finished.filter((job) => job.state === 'failed')
  const before = ok.reduce((sum, job) => sum + (job.outcome?.inputBytes ?? 0), 0)
  const after = ok.reduce((sum, job) => sum + (job.outcome?.outputBytes ?? 0), 0)
  const title = failed.length === 0 ? (ok.length === 1 ? 'Video compressed' : `${ok.length} videos compressed`) : `${ok.length} done, ${failed.length} failed`
  const parts: string[] = []
  if (ok.length === 1 && ok[0]) parts.push(`${ok[0].name}: ${formatBytes(before)} → ${formatBytes(after)}`)
  else if (ok.length > 1) parts.push(`${formatBytes(before)} → ${formatBytes(after)} in total`)
  if (failed.length > 0) parts.push('Open the app to see what went wrong.')
  return { title, body: parts.join('. ') }
}
