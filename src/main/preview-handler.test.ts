// The app's preview channel (issue #12 "A preview at the planned size"): the page names a job, main
// finds its file and options, and only a waiting job is previewed, on the local engine. The engine
// here stands in for the local one (its own preview is tested with real ffmpeg in
// test/engine-preview.test.ts); the queue, settings and handlers are the app's own.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PreviewRequest, PreviewResult } from '../engine'
import type { CompressJobRequest, CompressionEngine } from '../jobs/types'
import { createInMemoryQueueRepository } from '../services/queue'
import { createMemoryKeyValuePort } from '../services/settings/testing'
import type { CompressResult } from '../shared/compression'
import { createAppServices } from './app-services'
import type { AppServices } from './app-services'

let dir: string | null = null
let services: AppServices | null = null

afterEach(async () => {
  await services?.queue.shutdown()
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = null
  services = null
})

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47])

/** An engine whose jobs wait until released, and whose previews wait for `finishPreview`. */
function standInEngine(): {
  engine: CompressionEngine & { preview(request: PreviewRequest): Promise<PreviewResult> }
  previews: PreviewRequest[]
  finishPreview(): void
} {
  const previews: PreviewRequest[] = []
  const waiting: Array<() => void> = []
  const engine = {
    compress: (request: CompressJobRequest): Promise<CompressResult> =>
      new Promise((_resolve, reject) => request.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')))),
    preview: (request: PreviewRequest): Promise<PreviewResult> => {
      previews.push(request)
      return new Promise((resolve, reject) => {
        request.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')))
        waiting.push(() =>
          resolve({
            input: request.input,
            inputBytes: 1000,
            frames: [{ atSeconds: 1.5, before: PNG, after: PNG }],
            quality: { ssim: 0.987, vmaf: null, label: 'same' },
            predictedBytes: 400,
            predictedSeconds: 12,
            changes: ['lowered resolution to 720p'],
            message: null
          } as unknown as PreviewResult)
        )
      })
    }
  }
  return { engine, previews, finishPreview: () => waiting.shift()?.() }
}

async function setup(): Promise<{ services: AppServices; running: string; waiting: string; stand: ReturnType<typeof standInEngine> }> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'preview-handler-'))
  const a = path.join(dir, 'a.mp4')
  const b = path.join(dir, 'b.mp4')
  await writeFile(a, 'a')
  await writeFile(b, 'b')
  const stand = standInEngine()
  services = createAppServices({
    settingsStore: createMemoryKeyValuePort(),
    queueRepository: createInMemoryQueueRepository(),
    dialogs: { pickFiles: async () => [], pickFolder: async () => null, pickFfmpeg: async () => null },
    shell: { openPath: async () => '', showItemInFolder: () => undefined },
    createLocalEngine: async () => stand.engine
  })
  services.settings.update({ concurrency: 1 })
  const [first, second] = services.queue.add(
    [
      { input: a, inputBytes: 1 },
      { input: b, inputBytes: 1 }
    ],
    { text: 'under 10MB', options: { targetBytes: 10_000_000 }, outputDir: null }
  )
  if (!first || !second) throw new Error('two jobs expected')
  await expect.poll(() => services?.queue.get(first.id)?.state).toBe('running')
  return { services, running: first.id, waiting: second.id, stand }
}

describe('queue:preview', () => {
  it('previews a waiting job with its own file and options, as data URLs', async () => {
    const { services, waiting, stand } = await setup()
    const pending = services.handlers['queue:preview'](waiting)
    await expect.poll(() => stand.previews.length).toBe(1)
    expect(stand.previews[0]?.input).toBe(services.queue.get(waiting)?.input)
    expect(stand.previews[0]?.options).toEqual({ targetBytes: 10_000_000 })
    stand.finishPreview()
    const preview = await pending
    expect(preview.samples).toEqual([
      { atSeconds: 1.5, before: `data:image/png;base64,${PNG.toString('base64')}`, after: `data:image/png;base64,${PNG.toString('base64')}` }
    ])
    expect(preview).toMatchObject({
      jobId: waiting,
      predictedBytes: 400,
      predictedSeconds: 12,
      changes: ['lowered resolution to 720p'],
      quality: { ssim: 0.987, label: 'same' }
    })
  })

  it('says so for a job id that is not in the queue', async () => {
    const { services } = await setup()
    await expect(services.handlers['queue:preview']('no-such-job')).rejects.toMatchObject({
      code: 'not-found',
      message: 'This job is no longer in the queue. Refresh the list and try again.',
      words: { key: 'errors:app.jobGone', params: {} }
    })
  })

  it('refuses a job that has started, with a sentence', async () => {
    const { services, running, stand } = await setup()
    await expect(services.handlers['queue:preview'](running)).rejects.toMatchObject({
      code: 'invalid-option',
      message: expect.stringMatching(/^Only a job that has not started can be previewed\./)
    })
    expect(stand.previews).toHaveLength(0)
  })

  it('stops the preview before when a new one of the same job starts, and on cancel', async () => {
    const { services, waiting, stand } = await setup()
    const first = services.handlers['queue:preview'](waiting)
    await expect.poll(() => stand.previews.length).toBe(1)
    const second = services.handlers['queue:preview'](waiting)
    await expect(first).rejects.toMatchObject({ name: 'AbortError' })
    await expect.poll(() => stand.previews.length).toBe(2)
    await services.handlers['queue:cancel-preview'](waiting)
    await expect(second).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('says the cloud engine has no preview', async () => {
    const { services, waiting, stand } = await setup()
    services.settings.update({ engine: 'cloud' })
    await expect(services.handlers['queue:preview'](waiting)).rejects.toMatchObject({
      code: 'cloud',
      message: expect.stringMatching(/^The cloud engine has no preview\./)
    })
    expect(stand.previews).toHaveLength(0)
  })
})
