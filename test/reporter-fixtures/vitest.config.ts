// A small test run for test/summary-reporter.test.ts: these fixture files fail in the ways a real
// run can (a hook that times out, an afterAll that throws, an error outside any test), and the
// closing line must count each of them as failed.
import path from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['*.fixture.ts'],
    reporters: ['default', path.resolve(__dirname, '..', 'summary-reporter.ts')]
  }
})
