// The process boundaries of ARCHITECTURE.md are ESLint rules (eslint.config.mjs); `npm run lint`
// runs them over the tree. This test proves they fire: each deliberate violation, linted as if it
// were a file in that folder, must be reported, and the allowed imports must not be.
import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '..')

async function importErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: ROOT,
    // Only the boundary rules, and no type information: the snippets are not part of a tsconfig.
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports' || ruleId === 'no-restricted-syntax',
    overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parserOptions: { project: false, projectService: false } } }]
  })
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) })
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`)
}

describe('import boundaries (lint rules)', () => {
  it.each([
    ['src/shared/request/x.ts', "import { readFile } from 'node:fs/promises'\n", /no Node APIs here/],
    ['src/shared/x.ts', "import path from 'path'\n", /no Node APIs here/],
    ['src/shared/x.ts', "import { runCompressJob } from '../engine/compress'\n", /ARCHITECTURE\.md/],
    ['src/renderer/src/x.ts', "import { LocalEngine } from '../../engine'\n", /ARCHITECTURE\.md/],
    ['src/renderer/src/x.ts', "import os from 'node:os'\n", /no Node APIs here/],
    ['src/engine/x.ts', "import { app } from 'electron'\n", /only src\/main and src\/preload import electron/],
    ['src/services/queue/x.ts', "import { main } from '../../cli/index'\n", /ARCHITECTURE\.md/],
    ['src/main/handlers-x.ts', "import { ipcMain } from 'electron'\n", /only in src\/main\/ipc\.ts/],
    ['src/main/x.ts', "import { useQueueStore } from '../renderer/src/stores/queue'\n", /ARCHITECTURE\.md/],
    ['src/jobs/x.ts', "import { planCompression } from '../engine/plan'\n", /ARCHITECTURE\.md/],
    ['src/cloud/nemo/x.ts', "import { planCompression } from '../../engine/plan'\n", /ARCHITECTURE\.md/],
    ['src/services/queue/x.ts', "import { runCompressJob } from '../../engine/compress'\n", /ARCHITECTURE\.md/],
    ['src/services/watch/x.ts', "import { NemoEngine } from '../../cloud/nemo/engine'\n", /ARCHITECTURE\.md/],
    ['src/engine/x.ts', "import { JobQueue } from '../services/queue/queue'\n", /ARCHITECTURE\.md/]
  ])('%s: %s is refused', async (file, code, reason) => {
    const errors = await importErrors(file, code)
    expect(errors.join('\n')).toMatch(/^no-restricted-imports: /)
    expect(errors.join('\n')).toMatch(reason)
  })

  it.each([
    ['src/main/app-services.ts', "import { createJsonQueueRepository } from '../services/queue/testing'\n"],
    ['src/services/watch/index.ts', "export { memoryRecordStorage } from './testing'\n"],
    ['src/cli/x.ts', "export * from '../cloud/testing/index'\n"],
    ['src/server/x.ts', "const doubles = await import('./testing')\n"]
  ])('%s: a test double in product code is refused (%s)', async (file, code) => {
    expect((await importErrors(file, code)).join('\n')).toMatch(/^no-restricted-syntax: Test doubles \(a testing\/ module\) are imported only by tests/)
  })

  it.each([
    ['src/shared/request/x.ts', "import { UserFacingError } from '../errors'\n"],
    ['src/engine/x.ts', "import path from 'node:path'\nimport type { CompressOptions } from '../shared/compression'\n"],
    ['src/main/ipc.ts', "import { ipcMain } from 'electron'\n"],
    ['src/main/x.ts', "import { app } from 'electron'\n"],
    ['src/preload/index.ts', "import { contextBridge, ipcRenderer } from 'electron'\n"],
    ['src/cloud/nemo/x.ts', "import { NemoEngine } from './engine'\nimport { commitOutput } from '../../jobs/output'\n"],
    ['src/services/queue/x.ts', "import type { CompressionEngine } from '../../jobs/types'\n"],
    ['src/services/watch/x.test.ts', "import { createLocalEngine } from '../../engine'\n"],
    ['src/services/watch/x.test.ts', "import { memoryRecordStorage } from './testing'\n"],
    ['src/services/queue/testing/x.ts', "import { ManualClock } from './manual-clock'\n"],
    ['src/engine/x.ts', "import { resultFromError } from '../jobs/results'\n"]
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await importErrors(file, code)).toEqual([])
  })
})
