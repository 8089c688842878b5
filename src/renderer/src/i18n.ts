// The window's language (issue #13): react-i18next over the shared catalogues. Components take
// their words from useTranslation() and their numbers from useFormatter(); stores that put words
// in a notice use i18n.t. The language follows the Language setting and the system's locale as
// main reports it (followLanguageSetting), by the rule main uses for the tray and notifications.
import { initReactI18next, useTranslation } from 'react-i18next'
import { createI18n, formatterFor, isLanguage, resolveLanguage, SOURCE_LANGUAGE } from '../../shared/i18n'
import type { Formatter, Language } from '../../shared/i18n'
import { useSettingsStore } from './stores/settings'

// Until the settings arrive: the browser's languages, which in Electron come from the same system
// locale that main reads, so the first frame is already in the right language.
export const i18n = createI18n(resolveLanguage('system', navigator.languages), [initReactI18next])

/** The language spoken now. */
export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : SOURCE_LANGUAGE
}

function showLanguage(): void {
  // lang picks the fonts and line breaking of the language (CJK text among others).
  document.documentElement.lang = currentLanguage()
  document.title = i18n.t('app.name')
}
showLanguage()
i18n.on('languageChanged', showLanguage)

/**
 * Keeps the window's language on the setting ("system": main's system locale). Called once the
 * settings store is connected; returns the unsubscribe function.
 */
export function followLanguageSetting(): () => void {
  const apply = (): void => {
    const { settings, systemLocale } = useSettingsStore.getState()
    if (!settings) return
    const language = resolveLanguage(settings.language, [systemLocale, ...navigator.languages])
    if (language !== i18n.language) void i18n.changeLanguage(language)
  }
  apply()
  return useSettingsStore.subscribe(apply)
}

/** Numbers, sizes and durations in the window's language; a new formatter when it changes. */
export function useFormatter(): Formatter {
  const { i18n: instance } = useTranslation()
  return formatterFor(isLanguage(instance.language) ? instance.language : SOURCE_LANGUAGE)
}
