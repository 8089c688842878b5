import { describe, expect, it } from 'vitest'
import { resolveTabStop, rowForKey, rowsToRender } from './queue-navigation'

describe('queue keyboard navigation', () => {
  it('moves with Up/Down one row at a time, stopping at the ends, and Home/End to the first/last row', () => {
    expect(rowForKey('ArrowDown', 0, 1000)).toBe(1)
    expect(rowForKey('ArrowDown', 999, 1000)).toBe(999)
    expect(rowForKey('ArrowUp', 5, 1000)).toBe(4)
    expect(rowForKey('ArrowUp', 0, 1000)).toBe(0)
    expect(rowForKey('Home', 500, 1000)).toBe(0)
    expect(rowForKey('End', 3, 1000)).toBe(999)
  })

  it('leaves other keys, and an empty list, to the browser', () => {
    for (const key of ['Tab', 'Enter', ' ', 'ArrowLeft', 'PageDown', 'a']) expect(rowForKey(key, 3, 10), key).toBeNull()
    expect(rowForKey('ArrowDown', -1, 0)).toBeNull()
  })

  it('keeps the tab stop on its job as rows come and go, and on the same place when its job is removed', () => {
    expect(resolveTabStop([], null)).toBe(-1)
    expect(resolveTabStop(['a', 'b', 'c'], null)).toBe(0)
    expect(resolveTabStop(['a', 'b', 'c'], { id: 'b', index: 1 })).toBe(1)
    expect(resolveTabStop(['a', 'b'], { id: 'b', index: 2 }), 'a row above it removed').toBe(1)
    expect(resolveTabStop(['a', 'c', 'd'], { id: 'b', index: 1 }), 'its job removed').toBe(1)
    expect(resolveTabStop(['a'], { id: 'z', index: 7 }), 'its job and the rows after it removed').toBe(0)
  })

  it('renders the tab stop even when it is out of view, in order', () => {
    expect(rowsToRender(10, 14, 12)).toEqual([10, 11, 12, 13])
    expect(rowsToRender(10, 14, 0)).toEqual([0, 10, 11, 12, 13])
    expect(rowsToRender(0, 4, 999)).toEqual([0, 1, 2, 3, 999])
    expect(rowsToRender(0, 0, -1)).toEqual([])
  })
})
