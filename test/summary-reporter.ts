// Prints the plain closing line "N passed, N failed, N skipped" after vitest's own report, so
// CI logs (and the tools that read them) get one unambiguous count. "failed" is every failed test,
// plus every suite or file that failed on its own (a beforeAll/afterAll that threw or timed out,
// a file that could not be imported: its tests show as skipped), plus every error vitest caught
// outside any test: whenever vitest exits non-zero for a failure, the line says so.
import type { Reporter, SerializedError, TestModule, TestSuite } from 'vitest/node'

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0
    let failed = unhandledErrors.length
    let skipped = 0
    for (const module of testModules) {
      const tests = [...module.children.allTests()]
      for (const test of tests) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
      const suites: Array<TestModule | TestSuite> = [module, ...module.children.allSuites()]
      failed += suites.filter((suite) => suite.errors().length > 0).length
      if (module.errors().length === 0 && module.state() === 'failed' && tests.length === 0) failed++
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
