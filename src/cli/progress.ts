// Progress for people: a live bar per file on a terminal (cli-progress), plain lines otherwise
// (logs, CI, pipes), and nothing on stdout in --json mode.
import cliProgress from 'cli-progress'
import type { JobProgress } from '../shared/compression'
import type { Translator } from '../shared/i18n'
import { formatDuration } from '../shared/units'
import { sayWords } from '../shared/words'
import { english } from './language'

export interface ProgressView {
  start(name: string): void
  update(progress: JobProgress): void
  /** ok: the file was done (its bar stays, at 100%); otherwise the bar is cleared for the message. */
  stop(ok?: boolean): void
}

export function createProgressView(stream: NodeJS.WriteStream, mode: 'bar' | 'lines' | 'none', words: Translator = english()): ProgressView {
  if (mode === 'bar') return new BarView(stream, words)
  if (mode === 'lines') return new LineView(stream, words)
  return { start: () => undefined, update: () => undefined, stop: () => undefined }
}

/** "1:05" or "1:02:03"; "-:--" until there is an estimate (never "INF"). */
export function formatEta(seconds: number | null): string {
  return seconds !== null && Number.isFinite(seconds) && seconds >= 0 ? formatDuration(seconds) : '-:--'
}

/** The step in the language spoken: its words where the engine gave them, else its English. */
export function stepDetail(progress: JobProgress, { t }: Translator): string {
  return sayWords(t, progress.detailWords, progress.detail)
}

function describe(progress: JobProgress): { speed: string; eta: string } {
  return {
    speed: progress.speed !== null ? `${progress.speed.toFixed(1)}x` : '-',
    eta: formatEta(progress.etaSeconds)
  }
}

/** Columns a character takes on a terminal: 2 for East Asian wide characters, else 1. */
function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    code >= 0x20000
  return wide ? 2 : 1
}

export function displayWidth(text: string): number {
  let width = 0
  for (const char of text) width += charWidth(char)
  return width
}

/** The first characters of `text` that fit in `width` columns. */
function fitStart(chars: readonly string[], width: number): string {
  let out = ''
  let used = 0
  for (const char of chars) {
    if (used + charWidth(char) > width) break
    out += char
    used += charWidth(char)
  }
  return out
}

/**
 * `text` in at most `width` columns, cut in the middle ("holiday-vi…-final.mp4"): the start and
 * the end (numbers, extension) are what tell files apart.
 */
export function shortenMiddle(text: string, width: number): string {
  if (displayWidth(text) <= width) return text
  if (width <= 1) return width === 1 ? '…' : ''
  const chars = [...text]
  const room = width - 1
  const tailWidth = Math.floor(room / 2)
  const tail = [...fitStart([...chars].reverse(), tailWidth)].reverse().join('')
  const head = fitStart(chars, room - displayWidth(tail))
  return `${head}…${tail}`
}

export interface BarLine {
  name: string
  /** 0..100 */
  percent: number
  detail: string
  speed: string
  eta: string
  /** "ETA {{eta}}" in the language spoken (default English). */
  etaLabel?: (eta: string) => string
}

const BAR_MAX = 24
const BAR_MIN = 8
/** How far the name is shortened before anything else gives way, then how far at most. */
const NAME_COMFORT = 20
const NAME_MIN = 12

/**
 * One progress line that fits `columns` (one column is left free so the terminal never wraps).
 * What gives way first is the file name (cut in the middle, down to 20 columns), then the bar
 * (down to 8), then the speed, then the name again (down to 12), then the bar; the percentage,
 * the step and the time left stay whole while they can.
 */
