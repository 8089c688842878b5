// Shared by the phrasing tables: a row lists only what differs from "compress, nothing set",
// and `fullExpectation` fills in the rest so every row checks every field of the result.

import { REQUEST_FIELDS, type ParsedRequest, type RequestFields } from './types'

export type ExpectedFields = RequestFields

export interface Row {
  text: string
  expected: Partial<ExpectedFields> & {
    /** A warning matching this must be present; without it the row expects no warnings. */
    warn?: RegExp
    /** The request must be refused (details.error set). */
    refused?: boolean
  }
}

export const NOTHING_SET: ExpectedFields = {
  intent: 'compress',
  targetBytes: null,
  targetRatio: null,
  resolution: null,
  fps: null,
  container: null,
  videoCodec: null,
  audio: 'keep',
  quality: null,
  minQuality: null,
  platform: null,
  trimStart: null,
  trimEnd: null,
  aspect: null,
  rotate: null
}

export function fullExpectation(row: Row): ExpectedFields {
  const { warn: _warn, refused: _refused, ...fields } = row.expected
  return { ...NOTHING_SET, ...fields }
}

export function fieldsOf(request: ParsedRequest): ExpectedFields {
  return Object.fromEntries(REQUEST_FIELDS.map((key) => [key, request[key]])) as ExpectedFields
}

/** Whether a parse matches a row in full: fields, warnings present or absent, refusal. */
export function rowMatches(row: Row, request: ParsedRequest): boolean {
  const expected = fullExpectation(row)
  const actual = fieldsOf(request)
  const fieldsEqual = (Object.keys(expected) as Array<keyof ExpectedFields>).every((key) => expected[key] === actual[key])
  const warnOk = row.expected.warn ? request.warnings.some((warning) => row.expected.warn?.test(warning) ?? false) : request.warnings.length === 0
  const refusedOk = (row.expected.refused ?? false) === (request.details.error !== null)
  return fieldsEqual && warnOk && refusedOk
}

/** rowMatches with ratios (a third, two thirds) compared to 5 places; everything else exactly. */
export function rowMatchesRoughRatio(row: Row, request: ParsedRequest): boolean {
  const expected = fullExpectation(row)
  if (expected.targetRatio !== null && request.targetRatio !== null && Math.abs(expected.targetRatio - request.targetRatio) < 1e-5) {
    return rowMatches({ ...row, expected: { ...row.expected, targetRatio: request.targetRatio } }, request)
  }
  return rowMatches(row, request)
}

export const MB = 1e6
export const GB = 1e9
export const KB = 1e3
export const MiB = 2 ** 20
export const GiB = 2 ** 30
