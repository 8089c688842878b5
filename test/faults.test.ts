// Faults from outside (issue #10 "Processes and files under faults"): the process that started
// ffmpeg is killed or hung up on, or dies leaving temporary files. Real processes, real signals.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanStaleWork, defaultStateFolder } from '../src/jobs/work-journal'
import { createAppServices } from '../src/main/app-services'
import { createJsonQueueRepository } from '../src/services/queue/testing'
import { createMemoryKeyValuePort } from '../src/services/settings/testing'
import { buildCliOnce } from './build-cli'
import { copyInto, listFolder, makeWorkDir, sha256, writeBytes } from './fixtures'
import { untilFolder } from './folder-watch'
import { footagePath } from './footage'

const execFileAsync = promisify(execFile)
const ROOT = path.resolve(__dirname, '..')
const BIN = path.join(ROOT, 'bin', 'compress-video.cjs')

/** Processes whose parent is `parentPid` and whose command is `command` (ps: Linux and macOS). */
async function childrenNamed(parentPid: number, command: string): Promise<number[]> {
  const { stdout } = await execFileAsync('ps', ['-A', '-o', 'pid=,ppid=,comm='])
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, comm]) => Number(ppid) === parentPid && path.basename(comm ?? '') === command)
    .map(([pid]) => Number(pid))
}

/** Whether `pid` is a running process (a zombie waiting for a reaper has already ended). */
async function isRunning(pid: number): Promise<boolean> {
  try {
    const { stdout } = await execFileAsync('ps', ['-o', 'stat=', '-p', String(pid)])
    return stdout.trim() !== '' && !stdout.trim().startsWith('Z')
  } catch {
    return false // ps exits 1 when there is no such process.
  }
}

/**
 * Resolves when `pid` has ended. The cap is far beyond what a killed ffmpeg needs (well under a
 * second) and only stops a broken run from waiting for ever: the encode never ends by itself.
 */
async function endOf(pid: number, capMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + capMs
  while (Date.now() < deadline) {
    if (!(await isRunning(pid))) return true
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return false
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
}

/** Starts test/children/endless-ffmpeg.ts and resolves once its ffmpeg is encoding. */
async function startEndlessEncode(): Promise<{ parent: ChildProcess; ffmpegPid: number }> {
  const parent = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'children', 'endless-ffmpeg.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  parent.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  await new Promise<void>((resolve, reject) => {
    parent.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('encoding')) resolve()
    })
    parent.once('exit', (code) => reject(new Error(`the parent ended before encoding (exit ${String(code)}): ${stderr}`)))
  })
  const [ffmpegPid] = await childrenNamed(parent.pid ?? -1, 'ffmpeg')
  if (ffmpegPid === undefined) throw new Error('no ffmpeg child found')
  return { parent, ffmpegPid }
}

describe('ffmpeg never outlives the process that started it', () => {
  it.each(['SIGKILL', 'SIGHUP', 'SIGTERM'] as const)('%s of a parent without handlers ends its ffmpeg too', async (signal) => {
    const { parent, ffmpegPid } = await startEndlessEncode()
    try {
      const parentExit = exited(parent)
      parent.kill(signal)
      expect((await parentExit).signal).toBe(signal)
      expect(await endOf(ffmpegPid)).toBe(true)
    } finally {
      // Whatever the outcome, the endless encode must not outlive the test either.
      try {
        process.kill(ffmpegPid, 'SIGKILL')
      } catch {
        /* already gone */
      }
    }
  })
})

interface Claimed {
  owner: ChildProcess
  temp: string
  folder: string
}

/**
 * Starts test/children/claim-work.ts: a real process holding a temporary output for `input` and
 * a two-pass folder, in the temp directory `tmp` (its journal goes there too).
 */
async function claimWork(input: string, tmp: string): Promise<Claimed> {
  const owner = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'children', 'claim-work.ts'), input], {
    cwd: ROOT,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  owner.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const line = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    owner.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      if (stdout.includes('\n')) resolve(stdout.trim())
    })
    owner.once('exit', (code) => reject(new Error(`claim-work ended (exit ${String(code)}): ${stderr}`)))
  })
  const { temp, folder } = JSON.parse(line) as { temp: string; folder: string }
  return { owner, temp, folder }
}

/** Resolves when a file whose name matches `name` is in `folder` (fs.watch events, then a look). */
async function appears(folder: string, name: RegExp): Promise<void> {
  await untilFolder(folder, (names) => names.some((entry) => name.test(entry)))
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const gone = exited(child)
  child.kill('SIGKILL')
  await gone
}

/** What is left in a temp directory of ours, the (per-user) state folder's journals included. */
async function leftIn(tmp: string): Promise<string[]> {
  const names = await readdir(tmp)
  const state = path.join(tmp, path.basename(defaultStateFolder()))
  const journals = existsSync(state) ? (await readdir(state)).map((name) => `${path.basename(state)}/${name}`) : []
  // tsx (which runs test/children) keeps its cache there too: not ours.
  return [...names.filter((name) => name !== path.basename(state) && !name.startsWith('tsx-')), ...journals].sort()
}

