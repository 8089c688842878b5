// The record of handled files (issue #5 "No loops, ever"): survives restarts, written atomically,
// shared by two processes without losing either's entries, and never lost silently when damaged.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultWatchRecordPath, fileRecordStorage, openWatchRecord, type RecordInputDetails } from './record'
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

  it('keeps both processes\' entries when the app and the CLI share the file', async () => {
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
