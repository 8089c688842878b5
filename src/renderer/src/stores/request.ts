// The request box's store (issue #4 "The request box"): what is typed, and main's reading of it
// as a plan preview, refreshed as you type (debounced; late answers to older text are dropped).
import { create } from 'zustand'
import type { PlanPreview } from '../../../shared/ipc/contract'
import type { Catalogue } from '../../../shared/i18n'
import { desktopApi } from '../api'
import { sayError } from '../error-words'

/**
 * The chips people need most, in order. Their label and text are the catalogue's (ui presets.*):
 * the text is what goes into the box, for the request parser to read.
 */
export const PRESETS = ['email', 'discord', 'mp4At1080', 'at720', 'smallest', 'best'] as const satisfies readonly (keyof Catalogue['ui']['presets'])[]

const PREVIEW_DELAY_MS = 150

interface RequestStore {
  text: string
  preview: PlanPreview | null
  setText: (text: string) => void
  /** Loads the preview for the current text (on start, and after the default request changes). */
  refreshPreview: () => void
}

let timer: ReturnType<typeof setTimeout> | null = null
let sequence = 0

export const useRequestStore = create<RequestStore>()((set, get) => ({
  text: '',
  preview: null,
  setText(text) {
    set({ text })
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => get().refreshPreview(), PREVIEW_DELAY_MS)
  },
  refreshPreview() {
    const asked = ++sequence
    desktopApi()
      .previewRequest(get().text)
      .then((preview) => {
        if (asked === sequence) set({ preview })
      })
      .catch((error: unknown) => {
        if (asked === sequence) set({ preview: { options: null, summary: '', warnings: [], error: sayError(error) } })
      })
  }
}))
