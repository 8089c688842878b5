import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Real ffmpeg encodes take seconds each on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
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
