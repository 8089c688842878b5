// The one JSON shape check of the NemoVideo client: answers are read defensively (the protocol
// note lists several shapes per endpoint), so every reader asks "is this an object?" the same way.
export type JsonObject = Record<string, unknown>

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
