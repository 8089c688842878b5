// Keyboard navigation in the queue (roving tabindex, WAI-ARIA Authoring Practices "Keyboard
// Navigation Inside Components"): one row is the list's tab stop, Up/Down/Home/End move it, and Tab
// goes from that row's actions on to the next control instead of through every row. Pure, so the
// rules are unit-tested; QueueList.tsx applies them to the DOM.

/** The tab stop as last set: by job id, so it follows its job when rows above it come or go. */
export interface RememberedRow {
  readonly id: string
  readonly index: number
}

/**
 * The index of the row that is the tab stop: the remembered job's row; when that job has been
 * removed, the row now at its old place (clamped to the list); with nothing remembered, the first
 * row. -1 for an empty list.
 */
export function resolveTabStop(order: readonly string[], remembered: RememberedRow | null): number {
  if (order.length === 0) return -1
  if (!remembered) return 0
  if (order[remembered.index] === remembered.id) return remembered.index
  const moved = order.indexOf(remembered.id)
  if (moved !== -1) return moved
  return Math.min(Math.max(remembered.index, 0), order.length - 1)
}

/** The row a key moves focus to from `current`, or null for a key the list leaves to the browser. */
export function rowForKey(key: string, current: number, rowCount: number): number | null {
  if (rowCount === 0) return null
  const last = rowCount - 1
  switch (key) {
    case 'ArrowUp':
      return Math.max(0, current - 1)
    case 'ArrowDown':
      return Math.min(last, current + 1)
    case 'Home':
      return 0
    case 'End':
      return last
    default:
      return null
  }
}

/**
 * The rows to put in the page: those in view (first inclusive, last exclusive), plus the tab stop
 * wherever it is, so Tab can always reach the list and a focused row scrolled out of view keeps its
 * focus. Ascending, so React never has to move a kept row in the DOM (moving a focused element
 * blurs it).
 */
export function rowsToRender(first: number, last: number, tabStop: number): number[] {
  const rows: number[] = []
  if (tabStop >= 0 && tabStop < first) rows.push(tabStop)
  for (let index = first; index < last; index++) rows.push(index)
  if (tabStop >= last) rows.push(tabStop)
  return rows
}
