import { symlink, writeFile, chmod } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeWorkDir } from '../../../test/fixtures'
import { loadToolchain, locateTools, parseEncoderList, parseFfmpegVersion, parseFilterList } from './locate'

describe('locateTools order', () => {
  it('bundled binaries when nothing is set', () => {
    const found = locateTools({ env: { PATH: '' } })
    expect(found.ffmpeg.source).toBe('bundled')
    expect(found.ffmpeg.path).toMatch(/@ffmpeg-installer/)
    expect(found.ffprobe.path).toMatch(/@ffprobe-installer/)
  })

  it('FFMPEG_PATH/FFPROBE_PATH win over the bundled ones, an explicit path over both', async () => {
    const bundled = locateTools({ env: { PATH: '' } })
    const dir = await makeWorkDir('locate')
    const envFfmpeg = path.join(dir, 'env-ffmpeg')
    const explicitFfmpeg = path.join(dir, 'explicit-ffmpeg')
    await symlink(bundled.ffmpeg.path, envFfmpeg)
    await symlink(bundled.ffmpeg.path, explicitFfmpeg)
    const env = { PATH: '', FFMPEG_PATH: envFfmpeg, FFPROBE_PATH: bundled.ffprobe.path }
    expect(locateTools({ env }).ffmpeg).toEqual({ path: envFfmpeg, source: 'environment' })
    expect(locateTools({ env, ffmpegPath: explicitFfmpeg }).ffmpeg).toEqual({ path: explicitFfmpeg, source: 'explicit' })
  })

  it('a bad explicit or environment path is a clear error, not a silent fallback', async () => {
    expect(() => locateTools({ env: { PATH: '' }, ffmpegPath: '/nowhere/ffmpeg' })).toThrow(
      /set in the settings \(\/nowhere\/ffmpeg\) is not an executable file/
    )
    expect(() => locateTools({ env: { PATH: '', FFPROBE_PATH: '/nowhere/ffprobe' } })).toThrow(/FFPROBE_PATH points to \/nowhere\/ffprobe/)
  })

  it('detects the version and encoders of the bundled ffmpeg once', async () => {
    const first = loadToolchain()
    expect(loadToolchain()).toBe(first)
    const toolchain = await first
    expect(toolchain.encoders.has('libx264')).toBe(true)
    expect(toolchain.encoders.has('aac')).toBe(true)
    // The bundled build has libzimg: HDR sources can be tone-mapped.
    expect(toolchain.filters.has('zscale')).toBe(true)
    expect(toolchain.filters.has('tonemap')).toBe(true)
    expect(toolchain.version).not.toBe('')
  })

  it('a binary that does not run is reported', async () => {
    const dir = await makeWorkDir('locate')
    const fake = path.join(dir, 'ffmpeg')
    await writeFile(fake, '#!/bin/sh\nexit 3\n')
    await chmod(fake, 0o755)
    // From the app's settings: the message says to fix the setting; from the CLI: the flag.
    await expect(loadToolchain({ ffmpegPath: fake })).rejects.toThrow(
      /The ffmpeg set in the settings \(.*\) did not run \(it exited with code 3\)\. Point the settings to a working ffmpeg/
    )
    await expect(loadToolchain({ ffmpegPath: fake, explicitFrom: 'flags' })).rejects.toThrow(
      /^--ffmpeg .* did not run \(it exited with code 3\)\. Give --ffmpeg the path of a working ffmpeg/
    )
  })
})

describe('parsers', () => {
  it('versions', () => {
    expect(parseFfmpegVersion('ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024')).toBe('5.1.6')
    expect(parseFfmpegVersion('ffmpeg version n6.0 Copyright')).toBe('6.0')
    expect(parseFfmpegVersion('ffmpeg version N-47683-g0e8eb07980-static https://')).toBe('N-47683-g0e8eb07980-static')
  })
  it('encoder lists', () => {
    const text =
      'Encoders:\n V..... = Video\n ------\n V..... libx264              libx264 H.264\n A..X.. opus                 Opus\n S..... ass                  ASS\n'
    expect([...parseEncoderList(text)]).toEqual(['libx264', 'opus', 'ass'])
  })
  it('filter lists', () => {
    const text =
      'Filters:\n  T.. = Timeline support\n  ..C = Command support\n  A = Audio input/output\n TS. colorspace        V->V       Convert\n ..C zscale            V->V       Apply resizing\n ... amix              N->A       Audio mixing.\n ... nullsrc           |->V       Null video source.\n'
    expect([...parseFilterList(text)]).toEqual(['colorspace', 'zscale', 'amix', 'nullsrc'])
  })
})
