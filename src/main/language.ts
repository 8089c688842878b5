// The language main speaks in the tray, the notifications, its notices and its dialogs (issue
// #13): the settings' Language, or the system's (Electron's app.getLocale(), handed in by
// index.ts so this runs without Electron). The window resolves the same setting and locale with
// the same rule (shared/i18n resolveLanguage), so the two always agree.
import { resolveLanguage, translatorFor } from '../shared/i18n'
import type { Language, Translator } from '../shared/i18n'
import type { SettingsService } from '../services/settings'

export interface AppLanguage {
  /** The words for the language in force now. */
  current(): Translator
  /** Told when the language changes (the tray is rebuilt in it). Returns the unsubscribe function. */
  onChange(listener: (translator: Translator) => void): () => void
}

export function createAppLanguage(settings: SettingsService, systemLocale: string): AppLanguage {
  const resolve = (): Language => resolveLanguage(settings.get().language, [systemLocale])
  let translator = translatorFor(resolve())
  const listeners = new Set<(translator: Translator) => void>()
  settings.onChange(() => {
    const language = resolve()
    if (language === translator.language) return
    translator = translatorFor(language)
    for (const listener of listeners) listener(translator)
  })
  return {
    current: () => translator,
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}
