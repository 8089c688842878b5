import { describe, expect, it } from 'vitest'
import { cliLanguage, langArgument } from './language'

describe('the CLI language (issue #13)', () => {
  it('reads --lang anywhere before "--", the last one winning', () => {
    expect(langArgument(['a.mp4', '--lang', 'zh-CN'])).toBe('zh-CN')
    expect(langArgument(['--lang=en', 'plan', 'x', '--lang', 'zh-CN'])).toBe('zh-CN')
    expect(langArgument(['--', '--lang', 'zh-CN'])).toBeNull()
    expect(langArgument(['a.mp4'])).toBeNull()
  })

  it('--lang first, then LC_ALL, LC_MESSAGES, LANG; an unknown --lang is not a language', () => {
    expect(cliLanguage([], { LANG: 'zh_CN.UTF-8' })).toEqual({ ok: true, language: 'zh-CN' })
    expect(cliLanguage(['--lang', 'en'], { LANG: 'zh_CN.UTF-8' })).toEqual({ ok: true, language: 'en' })
    expect(cliLanguage(['--lang', 'zh-CN'], { LANG: 'C' })).toEqual({ ok: true, language: 'zh-CN' })
    expect(cliLanguage([], { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toEqual({ ok: true, language: 'en' })
    expect(cliLanguage([], { LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' })).toEqual({ ok: true, language: 'zh-CN' })
    expect(cliLanguage(['--lang=fr'], { LANG: 'zh_CN.UTF-8' })).toEqual({ ok: false, value: 'fr', language: 'zh-CN' })
  })
})
