// Constants of the contract that the renderer needs as values. Apart from contract.ts so the
// renderer bundle does not pull in zod just to know a number.
export const SETTINGS_VERSION = 2
export const MAX_CONCURRENCY = 8
