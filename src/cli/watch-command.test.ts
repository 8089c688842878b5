// `compress-video watch` headless (issue #5 "CLI"): JSON lines per event, readable lines
// otherwise, usage errors, and Ctrl-C (the signal) stopping cleanly with no partial output.
import { mkdir, readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalEngine } from '../engine/index'
import type { CompressionEngine } from '../jobs/types'
import { EVENT_TIMEOUT_MS, ObservedEngine, makeTempDir, makeTestVideo, waitUntil } from '../services/watch/test-support'
import { runWatchCommand, type WatchCommandArgs, type WatchProgressView } from './watch-command'

/** Collects text written by the command and lets tests wait for a line. */
class TextCollector {
  text = ''
  private readonly waiters = new Set<() => void>()

  write = (chunk: string): boolean => {
    this.text += chunk
    for (const waiter of [...this.waiters]) waiter()
    return true
  }

  lines(): string[] {
    return this.text.split('\n').filter((line) => line.length > 0)
  }

  waitForLine(predicate: (line: string) => boolean, what: string, timeoutMs = EVENT_TIMEOUT_MS): Promise<string> {
    return waitUntil(
      () => this.lines().find(predicate) ?? null,
      (wake) => {
        this.waiters.add(wake)
        return () => this.waiters.delete(wake)
      },
      () => `${what}; output so far:\n${this.text}`,
      timeoutMs
    )
  }
}

let engine: CompressionEngine
let root: string

beforeAll(async () => {
  engine = await createLocalEngine()
  root = await makeTempDir('cli')
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

async function setup(label: string): Promise<{ folder: string; args: WatchCommandArgs }> {
  const folder = path.join(root, label, 'inbox')
  await mkdir(folder, { recursive: true })
  const args: WatchCommandArgs = {
    folder,
    request: null,
    options: {},
    recursive: false,
    includeExisting: false,
    outputDir: null,
    json: true,
    recordPath: path.join(root, label, 'watch-record.json'),
    stabilityMs: 300,
    folderPollMs: 200
  }
  return { folder, args }
}

function parseLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('runWatchCommand', () => {
  it('prints one JSON object per event and stops cleanly when aborted', async () => {
    const { folder, args } = await setup('json')
    const stdout = new TextCollector()
    const stderr = new TextCollector()
    const abort = new AbortController()
    const running = runWatchCommand(args, { stdout, stderr, signal: abort.signal, engine })

    await stderr.waitForLine((line) => line.startsWith('Watching '), 'the banner')
    const clip = await makeTestVideo(path.join(folder, 'clip.mp4'))
    await stdout.waitForLine((line) => line.includes('"event":"done"'), 'a done line')
    abort.abort()
    expect(await running).toBe(0)

    // Every event is a line; the output showing up in the folder is one ("ignored").
    const all = parseLines(stdout.text)
    expect(all).toContainEqual({ event: 'ignored', input: path.join(folder, 'clip.compressed.mp4'), reason: 'compressed-output' })
    const events = all.filter((event) => event.event !== 'ignored')
    expect(events.map((event) => event.event)).toEqual(['queued', 'done'])
    expect(events[0]).toMatchObject({ event: 'queued', input: clip })
    expect(events[1]).toMatchObject({ event: 'done', status: 'done', input: clip, output: path.join(folder, 'clip.compressed.mp4') })
    expect(typeof events[1]?.outputBytes).toBe('number')
    expect(stderr.text).toMatch(/Stopped watching/)
  })

  it('cancels the running job on abort and leaves no partial output behind', async () => {
    const { folder, args } = await setup('abort')
    const observed = new ObservedEngine(engine)
    const stdout = new TextCollector()
    const stderr = new TextCollector()
    const abort = new AbortController()
    // A two-pass encode of a longer clip, so the abort lands while ffmpeg is working.
    const running = runWatchCommand({ ...args, options: { targetBytes: 150_000 } }, { stdout, stderr, signal: abort.signal, engine: observed })
    await stderr.waitForLine((line) => line.startsWith('Watching '), 'the banner')
    const clip = await makeTestVideo(path.join(folder, 'long.mp4'), 20)
    await observed.waitForPhase(clip, 'encoding')
    abort.abort()
    expect(await running).toBe(0)

    const events = parseLines(stdout.text)
    expect(events.map((event) => event.event)).toEqual(['queued', 'cancelled'])
    expect(await readdir(folder)).toEqual(['long.mp4'])
  })

  it('prints readable lines without --json', async () => {
    const { folder, args } = await setup('text')
    const stdout = new TextCollector()
    const abort = new AbortController()
    const running = runWatchCommand({ ...args, json: false, request: 'smaller' }, { stdout, stderr: new TextCollector(), signal: abort.signal, engine })
    await stdout.waitForLine((line) => line.startsWith('Watching '), 'the banner')
    expect(stdout.text).toContain('for "smaller"')
    const clip = await makeTestVideo(path.join(folder, 'clip.mp4'))
    const done = await stdout.waitForLine((line) => line.startsWith('done'), 'a done line')
    abort.abort()
    expect(await running).toBe(0)
    expect(done).toContain(`${clip} -> ${path.join(folder, 'clip.compressed.mp4')}`)
    expect(stdout.lines().some((line) => line.startsWith('queued') && line.includes(clip))).toBe(true)
  })

  it("shows the running job's progress through the view it is given (the CLI passes its plain-line view)", async () => {
    const { folder, args } = await setup('progress')
    const stdout = new TextCollector()
    const abort = new AbortController()
    const seen: string[] = []
    const progress: WatchProgressView = {
      start: (name) => seen.push(`start ${name}`),
      update: (update) => seen.push(`${update.phase} ${Math.floor(update.percent)}`),
      stop: () => seen.push('stop')
    }
    const running = runWatchCommand(
      { ...args, json: false, options: { targetBytes: 150_000 } },
      { stdout, stderr: new TextCollector(), signal: abort.signal, engine, progress }
    )
    await stdout.waitForLine((line) => line.startsWith('Watching '), 'the banner')
    await makeTestVideo(path.join(folder, 'clip.mp4'), 20)
    await stdout.waitForLine((line) => line.startsWith('done'), 'a done line')
    abort.abort()
    expect(await running).toBe(0)
    expect(seen[0]).toBe('start clip.mp4')
    expect(seen.some((entry) => /^analysing \d+$/.test(entry))).toBe(true)
    expect(seen.some((entry) => /^encoding \d+$/.test(entry))).toBe(true)
    expect(seen.slice(-2)).toEqual(['finishing 100', 'stop'])
  })

  it('refuses a folder that does not exist, with exit code 2', async () => {
    const { args } = await setup('missing')
    const stderr = new TextCollector()
    const code = await runWatchCommand(
      { ...args, folder: path.join(root, 'missing', 'nope') },
      { stdout: new TextCollector(), stderr, signal: new AbortController().signal, engine }
    )
    expect(code).toBe(2)
    expect(stderr.text).toMatch(/does not exist/)
  })
})
