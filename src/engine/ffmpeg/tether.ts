// ffmpeg and ffprobe never outlive the process that started them (issue #10). Every spawn of
// either goes through here.
//
// Why a watchdog: nothing in Node (or the OS, portably) ends a child when its parent dies. A
// SIGKILLed CLI or a crashed app runs no exit handler, and ffmpeg does not notice a closed
// `-progress` pipe because Node ignores SIGPIPE and children inherit that. So each parent process
// starts one small watchdog (lazily, on its first spawn) and holds the write end of a pipe to it.
// It tells the watchdog every child it starts (`+pid`) and every one that ended (`-pid`). The
// kernel closes the pipe when the parent dies, whatever the cause, so the watchdog reads EOF and
// kills the children still listed. One watchdog per parent rather than per child: ffprobe runs
// often (every check, every watched file) and should not cost a second process each time.
//
// The watchdog is Node (the running binary: node for the CLI, Electron with ELECTRON_RUN_AS_NODE
// for the app, so the packaged app must keep Electron's RunAsNode fuse on), one script for every
// platform and tested here. It kills each child by pid, not by process group: ffmpeg and ffprobe
// start no processes of their own, and staying in the parent's group keeps terminal job control
// as it was (Ctrl-Z stops ffmpeg with the CLI, fg resumes both). The watchdog itself has its own
// session on POSIX and ignores SIGINT/SIGHUP, so a closed terminal or a Ctrl-C that reaches the
// parent's group does not take the watchdog away while the parent still runs.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { Socket } from 'node:net'

const WATCHDOG_SCRIPT = `
const pids = new Set()
let pending = ''
// Only EOF on stdin (the parent is gone) ends the watchdog; Ctrl-C on Windows reaches every
// process on the console, and the parent decides what a Ctrl-C means.
process.on('SIGINT', () => {})
process.on('SIGHUP', () => {})
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk) => {
  pending += chunk
  const lines = pending.split('\\n')
  pending = lines.pop()
  for (const line of lines) {
    const pid = Number(line.slice(1))
    if (!Number.isInteger(pid) || pid <= 0) continue
    if (line[0] === '+') pids.add(pid)
    else if (line[0] === '-') pids.delete(pid)
  }
})
const killAll = () => {
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL') } catch {}
  }
  process.exit(0)
}
process.stdin.on('end', killAll)
process.stdin.on('error', killAll)
`

interface Watchdog {
  process: ChildProcess
  channel: NodeJS.WritableStream
}

let watchdog: Watchdog | null = null

/** The running watchdog's pipe, started on first use (and again if it went away). */
function watchdogChannel(): NodeJS.WritableStream | null {
  if (watchdog) return watchdog.channel
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' }
  // A test runner's or the user's loaders (--import tsx...) would only slow the watchdog down.
  delete env.NODE_OPTIONS
  let started: ChildProcess
  try {
    started = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: process.platform !== 'win32',
      windowsHide: true,
      env
    })
  } catch {
    return null // Cannot start a process at all: the spawn of ffmpeg will say so.
  }
  const channel = started.stdin
  if (!channel) return null
  const current: Watchdog = { process: started, channel }
  // Neither the watchdog nor its pipe may keep a finished CLI running.
  started.unref()
  if (channel instanceof Socket) channel.unref()
  const forget = (): void => {
    if (watchdog === current) watchdog = null
  }
  // A watchdog that died (killed by hand) is started again on the next spawn.
  channel.on('error', forget)
  started.on('error', forget)
  started.on('exit', forget)
  watchdog = current
  return channel
}

function tell(line: string): void {
  const channel = watchdogChannel()
  // Written at once into the pipe's kernel buffer: the watchdog reads it even if this process is
  // killed the next moment.
  channel?.write(`${line}\n`)
}

/**
 * `spawn`, with the child tied to this process's life: if this process ends without having
 * waited for it, the watchdog kills the child.
 */
export function spawnTethered(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { windowsHide: true, ...options })
  const pid = child.pid
  if (pid !== undefined) {
    tell(`+${pid}`)
    child.once('exit', () => tell(`-${pid}`))
  }
  return child
}

export function abortError(): DOMException {
  return new DOMException('The operation was cancelled.', 'AbortError')
}

export interface ExecTetheredOptions {
  signal?: AbortSignal
  /** Bytes of stdout kept before the child is killed as runaway (like execFile's maxBuffer). */
  maxBuffer?: number
}

/**
 * `execFile` through spawnTethered: resolves with stdout and stderr when the child exits 0;
 * rejects with an Error "Command failed: ..." (stderr on the next lines, as execFile's) otherwise,
 * with the spawn error when it cannot start, and with an AbortError when `signal` fires.
 */
export function execFileTethered(command: string, args: readonly string[], options: ExecTetheredOptions = {}): Promise<{ stdout: string; stderr: string }> {
  const { signal, maxBuffer = 1 << 20 } = options
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError())
      return
    }
    const child = spawnTethered(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let failure: Error | null = null
    const stop = (error: Error): void => {
      failure ??= error
      child.kill('SIGKILL')
    }
    const onAbort = (): void => stop(abortError())
    signal?.addEventListener('abort', onAbort, { once: true })
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      if (stdout.length > maxBuffer) stop(new RangeError(`${command}: stdout maxBuffer length exceeded`))
    })
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-maxBuffer)
    })
    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort)
      reject(failure ?? error)
    })
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort)
      if (failure) reject(failure)
      else if (code === 0) resolve({ stdout, stderr })
      else reject(new Error(`Command failed: ${[command, ...args].join(' ')}\n${stderr}`))
    })
  })
}
