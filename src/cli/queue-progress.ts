// The CLI's commands run their jobs on the job queue (services/queue), as the app does; this turns
// the queue's events into what a progress view needs: a job's turn came, its progress, its end.
import type { JobProgress } from '../shared/compression'
import type { JobView } from '../shared/ipc/contract'
import type { JobQueue } from '../services/queue'

export interface RunningJobFollower {
  /** The job's turn came: the queue handed it to the engine. */
  start(job: JobView): void
  update(progress: JobProgress): void
  /** A job that was started ended (done, skipped, failed or cancelled). */
  end(job: JobView): void
}

/**
 * Follows the jobs the queue starts; jobs cancelled before their turn are never started, so
 * the follower hears nothing of them. The CLI runs one job at a time, so one view follows them
 * all. Returns the function that stops following.
 */
export function followRunningJobs(queue: JobQueue, follower: RunningJobFollower): () => void {
  const started = new Set<string>()
  const end = (job: JobView): void => {
    if (!started.delete(job.id)) return
    follower.end(job)
  }
  return queue.subscribe((event) => {
    switch (event.type) {
      case 'job-updated':
        if (event.job.state === 'running') {
          if (!started.has(event.job.id)) {
            started.add(event.job.id)
            follower.start(event.job)
          } else if (event.job.progress) {
            // Progress that ends a "Still working" note comes as an update of the row.
            follower.update(event.job.progress)
          }
        } else if (event.job.state === 'cancelled') {
          end(event.job)
        }
        break
      case 'progress':
        for (const update of event.updates) if (started.has(update.id)) follower.update(update.progress)
        break
      case 'done':
      case 'failed':
        end(event.job)
        break
      default:
        break
    }
  })
}
