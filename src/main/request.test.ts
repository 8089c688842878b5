// The request box's preview (interpretRequest): each case checks the whole preview the window
// shows for that text, options, one-line plan, warnings and error, not just that something came back.
import { describe, expect, it } from 'vitest'
import { interpretRequest } from './request'

/** What the parser leaves unset for a request that names only a size, a resolution or a quality. */
const unset = {
  targetBytes: null,
  targetRatio: null,
  resolution: null,
  fps: null,
  container: null,
  videoCodec: null,
  audio: 'keep',
  quality: null,
  minQuality: null,
  // Issue 14: no trim, shape or turn.
  trimStart: null,
  trimEnd: null,
  trimStartFromEnd: null,
  trimEndFromEnd: null,
  trimPrecision: null,
  aspect: null,
  fit: null,
  rotate: null
}

describe('interpretRequest', () => {
  it('reads the preset chips into options with a one-line plan', () => {
    expect(interpretRequest('for Discord')).toEqual({
      options: { ...unset, targetBytes: 10_000_000 },
      summary: 'Under 10 MB for Discord · keep resolution · H.264 MP4 · AAC audio',
      warnings: [],
      error: null
    })
    expect(interpretRequest('720p')).toEqual({
      options: { ...unset, resolution: 720 },
      summary: 'Balanced quality · 720p · H.264 MP4 · AAC audio',
      warnings: [],
      error: null
    })
    expect(interpretRequest('smallest file')).toEqual({
      options: { ...unset, quality: 'small' },
      summary: 'As small as possible · keep resolution · H.264 MP4 · AAC audio',
      warnings: [],
      error: null
    })
  })

  it("passes the parser's warnings on with the options it still uses", () => {
    const email = interpretRequest('under 25MB for email')
    expect(email.error).toBeNull()
    expect(email.options).toEqual({ ...unset, targetBytes: 25_000_000 })
    expect(email.warnings).toEqual([expect.stringMatching(/^25 MB is over email's limit of 18\.1 MB .* Aiming for 25 MB as asked\.$/)])
  })

  it('treats an empty box as "engine decides", not as an error', () => {
    const noWish = { options: {}, summary: 'Smaller at balanced quality · keep resolution · same kind of file', warnings: [], error: null }
    expect(interpretRequest('')).toEqual(noWish)
    expect(interpretRequest(' \n\t ')).toEqual(noWish)
  })

  it('explains a request that cannot be a compression in a sentence, with no options and no plan', () => {
    expect(interpretRequest('under 0 MB')).toEqual({
      options: null,
      summary: '',
      warnings: [],
      error: expect.stringMatching(/^"0 mb" is not a size a video can have: the target must be more than 0 bytes\.$/)
    })
    expect(interpretRequest('hello there')).toEqual({
      options: null,
      summary: '',
      warnings: [],
      error: expect.stringMatching(/^This request is not a compression/)
    })
  })
})
