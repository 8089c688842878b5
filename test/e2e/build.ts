// Builds the app (electron-vite) when out/ is missing or older than the code it is built from, so
// `npm test` on a fresh checkout tests what the sources say, never a stale bundle. Runs once per
// test run, from the e2e project's global setup (test/e2e/global-setup.ts), before any test
// process starts: no lock is needed, and no test file waits on another one's build.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..', '..')
export const RENDERER_DIR = path.join(ROOT, 'out', 'renderer')
export const MAIN_BUNDLE = path.join(ROOT, 'out', 'main', 'index.js')
const OUTPUTS = [path.join(RENDERER_DIR, 'index.html'), MAIN_BUNDLE, path.join(ROOT, 'out', 'preload', 'index.js')]

function newestSourceMtime(target: string): number {
  if (!existsSync(target)) return 0
  const info = statSync(target)
  if (!info.isDirectory()) return /\.test\.tsx?$/.test(target) ? 0 : info.mtimeMs
  let newest = 0
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestSourceMtime(path.join(target, entry)))
  return newest
}

export function isAppBuildFresh(): boolean {
  const sources = Math.max(...['src', 'resources', 'electron.vite.config.ts'].map((entry) => newestSourceMtime(path.join(ROOT, entry))))
  return OUTPUTS.every((output) => existsSync(output) && statSync(output).mtimeMs >= sources)
}

/** Builds out/ unless it is up to date. Called by the global setup only. */
export function buildAppIfStale(): void {
  if (isAppBuildFresh()) return
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' })
}

/** For the e2e test files: the global setup must have built the app already. */
export function requireAppBuilt(): void {
  const missing = OUTPUTS.filter((output) => !existsSync(output))
  if (missing.length > 0)
    throw new Error(
      `The app is not built (${missing.map((output) => path.relative(ROOT, output)).join(', ')} missing). The e2e project's globalSetup (test/e2e/global-setup.ts in vitest.config.ts) builds it; run the tests through vitest.`
    )
}
