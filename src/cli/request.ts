// --request TEXT: the same plain-language parser as the app (src/shared/request), with flags
// winning over what the text said. Requests that are not compressions get a clear way forward.
import type { CompressOptions } from '../shared/compression'
import { type ParsedRequest, parseRequest, requestToOptions } from '../shared/request'
import { UsageError } from './options'

export interface ResolvedRequest {
  parsed: ParsedRequest
  options: CompressOptions
}

/** What the local engine does, said where a request asks for something else. */
const LOCAL_CAN_DO =
  'the local engine compresses and converts: size (--target-size 25MB), resolution (-r 720), frame rate (--fps 30), format (-f webm), codec (-c hevc), removing the audio (--no-audio), trimming (--trim 0:05-1:20), shape (--aspect 9:16) and turning (--rotate 90)'

const NOT_LOCAL: Record<Exclude<ParsedRequest['intent'], 'compress'>, string> = {
  export: 'exporting is a NemoVideo cloud action: run it with --engine cloud, or ask for a size or format to compress locally',
  credits: 'that asks for NemoVideo credits: run "compress-video credits"',
  status: "that asks for a cloud project's status, which the local engine does not have: use --engine cloud",
  upload: 'uploading is a NemoVideo cloud action: use --engine cloud',
  // Not a push towards the paid engine: first what can be done here, then where edits can go.
  other: `that is not a compression; ${LOCAL_CAN_DO}. The NemoVideo cloud engine (--engine cloud, paid with credits) can take free-form edits`
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
