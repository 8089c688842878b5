// How a watch hands its files to the job queue (services/queue), for the app and the CLI alike:
// each complete file becomes a queue job, and its result comes back through the queue's
// finished() promise when the job is over.
import type { CompressResult } from '../../shared/compression'
import { failedResult } from '../../jobs/results'
import { REMOVED_MESSAGE, type JobQueue } from '../queue'
import type { EnqueueWatchJob } from './types'

/**
 * Hands a watched file to the queue and resolves with its result when the job is over. A file
 * the queue already holds as queued or running (brought back from the last run's saved queue)
 * is followed, not queued a second time.
 */
export function queueEnqueuer(queue: JobQueue, requestFor: (watchId: string) => string): EnqueueWatchJob {
  return (job) => {
    const existing = queue.activeFor(job.input)
    if (existing) return queuedResult(queue, existing.id)
    const [added] = queue.add([{ input: job.input, inputBytes: null }], {
      text: requestFor(job.watchId),
      options: job.options,
      outputDir: job.outputDir,
      watchId: job.watchId
    })
    // The engine runs after an await, so no job can have finished before finished() is asked.
    if (!added) return Promise.resolve(failedResult({ input: job.input }, { code: 'cancelled', message: REMOVED_MESSAGE }))
    return queuedResult(queue, added.id)
  }
}

/** The result of queue job `id` once it is over (done, skipped, failed, cancelled or removed). */
export function queuedResult(queue: JobQueue, id: string): Promise<CompressResult> {
  return queue.finished(id).then(({ result }) => result)
}
