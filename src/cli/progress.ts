// Progress for people: a live bar per file on a terminal (cli-progress), plain lines otherwise
// (logs, CI, pipes), and nothing on stdout in --json mode.
import cliProgress from 'cli-progress'
import type { JobProgress } from '../shared/compression'
import { formatDuration } from '../shared/units'

export interface ProgressView {
  start(name: string): void
  update(progress: JobProgress): void
  stop(): void
}

export function createProgressView(stream: NodeJS.WriteStream, mode: 'bar' | 'lines' | 'none'): ProgressView {
  if (mode === 'bar') return new BarView(stream)
  if (mode === 'lines') return new LineView(stream)
  return { start: () => undefined, update: () => undefined, stop: () => undefined }
}

function describe(progress: JobProgress): { speed: string; eta: string } {
  return {
    speed: progress.speed !== null ? `${progress.speed.toFixed(1)}x` : '-',
    eta: progress.etaSeconds !== null ? formatDuration(progress.etaSeconds) : '-'
  }
}

class BarView implements ProgressView {
  private bar: cliProgress.SingleBar | null = null

  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(name: string): void {
    this.bar = new cliProgress.SingleBar(
      {
        stream: this.stream,
        format: `${truncate(name, 32)} [{bar}] {percentage}% | {detail} | {speed} | ETA {eta}`,
        hideCursor: true,
        clearOnComplete: false,
        barsize: 24
      },
      cliProgress.Presets.shades_classic
    )
    this.bar.start(100, 0, { detail: 'Starting', speed: '-', eta: '-' })
  }

  update(progress: JobProgress): void {
    this.bar?.update(Math.floor(progress.percent), { detail: progress.detail, ...describe(progress) })
  }

  stop(): void {
    this.bar?.stop()
    this.bar = null
  }
}

/** One line per 10% step or phase change, so logs stay readable. */
class LineView implements ProgressView {
  private name = ''
  private lastStep = -1
  private lastDetail = ''

  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(name: string): void {
    this.name = name
    this.lastStep = -1
    this.lastDetail = ''
  }

  update(progress: JobProgress): void {
    const step = Math.floor(progress.percent / 10)
    if (step === this.lastStep && progress.detail === this.lastDetail) return
    this.lastStep = step
    this.lastDetail = progress.detail
    const { speed, eta } = describe(progress)
    this.stream.write(`${this.name}: ${Math.floor(progress.percent)}% ${progress.detail} (speed ${speed}, ETA ${eta})\n`)
  }

  stop(): void {}
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text.padEnd(max) : `${text.slice(0, max - 1)}…`
}
