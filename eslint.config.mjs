// Lint: type-aware typescript-eslint, plus the process boundaries of ARCHITECTURE.md as import
// rules (VS Code's code-import-patterns and GitHub Desktop's ipcRenderer ban, done here with
// no-restricted-imports per folder), so a violation shows in the editor and fails `npm run lint`.
// Formatting is Prettier's job (eslint-config-prettier turns the style rules off).
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const NODE_BUILTINS = ['node:*', 'node:*/**']
const LAYERS = ['shared', 'jobs', 'engine', 'cloud', 'services', 'server', 'cli', 'main', 'preload', 'renderer']

/**
 * Relative imports that climb out to one of `layers` ("../../engine/output", "../main"). A regular
 * expression rather than a glob: a glob for any path ending in "engine" also matched the cloud's
 * own "./nemo/engine".
 */
const intoLayers = (layers) => `^(\\.\\./)+(src/)?(${layers.join('|')})(/.*)?$`

/** A module path into a testing/ folder, as an esquery regex for no-restricted-syntax. */
const TESTING_MODULE = '/(^|\\/)testing(\\/|$)/'

/** Tests (and their helpers) wire real engines into services: the layer rules are for product code. */
const TEST_FILES = ['**/*.test.ts', '**/test-support.ts', '**/testing/**']

const IPC_MESSAGE =
  'ipcMain and ipcRenderer are used only in src/main/ipc.ts (the one validated wrapper, bound to Electron in ipc-electron.ts) and src/preload.'

/**
 * One no-restricted-imports setting per folder: flat config replaces a rule's options instead of
 * merging them, so each folder's list is complete here.
 */
function boundaries({ node = true, electron = true, layers = [], ipc = true, why }) {
  const paths = []
  const patterns = []
  if (!node) patterns.push({ group: NODE_BUILTINS, message: `${why}: no Node APIs here.` })
  if (!node) paths.push(...builtinModules.map((name) => ({ name, message: `${why}: no Node APIs here.` })))
  if (!electron) paths.push({ name: 'electron', message: `${why}: only src/main and src/preload import electron.` })
  if (!electron) patterns.push({ group: ['electron/*'], message: `${why}: only src/main and src/preload import electron.` })
  if (electron && ipc) paths.push({ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: IPC_MESSAGE })
  if (layers.length > 0) patterns.push({ regex: intoLayers(layers), message: `${why}: see "Who may import whom" in ARCHITECTURE.md.` })
  return { 'no-restricted-imports': ['error', { paths, patterns }] }
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '**/*.d.ts'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.node.json', './tsconfig.web.json'], tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Ports are async by contract (a settings store, a dialog); implementations that happen to
      // be synchronous are still written async, so this rule would only add noise.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }]
    }
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.stringMatching) and JSON.parse are typed
    // `any`; in tests that is the point of them.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' }
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } }
  },
  // --- Who may import whom (ARCHITECTURE.md) ---
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: boundaries({ why: 'Outside src/main and src/preload', electron: false })
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: boundaries({ why: 'src/shared runs anywhere (renderer too)', node: false, electron: false, layers: LAYERS.filter((layer) => layer !== 'shared') })
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The two classic hook rules; the React Compiler rules of v7's preset flag the windowed
      // list's deliberate ref reads during render, and the app does not use the compiler.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      ...boundaries({
        why: 'The renderer reaches main only through window.api',
        node: false,
        electron: false,
        layers: LAYERS.filter((layer) => layer !== 'shared' && layer !== 'renderer')
      })
    }
  },
  {
    // The job vocabulary and the output rules: everyone's common ground, so it stands on shared alone.
    files: ['src/jobs/**/*.ts'],
    rules: boundaries({
      why: 'src/jobs is the neutral ground of the engines and runners',
      electron: false,
      layers: LAYERS.filter((layer) => layer !== 'shared' && layer !== 'jobs')
    })
  },
  {
    // Each engine and the services meet only in shared and jobs (a service takes an engine as a CompressionEngine).
    files: ['src/engine/**/*.ts'],
    ignores: TEST_FILES,
    rules: boundaries({
      why: 'The local engine stands on shared and jobs only',
      electron: false,
      layers: ['cloud', 'services', 'server', 'cli', 'main', 'preload', 'renderer']
    })
  },
  {
    files: ['src/cloud/**/*.ts'],
    ignores: TEST_FILES,
    rules: boundaries({
      why: 'The cloud engine stands on shared and jobs only',
      electron: false,
      layers: ['engine', 'services', 'server', 'cli', 'main', 'preload', 'renderer']
    })
  },
  {
    files: ['src/services/**/*.ts'],
    ignores: TEST_FILES,
    rules: boundaries({
      why: 'Services take an engine through jobs/types, never an engine module',
      electron: false,
      layers: ['engine', 'cloud', 'server', 'cli', 'main', 'preload', 'renderer']
    })
  },
  {
    files: ['src/main/**/*.ts'],
    rules: boundaries({ why: 'main', layers: ['renderer', 'preload'] })
  },
  {
    // Test doubles (each layer's testing/ folder) are for tests and the e2e harness: product code
    // that imports or re-exports one would put a fake in the app. Its own rule, so that the
    // per-folder no-restricted-imports settings above stay whole.
    files: ['src/**/*.{ts,tsx}'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression'].map((node) => ({
          selector: `${node}[source.value=${TESTING_MODULE}]`,
          message: 'Test doubles (a testing/ module) are imported only by tests: see "Who may import whom" in ARCHITECTURE.md.'
        }))
      ]
    }
  },
  {
    // The two places that may touch ipcMain / ipcRenderer.
    files: ['src/main/ipc.ts', 'src/main/ipc-electron.ts', 'src/preload/**/*.ts'],
    rules: boundaries({ why: 'ipc', ipc: false, layers: ['renderer'] })
  },
  prettier
)
