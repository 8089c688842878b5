// The queue's state in the renderer and the pure updater that applies the main process's events
// to it (issue #4). Jobs are kept by id with a separate order, so a progress tick replaces a few
// entries and each row re-renders only when its own job changed (1,000 rows stay smooth).
import type { JobView, QueueEvent, QueueSnapshot } from '../../../shared/ipc/contract'

export interface QueueData {
  jobs: Readonly<Record<string, JobView>>
  order: readonly string[]
  paused: boolean
  loaded: boolean
}

export const EMPTY_QUEUE: QueueData = { jobs: {}, order: [], paused: false, loaded: false }

export function fromSnapshot(snapshot: QueueSnapshot): QueueData {
  const jobs: Record<string, JobView> = {}
  for (const job of snapshot.jobs) jobs[job.id] = job
  return { jobs, order: snapshot.jobs.map((job) => job.id), paused: snapshot.paused, loaded: true }
}

function upsert(data: QueueData, incoming: readonly JobView[]): QueueData {
  const jobs = { ...data.jobs }
  const order = [...data.order]
  for (const job of incoming) {
    if (!(job.id in jobs)) order.push(job.id)
    jobs[job.id] = job
  }
  return { ...data, jobs, order }
}

/** Events are idempotent: applying one twice, or after a snapshot that already has it, is harmless. */
export function applyQueueEvent(data: QueueData, event: QueueEvent): QueueData {
  switch (event.type) {
    case 'jobs-added':
      return upsert(data, event.jobs)
    case 'jobs-removed': {
      const gone = new Set(event.ids)
      const jobs = { ...data.jobs }
      for (const id of event.ids) delete jobs[id]
      return { ...data, jobs, order: data.order.filter((id) => !gone.has(id)) }
    }
    case 'job-updated':
    case 'heartbeat':
    case 'done':
    case 'failed':
      return upsert(data, [event.job])
    case 'progress': {
      const jobs = { ...data.jobs }
      for (const { id, progress } of event.updates) {
        const job = jobs[id]
        // A late tick for a job that has since finished must not turn it back into "running".
        if (job && job.state === 'running') jobs[id] = { ...job, progress }
      }
      return { ...data, jobs }
    }
    case 'paused':
      return { ...data, paused: event.paused }
    case 'batch-finished':
      return data
  }
}
