// What the "batch finished" notification says (issue #4 "A desktop notification when a batch
// finishes"), in the app's language (issue #13). Pure, so the wording is tested; index.ts shows it.
import type { Translator } from '../shared/i18n'
import type { JobView } from '../shared/ipc/contract'

export function batchNotification(finished: readonly JobView[], { t, format }: Translator): { title: string; body: string } {
  const ok = finished.filter((job) => job.state === 'done' || job.state === 'skipped')
  const failed = finished.filter((job) => job.state === 'failed')
  const before = format.bytes(ok.reduce((sum, job) => sum + (job.outcome?.inputBytes ?? 0), 0))
  const after = format.bytes(ok.reduce((sum, job) => sum + (job.outcome?.outputBytes ?? 0), 0))
  const title =
    failed.length > 0
      ? t('notifications:batch.someFailed', { done: ok.length, failed: failed.length })
      : ok.length === 1
        ? t('notifications:batch.one')
        : t('notifications:batch.many', { count: ok.length })
  const sizes =
    ok.length === 1 && ok[0]
      ? t('notifications:batch.sizes', { name: ok[0].name, before, after })
      : ok.length > 1
        ? t('notifications:batch.totalSizes', { before, after })
        : null
  if (failed.length === 0) return { title, body: sizes ?? '' }
  return { title, body: sizes === null ? t('notifications:batch.failedHint') : t('notifications:batch.sizesAndFailedHint', { sizes }) }
}
