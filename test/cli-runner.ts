// Runs the built `compress-video` (bin -> out/cli) as a child process, the way users do.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import path from 'node:path'

export const BIN = path.resolve(__dirname, '..', 'bin', 'compress-video.cjs')

export interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void
  /** For tests that signal the process on their own schedule rather than on its output. */
  onSpawn?: (child: ReturnType<typeof spawn>) => void
  /** Run as this user id (permission cases as root run as nobody). */
  asUser?: number
  /** Words put before the command (e.g. `unshare --mount ...`); the CLI's arguments follow. */
  wrapper?: string[]
}

/**
 * The CLI speaks the environment's language (issue #13): the tests that read its words read them
 * in English whatever this machine's locale; the language tests set LANG or --lang themselves.
 */
const ENGLISH: NodeJS.ProcessEnv = { LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' }

export function runCli(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const command = [...(options.wrapper ?? []), process.execPath, BIN, ...args]
    // Root reads and writes anything: permission cases run as an ordinary user (nobody) instead.
    const argv = options.asUser !== undefined ? ['setpriv', `--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', ...command] : command
    const child = spawn(argv[0] ?? '', argv.slice(1), {
      cwd: options.cwd,
      env: { ...process.env, ...ENGLISH, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    options.onSpawn?.(child)
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
      options.onStdout?.(stdout, child)
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
      options.onStderr?.(stderr, child)
    })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/**
 * Ctrl-C pressed twice, as people do: SIGINT now, and the second once the CLI has said it took
 * the first ("Stopping: cancelling"), so the two are never merged into one signal on the way.
 */
export function pressCtrlCTwice(child: ChildProcess): void {
  let said = ''
  const onData = (chunk: string | Buffer): void => {
    said += String(chunk)
    if (!/Stopping: cancelling/.test(said)) return
    child.stderr?.off('data', onData)
    child.kill('SIGINT')
  }
  child.stderr?.on('data', onData)
  child.kill('SIGINT')
}

/** Single-quoted for sh. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`
}

/**
 * Runs the CLI on a real pseudo-terminal (`script` from util-linux) `columns` wide: stdout and
 * stderr are both that terminal, as when people type the command. `output` is what the terminal
 * received, escape sequences included.
 */
export function runOnTerminal(args: string[], columns: number, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = `stty cols ${columns} rows 24; exec ${[process.execPath, BIN, ...args].map(shellQuote).join(' ')}`
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, ...ENGLISH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output += d
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      output += d
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

/** Whether `script` (util-linux) is there to give the CLI a real terminal. */
export function hasScriptCommand(): boolean {
  try {
    execFileSync('script', ['-qec', 'true', '/dev/null'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
