import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Real ffmpeg encodes take seconds each on a 2-core machine.
    testTimeout: 120_000,
    // Hooks make no fixtures (the global setups do, with no time limit, cached between runs) and
    // wait only on events (a server listening, Chromium ready, a page loaded): this limit only
    // ends one that never comes, so it is far above what a machine at load 6 on 2 cores takes.
    hookTimeout: 600_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    // Two projects so that each global setup runs once per run, and only when its tests run:
    // the footage for everything, the app build (electron-vite, slow) for the e2e files only.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**'],
          globalSetup: ['test/global-setup.ts']
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts', 'test/e2e/global-setup.ts']
        }
      }
    ]
  }
})
