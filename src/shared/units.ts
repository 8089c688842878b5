// Byte sizes as people write them. MB/GB are decimal (10^6, 10^9) so a file fits however a site
// counts; MiB/GiB are binary (2^20, 2^30).

const UNIT_BYTES: Record<string, number> = {
  b: 1,
  byte: 1,
  bytes: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  tib: 1024 ** 4
}

/** Parses "25MB", "25 mb", "1.5GiB", "800k", "1000000" (bytes). Returns null when not a size. */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(text)
  if (!match) return null
  const value = Number(match[1])
  const unit = (match[2] ?? '').toLowerCase()
  const factor = unit === '' ? 1 : UNIT_BYTES[unit]
  if (factor === undefined || !Number.isFinite(value)) return null
  return Math.floor(value * factor)
}

export type ByteUnit = 'B' | 'KB' | 'MB' | 'GB'

/**
 * How a size is written: decimal units (to match how targets are given) and three significant
 * digits at most ("12.3 MB", "123 MB", "1.23 GB"). formatBytes writes it in English; the
 * language-aware formatter (shared/i18n/format.ts) writes the same number with Intl.
 */
export function byteScale(bytes: number): { value: number; unit: ByteUnit; fractionDigits: number } {
  const abs = Math.abs(bytes)
  if (abs < 1e3) return { value: bytes, unit: 'B', fractionDigits: 0 }
  const [value, unit]: [number, ByteUnit] = abs < 1e6 ? [bytes / 1e3, 'KB'] : abs < 1e9 ? [bytes / 1e6, 'MB'] : [bytes / 1e9, 'GB']
  return { value, unit, fractionDigits: value >= 100 ? 0 : value >= 10 ? 1 : 2 }
}

/** "12.3 MB" style (English: for the engine's sentences and JSON; people's text uses shared/i18n/format.ts). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '?'
  const { value, unit, fractionDigits } = byteScale(bytes)
  if (unit === 'B') return `${bytes} B`
  const text = value.toFixed(fractionDigits)
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text} ${unit}`
}

/** "1:02:03", "4:05", "0:07". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?'
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`
}
