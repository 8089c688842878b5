import { describe, expect, it } from 'vitest'
import { UserFacingError, describeError } from './errors'
import { translatorFor } from './i18n'
import { englishWords, errorWords, sayWords, wordsSchema } from './words'

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

  it('a part of a sentence can be words itself, said in the same language, and survives being saved', () => {
    const words = errorWords('errors:target.cannotFitWithAudio', {
      length: errorWords('errors:target.length.seconds', { count: 9 }),
      target: '50 KB',
      smallest: '69.2 KB',
      withoutAudio: '27.5 KB',
      fits: errorWords('errors:target.fits', { short: 240, target: '50 KB', length: '0:01' })
    })
    const saved = wordsSchema.parse(JSON.parse(JSON.stringify(words)))
    expect(englishWords(saved)).toBe(
      'A 9-second video cannot fit in 50 KB. The smallest possible is about 69.2 KB (about 27.5 KB without the audio). Choose a bigger target, remove the audio, or trim the video. At 240p, 50 KB holds about 0:01 of this video: keep only that much, e.g. "only the first 0:01".'
    )
    expect(sayWords(translatorFor('zh-CN').t, saved, '')).toBe(
      '这段9秒的视频无法压缩到 50 KB 以内，最小约为 69.2 KB（去掉音频约 27.5 KB）。请选择更大的目标大小、去掉音频，或剪短视频。按 240p 计算，50 KB 大约能容纳这段视频的 0:01：只保留这么多即可，例如“只要前0:01”。'
    )
  })
})
