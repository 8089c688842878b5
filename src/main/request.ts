// Turning the request box's text into engine options and a plan preview (issue #4 "The request
// box ... a live preview of the plan"), with the request parser of issue #3. An empty box is not
// an error here: it means "no particular wish", and the engine decides everything.
import { parseRequest, requestToOptions } from '../shared/request'
import { describeError } from '../shared/errors'
import type { PlanPreview } from '../shared/ipc/contract'

const NO_WISH_SUMMARY = 'Smaller at balanced quality · keep resolution · same kind of file'

export function interpretRequest(text: string): PlanPreview {
  if (text.trim() === '') return { options: {}, summary: NO_WISH_SUMMARY, warnings: [], error: null }
  const parsed = parseRequest(text)
  try {
    return { options: requestToOptions(parsed), summary: parsed.summary, warnings: parsed.warnings, error: null }
  } catch (error) {
    return { options: null, summary: '', warnings: [], error: describeError(error).message }
  }
}
