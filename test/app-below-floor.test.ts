// The app's choice for a job its quality floor refused (issue #12 "the user chooses"), through the
// app's own handlers, queue and local engine with real ffmpeg: the row's two ways on are one
// channel, 'queue:retry-below-floor', which reads the size from the job's own outcome.
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAppServices, type AppServices } from '../src/main/app-services'
import { createInMemoryQueueRepository } from '../src/services/queue'
import { createMemoryKeyValuePort } from '../src/services/settings/testing'
import { meetsFloor } from '../src/shared/compression'
import { copyInto, listFolder, makeWorkDir } from './fixtures'
import { footagePath } from './footage'

let services: AppServices | null = null

afterEach(async () => {
  await services?.queue.shutdown()
  services = null
})

function appServices(): AppServices {
  services = createAppServices({
    settingsStore: createMemoryKeyValuePort(),
    queueRepository: createInMemoryQueueRepository(),
    dialogs: { pickFiles: async () => [], pickFolder: async () => null, pickFfmpeg: async () => null },
    shell: { openPath: async () => '', showItemInFolder: () => undefined }
  })
  return services
}

/** The rocket launch (8 s, 640x360, 488 KB) at 120 KB: visible blocks, below "must look good". */
const REQUEST = 'under 120KB, must look good'

async function refusedJob(app: AppServices, name: string): Promise<{ id: string; input: string; dir: string }> {
  const dir = await makeWorkDir(name)
  const input = await copyInto(footagePath('rocket'), dir)
  const { added, rejected } = await app.handlers['queue:add-files']([input], REQUEST)
  expect(rejected).toEqual([])
  const id = added[0]!.id
  const { job } = await app.queue.finished(id)
  expect(job.state, job.outcome?.message).toBe('failed')
  expect(job.outcome?.errorCode).toBe('below-quality-floor')
  return { id, input, dir }
}

describe("the app's choice for a job below its quality floor", () => {
  it('"Compress to N" runs it again at the smallest size that meets the floor, and the result meets it', async () => {
    const app = appServices()
    const { id, input, dir } = await refusedJob(app, 'app-floor-smallest')
    const smallest = app.queue.get(id)!.outcome!.smallestBytesForFloor
    expect(smallest).toBeGreaterThan(120_000)
    expect(await listFolder(dir)).toEqual([path.basename(input)])

    await app.handlers['queue:retry-below-floor'](id, 'at-smallest-size')
    expect(app.queue.get(id)!.options.targetBytes).toBe(smallest)
    const { job, result } = await app.queue.finished(id)
    expect(job.state, job.outcome?.message).toBe('done')
    expect(result.outputBytes).toBeLessThanOrEqual(smallest!)
    expect(meetsFloor(result.quality!, 'good')).toBe(true)
    // The row's request is the user's, and says the size it ran at.
    expect(job.request).toMatch(/^under 120KB, must look good → [\d.]+ KB$/)
  })

  it('"Compress anyway" runs it at the target below the floor; other jobs are refused the channel with a reason', async () => {
    const app = appServices()
    const { id } = await refusedJob(app, 'app-floor-anyway')
    await app.handlers['queue:retry-below-floor'](id, 'anyway')
    const { job, result } = await app.queue.finished(id)
    expect(job.state, job.outcome?.message).toBe('done')
    expect(result.outputBytes).toBeLessThanOrEqual(120_000)
    expect(result.changes.some((change) => change.startsWith('below the quality floor, as allowed'))).toBe(true)

    // A finished job (this one, now done) is not one the floor refused: nothing runs again.
    await expect(async () => app.handlers['queue:retry-below-floor'](id, 'anyway')).rejects.toThrow(/was not stopped by its quality floor; use Retry/)
    expect(app.queue.get(id)!.state).toBe('done')
  })
})
