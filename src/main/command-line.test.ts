import { describe, expect, it } from 'vitest'
import { pathsFromArgv } from './command-line'

describe('pathsFromArgv', () => {
  it('drops the executable, the app folder in development and flags; resolves relative paths', () => {
    expect(pathsFromArgv(['/opt/app/compress-video', '--no-sandbox', 'clip.mp4', '/abs/b.mov'], '/home/me/Videos', true)).toEqual([
      '/home/me/Videos/clip.mp4',
      '/abs/b.mov'
    ])
    expect(pathsFromArgv(['/usr/bin/electron', '.', 'a.mp4'], '/work', false)).toEqual(['/work/a.mp4'])
  })
})
