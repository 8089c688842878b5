// A sentence as a catalogue key and its parameters (issue 13): what the engine hands on in place of
// English text, saved with a finished job, so that each front end says it in the user's language
// (and says it again in another when the language changes). The English sentence is still made
// from the same catalogue for the --json output, logs and tests: one source for both.
import type { ParseKeys, TFunction } from 'i18next'
import { z } from 'zod'
import { translatorFor } from './i18n'
import type { Namespace } from './i18n'

/** A key of the errors namespace, as "errors:input.notFound": checked against the catalogue by tsc. */
export type ErrorWordsKey = `errors:${ParseKeys<'errors'>}`
/** A key of the results namespace (a quality verdict inside an error, e.g.). */
export type ResultWordsKey = `results:${ParseKeys<'results'>}`
/** A key of the progress namespace: the step a job is at ("progress:firstPass"). */
export type ProgressWordsKey = `progress:${ParseKeys<'progress'>}`

/**
 * A sentence as saved and sent over IPC: a key as a string, since a queue saved by another version
 * may name a key this one no longer has (sayWords then falls back to the English text kept beside
 * it). A parameter is a value already in the form the sentence shows (a path, "25 MB"), or a part
 * of the sentence that is words itself (a length, a hint), said in the same language.
 */
export interface Words {
  key: string
  params: Record<string, string | number | Words>
}
export const wordsSchema: z.ZodType<Words> = z.lazy(() =>
  z.object({ key: z.string().min(1), params: z.record(z.string(), z.union([z.string(), z.number(), wordsSchema])) })
)

export type WordsParams = Readonly<Record<string, string | number | Words>>

export function errorWords(key: ErrorWordsKey | ResultWordsKey, params: WordsParams = {}): Words {
  return { key, params: { ...params } }
}

/** The step a job is at, as words (JobProgress.detailWords). */
export function progressWords(key: ProgressWordsKey, params: WordsParams = {}): Words {
  return { key, params: { ...params } }
}

/** The words in a language, or `fallback` (the English text saved with them) for a key this version does not know. */
export function sayWords(t: TFunction<Namespace[]>, words: Words | null | undefined, fallback: string): string {
  if (!words) return fallback
  const say = t as unknown as (key: string, options: Record<string, unknown>) => string
  const params = Object.fromEntries(Object.entries(words.params).map(([name, value]) => [name, typeof value === 'object' ? sayWords(t, value, '') : value]))
  const text = say(words.key, { ...params, defaultValue: '' })
  return text === '' || text === words.key ? fallback : text
}

/** The English sentence: the message of errors and results, the text of --json. */
export function englishWords(words: Words): string {
  return sayWords(translatorFor('en').t, words, words.key)
}
