// The app's "Use the graphics chip when it helps" setting reaches the local engine (issue 17):
// the engine for the next job is made with the setting as it is then, and a change makes a new one.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { EngineConfig } from '../engine/types'
import { createInMemoryQueueRepository } from '../services/queue'
import { createMemoryKeyValuePort } from '../services/settings/testing'
import { type JobView, pageSettingsPatchSchema } from '../shared/ipc/contract'
import { type AppServices, createAppServices } from './app-services'

let dir = ''
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

function finished(services: AppServices, id: string): Promise<JobView> {
  return new Promise((resolve) => {
    const off = services.queue.subscribe((event) => {
      if ((event.type === 'done' || event.type === 'failed') && event.job.id === id) {
        off()
        resolve(event.job)
      }
    })
  })
}

describe('the graphics chip setting', () => {
  it('defaults to auto, is validated, and is what the local engine is made with', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hardware-setting-'))
    const input = path.join(dir, 'clip.mp4')
    await writeFile(input, Buffer.alloc(1024, 1))
    const configs: EngineConfig[] = []
    const services = createAppServices({
      settingsStore: createMemoryKeyValuePort(),
      queueRepository: createInMemoryQueueRepository(),
      dialogs: { pickFiles: async () => [], pickFolder: async () => null, pickFfmpeg: async () => null },
      shell: { openPath: async () => '', showItemInFolder: () => undefined },
      createLocalEngine: async (config) => {
        configs.push(config)
        return {
          compress: async (request) => ({
            status: 'done',
            input: request.input,
            output: request.input,
            inputBytes: 1024,
            outputBytes: 512,
            message: 'ok',
            changes: [],
            elapsedMs: 1
          })
        }
      }
    })
    expect(services.settings.get().hardware).toBe('auto')
    expect(() => services.settings.update({ hardware: 'sometimes' })).toThrow(/"hardware" is not valid/)
    const run = async (): Promise<void> => {
      const { added } = await services.handlers['queue:add-files']([input], 'under 500KB')
      const id = added[0]?.id ?? ''
      await finished(services, id)
    }
    await run()
    // The page's change as the IPC layer checks it, then the handler behind settings:update.
    expect(pageSettingsPatchSchema.safeParse({ hardware: 'off' }).success).toBe(true)
    expect(pageSettingsPatchSchema.safeParse({ hardware: 'gpu' }).success).toBe(false)
    expect(await services.handlers['settings:update']({ hardware: 'off' })).toMatchObject({ hardware: 'off' })
    await run()
    expect(configs.map((config) => config.hardware)).toEqual(['auto', 'off'])
  })
})
