// Builds the app (electron-vite) when out/ is missing or older than the code it is built from,
// so `npm test` on a fresh checkout tests what the sources say, never a stale bundle. Test files
// run in parallel processes, so the build is guarded by a lock folder (mkdir is atomic).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..', '..')
export const RENDERER_DIR = path.join(ROOT, 'out', 'renderer')
export const MAIN_BUNDLE = path.join(ROOT, 'out', 'main', 'index.js')
const OUTPUTS = [path.join(RENDERER_DIR, 'index.html'), MAIN_BUNDLE, path.join(ROOT, 'out', 'preload', 'index.js')]
const LOCK = path.join(ROOT, 'out', '.build-lock')
const STALE_LOCK_MS = 5 * 60 * 1000

function newestSourceMtime(target: string): number {
  if (!existsSync(target)) return 0
  const info = statSync(target)
  if (!info.isDirectory()) return /\.test\.tsx?$/.test(target) ? 0 : info.mtimeMs
  let newest = 0
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestSourceMtime(path.join(target, entry)))
  return newest
}

function isFresh(): boolean {
  const sources = Math.max(...['src', 'resources', 'electron.vite.config.ts'].map((entry) => newestSourceMtime(path.join(ROOT, entry))))
  return OUTPUTS.every((output) => existsSync(output) && statSync(output).mtimeMs >= sources)
}

function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

export function ensureAppBuilt(): void {
  if (isFresh()) return
  mkdirSync(path.dirname(LOCK), { recursive: true })
  for (;;) {
    try {
      mkdirSync(LOCK)
      break
    } catch {
      // Another test process is building; a lock left by a killed run is taken over.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true })
      blockFor(250)
    }
  }
  try {
    if (!isFresh()) execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' })
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}