describe("stale work from a dead process is cleaned up, a live one's never", () => {
  const owners: ChildProcess[] = []
  afterAll(async () => {
    await Promise.all(owners.map(kill))
  })

  it("removes a killed owner's temporary output and two-pass folder, keeps a live parallel owner's, touches nothing else", async () => {
    const dir = await makeWorkDir('stale')
    const tmp = await makeWorkDir('stale-tmp')
    const stateFolder = path.join(tmp, path.basename(defaultStateFolder()))
    const input = writeBytes(path.join(dir, 'holiday.mp4'), 'the original')
    const result = writeBytes(path.join(dir, 'holiday.compressed.mp4'), 'an earlier result')
    // Named like ours but nobody's work: a user's file, or one of an older version.
    const lookAlike = writeBytes(path.join(dir, '.holiday.compressing-0a1b2c3d.mp4'), 'not listed anywhere')
    const before = { input: sha256(input), result: sha256(result), lookAlike: sha256(lookAlike) }

    const dead = await claimWork(input, tmp)
    const live = await claimWork(input, tmp)
    owners.push(dead.owner, live.owner)
    expect(await cleanStaleWork({ stateFolder })).toEqual([])
    await kill(dead.owner)

    expect((await cleanStaleWork({ stateFolder })).sort()).toEqual([dead.temp, dead.folder].sort())
    expect(existsSync(dead.temp) || existsSync(dead.folder)).toBe(false)
    expect(existsSync(live.temp) && existsSync(live.folder)).toBe(true)
    expect([sha256(input), sha256(result), sha256(lookAlike)]).toEqual([before.input, before.result, before.lookAlike])

    await kill(live.owner)
    expect((await cleanStaleWork({ stateFolder })).sort()).toEqual([live.temp, live.folder].sort())
    expect(await listFolder(dir)).toEqual(['.holiday.compressing-0a1b2c3d.mp4', 'holiday.compressed.mp4', 'holiday.mp4'])
    // Journals of the dead are gone with their work.
    expect(await leftIn(tmp)).toEqual([])
  })

  it("removes only our temporary shapes, whatever a dead owner's journal lists", async () => {
    const dir = await makeWorkDir('stale-forged')
    const stateFolder = path.join(await makeWorkDir('stale-state'), 'state')
    await mkdir(stateFolder)
    const original = writeBytes(path.join(dir, 'holiday.mp4'), 'the original')
    const result = writeBytes(path.join(dir, 'holiday.compressed.mp4'), 'a result')
    const photos = path.join(dir, 'photos')
    await mkdir(photos)
    const folderNamedLikeATemp = path.join(dir, '.holiday.compressing-0a1b2c3d.mp4')
    await mkdir(folderNamedLikeATemp)
    const temp = writeBytes(path.join(dir, '.holiday.compressing-99aa77bb.mp4'), 'half')
    // A pid that is free now: a process that ran and ended.
    const ended = spawn(process.execPath, ['-e', ''])
    await exited(ended)
    const listed = [original, result, photos, folderNamedLikeATemp].map((entry) => ({ path: entry, kind: entry === photos ? 'folder' : 'file' }))
    await writeFile(
      path.join(stateFolder, `${ended.pid ?? 0}-unknown.json`),
      JSON.stringify({ version: 1, paths: [...listed, { path: photos, kind: 'file' }, { path: temp, kind: 'file' }] })
    )

    expect(await cleanStaleWork({ stateFolder })).toEqual([temp])
    expect(await listFolder(dir)).toEqual(['.holiday.compressing-0a1b2c3d.mp4', 'holiday.compressed.mp4', 'holiday.mp4', 'photos'])
    expect(await readdir(stateFolder)).toEqual([])
  })

  it("does not take a process that now has the owner's pid for the owner", async () => {
    const dir = await makeWorkDir('stale-reused')
    const stateFolder = path.join(await makeWorkDir('stale-state'), 'state')
    await mkdir(stateFolder)
    const temp = writeBytes(path.join(dir, '.clip.compressing-0badf00d.mp4'), 'half')
    // The owner had this test's pid but started at another time (its journal names that time).
    await writeFile(path.join(stateFolder, `${process.pid}-0123456789abcdef.json`), JSON.stringify({ version: 1, paths: [{ path: temp, kind: 'file' }] }))
    expect(await cleanStaleWork({ stateFolder })).toEqual([temp])
    expect(existsSync(temp)).toBe(false)
  })

  it("the app removes at start what a killed process left, and keeps a live CLI's file of the same input", async () => {
    const dir = await makeWorkDir('stale-app')
    const tmp = await makeWorkDir('stale-app-tmp')
    const input = writeBytes(path.join(dir, 'trip.mp4'), 'the original')
    const dead = await claimWork(input, tmp)
    const live = await claimWork(input, tmp)
    owners.push(dead.owner, live.owner)
    await kill(dead.owner)
    // The app was killed while it compressed trip.mp4: the job is saved as running.
    const repository = createJsonQueueRepository({
      version: 1,
      paused: true,
      jobs: [
        { id: 'a', input, name: 'trip.mp4', request: '', options: {}, outputDir: null, state: 'running', inputBytes: 12, outcome: null, addedAt: 1 }
      ] as never
    })
    const services = createAppServices({
      settingsStore: createMemoryKeyValuePort(),
      queueRepository: repository,
      dialogs: { pickFiles: async () => [], pickFolder: async () => null, pickFfmpeg: async () => null },
      shell: { openPath: async () => '', showItemInFolder: () => undefined },
      createLocalEngine: () => Promise.reject(new Error('nothing runs: the queue is paused'))
    })
    const savedTmp = process.env.TMPDIR
    process.env.TMPDIR = tmp
    try {
      await services.queue.restore()
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = savedTmp
      await services.queue.shutdown()
    }
    expect(existsSync(dead.temp) || existsSync(dead.folder)).toBe(false)
    expect(existsSync(live.temp) && existsSync(live.folder)).toBe(true)
    expect(await listFolder(dir)).toEqual([path.basename(live.temp), 'trip.mp4'].sort())
  })
})

