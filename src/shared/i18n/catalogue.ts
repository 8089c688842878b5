// The catalogues, one per language (catalogues/), and the type every catalogue but the source one
// is written against, so a missing key is a type error where the catalogue is written.
// catalogue.test.ts checks at run time what the types cannot: the same parameters in each
// message, each language's own plural forms, and no English left in another language.
import { en } from './catalogues/en'
import { zhCN } from './catalogues/zh-CN'
import type { Language } from './languages'

/** The plural forms i18next adds to a key (Intl.PluralRules' categories), as "_one", "_other". */
export const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'] as const
type PluralSuffix = `_${Exclude<(typeof PLURAL_FORMS)[number], 'other'>}`

/**
 * The source catalogue's keys with string values. A plural needs its "_other" form; the other
 * forms are each language's own (English has "_one", Chinese none, Russian "_few" and "_many").
 */
export type CatalogueShape<T> = {
  [K in keyof T as K extends `${string}${PluralSuffix}` ? never : K]: T[K] extends string ? string : CatalogueShape<T[K]>
} & {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}${PluralSuffix}` : never]?: string
}

export type Catalogue = CatalogueShape<typeof en>
export type Namespace = keyof typeof en

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, 'zh-CN': zhCN }

export const NAMESPACES = Object.keys(en) as Namespace[]

export const DEFAULT_NAMESPACE: Namespace = 'ui'
