import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveInputPaths } from './inputs'

describe('resolveInputPaths (real folders)', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'inputs-'))
    await mkdir(path.join(root, 'trip', 'day 2'), { recursive: true })
    await mkdir(path.join(root, 'empty'))
    await writeFile(path.join(root, 'trip', 'a.MP4'), 'aaaa')
    await writeFile(path.join(root, 'trip', 'a.compressed.mp4'), 'result')
    await writeFile(path.join(root, 'trip', '.a.compressing-0a1b2c3d.mp4'), 'partial')
    await writeFile(path.join(root, 'trip', 'readme.txt'), 'text')
    await writeFile(path.join(root, 'trip', 'day 2', 'b.mov'), 'bb')
    await writeFile(path.join(root, 'notes.txt'), 'text')
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('adds the videos inside folders, not our own results, partial files or other files', async () => {
    const { files, rejected } = await resolveInputPaths([path.join(root, 'trip')])
    expect(files).toEqual([
      { input: path.join(root, 'trip', 'a.MP4'), inputBytes: 4 },
      { input: path.join(root, 'trip', 'day 2', 'b.mov'), inputBytes: 2 }
    ])
    expect(rejected).toEqual([])
  })

  it('reports what it cannot add, each with a sentence', async () => {
    const { files, rejected } = await resolveInputPaths([path.join(root, 'notes.txt'), path.join(root, 'empty'), path.join(root, 'gone.mp4')])
    expect(files).toEqual([])
    expect(rejected.map((item) => item.message)).toEqual([
      expect.stringMatching(/^"notes.txt" is not a video file/),
      expect.stringMatching(/^The folder "empty" has no videos in it/),
      expect.stringMatching(/^"gone.mp4" could not be found/)
    ])
  })

  it('adds the same file once even when given twice', async () => {
    const file = path.join(root, 'trip', 'a.MP4')
    expect((await resolveInputPaths([file, file, path.join(root, 'trip')])).files.map((item) => item.input)).toEqual([
      file,
      path.join(root, 'trip', 'day 2', 'b.mov')
    ])
  })
})
