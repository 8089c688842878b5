// The queue domain's store (issue #4 "one zustand store per domain"): the jobs from main, the
// notices about files that could not be added, and every queue action. Components read slices
// through selectors and call these actions; only stores talk to window.api.
import { create } from 'zustand'
import type { AddFilesResult, AppNotice, BelowFloorChoice, FileDetails, FrameStrip } from '../../../shared/ipc/contract'
import { sayWords } from '../../../shared/words'
import { desktopApi } from '../api'
import { i18n } from '../i18n'
import { withNotice } from './notices'
import type { Notice } from './notices'
import { applyQueueEvent, EMPTY_QUEUE, fromSnapshot } from './queue-state'
import type { QueueData } from './queue-state'
import { useRequestStore } from './request'
import { sayError } from '../error-words'

interface QueueStore extends QueueData {
  notices: Notice[]
  /** Each row's file details and thumbnail (issue #12) by detailsKey; null when they could not be read. */
  details: Record<string, FileDetails | null>
  /** Frames along each job's original for its trim control (issue 14), by job id; null when they could not be read. */
  frames: Record<string, FrameStrip | null>
  /** Subscribes to main's events, then loads the list. Returns the unsubscribe function. */
  connect(): () => void
  addPaths: (paths: readonly string[]) => Promise<void>
  addDroppedFiles: (files: readonly File[]) => Promise<void>
  pickAndAddFiles: () => Promise<void>
  pause: () => Promise<void>
  resume: () => Promise<void>
  cancel: (id: string) => Promise<void>
  retry: (id: string) => Promise<void>
  /** A job its quality floor refused runs again as the user chose (issue #12): anyway, or at the smallest size that meets it. */
  retryBelowFloor: (id: string, choice: BelowFloorChoice) => Promise<void>
  remove: (id: string) => Promise<void>
  clearFinished: () => Promise<void>
  openResult: (id: string) => Promise<void>
  showResult: (id: string) => Promise<void>
  dismissNotice: (id: number) => void
  /** Asks main once for the details of a row's original or result (rows call it when they come into view). */
  loadDetails: (id: string, which: 'original' | 'result') => Promise<void>
  /** Asks main once for the frames along a job's original (its trim control opened). */
  loadFrames: (id: string) => Promise<void>
  /** A queued job's request changed before it starts (its trim control); main reads it again. False when it refused. */
  setRequest: (id: string, text: string, by?: RequestChanger) => Promise<boolean>
}

/** What changed a waiting job's request: its trim control, or its request typed again (the preview's "Change the request"). */
export type RequestChanger = 'trim' | 'request'

/** Where a file's details are kept in the store: a job has an original and, when done, a result. */
export function detailsKey(id: string, which: 'original' | 'result'): string {
  return `${id}:${which}`
}

export const useQueueStore = create<QueueStore>()((set, get) => {
  const show = (notice: AppNotice): void => set((state) => ({ notices: withNotice(state.notices, notice) }))
  const notify = (kind: Notice['kind'], title: string, lines: string[] = []): void => show({ kind, title, lines })

  /** Runs a bridge call; a failure becomes a notice with main's sentence instead of an uncaught error. */
  const attempt = async <T>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call()
    } catch (error) {
      notify('error', what, [sayError(error)])
      return undefined
    }
  }

  const reportAdded = (result: AddFilesResult): void => {
    if (result.rejected.length > 0) {
      const count = result.rejected.length
      // Main's sentences about each item, under a title in the window's language.
      notify(
        'error',
        i18n.t('notices.notAdded', { count }),
        result.rejected.map((item) => sayWords(i18n.t, item.words, item.message))
      )
    }
  }

  /** Jobs whose details were asked for: a row scrolled out and back in does not ask again. */
  const detailsAsked = new Set<string>()
  const framesAsked = new Set<string>()

  return {
    ...EMPTY_QUEUE,
    notices: [],
    details: {},
    frames: {},

    connect() {
      const api = desktopApi()
      const offQueue = api.onQueueEvent((event) => set((state) => applyQueueEvent(state, event)))
      // Main's own notices (watch folders, issue #5) join the same list as failed actions.
      const offNotice = api.onNotice(show)
      const unsubscribe = (): void => {
        offQueue()
        offNotice()
      }
      void attempt(i18n.t('notices.loadQueueFailed'), () => api.listJobs()).then((snapshot) => {
        if (snapshot) set(fromSnapshot(snapshot))
      })
      return unsubscribe
    },

    async addPaths(paths) {
      if (paths.length === 0) return
      const text = useRequestStore.getState().text
      const result = await attempt(i18n.t('notices.addFilesFailed'), () => desktopApi().addFiles([...paths], text))
      if (result) reportAdded(result)
    },

    async addDroppedFiles(files) {
      const api = desktopApi()
      const paths: string[] = []
      const unreadable: string[] = []
      for (const file of files) {
        const filePath = api.pathForFile(file)
        if (filePath) paths.push(filePath)
        else unreadable.push(i18n.t('notices.notOnDisk', { name: file.name }))
      }
      if (unreadable.length > 0) notify('error', i18n.t('notices.someNotAdded'), unreadable)
      await get().addPaths(paths)
    },

    async pickAndAddFiles() {
      const paths = await attempt(i18n.t('notices.fileDialogFailed'), () => desktopApi().pickFiles())
      if (paths) await get().addPaths(paths)
    },

    pause: async () => void (await attempt(i18n.t('notices.pauseFailed'), () => desktopApi().pauseQueue())),
    resume: async () => void (await attempt(i18n.t('notices.resumeFailed'), () => desktopApi().resumeQueue())),
    cancel: async (id) => void (await attempt(i18n.t('notices.cancelFailed'), () => desktopApi().cancelJob(id))),
    retry: async (id) => void (await attempt(i18n.t('notices.retryFailed'), () => desktopApi().retryJob(id))),
    retryBelowFloor: async (id, choice) => void (await attempt(i18n.t('notices.retryBelowFloorFailed'), () => desktopApi().retryBelowFloor(id, choice))),
    remove: async (id) => void (await attempt(i18n.t('notices.removeFailed'), () => desktopApi().removeJob(id))),
    clearFinished: async () => void (await attempt(i18n.t('notices.clearFinishedFailed'), () => desktopApi().clearFinished())),
    openResult: async (id) => void (await attempt(i18n.t('notices.openResultFailed'), () => desktopApi().openResult(id))),
    showResult: async (id) => void (await attempt(i18n.t('notices.showResultFailed'), () => desktopApi().showResult(id))),

    async loadDetails(id, which) {
      const key = detailsKey(id, which)
      if (detailsAsked.has(key)) return
      detailsAsked.add(key)
      // Not a notice when they cannot be read: the row still works, and the job itself says what is
      // wrong with the file when it runs.
      const details = await desktopApi()
        .getFileDetails(id, which)
        .catch(() => null)
      set((state) => ({ details: { ...state.details, [key]: details } }))
    },

    async loadFrames(id) {
      if (framesAsked.has(id)) return
      framesAsked.add(id)
      const frames = await desktopApi()
        .getFrameStrip(id)
        .catch(() => null)
      set((state) => ({ frames: { ...state.frames, [id]: frames } }))
    },

    // The job's new request comes back as a job-updated event, which the row shows.
    setRequest: async (id, text, by = 'trim') =>
      (await attempt(i18n.t(by === 'trim' ? 'notices.trimFailed' : 'notices.requestFailed'), () => desktopApi().setJobRequest(id, text))) !== undefined,

    dismissNotice(id) {
      set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }))
    }
  }
})
