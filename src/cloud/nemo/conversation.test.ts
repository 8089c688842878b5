// Typed text routed as the protocol note says, against the loopback test server.
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createNemoEngine, type NemoEngine } from './engine'
import { MemoryClientIdStore } from '../testing'
import { adkText, NemoTestServer } from './test-server'
import type { EngineNews } from '../../jobs/types'

/** Records the replies (a "still working" has no words of its own). */
function replyInto(messages: string[]): (news: EngineNews) => void {
  return (news) => {
    if (news.kind === 'reply') messages.push(news.text)
  }
}

let server: NemoTestServer
let dir: string
let engine: NemoEngine

beforeEach(async () => {
  server = await NemoTestServer.start()
  dir = await mkdtemp(path.join(os.tmpdir(), 'nemo-chat-'))
  engine = createNemoEngine({
    apiUrl: server.url,
    clientIdStore: new MemoryClientIdStore(),
    appVersion: '1.0.0',
    timings: { firstPollMs: 10, maxPollMs: 40, stillWorkingEveryMs: 1_000 }
  })
})

afterEach(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

describe('NemoConversation', () => {
  it('answers credits and status without the agent, and says when there is nothing yet', async () => {
    const chat = engine.conversation()
    const messages: string[] = []
    const credits = await chat.handle({ text: 'how many credits do I have?', onNews: replyInto(messages) })
    expect(credits.route).toBe('credits')
    expect(credits.credits).toEqual({ available: 90, frozen: 10, total: 100 })
    expect((await chat.handle({ text: 'status', onNews: replyInto(messages) })).route).toBe('status')
    expect((await chat.handle({ text: 'export', onNews: replyInto(messages) })).output).toBeUndefined()
    expect(messages).toEqual([
      'NemoVideo credits: 90 available (10 reserved for work in progress), 100 in total.',
      'There is no NemoVideo project yet: send a file or a request first.',
      'There is nothing on the timeline to export yet: send a file or a request first.'
    ])
    expect(server.hits(/^\/run_sse$/)).toHaveLength(0)
  })

  it('uploads a given file, sends the rest as a message, shows status and exports on request', async () => {
    const file = path.join(dir, 'clip.mov')
    const original = randomBytes(50_000)
    await writeFile(file, original)
    const chat = engine.conversation()
    const messages: string[] = []
    const first = await chat.handle({ text: 'add lo-fi music and export', file, onNews: replyInto(messages) })
    expect(first.route).toBe('upload')
    // "and export" inside an edit goes to the agent, whose reply says to click Export: exported.
    expect(server.hits(/^\/run_sse$/)).toHaveLength(1)
    expect([...server.sessions.values()][0]?.messages).toEqual(['add lo-fi music and export'])
    expect(first.output).toBe(path.join(dir, 'clip.compressed.mp4'))

    const status = await chat.handle({ text: 'show tracks', onNews: replyInto(messages) })
    expect(status.state?.summary).toBe('Timeline (1 track): 1. Video: clip.mov (0-1s)')

    const exported = await chat.handle({ text: 'export', onNews: replyInto(messages) })
    expect(exported.route).toBe('export')
    expect(exported.output).toBe(path.join(dir, 'clip.compressed (2).mp4'))
    expect(await readFile(exported.output ?? '')).toEqual(server.resultBytes)
    expect(server.hits(/^\/run_sse$/)).toHaveLength(1)
    expect(await readFile(file)).toEqual(original)
    expect((await readdir(dir)).sort()).toEqual(['clip.compressed (2).mp4', 'clip.compressed.mp4', 'clip.mov'])
    expect(messages.join('\n')).not.toMatch(/click/i)
  })

  it('sends ordinary text as a message and does not export unless told', async () => {
    server.sseScript = [{ write: adkText('Added a title "Urban Dreams". Open the Text panel to see it.') }]
    const chat = engine.conversation()
    const messages: string[] = []
    const turn = await chat.handle({ text: 'add a title', outputDir: dir, onNews: replyInto(messages) })
    expect(turn.route).toBe('message')
    expect(turn.output).toBeUndefined()
    // "Open the ... panel" became the state summary.
    expect(messages).toEqual(['Added a title "Urban Dreams".', 'Timeline (1 track): 1. Video: clip (0-1s)'])
    expect(await readdir(dir)).toEqual([])
  })
})
