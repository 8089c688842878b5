// Faults from outside (issue #10 "Processes and files under faults"): the process that started
// ffmpeg is killed or hung up on, or dies leaving temporary files. Real processes, real signals.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { promisify } from 'node:util'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const execFileAsync = promisify(execFile)
const ROOT = path.resolve(__dirname, '..')

/** Processes whose parent is `parentPid` and whose command is `command` (ps: Linux and macOS). */
async function childrenNamed(parentPid: number, command: string): Promise<number[]> {
  const { stdout } = await execFileAsync('ps', ['-A', '-o', 'pid=,ppid=,comm='])
  return stdout.split('\n').map((line) => line.trim().split(/\s+/)).filter(([, ppid, comm]) => Number(ppid) === parentPid && path.basename(comm ?? '') === command).map(([pid]) => Number(pid))
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
  const parent = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'children', 'endless-ffmpeg.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  parent.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  await new Promise<void>((resolve, reject) => {
    parent.stdout?.setEncoding('utf8').on('data', (chunk: string) => { if (chunk.includes('encoding')) resolve() })
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
      try { process.kill(ffmpegPid, 'SIGKILL') } catch { /* already gone */ }
    }
  })
})
