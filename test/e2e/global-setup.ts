// The e2e project's global setup: builds the app once per test run, in vitest's main process,
// before any e2e test file starts (vitest runs a project's global setup only when that project
// has tests queued, so unit-only runs never pay for a build), and bundles the page shim that the
// renderer test installs in Chromium, handed to the test files with provide/inject.
import path from 'node:path'
import { build } from 'esbuild'
import type { TestProject } from 'vitest/node'
import { buildAppIfStale } from './build'

declare module 'vitest' {
  export interface ProvidedContext {
    /** test/e2e/page-shim.ts bundled for the page (an init script). */
    e2ePageShim: string
  }
}

export default async function setup(project: TestProject): Promise<void> {
  buildAppIfStale()
  const shim = await build({
    entryPoints: [path.join(__dirname, 'page-shim.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent'
  })
  project.provide('e2ePageShim', shim.outputFiles[0]?.text ?? '')
}
