// The hardware encoder table and its probe (issue 17, part 2). The machines these tests run on
// have no encoder chip: the probe must find none and say why for each listed encoder.
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadToolchain } from './locate'
import {
  HARDWARE_ENCODERS,
  chooseHardware,
  describeUnavailable,
  hardwareEncoderNamed,
  hardwareRateArgs,
  hardwareWorthIt,
  probeArgs,
  probeHardware
} from './hardware'

const encoder = (name: string) => {
  const found = hardwareEncoderNamed(name)
  if (!found) throw new Error(`${name} is not in the table`)
  return found
}

describe('hardware encoder arguments (checked against ffmpeg documentation and HandBrake, not run here)', () => {
  it('NVENC: VBR with full-resolution multipass, lookahead and VBV', () => {
    expect(hardwareRateArgs(encoder('h264_nvenc'), 2_000_000)).toEqual([
      '-preset',
      'p5',
      '-tune',
      'hq',
      '-rc',
      'vbr',
      '-multipass',
      'fullres',
      '-rc-lookahead',
      '32',
      '-spatial-aq',
      '1',
      '-b:v',
      '2000000',
      '-maxrate',
      '3000000',
      '-bufsize',
      '4000000',
      '-pix_fmt',
      'yuv420p'
    ])
    expect(hardwareRateArgs(encoder('hevc_nvenc'), 2_000_000)).toEqual(hardwareRateArgs(encoder('h264_nvenc'), 2_000_000))
  })

  it('Quick Sync: lookahead rate control (h264 look_ahead, hevc extbrc), VBR with maxrate, NV12 frames', () => {
    expect(hardwareRateArgs(encoder('h264_qsv'), 1_500_000)).toEqual([
      '-preset',
      'slow',
      '-look_ahead',
      '1',
      '-look_ahead_depth',
      '40',
      '-b:v',
      '1500000',
      '-maxrate',
      '2250000',
      '-bufsize',
      '3000000',
      '-pix_fmt',
      'nv12'
    ])
    expect(hardwareRateArgs(encoder('hevc_qsv'), 1_500_000)).toEqual([
      '-preset',
      'slow',
      '-extbrc',
      '1',
      '-look_ahead_depth',
      '40',
      '-b:v',
      '1500000',
      '-maxrate',
      '2250000',
      '-bufsize',
      '3000000',
      '-pix_fmt',
      'nv12'
    ])
  })

  it('AMF: peak-constrained VBR at the quality preset', () => {
    for (const name of ['h264_amf', 'hevc_amf']) {
      expect(hardwareRateArgs(encoder(name), 1_000_000)).toEqual([
        '-usage',
        'transcoding',
        '-quality',
        'quality',
        '-rc',
        'vbr_peak',
        '-b:v',
        '1000000',
        '-maxrate',
        '1500000',
        '-bufsize',
        '2000000',
        '-pix_fmt',
        'nv12'
      ])
    }
  })

  it('VA-API: the render node before the input, NV12 upload filters, VBR rate control', () => {
    const vaapi = encoder('h264_vaapi')
    expect(vaapi.beforeInput).toEqual(['-vaapi_device', '/dev/dri/renderD128'])
    expect(vaapi.uploadFilters).toEqual(['format=nv12', 'hwupload'])
    expect(hardwareRateArgs(vaapi, 800_000)).toEqual(['-rc_mode', 'VBR', '-b:v', '800000', '-maxrate', '1200000', '-bufsize', '1600000'])
    expect(probeArgs(encoder('hevc_vaapi'))).toEqual([
      '-vaapi_device',
      '/dev/dri/renderD128',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=s=256x144:d=0.2',
      '-vf',
      'format=nv12,hwupload',
      '-c:v',
      'hevc_vaapi',
      '-rc_mode',
      'VBR',
      '-b:v',
      '300000',
      '-maxrate',
      '450000',
      '-bufsize',
      '600000',
      '-an',
      '-f',
      'null',
      '-'
    ])
  })

  it('VideoToolbox: average bitrate, a data-rate limit for H.264 only, no software fallback', () => {
    expect(hardwareRateArgs(encoder('h264_videotoolbox'), 1_000_000)).toEqual([
      '-allow_sw',
      '0',
      '-realtime',
      '0',
      '-b:v',
      '1000000',
      '-maxrate',
      '1500000',
      '-pix_fmt',
      'nv12'
    ])
    expect(hardwareRateArgs(encoder('hevc_videotoolbox'), 1_000_000)).toEqual(['-allow_sw', '0', '-realtime', '0', '-b:v', '1000000', '-pix_fmt', 'nv12'])
  })

  it('has an H.264 and an HEVC encoder for each vendor, and no ffmpeg two-pass options', () => {
    for (const vendor of ['videotoolbox', 'nvenc', 'qsv', 'amf', 'vaapi']) {
      expect(
        HARDWARE_ENCODERS.filter((e) => e.vendor === vendor)
          .map((e) => e.codec)
          .sort()
      ).toEqual(['h264', 'hevc'])
    }
    for (const e of HARDWARE_ENCODERS) expect(e.args).not.toContain('-pass')
  })
})