describe('the CLI under faults', () => {
  beforeAll(async () => {
    await buildCliOnce()
  })

  it('kill -9 of compress-video during pass 2: its ffmpeg goes too, and the next compress-video removes what it left', async () => {
    const dir = await makeWorkDir('cli-killed')
    const tmp = await makeWorkDir('cli-killed-tmp')
    const input = await copyInto(footagePath('iphone'), dir, 'phone clip.mov')
    const before = sha256(input)
    const cli = spawn(process.execPath, [BIN, input, '-t', '2MB'], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] })
    const cliExit = exited(cli)
    let stderr = ''
    cli.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    // Killed once pass 2 writes the hidden output (pass 1 writes none).
    let writing = false
    await Promise.race([
      appears(dir, /^\.phone clip\.compressing-[0-9a-f]{8}\.mp4$/).then(() => {
        writing = true
      }),
      cliExit.then(({ code }) => {
        if (!writing) throw new Error(`the CLI ended before pass 2 (exit ${String(code)}): ${stderr}`)
      })
    ])
    const [ffmpegPid] = await childrenNamed(cli.pid ?? -1, 'ffmpeg')
    expect(ffmpegPid).toBeDefined()
    cli.kill('SIGKILL')
    expect((await cliExit).signal).toBe('SIGKILL')
    expect(await endOf(ffmpegPid ?? -1)).toBe(true)
    // The kill left its hidden output and two-pass folder (nothing ran to remove them)...
    expect((await listFolder(dir)).some((name) => /^\.phone clip\.compressing-[0-9a-f]{8}\.mp4$/.test(name))).toBe(true)
    expect((await leftIn(tmp)).some((name) => name.startsWith('compress-video-'))).toBe(true)

    // ...until compress-video starts again, whatever it is then asked to do.
    const next = spawn(process.execPath, [BIN, path.join(dir, 'missing.mp4')], { env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' })
    expect((await exited(next)).code).toBe(1)
    expect(await listFolder(dir)).toEqual(['phone clip.mov'])
    expect(await leftIn(tmp)).toEqual([])
    expect(sha256(input)).toBe(before)
  })

  it('compress-video watch removes at start what a killed process left', async () => {
    const dir = await makeWorkDir('watch-stale')
    const watched = path.join(dir, 'watched')
    await mkdir(watched)
    const tmp = await makeWorkDir('watch-stale-tmp')
    const input = writeBytes(path.join(dir, 'clip.mp4'), 'the original')
    const dead = await claimWork(input, tmp)
    await kill(dead.owner)
    const watch = spawn(process.execPath, [BIN, 'watch', watched], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] })
    const watchExit = exited(watch)
    await new Promise<void>((resolve, reject) => {
      let output = ''
      const onData = (chunk: string): void => {
        output += chunk
        if (/Watching /.test(output)) resolve()
      }
      watch.stdout?.setEncoding('utf8').on('data', onData)
      watch.stderr?.setEncoding('utf8').on('data', onData)
      watch.once('exit', (code) => reject(new Error(`watch ended before watching (exit ${String(code)}): ${output}`)))
    })
    expect(await listFolder(dir)).toEqual(['clip.mp4', 'watched'])
    expect(existsSync(dead.folder)).toBe(false)
    watch.kill('SIGINT')
    expect((await watchExit).code).toBe(0)
    expect(await leftIn(tmp)).toEqual([])
  })
})
