// Every catalogue says everything the source (English) says, with the same parameters and the
// plural forms its language has (issue #13). The types catch a missing key where a catalogue is
// written (CatalogueShape); this catches what they cannot, and proves it can fail on a copy.
import { describe, expect, it } from 'vitest'
import { parseRequest, requestToOptions } from '../request'
import { CATALOGUES, LANGUAGES, PLURAL_FORMS, SOURCE_LANGUAGE, translatorFor } from '.'
import type { Language } from '.'

type Tree = { readonly [key: string]: string | Tree }

/** "ui:job.status.done" -> its text, for every message of a catalogue. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const messages = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix === '' ? `${key}:` : prefix.endsWith(':') ? `${prefix}${key}` : `${prefix}.${key}`
    if (typeof value === 'string') messages.set(name, value)
    else for (const [inner, text] of flatten(value, name)) messages.set(inner, text)
  }
  return messages
}

interface Message {
  /** Plural forms present ("one", "other"); empty for a message that is not a plural. */
  forms: Set<string>
  /** {{parameters}} used in any form; a plural's count is implied, so not listed. */
  params: Set<string>
  texts: string[]
}

const PLURAL_SUFFIX = new RegExp(`_(${PLURAL_FORMS.join('|')})$`)

function messagesOf(tree: Tree): Map<string, Message> {
  const messages = new Map<string, Message>()
  for (const [key, text] of flatten(tree)) {
    const plural = PLURAL_SUFFIX.exec(key)
    const base = plural ? key.slice(0, plural.index) : key
    const message = messages.get(base) ?? { forms: new Set(), params: new Set(), texts: [] }
    if (plural?.[1]) message.forms.add(plural[1])
    for (const [, param] of text.matchAll(/\{\{\s*([^,}\s]+)[^}]*\}\}/g)) if (param && !(plural && param === 'count')) message.params.add(param)
    message.texts.push(text)
    messages.set(base, message)
  }
  return messages
}

const sorted = (values: Iterable<string>): string => [...values].sort().join(', ')

/**
 * Messages that read the same in every language: names of things (Discord, ffmpeg, a format),
 * not words. Any other message of a translation that equals the English one was not translated.
 */
const SAME_IN_EVERY_LANGUAGE = new Set([
  'ui:presets.discord.label',
  'ui:presets.mp4At1080.label',
  'ui:presets.mp4At1080.text',
  'ui:presets.at720.label',
  'ui:presets.at720.text',
  'ui:settings.engine.ffmpeg',
  'ui:job.frameRate',
  'cli:planFile.codec'
])

/** What is wrong with `catalogue` as the `language` version of `source`, one sentence each. */
function catalogueProblems(source: Tree, catalogue: Tree, language: string): string[] {
  const problems: string[] = []
  const expected = messagesOf(source)
  const actual = messagesOf(catalogue)
  const pluralForms = new Set(new Intl.PluralRules(language).resolvedOptions().pluralCategories)
  for (const [key, want] of expected) {
    const have = actual.get(key)
    if (!have) {
      problems.push(`${key} is missing`)
      continue
    }
    if (want.forms.size > 0 !== have.forms.size > 0)
      problems.push(`${key} is ${want.forms.size > 0 ? 'a plural in the source, not here' : 'a plural here, not in the source'}`)
    else if (have.forms.size > 0 && sorted(have.forms) !== sorted(pluralForms))
      problems.push(`${key} has the plural forms ${sorted(have.forms)}; ${language} has ${sorted(pluralForms)}`)
    if (sorted(want.params) !== sorted(have.params))
      problems.push(`${key} has the parameters {${sorted(have.params)}}; the source has {${sorted(want.params)}}`)
    if (have.texts.some((text) => text.trim() === '')) problems.push(`${key} is empty`)
    if (language !== SOURCE_LANGUAGE && !SAME_IN_EVERY_LANGUAGE.has(key) && have.texts.some((text) => want.texts.includes(text)))
      problems.push(`${key} is the English text, not translated`)
  }
  for (const key of actual.keys()) if (!expected.has(key)) problems.push(`${key} is not in the source catalogue`)
  return problems
}