describe('when the graphics chip is worth it', () => {
  it('auto: only at generous bits per pixel or when speed was asked; on: always; off: never', () => {
    expect(hardwareWorthIt('auto', 'h264', 0.12, false).use).toBe(true)
    expect(hardwareWorthIt('auto', 'h264', 0.05, false)).toEqual({
      use: false,
      why: 'at 0.050 bits per pixel x264 looks better than the graphics chip (it is used from 0.1)'
    })
    expect(hardwareWorthIt('auto', 'hevc', 0.08, false).use).toBe(true)
    expect(hardwareWorthIt('auto', 'h264', 0.01, true).use).toBe(true)
    expect(hardwareWorthIt('on', 'h264', 0.01, false).use).toBe(true)
    expect(hardwareWorthIt('off', 'h264', 5, true).use).toBe(false)
  })
})

describe('the probe on this machine', () => {
  it('finds no working encoder in the bundled ffmpeg or a system one, and says why for each listed one', async () => {
    const toolchain = await loadToolchain()
    const paths = [toolchain.ffmpeg.path, ...(existsSync('/usr/bin/ffmpeg') ? ['/usr/bin/ffmpeg'] : [])]
    const probes = await probeHardware(paths)
    expect(probes.map((p) => p.path)).toEqual(paths)
    for (const probe of probes) expect(probe.available).toEqual([])
    expect(chooseHardware(probes, 'h264')).toBeNull()
    expect(chooseHardware(probes, 'hevc')).toBeNull()
    const reasons = describeUnavailable(probes)
    // Every hardware encoder a build lists was tried, and each failure names ffmpeg's failing line.
    const listedCount = probes.reduce((sum, probe) => sum + probe.unavailable.length, 0)
    expect(reasons).toHaveLength(listedCount)
    for (const reason of reasons) expect(reason).toMatch(/^\S+_(nvenc|qsv|amf|vaapi|videotoolbox) \(.+\) in \S+: \S.+/)
    for (const reason of reasons) expect(reason).not.toMatch(/Conversion failed|Error parsing global options/)
    const debian = probes.find((p) => p.path === '/usr/bin/ffmpeg')
    if (debian) {
      // Debian's ffmpeg lists NVENC without a card, and the probe says why it cannot work.
      expect(debian.unavailable.find((u) => u.encoder.name === 'h264_nvenc')?.reason).toMatch(/libcuda|CUDA|nvenc|NVENC/i)
      expect(debian.unavailable.find((u) => u.encoder.name === 'h264_vaapi')?.reason).toMatch(/VA display|renderD128|vaapi/i)
    }
  })

  it('probes each build once per process: the same ffmpeg again starts no process', async () => {
    const toolchain = await loadToolchain()
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cv-hw-probe-'))
    const log = path.join(dir, 'runs.log')
    const counting = path.join(dir, 'ffmpeg')
    await writeFile(counting, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${toolchain.ffmpeg.path}' "$@"\n`)
    await chmod(counting, 0o755)
    const first = await probeHardware([counting, counting])
    const runs = (await readFile(log, 'utf8')).trim().split('\n')
    // -version, -encoders, -filters, then one test encode per listed hardware encoder.
    expect(runs).toHaveLength(3 + (first[0]?.unavailable.length ?? 0))
    const again = await probeHardware([counting], new Set(['h264']))
    expect(again[0]?.unavailable.map((u) => u.encoder.codec)).toEqual(
      first[0]?.unavailable.filter((u) => u.encoder.codec === 'h264').map((u) => u.encoder.codec)
    )
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual(runs)
    await rm(dir, { recursive: true, force: true })
  })
})
