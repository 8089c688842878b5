// Generated clips are made once, before any test file starts (test/global-setup.ts), into a cache
// shared by runs and test files, so that no hook spends its time limit on ffmpeg (the e2e
// beforeAll once timed out making a 40 s 720p clip on a busy machine).
import { existsSync, statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cachedFixturePath, FIXTURE_NAMES, fixture, makeWorkDir } from './fixtures'

describe('fixtures', () => {
  it('are all in the cache before the first test file runs', () => {
    expect(
      FIXTURE_NAMES.filter((name) => !existsSync(cachedFixturePath(name))),
      'fixtures the global setup did not make'
    ).toEqual([])
  })

  it('are copied, not remade: a test gets its own file with the cached bytes, and the cache is left as it was', async () => {
    const folder = await makeWorkDir('fixtures')
    const cached = cachedFixturePath('landscape')
    const before = statSync(cached)
    const copy = await fixture('landscape', folder, 'mine.mp4')
    expect(statSync(copy).size).toBe(before.size)
    expect(statSync(copy).ino).not.toBe(before.ino)
    expect(statSync(cached).mtimeMs).toBe(before.mtimeMs)
  })
})
