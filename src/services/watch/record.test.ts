// The record of handled files (issue #5 "No loops, ever"): survives restarts, written atomically,
// shared by two processes without losing either's entries, and never lost silently when damaged.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { lock } from 'proper-lockfile'
import { afterEach, describe, expect, it } from 'vitest'
import { openWatchRecord, type RecordInputDetails } from './record'
import { defaultWatchRecordPath, fileRecordStorage, type WatchRecordStorage } from './record-storage'
import { memoryRecordStorage } from './testing'
import { makeTempDir } from './test-support'

const done: RecordInputDetails = { status: 'done', reason: 'compressed', message: 'ok', final: true, output: '/out/a.compressed.mp4', watchId: 'w' }

const folders: string[] = []
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
})

async function recordFile(): Promise<string> {
  const folder = await makeTempDir('record')
  folders.push(folder)
  return path.join(folder, 'nested', 'watch-record.json')
}

describe('WatchRecord', () => {
  it('remembers inputs and outputs across a restart, by path and exact size + mtime', async () => {
    const file = await recordFile()
    const first = await openWatchRecord({ storage: fileRecordStorage(file) })
    first.recordInput('/videos/a.mp4', { size: 100, mtimeMs: 1.5 }, done)
    first.recordOutput('/videos/a.compressed.mp4', { size: 40, mtimeMs: 2.25 }, '/videos/a.mp4')
    await first.flush()

    const second = await openWatchRecord({ storage: fileRecordStorage(file) })
    expect(second.isSettled('/videos/a.mp4', { size: 100, mtimeMs: 1.5 })).toBe(true)
    // Rewritten in place: a new file, to be taken again.
    expect(second.isSettled('/videos/a.mp4', { size: 101, mtimeMs: 1.5 })).toBe(false)
    expect(second.isOwnOutput('/videos/a.compressed.mp4', { size: 40, mtimeMs: 2.25 })).toBe(true)
    // Renamed output: same size and mtime under another name.
    expect(second.isOwnOutput('/elsewhere/for discord.mp4', { size: 40, mtimeMs: 2.25 })).toBe(true)
    expect(second.isOwnOutput('/videos/other.mp4', { size: 40, mtimeMs: 3 })).toBe(false)
  })

  it('does not settle outcomes that say nothing about the file itself', async () => {
    const record = await openWatchRecord({ storage: fileRecordStorage(await recordFile()) })
    record.recordInput('/v/gone.mp4', { size: 1, mtimeMs: 1 }, { ...done, status: 'skipped', reason: 'removed-before-processing', final: false, output: null })
    expect(record.findInput('/v/gone.mp4', { size: 1, mtimeMs: 1 })?.reason).toBe('removed-before-processing')
    expect(record.isSettled('/v/gone.mp4', { size: 1, mtimeMs: 1 })).toBe(false)
  })

  it('writes atomically in one burst-coalesced write and leaves no temporary files', async () => {
    const file = await recordFile()
    const record = await openWatchRecord({ storage: fileRecordStorage(file), saveDelayMs: 20 })
    for (let index = 0; index < 500; index++) record.recordInput(`/v/${index}.mp4`, { size: index, mtimeMs: index }, done)
    await record.flush()
    expect(await readdir(path.dirname(file))).toEqual(['watch-record.json'])
    const stored = JSON.parse(await readFile(file, 'utf8')) as { version: number; inputs: Record<string, unknown> }
    expect(stored.version).toBe(1)
    expect(Object.keys(stored.inputs)).toHaveLength(500)
  })

  it("keeps both processes' entries when the app and the CLI share the file", async () => {
    const file = await recordFile()
    const app = await openWatchRecord({ storage: fileRecordStorage(file) })
    const cli = await openWatchRecord({ storage: fileRecordStorage(file) })
    app.recordInput('/v/from-app.mp4', { size: 1, mtimeMs: 1 }, done)
    await app.flush()
    cli.recordInput('/v/from-cli.mp4', { size: 2, mtimeMs: 2 }, done)
    await cli.flush()

    const reopened = await openWatchRecord({ storage: fileRecordStorage(file) })
    expect(reopened.isSettled('/v/from-app.mp4', { size: 1, mtimeMs: 1 })).toBe(true)
    expect(reopened.isSettled('/v/from-cli.mp4', { size: 2, mtimeMs: 2 })).toBe(true)
    // The CLI learnt the app's entry when it saved.
    expect(cli.isSettled('/v/from-app.mp4', { size: 1, mtimeMs: 1 })).toBe(true)
  })

  it('keeps every entry of two separate processes saving into the same file at the same time', async () => {
    const file = await recordFile()
    const count = 150
    const writer = path.join(import.meta.dirname, 'record-writer.fixture.ts')
    const racers = ['app', 'cli'].map((prefix) => {
      const child = spawn(process.execPath, ['--import', 'tsx', writer, file, prefix, String(count)], { stdio: ['pipe', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      const ready = new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => stdout.includes('ready') && resolve())
        child.on('exit', (code) => reject(new Error(`${prefix} writer exited early (${code}): ${stderr}`)))
      })
      const exited = once(child, 'exit').then(([code]) => ({ prefix, code: code as number | null, stdout, stderr: () => stderr }))
      return { child, ready, exited }
    })
    await Promise.all(racers.map((racer) => racer.ready))
    // Both start saving at once: each entry is its own read-merge-write, interleaved with the other's.
    for (const racer of racers) racer.child.stdin.write('go\n')
    for (const result of await Promise.all(racers.map((racer) => racer.exited))) {
      expect(result.stderr(), `${result.prefix} writer`).toBe('')
      expect(result.code, `${result.prefix} writer`).toBe(0)
    }

    const stored = JSON.parse(await readFile(file, 'utf8')) as { inputs: Record<string, unknown> }
    const expected = ['app', 'cli'].flatMap((prefix) => Array.from({ length: count }, (_, index) => path.resolve(`/race/${prefix}-${index}.mp4`)))
    const missing = expected.filter((key) => !(key in stored.inputs))
    expect(missing).toEqual([])
    expect(Object.keys(stored.inputs)).toHaveLength(2 * count)
    // No lock or temporary file left behind.
    expect(await readdir(path.dirname(file))).toEqual(['watch-record.json'])
  })

  it('takes over a lock left behind by a crashed process', async () => {
    const file = await recordFile()
    // The lock folder of a process that died mid-save: no longer refreshed, so stale.
    await mkdir(`${file}.lock`, { recursive: true })
    const longAgo = new Date(Date.now() - 60_000)
    await utimes(`${file}.lock`, longAgo, longAgo)
    const warnings: string[] = []
    const record = await openWatchRecord({ storage: fileRecordStorage(file), onWarning: (message) => warnings.push(message) })
    record.recordInput('/v/a.mp4', { size: 1, mtimeMs: 1 }, done)
    await record.flush()
    expect(warnings).toEqual([])
    expect(await readdir(path.dirname(file))).toEqual(['watch-record.json'])
    const reopened = await openWatchRecord({ storage: fileRecordStorage(file) })
    expect(reopened.isSettled('/v/a.mp4', { size: 1, mtimeMs: 1 })).toBe(true)
  })

  it('waits for a save already under way instead of queueing another when nothing new was recorded', async () => {
    // Every save finds the lock busy, as behind a hung process: each one would be a full wait.
    let attempts = 0
    const lockWaits: Array<() => void> = []
    const busy: WatchRecordStorage = {
      ...memoryRecordStorage(),
      exclusive: () => {
        attempts++
        return new Promise((_resolve, reject) => lockWaits.push(() => reject(new Error('Lock file is already being held'))))
      }
    }
    const warnings: string[] = []
    const record = await openWatchRecord({ storage: busy, saveDelayMs: 60_000, onWarning: (message) => warnings.push(message) })
    record.recordInput('/v/a.mp4', { size: 1, mtimeMs: 1 }, done)
    const first = record.flush()
    const second = record.flush()
    // Stopping flushes once for the watchers and once for the jobs, while the first save still waits.
    await new Promise((resolve) => setImmediate(resolve))
    const third = record.flush()
    expect(lockWaits).toHaveLength(1)
    lockWaits[0]?.()
    await first
    await new Promise((resolve) => setImmediate(resolve))
    // Not a second and a third full wait behind the same busy lock, for nothing new to store.
    expect(attempts).toBe(1)
    await Promise.all([second, third])
    expect(warnings).toHaveLength(1)
    expect(record.hasUnsavedChanges).toBe(true)

    // Something recorded while a save runs is not in it: that flush is a save of its own.
    const running = record.flush()
    await new Promise((resolve) => setImmediate(resolve))
    record.recordInput('/v/b.mp4', { size: 2, mtimeMs: 2 }, done)
    const later = record.flush()
    lockWaits[1]?.()
    await running
    await new Promise((resolve) => setImmediate(resolve))
    lockWaits[2]?.()
    await later
    expect(attempts).toBe(3)
  })

  it('stops waiting for a lock another process holds once told to, leaving the record untouched', async () => {
    const file = await recordFile()
    await mkdir(path.dirname(file), { recursive: true })
    // A live holder: it keeps its lock fresh, so the lock never goes stale however long we wait.
    const releaseHolder = await lock(file, { realpath: false, stale: 5_000 })
    try {
      const stopWaiting = new AbortController()
      const warnings: string[] = []
      let lockFoundBusy: () => void = () => undefined
      const waitingOnTheLock = new Promise<void>((resolve) => (lockFoundBusy = resolve))
      const record = await openWatchRecord({
        storage: fileRecordStorage(file, { stopWaiting: stopWaiting.signal, onLockBusy: () => lockFoundBusy() }),
        onWarning: (message) => warnings.push(message)
      })
      record.recordInput('/v/a.mp4', { size: 1, mtimeMs: 1 }, done)
      const saving = record.flush()
      // The save tried the lock, found it held, and now waits to try again.
      await waitingOnTheLock
      expect(warnings).toEqual([])
      stopWaiting.abort()
      await saving
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/stopped waiting for the lock/)
      expect(record.hasUnsavedChanges).toBe(true)
      // Later saves try the lock once and give up at once while it stays busy.
      await record.flush()
      expect(warnings).toHaveLength(2)
      expect(warnings[1]).toMatch(/stopped waiting for the lock/)
      expect(await readdir(path.dirname(file))).toEqual(['watch-record.json.lock'])

      // A free lock is still taken: told to stop waiting means no waiting, not no saving.
      await releaseHolder()
      await record.flush()
      expect(warnings).toHaveLength(2)
      expect(record.hasUnsavedChanges).toBe(false)
      const reopened = await openWatchRecord({ storage: fileRecordStorage(file) })
      expect(reopened.isSettled('/v/a.mp4', { size: 1, mtimeMs: 1 })).toBe(true)
      expect(await readdir(path.dirname(file))).toEqual(['watch-record.json'])
    } finally {
      await releaseHolder().catch(() => undefined)
    }
  })

  it('sets a damaged record aside with a warning instead of failing or losing it', async () => {
    const file = await recordFile()
    await openWatchRecord({ storage: fileRecordStorage(file) }).then(async (record) => {
      record.recordInput('/v/a.mp4', { size: 1, mtimeMs: 1 }, done)
      await record.flush()
    })
    await writeFile(file, '{"version":1,"inputs":{"/v/a.mp4":{"size":"oops"')
    const warnings: string[] = []
    const record = await openWatchRecord({ storage: fileRecordStorage(file), onWarning: (message) => warnings.push(message) })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/set aside as .*watch-record\.json\.unreadable-\d+/)
    expect(record.snapshot().inputs).toEqual({})
    const aside = (await readdir(path.dirname(file))).filter((name) => name.includes('.unreadable-'))
    expect(aside).toHaveLength(1)
  })

  it('lives where the app and the CLI both look for it, unless overridden', () => {
    expect(defaultWatchRecordPath({}, 'linux', '/home/ada')).toBe('/home/ada/.config/compress-video/watch-record.json')
    expect(defaultWatchRecordPath({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ada')).toBe('/cfg/compress-video/watch-record.json')
    expect(defaultWatchRecordPath({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/compress-video/watch-record.json')
    expect(defaultWatchRecordPath({ COMPRESS_VIDEO_WATCH_RECORD: '/tmp/r.json' }, 'linux', '/home/ada')).toBe('/tmp/r.json')
  })
})
