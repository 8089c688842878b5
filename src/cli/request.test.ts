import { describe, expect, it } from 'vitest'
import { translatorFor } from '../shared/i18n'
import { sayWords } from '../shared/words'
import { UsageError } from './options'
import { resolveRequest } from './request'

function refusal(text: string): UsageError {
  try {
    resolveRequest(text, 'local')
  } catch (error) {
    if (error instanceof UsageError) return error
    throw error
  }
  throw new Error(`"${text}" was not refused`)
}

describe('--request that the local engine cannot do (issue 13)', () => {
  it('is refused in English as before, and in Chinese from the same words', () => {
    const other = refusal('make it look nice')
    expect(other.message).toBe(
      '--request "make it look nice": that is not a compression; the local engine compresses and converts: size (--target-size 25MB), resolution (-r 720), frame rate (--fps 30), format (-f webm), codec (-c hevc), removing the audio (--no-audio), trimming (--trim 0:05-1:20), shape (--aspect 9:16) and turning (--rotate 90). The NemoVideo cloud engine (--engine cloud, paid with credits) can take free-form edits.'
    )
    const { t } = translatorFor('zh-CN')
    expect(sayWords(t, other.words, '')).toBe(
      '--request “make it look nice”：这不是压缩要求；本地引擎可以压缩和转换：大小（--target-size 25MB）、分辨率（-r 720）、帧率（--fps 30）、格式（-f webm）、编码（-c hevc）、去掉音频（--no-audio）、剪切（--trim 0:05-1:20）、画面比例（--aspect 9:16）和旋转（--rotate 90）。NemoVideo 云端引擎（--engine cloud，消耗积分）可以处理自由形式的编辑。'
    )
    const credits = refusal('how many credits do I have')
    expect(credits.message).toBe('--request "how many credits do I have": that asks for NemoVideo credits: run "compress-video credits".')
    expect(sayWords(t, credits.words, '')).toBe('--request “how many credits do I have”：这是在查询 NemoVideo 积分：请运行“compress-video credits”。')
  })
})
