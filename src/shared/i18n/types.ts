// Typed keys (issue #13): t() knows every key of the source catalogue, so a key that is not
// there, or a message called without its {{parameters}}, is a type error (tsc), not a raw key
// on screen. i18next reads this augmentation wherever i18next's types are used.
import type { en } from './catalogues/en'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'ui'
    resources: typeof en
    /** A defaultValue does not excuse a missing key. */
    strictKeyChecks: true
    /** A message with {{parameters}} cannot be called without them. */
    strictInterpolationChecks: true
  }
}
