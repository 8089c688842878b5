// The closing line "N passed, N failed, N skipped" is what CI logs are judged by: a run that exits
// non-zero must never read "0 failed". Each case runs a real vitest (a child process) on one file
// of test/reporter-fixtures that fails the way a CI run did, and reads the line it printed.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const execFileAsync = promisify(execFile)
const ROOT = path.resolve(__dirname, '..')
const FIXTURES = path.join(__dirname, 'reporter-fixtures')

interface InnerRun {
  exitCode: number
  counts: { passed: number; failed: number; skipped: number } | undefined
}

async function runFixture(file: string): Promise<InnerRun> {
  // The inner vitest must not think it is a worker of this one.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')))
  const args = [path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', FIXTURES, file]
  let exitCode = 0
  let stdout: string
  try {
    stdout = (await execFileAsync(process.execPath, args, { cwd: ROOT, env: { ...env, NO_COLOR: '1' } })).stdout
  } catch (error) {
    // A failing run exits non-zero: that is part of the answer.
    const exited = error as { code?: unknown; stdout?: string }
    if (typeof exited.code !== 'number') throw error
    exitCode = exited.code
    stdout = exited.stdout ?? ''
  }
  const line = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(stdout)
  return { exitCode, counts: line ? { passed: Number(line[1]), failed: Number(line[2]), skipped: Number(line[3]) } : undefined }
}

describe('summary reporter: the closing line', () => {
  it('counts passed and skipped tests of a run that passes, and no failure', async () => {
    expect(await runFixture('passing.fixture.ts')).toEqual({ exitCode: 0, counts: { passed: 1, failed: 0, skipped: 1 } })
  })

  it('counts a beforeAll that timed out as a failure (its tests did not run)', async () => {
    expect(await runFixture('hook-timeout.fixture.ts')).toEqual({ exitCode: 1, counts: { passed: 0, failed: 1, skipped: 2 } })
  })

  it('counts an afterAll that threw as a failure, beside the test that passed', async () => {
    expect(await runFixture('after-all-throws.fixture.ts')).toEqual({ exitCode: 1, counts: { passed: 1, failed: 1, skipped: 0 } })
  })

  it('counts an error outside any test (an unhandled rejection) as a failure', async () => {
    expect(await runFixture('unhandled-error.fixture.ts')).toEqual({ exitCode: 1, counts: { passed: 1, failed: 1, skipped: 0 } })
  })
})
