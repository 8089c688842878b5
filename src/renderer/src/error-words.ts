// What went wrong, in the window's language (issue 13): main's sentence comes as catalogue words
// on the BridgeCallError where main has them, and as its English message otherwise.
import { BridgeCallError } from '../../shared/ipc/bridge'
import { sayWords } from '../../shared/words'
import { i18n } from './i18n'

export function sayError(error: unknown): string {
  if (error instanceof BridgeCallError) return sayWords(i18n.t, error.words, error.message)
  return error instanceof Error ? error.message : String(error)
}
