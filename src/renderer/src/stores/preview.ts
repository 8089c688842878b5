// The preview's store (issue #12 "A preview at the planned size"): per waiting job, main's preview
// of its file with its options, while it runs, when it came, or why it failed. One preview per
// job: asking again stops the one before (main does), and a late answer to an older ask is dropped.
import { create } from 'zustand'
import type { JobPreview } from '../../../shared/ipc/contract'
import { desktopApi } from '../api'
import { sayError } from '../error-words'

export type PreviewEntry =
  | { status: 'running' }
  | { status: 'done'; preview: JobPreview }
  /** Main's sentence: what is wrong and what to do. */
  | { status: 'failed'; error: string }

interface PreviewStore {
  previews: Readonly<Record<string, PreviewEntry>>
  /** Asks main for a (new) preview of the job. */
  start: (jobId: string) => Promise<void>
  /** Stops the job's preview and forgets it (the panel closed). */
  close: (jobId: string) => void
}

const asks: Record<string, number> = {}
let sequence = 0

export const usePreviewStore = create<PreviewStore>()((set, get) => {
  const put = (jobId: string, entry: PreviewEntry | null): void =>
    set((state) => {
      const previews = { ...state.previews }
      if (entry) previews[jobId] = entry
      else delete previews[jobId]
      return { previews }
    })
  return {
    previews: {},
    async start(jobId) {
      const asked = ++sequence
      asks[jobId] = asked
      put(jobId, { status: 'running' })
      try {
        const preview = await desktopApi().previewJob(jobId)
        if (asks[jobId] === asked) put(jobId, { status: 'done', preview })
      } catch (error: unknown) {
        if (asks[jobId] === asked) put(jobId, { status: 'failed', error: sayError(error) })
      }
    },
    close(jobId) {
      if (asks[jobId] === undefined && !get().previews[jobId]) return
      delete asks[jobId]
      put(jobId, null)
      void desktopApi()
        .cancelPreview(jobId)
        .catch(() => undefined)
    }
  }
})
