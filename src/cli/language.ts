// The CLI's language (issue #13): --lang when given, else the POSIX environment (LC_ALL,
// LC_MESSAGES, LANG) by the same rule as the app (shared/i18n resolveLanguage), else English.
// --lang is read before commander parses anything, so that every word the CLI prints, its
// usage errors included, is in one language.
import { LANGUAGES, isLanguage, localeFromEnvironment, resolveLanguage, translatorFor } from '../shared/i18n'
import type { Language, Translator } from '../shared/i18n'

export { LANGUAGES }

/** The value given to --lang (`--lang zh-CN` or `--lang=zh-CN`), the last one wins; null when none. */
export function langArgument(argv: readonly string[]): string | null {
  let value: string | null = null
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    // After "--" everything is a file name.
    if (arg === '--') break
    if (arg === '--lang' && i + 1 < argv.length) value = argv[++i] ?? null
    else if (arg.startsWith('--lang=')) value = arg.slice('--lang='.length)
  }
  return value
}

export type CliLanguage = { ok: true; language: Language } | { ok: false; value: string; language: Language }

/** The language to speak; an unknown --lang is reported in the environment's language. */
export function cliLanguage(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliLanguage {
  const fromEnvironment = resolveLanguage('system', [localeFromEnvironment(env)])
  const flag = langArgument(argv)
  if (flag === null) return { ok: true, language: fromEnvironment }
  return isLanguage(flag) ? { ok: true, language: flag } : { ok: false, value: flag, language: fromEnvironment }
}

/** English, for the exported formatters' callers that do not say (tests, the source language). */
export function english(): Translator {
  return translatorFor('en')
}
