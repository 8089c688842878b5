// The window's list of notices (failed actions, files not added, main's watch folder news), pure
// so its rules are unit-tested: newest last, a few at most, and news about the same thing (same
// key) replaces what was said before instead of stacking under it (issue #10 "The window").
import type { AppNotice } from '../../../shared/ipc/contract'

export interface Notice extends AppNotice {
  id: number
}

/** Older notices than these are dropped: the list is for what happened lately. */
export const MAX_NOTICES = 5

let nextNoticeId = 1

export function withNotice(notices: readonly Notice[], incoming: AppNotice): Notice[] {
  const kept = incoming.key === undefined ? notices : notices.filter((notice) => notice.key !== incoming.key)
  return [...kept.slice(-(MAX_NOTICES - 1)), { ...incoming, id: nextNoticeId++ }]
}
