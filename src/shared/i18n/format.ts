// Numbers, sizes, percentages and durations written for a language with Intl (issue #13): the
// renderer, main's tray and notifications, and the CLI use this one formatter. Sizes keep the
// decimal units and digits of units.ts ("12.3 MB" in English and in Chinese, where MB is what
// people write too); durations in words come from CLDR's short units ("4 min", "4分钟").
import { byteScale } from '../units'
import type { Language } from './languages'

export interface Formatter {
  readonly language: Language
  /** A number with the language's digits and grouping; at most `maxFractionDigits` decimals. */
  number(value: number, maxFractionDigits?: number): string
  /** A measurement with exactly `fractionDigits` decimals: fixed(0.987, 4) -> "0.9870". */
  fixed(value: number, fractionDigits: number): string
  /** "12.3 MB". */
  bytes(bytes: number): string
  /** A share out of 100, whole: 41 -> "41%". */
  percent(percent: number): string
  /** A length of media as a clock: "1:02:03", "4:05", "0:07". */
  clock(seconds: number): string
  /** A time span in words, to the minute from one minute up: "45 sec", "4 min", "1 hr 5 min"; "45秒", "4分钟", "1小时5分钟". */
  duration(seconds: number): string
  /** A speed as a multiple of real time: "1.5×". */
  speed(multiple: number): string
}

const formatters = new Map<Language, Formatter>()

/** The formatter for a language (made once per language: Intl objects are not free to build). */
export function formatterFor(language: Language): Formatter {
  let formatter = formatters.get(language)
  if (!formatter) {
    formatter = createFormatter(language)
    formatters.set(language, formatter)
  }
  return formatter
}

function createFormatter(language: Language): Formatter {
  const numbers = new Map<number, Intl.NumberFormat>()
  const numberWith = (maxFractionDigits: number): Intl.NumberFormat => {
    let format = numbers.get(maxFractionDigits)
    if (!format) {
      format = new Intl.NumberFormat(language, { maximumFractionDigits: maxFractionDigits })
      numbers.set(maxFractionDigits, format)
    }
    return format
  }
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 })
  const twoDigits = new Intl.NumberFormat(language, { minimumIntegerDigits: 2, useGrouping: false })
  const plain = new Intl.NumberFormat(language, { useGrouping: false })
  const speed = new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  const unit = (name: 'second' | 'minute' | 'hour'): Intl.NumberFormat => new Intl.NumberFormat(language, { style: 'unit', unit: name, unitDisplay: 'short' })
  const [seconds, minutes, hours] = [unit('second'), unit('minute'), unit('hour')]
  const units = new Intl.ListFormat(language, { type: 'unit', style: 'narrow' })

  return {
    language,
    number: (value, maxFractionDigits = 2) => (Number.isFinite(value) ? numberWith(maxFractionDigits).format(value) : '?'),
    fixed: (value, fractionDigits) =>
      Number.isFinite(value)
        ? new Intl.NumberFormat(language, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value)
        : '?',
    bytes(bytes) {
      if (!Number.isFinite(bytes)) return '?'
      const { value, unit: name, fractionDigits } = byteScale(bytes)
      return `${numberWith(fractionDigits).format(value)} ${name}`
    },
    percent: (value) => (Number.isFinite(value) ? percent.format(value / 100) : '?'),
    clock(total) {
      if (!Number.isFinite(total) || total < 0) return '?'
      const s = Math.round(total)
      const h = Math.floor(s / 3600)
      const m = Math.floor((s % 3600) / 60)
      const rest = twoDigits.format(s % 60)
      return h > 0 ? `${plain.format(h)}:${twoDigits.format(m)}:${rest}` : `${plain.format(m)}:${rest}`
    },
    duration(total) {
      if (!Number.isFinite(total) || total < 0) return '?'
      if (Math.round(total) < 60) return seconds.format(Math.round(total))
      const inMinutes = Math.round(total / 60)
      const h = Math.floor(inMinutes / 60)
      const m = inMinutes % 60
      if (h === 0) return minutes.format(m)
      return m === 0 ? hours.format(h) : units.format([hours.format(h), minutes.format(m)])
    },
    speed: (multiple) => (Number.isFinite(multiple) ? `${speed.format(multiple)}×` : '?')
  }
}
