// Cloud jobs through the app's wiring (issue #6 "Where users see it"): the real queue and handlers
// from createAppServices, the real NemoVideo engine, and the loopback NemoVideo test server over
// real HTTP with real SSE. What the user typed reaches the backend; the backend's replies and
// "⏳ Still working..." show on the job's row; the settings view can read the credits.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createNemoEngine } from '../cloud'
import { MemoryClientIdStore } from '../cloud/testing'
import type { NemoTimings } from '../cloud'
import { adkText, adkToolCall, HEARTBEAT_FRAMES, NemoTestServer } from '../cloud/nemo/test-server'
import { createInMemoryQueueRepository } from '../services/queue'
import { createMemoryKeyValuePort } from '../services/settings/testing'
import type { JobView, QueueEvent } from '../shared/ipc/contract'
import { createAppServices } from './app-services'
import type { AppServices } from './app-services'

const FAST: Partial<NemoTimings> = {
  rateLimitRetryMs: 50,
  requestTimeoutMs: 5_000,
  uploadAnswerTimeoutMs: 5_000,
  stillWorkingEveryMs: 150,
  messageTimeoutMs: 5_000,
  heartbeatOnlyTimeoutMs: 3_000,
  firstPollMs: 20,
  maxPollMs: 80,
  timeoutMs: 3_000
}

let server: NemoTestServer | null = null
let dir: string | null = null
let services: AppServices | null = null

afterEach(async () => {
  await services?.queue.shutdown()
  await server?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
  server = null
  dir = null
  services = null
})

async function setup(): Promise<{ server: NemoTestServer; services: AppServices; input: string; events: QueueEvent[] }> {
  server = await NemoTestServer.start()
  dir = await mkdtemp(path.join(os.tmpdir(), 'cloud-jobs-'))
  const input = path.join(dir, 'trip.mp4')
  await writeFile(input, Buffer.alloc(200 * 1024, 7))
  const url = server.url
  const engine = createNemoEngine({ apiUrl: url, clientIdStore: new MemoryClientIdStore(), appVersion: '1.2.3', platform: 'linux', timings: FAST })
  const requested: Array<string | null> = []
  services = createAppServices({
    settingsStore: createMemoryKeyValuePort(),
    queueRepository: createInMemoryQueueRepository(),
    dialogs: { pickFiles: async () => [], pickFolder: async () => null, pickFfmpeg: async () => null },
    shell: { openPath: async () => '', showItemInFolder: () => undefined },
    createCloudEngine: (apiUrl) => {
      requested.push(apiUrl)
      return engine
    },
    createLocalEngine: () => Promise.reject(new Error('the local engine must not run when cloud is chosen'))
  })
  services.settings.update({ engine: 'cloud', cloudApiUrl: url })
  const events: QueueEvent[] = []
  services.queue.subscribe((event) => events.push(event))
  return { server, services, input, events }
}

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

/** What the job's row was shown over its life: backend messages and heartbeats, in order. */
function rowTexts(events: readonly QueueEvent[], id: string): { messages: string[]; heartbeats: number } {
  const messages: string[] = []
  let heartbeats = 0
  for (const event of events) {
    if ((event.type === 'job-updated' || event.type === 'heartbeat') && event.job.id === id) {
      if (event.job.message && messages.at(-1) !== event.job.message) messages.push(event.job.message)
      if (event.type === 'heartbeat' && event.job.stillWorking) heartbeats++
    }
  }
  return { messages, heartbeats }
}

describe('cloud jobs in the app', () => {
  it('sends the typed request to NemoVideo and shows its replies in the job row', async () => {
    const { server, services, input, events } = await setup()
    server.sseScript = [
      { write: adkToolCall() },
      { write: adkText('Compressing to 720p for you now.') },
      { applyEdit: true },
      { write: adkText('Done! Click the Export button to download it.') }
    ]
    const { added } = await services.handlers['queue:add-files']([input], 'make it 720p please')
    const job = added[0]!
    expect(job.request).toBe('make it 720p please')
    const result = await finished(services, job.id)
    expect(result.state, result.outcome?.message).toBe('done')
    expect(await readFile(result.outcome!.output!)).toEqual(server.resultBytes)

    // The backend got the user's words, not a sentence made up from the options.
    const sent = [...server.sessions.values()].flatMap((session) => session.messages)
    expect(sent).toEqual(['make it 720p please'])
    // The row showed the replies (GUI talk translated), and the result replaced them at the end.
    const { messages } = rowTexts(events, job.id)
    expect(messages).toContain('Compressing to 720p for you now.')
    expect(messages.some((message) => message.startsWith('Done!'))).toBe(true)
    expect(messages.join(' ')).not.toMatch(/edit_multitrack|tool-args/)
    expect(result.message).toBeNull()
  })

  it('uses the default request from the settings when nothing is typed', async () => {
    const { server, services, input } = await setup()
    // A size alone would not reach the cloud: this small file is under it (nothing to do, nothing sent).
    services.settings.update({ defaultRequest: 'under 5 MB, 480p' })
    const { added } = await services.handlers['queue:add-files']([input], '')
    expect((await finished(services, added[0]!.id)).state).toBe('done')
    expect([...server.sessions.values()].flatMap((session) => session.messages)).toEqual(['under 5 MB, 480p'])
  })

  it('shows "Still working" on the row while the backend only sends heartbeats', async () => {
    const { server, services, input, events } = await setup()
    server.sseScript = [
      { write: adkToolCall() },
      ...Array.from({ length: 12 }, () => [{ write: HEARTBEAT_FRAMES.typed }, { waitMs: 50 }]).flat(),
      { write: adkText('All set.') }
    ]
    const { added } = await services.handlers['queue:add-files']([input], 'smaller')
    const id = added[0]!.id
    const result = await finished(services, id)
    expect(result.state, result.outcome?.message).toBe('done')
    const { messages, heartbeats } = rowTexts(events, id)
    expect(heartbeats).toBeGreaterThanOrEqual(2)
    // A heartbeat is shown as the heartbeat, not as a backend reply.
    expect(messages.filter((text) => /still working/i.test(text))).toEqual([])
    expect(messages).toContain('All set.')
  })

  it('reads the credits for the settings view from the configured address', async () => {
    const { services } = await setup()
    const credits = await services.handlers['cloud:credits']()
    expect(credits).toMatchObject({ available: 90, frozen: 10, total: 100 })
    expect(credits.summary).toContain('90 available')
  })
})
