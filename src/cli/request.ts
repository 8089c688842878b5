// --request TEXT: the same plain-language parser as the app (src/shared/request), with flags
// winning over what the text said. Requests that are not compressions get a clear way forward.
import type { CompressOptions } from '../shared/compression'
import { type ParsedRequest, parseRequest, requestToOptions } from '../shared/request'
import { UsageError } from './options'

export interface ResolvedRequest {
  parsed: ParsedRequest
  options: CompressOptions
}

const NOT_LOCAL: Record<Exclude<ParsedRequest['intent'], 'compress'>, string> = {
  export: 'exporting is a NemoVideo cloud action: run it with --engine cloud, or ask for a size or format to compress locally',
  credits: 'that asks for NemoVideo credits: run "compress-video credits"',
  status: 'that asks for a cloud project\'s status, which the local engine does not have: use --engine cloud',
  upload: 'uploading is a NemoVideo cloud action: use --engine cloud',
  other: 'that is an edit the local engine cannot do (it only compresses and converts): use --engine cloud'
}

export function resolveRequest(text: string, engine: 'local' | 'cloud'): ResolvedRequest {
  const parsed = parseRequest(text)
  if (parsed.details.error) throw new UsageError(`--request "${text}": ${parsed.details.error}`)
  if (parsed.intent !== 'compress' && engine === 'local') {
    throw new UsageError(`--request "${text}": ${NOT_LOCAL[parsed.intent]}.`)
  }
  // Cloud edits pass the text through as it is; the local engine takes the parsed options.
  const options = parsed.intent === 'compress' ? requestToOptions(parsed) : {}
  return { parsed, options }
}