export function formatBarLine(line: BarLine, columns: number): string {
  const width = Math.max(20, columns - 1)
  const percent = `${String(Math.floor(line.percent)).padStart(3)}%`
  const render = (name: string, barSize: number, speed: boolean, detail: string): string => {
    const filled = Math.round((Math.min(100, Math.max(0, line.percent)) / 100) * barSize)
    const bar = barSize > 0 ? ` [${'█'.repeat(filled)}${'░'.repeat(barSize - filled)}]` : ''
    const eta = line.etaLabel ? line.etaLabel(line.eta) : english().t('cli:progress.eta', { eta: line.eta })
    return `${name}${bar} ${percent} | ${detail}${speed ? ` | ${line.speed}` : ''} | ${eta}`
  }
  const nameWidth = displayWidth(line.name)
  // In order of preference: [shortest name allowed, smallest bar allowed, with the speed].
  const layouts: Array<[number, number, boolean]> = [
    [NAME_COMFORT, BAR_MAX, true],
    [NAME_COMFORT, BAR_MIN, true],
    [NAME_COMFORT, BAR_MIN, false],
    [NAME_MIN, BAR_MIN, false],
    [NAME_MIN, 0, false]
  ]
  for (const [nameFloor, barFloor, speed] of layouts) {
    const rest = displayWidth(render('', 0, speed, line.detail))
    const name = Math.min(nameWidth, nameFloor)
    // The bar takes what the name leaves, up to its full size; the name takes the rest.
    const barRoom = barFloor === 0 ? 0 : Math.min(BAR_MAX, width - rest - name - 3)
    if (barFloor > 0 && barRoom < barFloor) continue
    const barSize = barFloor === 0 ? 0 : barRoom
    const nameRoom = width - rest - (barSize > 0 ? barSize + 3 : 0)
    if (nameRoom < name) continue
    return render(shortenMiddle(line.name, nameRoom), barSize, speed, line.detail)
  }
  // Very narrow: the step is shortened last (the name first gives up what it must).
  const name = shortenMiddle(line.name, Math.min(NAME_MIN, Math.max(4, width - displayWidth(render('', 0, false, '…')))))
  const room = width - displayWidth(render(name, 0, false, ''))
  return render(name, 0, false, shortenMiddle(line.detail, Math.max(1, room)))
}

class BarView implements ProgressView {
  private bar: cliProgress.SingleBar | null = null
  private name = ''
  private last: BarLine | null = null

  private readonly etaLabel: (eta: string) => string

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly words: Translator
  ) {
    this.etaLabel = (eta) => words.t('cli:progress.eta', { eta })
  }

  private columns(): number {
    return this.stream.columns || 80
  }

  start(name: string): void {
    this.name = name
    this.last = { name, percent: 0, detail: this.words.t('cli:progress.starting'), speed: '-', eta: formatEta(null), etaLabel: this.etaLabel }
    this.bar = new cliProgress.SingleBar(
      {
        stream: this.stream,
        // Our own layout: cli-progress's {eta} token would override ours and shows "INF".
        format: () => formatBarLine(this.last ?? { name, percent: 0, detail: '', speed: '-', eta: formatEta(null), etaLabel: this.etaLabel }, this.columns()),
        hideCursor: true,
        // Cleared on stop: a finished file gets its final line written once, a failed one none.
        clearOnComplete: true
      },
      cliProgress.Presets.shades_classic
    )
    this.bar.start(100, 0)
  }

  update(progress: JobProgress): void {
    this.last = { name: this.name, percent: progress.percent, detail: stepDetail(progress, this.words), ...describe(progress), etaLabel: this.etaLabel }
    this.bar?.update(Math.floor(progress.percent))
  }

  stop(ok = true): void {
    this.bar?.stop()
    this.bar = null
    if (ok && this.last) this.stream.write(`${formatBarLine({ ...this.last, percent: 100, eta: formatEta(0) }, this.columns())}\n`)
    this.last = null
  }
}

/** One line per 10% step or phase change, so logs stay readable. */
class LineView implements ProgressView {
  private name = ''
  private lastStep = -1
  private lastDetail = ''

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly words: Translator
  ) {}

  start(name: string): void {
    this.name = name
    this.lastStep = -1
    this.lastDetail = ''
  }

  update(progress: JobProgress): void {
    const step = Math.floor(progress.percent / 10)
    const detail = stepDetail(progress, this.words)
    if (step === this.lastStep && detail === this.lastDetail) return
    this.lastStep = step
    this.lastDetail = detail
    const { speed, eta } = describe(progress)
    const percent = this.words.format.percent(Math.floor(progress.percent))
    this.stream.write(`${this.words.t('cli:progress.line', { name: this.name, percent, detail, speed, eta })}\n`)
  }

  stop(): void {}
}
