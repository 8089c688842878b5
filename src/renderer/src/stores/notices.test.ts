import { describe, expect, it } from 'vitest'
import type { AppNotice } from '../../../shared/ipc/contract'
import { MAX_NOTICES, withNotice } from './notices'
import type { Notice } from './notices'

// As main sends them (src/main/watch-folders.ts noticeForWatchEvent, whose test checks the keys).
const unavailable = (folder: string): AppNotice => ({
  kind: 'error',
  title: 'A watched folder is unavailable',
  lines: [`The watched folder ${folder} disappeared.`],
  key: `watch-folder:${folder}`
})
const back = (folder: string): AppNotice => ({
  kind: 'info',
  title: 'A watched folder is back',
  lines: [`Watching ${folder} again.`],
  key: `watch-folder:${folder}`
})

describe("the window's notices", () => {
  it('"A watched folder is back" replaces that folder\'s "unavailable", not stacks under it', () => {
    let notices: Notice[] = []
    for (const notice of [unavailable('/a'), unavailable('/b'), back('/a')]) notices = withNotice(notices, notice)
    expect(notices.map((notice) => [notice.title, notice.lines])).toEqual([
      ['A watched folder is unavailable', ['The watched folder /b disappeared.']],
      ['A watched folder is back', ['Watching /a again.']]
    ])
    // Gone again: "unavailable" replaces "back" the same way, as a new notice (a new id).
    notices = withNotice(notices, unavailable('/a'))
    expect(notices.map((notice) => notice.lines[0])).toEqual(['The watched folder /b disappeared.', 'The watched folder /a disappeared.'])
    expect(new Set(notices.map((notice) => notice.id)).size).toBe(2)
  })

  it('keeps notices without a key apart, and only the newest few', () => {
    let notices: Notice[] = []
    for (let index = 0; index < MAX_NOTICES + 2; index++)
      notices = withNotice(notices, { kind: 'error', title: '1 item was not added', lines: [`file ${index}`] })
    expect(notices.map((notice) => notice.lines[0])).toEqual(Array.from({ length: MAX_NOTICES }, (_, index) => `file ${index + 2}`))
  })
})
