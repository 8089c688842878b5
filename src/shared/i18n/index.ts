// The words of the app and the CLI (issue #13): i18next over the catalogues in catalogues/, one
// per language, with typed keys (types.ts) and a formatter for numbers, sizes and durations
// (format.ts). Runs anywhere (renderer too): the front ends hand in the language, resolved from
// their own setting and system locale (languages.ts).
//
// Code carries keys and parameters; the front end that shows them turns them into words
// (docs/style.md "Words at the edge"): the renderer with react-i18next's useTranslation, main and
// the CLI with translatorFor(language).t.
import i18next from 'i18next'
import type { i18n, Module, TFunction } from 'i18next'
import { CATALOGUES, DEFAULT_NAMESPACE, NAMESPACES } from './catalogue'
import type { Namespace } from './catalogue'
import { formatterFor } from './format'
import type { Formatter } from './format'
import { LANGUAGES, SOURCE_LANGUAGE } from './languages'
import type { Language } from './languages'

export { CATALOGUES, NAMESPACES, PLURAL_FORMS } from './catalogue'
export type { Catalogue, Namespace } from './catalogue'
export { formatterFor } from './format'
export type { Formatter } from './format'
export {
  isLanguage,
  LANGUAGE_NAMES,
  LANGUAGE_SETTINGS,
  LANGUAGES,
  languageForLocale,
  localeFromEnvironment,
  resolveLanguage,
  SOURCE_LANGUAGE
} from './languages'
export type { Language, LanguageSetting } from './languages'

/**
 * An i18next instance with every catalogue loaded, speaking `language`; plugins (react-i18next's
 * initReactI18next in the renderer) are attached before it starts. Ready on return: the
 * catalogues are in the bundle, nothing is loaded.
 */
export function createI18n(language: Language, plugins: readonly Module[] = []): i18n {
  const instance = i18next.createInstance()
  for (const plugin of plugins) instance.use(plugin)
  void instance.init({
    lng: language,
    fallbackLng: SOURCE_LANGUAGE,
    supportedLngs: LANGUAGES,
    // "zh-CN" is a catalogue of its own, not "zh" plus a region.
    load: 'currentOnly',
    resources: Object.fromEntries(Object.entries(CATALOGUES)),
    ns: NAMESPACES,
    defaultNS: DEFAULT_NAMESPACE,
    // React escapes what it renders; tray menus, notifications and terminals are not HTML.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false
  })
  return instance
}

/** What a front end outside React needs to speak a language: its t() and its formatter. */
export interface Translator {
  readonly language: Language
  /** Keys of every namespace, as "tray:quit"; the default namespace's also without it ("app.name"). */
  readonly t: TFunction<Namespace[]>
  readonly format: Formatter
}

let shared: i18n | null = null
const translators = new Map<Language, Translator>()

/** The translator for a language (one i18next instance for all of them, made on first use). */
export function translatorFor(language: Language): Translator {
  let translator = translators.get(language)
  if (!translator) {
    shared ??= createI18n(SOURCE_LANGUAGE)
    translator = { language, t: shared.getFixedT(language, NAMESPACES), format: formatterFor(language) }
    translators.set(language, translator)
  }
  return translator
}
