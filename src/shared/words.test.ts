import { describe, expect, it } from 'vitest'
import { UserFacingError, describeError } from './errors'
import { translatorFor } from './i18n'
import { englishWords, errorWords, sayWords } from './words'

describe('words: a sentence as a catalogue key and parameters', () => {
  it('is English from the catalogue for the message, and Chinese for a Chinese front end', () => {
    const words = errorWords('errors:input.empty', { name: 'clip.mp4' })
    expect(englishWords(words)).toBe('clip.mp4 is empty (0 bytes). It may not have finished copying or downloading; get the file again.')
    expect(sayWords(translatorFor('zh-CN').t, words, 'fallback')).toBe('clip.mp4 是空文件（0 字节），可能尚未复制或下载完成。请重新获取该文件。')
  })

  it('an error made of words keeps them, with the English as its message', () => {
    const error = new UserFacingError('empty-file', errorWords('errors:input.empty', { name: 'a.mov' }))
    expect(error.message).toMatch(/^a\.mov is empty/)
    expect(describeError(error)).toEqual({ code: 'empty-file', message: error.message, words: { key: 'errors:input.empty', params: { name: 'a.mov' } } })
    expect(describeError(new UserFacingError('invalid-option', 'Plain English.'))).toEqual({ code: 'invalid-option', message: 'Plain English.' })
  })

  it('a key this version does not know (a queue saved by another) falls back to the English kept beside it', () => {
    const t = translatorFor('zh-CN').t
    expect(sayWords(t, { key: 'errors:input.gone', params: {} }, 'The saved sentence.')).toBe('The saved sentence.')
    expect(sayWords(t, null, 'Only English.')).toBe('Only English.')
  })
})
