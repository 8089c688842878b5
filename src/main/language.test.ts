import { describe, expect, it } from 'vitest'
import { createSettingsService } from '../services/settings'
import { createMemoryKeyValuePort } from '../services/settings/testing'
import { createAppLanguage } from './language'

describe("main's language (issue #13)", () => {
  it("speaks the system's language by default, the one chosen in the settings otherwise, and says when it changes", () => {
    const settings = createSettingsService(createMemoryKeyValuePort())
    const language = createAppLanguage(settings, 'zh-CN')
    expect(language.current().language).toBe('zh-CN')
    expect(language.current().t('tray:quit')).toBe('退出')
    const heard: string[] = []
    language.onChange((translator) => heard.push(translator.language))
    settings.update({ language: 'en' })
    settings.update({ concurrency: 2 })
    settings.update({ language: 'system' })
    expect(heard).toEqual(['en', 'zh-CN'])
    // A system locale without a catalogue: English.
    expect(createAppLanguage(createSettingsService(createMemoryKeyValuePort()), 'fr-FR').current().language).toBe('en')
  })
})
