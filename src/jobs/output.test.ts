import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isCompressedOutputName } from '../shared/video-files'
import { listFolder, makeWorkDir } from '../../test/fixtures'
import { commitOutput, compressedName, isTempOutputOf, nextFreeOutputPath, prepareTempOutput } from './output'

describe('output naming', () => {
  it('<name>.compressed.<ext>, then (2), (3)', () => {
    expect(compressedName('/a/My clip.MOV', 'mp4')).toBe('My clip.compressed.mp4')
    expect(compressedName('/a/clip.tar.webm', 'webm', 2)).toBe('clip.tar.compressed (2).webm')
  })

  it('a name near the 255-byte limit (a long CJK title) is shortened so the result can be written', async () => {
    const dir = await makeWorkDir('out')
    const input = path.join(dir, `${'视频标题'.repeat(20)}.mp4`) // 240 bytes + .mp4
    const temp = await prepareTempOutput(input, 'mp4')
    expect(Buffer.byteLength(path.basename(temp))).toBeLessThanOrEqual(255)
    await writeFile(temp, 'new')
    const final = await commitOutput(temp, input, 'mp4')
    expect(Buffer.byteLength(path.basename(final))).toBeLessThanOrEqual(255)
    expect(path.basename(final)).toMatch(/^视频标题.*\.compressed\.mp4$/)
    expect(path.basename(await nextFreeOutputPath(input, 'mp4'))).toMatch(/\.compressed \(2\)\.mp4$/)
  })

  it('commits to the first free name without replacing anything', async () => {
    const dir = await makeWorkDir('out')
    const input = path.join(dir, 'clip.mov')
    await writeFile(path.join(dir, 'clip.compressed.mp4'), 'existing')
    expect(await nextFreeOutputPath(input, 'mp4')).toBe(path.join(dir, 'clip.compressed (2).mp4'))
    const temp = await prepareTempOutput(input, 'mp4')
    expect(path.basename(temp)).toMatch(/^\.clip\.compressing-[0-9a-f]{8}\.mp4$/)
    await writeFile(temp, 'new')
    const final = await commitOutput(temp, input, 'mp4')
    expect(final).toBe(path.join(dir, 'clip.compressed (2).mp4'))
    expect(await readFile(path.join(dir, 'clip.compressed.mp4'), 'utf8')).toBe('existing')
    expect(await readFile(final, 'utf8')).toBe('new')
    expect(await listFolder(dir)).toEqual(['clip.compressed (2).mp4', 'clip.compressed.mp4'])
  })

  it('a missing output folder given explicitly is created', async () => {
    const dir = await makeWorkDir('out')
    const temp = await prepareTempOutput(path.join(dir, 'a.mp4'), 'mp4', path.join(dir, 'x', 'y'))
    expect(path.dirname(temp)).toBe(path.join(dir, 'x', 'y'))
  })
})

describe('isTempOutputOf', () => {
  it('recognises the temporary names of one input only, long shortened names included', async () => {
    const dir = await makeWorkDir('out')
    const input = path.join(dir, 'clip.mov')
    const temp = path.basename(await prepareTempOutput(input, 'mp4'))
    expect(isTempOutputOf(temp, input)).toBe(true)
    expect(isTempOutputOf(temp, path.join(dir, 'other.mov'))).toBe(false)
    expect(isTempOutputOf('clip.compressed.mp4', input)).toBe(false)
    expect(isTempOutputOf('.clip.compressing-zzzzzzzz.mp4', input)).toBe(false)
    const longInput = path.join(dir, `${'海'.repeat(90)}.mp4`)
    const longTemp = path.basename(await prepareTempOutput(longInput, 'webm'))
    expect(Buffer.byteLength(longTemp)).toBeLessThanOrEqual(255)
    expect(isTempOutputOf(longTemp, longInput)).toBe(true)
    expect(isTempOutputOf(longTemp, path.join(dir, `山${'海'.repeat(89)}.mp4`))).toBe(false)
  })
})

describe('result names and the rule that recognises them (one source: shared/video-files.ts)', () => {
  it('every name compressedName makes is recognised as a result; originals and temp files are not', () => {
    const long = `${'é'.repeat(200)}.mov`
    for (const input of ['/v/clip.mp4', '/v/my trip.MOV', `/v/${long}`]) {
      for (const counter of [1, 2, 17]) expect(isCompressedOutputName(compressedName(input, 'mp4', counter))).toBe(true)
    }
    expect(isCompressedOutputName('clip.mp4')).toBe(false)
    expect(isCompressedOutputName('compressed.mp4')).toBe(false)
    expect(isCompressedOutputName('.clip.compressing-0a1b2c3d.mp4')).toBe(false)
  })
})
