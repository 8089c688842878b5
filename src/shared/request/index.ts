// Public API of the plain-language request parser (issue 3). Pure TypeScript: safe in the
// renderer, the main process and the CLI.

export { parseRequest } from './parse'
export { requestToOptions } from './options'
export { summarizeForSource, summarizeRequest, describeRatio, describeSize } from './summary'
export { PLATFORM_LIMITS, emailAttachmentLimit, platformById, type PlatformLimit } from './platforms'
export {
  REQUEST_FIELDS,
  REQUEST_INTENTS,
  type RequestFields,
  type ParsedRequest,
  type RequestDetails,
  type RequestIntent,
  type SourceFacts,
  type SourcePlan,
  type PlatformLimitUsed
} from './types'
