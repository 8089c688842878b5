// --request TEXT: the same plain-language parser as the app (src/shared/request), with flags
// winning over what the text said. Requests that are not compressions get a clear way forward.
import type { CompressOptions } from '../shared/compression'
import { type ParsedRequest, parseRequest, requestToOptions } from '../shared/request'
import { type UsageWordsKey, UsageError } from './options'

export interface ResolvedRequest {
  parsed: ParsedRequest
  options: CompressOptions
}

/** Why a request that is not a compression cannot run locally, and what to do instead (the catalogue's cli:usage.request). */
const NOT_LOCAL: Record<Exclude<ParsedRequest['intent'], 'compress'>, UsageWordsKey> = {
  export: 'cli:usage.request.export',
  credits: 'cli:usage.request.credits',
  status: 'cli:usage.request.status',
  upload: 'cli:usage.request.upload',
  other: 'cli:usage.request.other'
}

export function resolveRequest(text: string, engine: 'local' | 'cloud'): ResolvedRequest {
  const parsed = parseRequest(text)
  if (parsed.details.error) throw new UsageError('cli:usage.request.notUnderstood', { text, reason: parsed.details.error })
  if (parsed.intent !== 'compress' && engine === 'local') {
    // "other" says what the local engine can do (cli:usage.request.localCanDo); the others take nothing.
    const canDo = { key: 'cli:usage.request.localCanDo', params: {} }
    throw new UsageError('cli:usage.request.notLocal', { text, why: { key: NOT_LOCAL[parsed.intent], params: { canDo } } })
  }
  // Cloud edits pass the text through as it is; the local engine takes the parsed options.
  const options = parsed.intent === 'compress' ? requestToOptions(parsed) : {}
  return { parsed, options }
}
