// TEST DOUBLE of the CompressionEngine, for the queue's unit tests only (the e2e test uses the real
// engine). Each compress() call becomes a ScriptedCall the test drives: report progress, finish
// with a result, or see the abort the queue sent. It honours the engine contract: it never throws,
// and an abort answers with a 'cancelled' result.
import type { CompressJobRequest, CompressionEngine } from '../../../jobs/types'
import type { CompressResult, JobProgress, QualityScore } from '../../../shared/compression'
import type { Words } from '../../../shared/words'

export interface ScriptedCall {
  request: CompressJobRequest
  progress(percent: number, phase?: JobProgress['phase']): void
  /** A message from the engine for the job's row, as the cloud engine sends. */
  message(text: string): void
  /** The engine says it is still working (the cloud engine's heartbeat). */
  stillWorking(): void
  succeed(outputBytes: number, changes?: string[], quality?: QualityScore): void
  /** Fails the job; `smallestBytesForFloor` as a job its quality floor refused says it. */
  fail(message: string, errorCode?: string, words?: Words, smallestBytesForFloor?: number | null): void
  readonly aborted: boolean
}

export class ScriptedEngine implements CompressionEngine {
  readonly calls: ScriptedCall[] = []
  private readonly waiters: Array<{ count: number; resolve: () => void }> = []

  compress(request: CompressJobRequest): Promise<CompressResult> {
    return new Promise<CompressResult>((resolve) => {
      let settled = false
      const settle = (result: Omit<CompressResult, 'input' | 'elapsedMs'>): void => {
        if (settled) return
        settled = true
        resolve({ input: request.input, elapsedMs: 1, ...result })
      }
      request.signal?.addEventListener('abort', () =>
        settle({ status: 'cancelled', output: null, inputBytes: 1000, outputBytes: null, message: 'Cancelled.', changes: [], errorCode: 'cancelled' })
      )
      const call: ScriptedCall = {
        request,
        progress: (percent, phase = 'encoding') => request.onProgress?.({ phase, percent, speed: 2, etaSeconds: 10, detail: 'Pass 1 of 2' }),
        message: (text) => request.onNews?.({ kind: 'reply', text }),
        stillWorking: () => request.onNews?.({ kind: 'still-working' }),
        succeed: (outputBytes, changes = [], quality) =>
          settle({ status: 'done', output: `${request.input}.compressed.mp4`, inputBytes: 1000, outputBytes, message: 'Done.', changes, quality }),
        fail: (message, errorCode = 'not-a-video', words, smallestBytesForFloor) =>
          settle({
            status: 'failed',
            output: null,
            inputBytes: 1000,
            outputBytes: null,
            message,
            ...(words ? { words } : {}),
            changes: [],
            errorCode,
            ...(smallestBytesForFloor !== undefined ? { smallestBytesForFloor } : {})
          }),
        get aborted() {
          return request.signal?.aborted ?? false
        }
      }
      this.calls.push(call)
      for (const waiter of [...this.waiters]) {
        if (this.calls.length >= waiter.count) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1)
          waiter.resolve()
        }
      }
    })
  }

  /** Resolves once `count` compress() calls have started. */
  started(count: number): Promise<void> {
    if (this.calls.length >= count) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ count, resolve }))
  }

  call(index: number): ScriptedCall {
    const call = this.calls[index]
    if (!call) throw new Error(`compress() call ${index} has not started`)
    return call
  }
}
