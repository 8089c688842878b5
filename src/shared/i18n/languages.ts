// The languages the app and the CLI speak (issue #13), and which one a person gets: the setting
// when it names one, otherwise the first of the system's locales that we have a catalogue for,
// otherwise English. Pure: the front ends hand in the system's locale (Electron's app.getLocale()
// in main, LANG/LC_ALL for the CLI), so this runs in the renderer too.

/** One catalogue each (catalogues/), as BCP 47 tags. */
export const LANGUAGES = ['en', 'zh-CN'] as const
export type Language = (typeof LANGUAGES)[number]

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value)
}

/** The app's Language setting: the system's language, or one chosen. */
export const LANGUAGE_SETTINGS = ['system', ...LANGUAGES] as const
export type LanguageSetting = (typeof LANGUAGE_SETTINGS)[number]

/** The language of last resort, and the one every other catalogue is checked against. */
export const SOURCE_LANGUAGE: Language = 'en'

/**
 * Each language's name in that language, as language pickers show them: someone who cannot read
 * the current language still finds their own.
 */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', 'zh-CN': '简体中文' }

/**
 * The catalogue for a locale as systems write it: "zh-CN", "zh_CN.UTF-8" (POSIX), "zh-Hans-CN",
 * "en-GB", "en_US@euro". null when we have none for it ("fr-FR", "C"). Every Chinese locale gets
 * Simplified Chinese, the one Chinese catalogue (a zh-TW one would take zh-Hant, TW, HK and MO).
 */
export function languageForLocale(locale: string | null | undefined): Language | null {
  if (!locale) return null
  // POSIX: language[_territory][.codeset][@modifier].
  const tag = locale.split(/[.@]/)[0]?.replace(/_/g, '-').toLowerCase() ?? ''
  const primary = tag.split('-')[0]
  if (primary === 'zh') return 'zh-CN'
  if (primary === 'en') return 'en'
  return null
}

/** The language to speak: the one the setting names, else the first system locale we have, else English. */
export function resolveLanguage(setting: LanguageSetting, systemLocales: readonly (string | null | undefined)[]): Language {
  if (setting !== 'system') return setting
  for (const locale of systemLocales) {
    const language = languageForLocale(locale)
    if (language) return language
  }
  return SOURCE_LANGUAGE
}

/**
 * The locale a POSIX environment asks for, the way gettext reads it: LC_ALL, then LC_MESSAGES,
 * then LANG; "C" and "POSIX" ask for none. The CLI passes process.env (this file has no Node).
 */
export function localeFromEnvironment(env: Readonly<Record<string, string | undefined>>): string | null {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name]
    if (value === undefined || value === '') continue
    return value === 'C' || value === 'POSIX' || value.startsWith('C.') ? null : value
  }
  return null
}
