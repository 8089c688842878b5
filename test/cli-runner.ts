// Runs the built `compress-video` (bin -> out/cli) as a child process, the way users do.
import { spawn } from 'node:child_process'
import path from 'node:path'

export const BIN = path.resolve(__dirname, '..', 'bin', 'compress-video.cjs')

export interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

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

export function runCli(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const command = [...(options.wrapper ?? []), process.execPath, BIN, ...args]
    // Root reads and writes anything: permission cases run as an ordinary user (nobody) instead.
    const argv = options.asUser !== undefined ? ['setpriv', `--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', ...command] : command
    const child = spawn(argv[0] ?? '', argv.slice(1), { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
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
