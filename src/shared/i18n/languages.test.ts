import { describe, expect, it } from 'vitest'
import { languageForLocale, localeFromEnvironment, resolveLanguage } from './languages'

describe('which language (issue #13)', () => {
  it('reads locales as systems write them', () => {
    expect(['zh-CN', 'zh_CN.UTF-8', 'zh-Hans-CN', 'zh', 'zh-TW', 'ZH_sg'].map(languageForLocale)).toEqual(Array(6).fill('zh-CN'))
    expect(['en', 'en-US', 'en_GB.UTF-8', 'en_US@euro'].map(languageForLocale)).toEqual(Array(4).fill('en'))
    expect(['fr-FR', 'C', '', null, undefined].map(languageForLocale)).toEqual(Array(5).fill(null))
  })

  it('follows the setting, else the first system locale it has a catalogue for, else English', () => {
    expect(resolveLanguage('zh-CN', ['en-US'])).toBe('zh-CN')
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en')
    expect(resolveLanguage('system', ['zh-CN'])).toBe('zh-CN')
    expect(resolveLanguage('system', ['fr-FR', 'zh_CN.UTF-8'])).toBe('zh-CN')
    expect(resolveLanguage('system', ['fr-FR'])).toBe('en')
    expect(resolveLanguage('system', [])).toBe('en')
  })

  it('takes the locale of a POSIX environment as gettext does: LC_ALL, LC_MESSAGES, LANG', () => {
    expect(localeFromEnvironment({ LANG: 'zh_CN.UTF-8' })).toBe('zh_CN.UTF-8')
    expect(localeFromEnvironment({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en_US.UTF-8')
    expect(localeFromEnvironment({ LC_ALL: '', LC_MESSAGES: 'zh_CN', LANG: 'en_US' })).toBe('zh_CN')
    expect(localeFromEnvironment({ LANG: 'C.UTF-8' })).toBeNull()
    expect(localeFromEnvironment({ LC_ALL: 'POSIX', LANG: 'zh_CN.UTF-8' })).toBeNull()
    expect(localeFromEnvironment({})).toBeNull()
  })
})