const source = CATALOGUES[SOURCE_LANGUAGE] as Tree

describe('the catalogues (issue #13)', () => {
  it.each(LANGUAGES)('%s has every message of the source, with the same parameters and its own plural forms', (language) => {
    expect(catalogueProblems(source, CATALOGUES[language] as Tree, language)).toEqual([])
  })

  it('finds what a broken copy lacks: a key, a parameter, a plural form, a translation', () => {
    const copy = structuredClone(CATALOGUES['zh-CN']) as unknown as Record<string, Record<string, Record<string, unknown>>>
    const job = copy['ui']?.['job']?.['actions'] as Record<string, unknown>
    delete job['cancelLabel']
    job['removeLabel'] = '从列表中移除 {{file}}'
    const queue = copy['ui']?.['queue'] as Record<string, unknown>
    delete queue['label_other']
    queue['label'] = '队列'
    ;(copy['tray'] as unknown as Record<string, unknown>)['quit'] = 'Quit'
    ;(copy['tray'] as unknown as Record<string, unknown>)['extra'] = '多余'
    expect(catalogueProblems(source, copy as unknown as Tree, 'zh-CN')).toEqual([
      'ui:queue.label is a plural in the source, not here',
      'ui:job.actions.cancelLabel is missing',
      'ui:job.actions.removeLabel has the parameters {file}; the source has {name}',
      'tray:quit is the English text, not translated',
      'tray:extra is not in the source catalogue'
    ])
    // English needs both of its plural forms.
    const english = structuredClone(CATALOGUES.en) as unknown as Record<string, Record<string, Record<string, unknown>>>
    delete (english['ui']?.['notices'] as Record<string, unknown>)['notAdded_one']
    expect(catalogueProblems(source, english as unknown as Tree, 'en')).toEqual(['ui:notices.notAdded has the plural forms other; en has one, other'])
  })

  it('plurals and parameters come out right in each language', () => {
    const en = translatorFor('en')
    const zh = translatorFor('zh-CN')
    expect([en.t('ui:notices.notAdded', { count: 1 }), en.t('ui:notices.notAdded', { count: 3 })]).toEqual(['1 item was not added', '3 items were not added'])
    expect([zh.t('ui:notices.notAdded', { count: 1 }), zh.t('ui:notices.notAdded', { count: 3 })]).toEqual(['1 项未添加', '3 项未添加'])
    expect(zh.t('ui:job.actions.cancelLabel', { name: 'a.mp4' })).toBe('取消 a.mp4')
    // A parameter is text, never HTML-escaped (React escapes; tray menus and terminals are not HTML).
    expect(en.t('ui:job.actions.cancelLabel', { name: 'Tom & Jerry <1>.mp4' })).toBe('Cancel Tom & Jerry <1>.mp4')
  })

  it('types every key: an unknown key or a missing parameter does not compile', () => {
    const { t } = translatorFor('en')
    // @ts-expect-error: no such key (tsc fails here if the catalogue's types stop checking keys).
    expect(t('ui:app.noSuchKey')).toBe('app.noSuchKey')
    // @ts-expect-error: {{name}} is not given (tsc fails here if parameters stop being checked).
    expect(t('ui:job.actions.cancelLabel')).toBe('Cancel {{name}}')
    expect(t('tray:quit')).toBe('Quit')
  })

  it("each language's preset texts ask for what the English ones ask for (the request parser reads them)", () => {
    const options = (text: string): unknown => requestToOptions(parseRequest(text))
    const presets = (language: Language): Array<[string, string]> =>
      Object.entries(CATALOGUES[language].ui.presets).map(([name, preset]) => [name, preset.text] as [string, string])
    const english = Object.fromEntries(presets(SOURCE_LANGUAGE).map(([name, text]) => [name, options(text)]))
    for (const language of LANGUAGES)
      for (const [name, text] of presets(language)) expect(options(text), `${language} ${name}: "${text}"`).toEqual(english[name])
  })
})
