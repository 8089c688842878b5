// The process boundaries of ARCHITECTURE.md, held by a test (docs/style.md item 6: "shared types
// import neither electron nor node:*; renderer code uses browser globals only").
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = path.resolve(__dirname, '..', 'src')

function sourceFiles(folder: string): string[] {
  const files: string[] = []
  for (const name of readdirSync(folder)) {
    const full = path.join(folder, name)
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full))
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(full)
  }
  return files
}

/** Module specifiers of static and dynamic imports and re-exports (type-only ones included). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found: string[] = []
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) {
    found.push(match[1] ?? match[2] ?? match[3] ?? '')
  }
  return found
}

function violations(folder: string, forbidden: (specifier: string, file: string) => boolean): string[] {
  return sourceFiles(path.join(SRC, folder)).flatMap((file) =>
    importsOf(file).filter((specifier) => forbidden(specifier, file)).map((specifier) => `${path.relative(SRC, file)} imports ${specifier}`)
  )
}

const isNode = (specifier: string): boolean => specifier.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'url'].includes(specifier)
const resolvesInto = (file: string, specifier: string, folder: string): boolean =>
  specifier.startsWith('.') && path.resolve(path.dirname(file), specifier).startsWith(path.join(SRC, folder) + path.sep)

describe('process boundaries', () => {
  it('src/shared runs anywhere: no Node, no Electron, nothing from other layers', () => {
    expect(violations('shared', (s, file) => isNode(s) || s === 'electron' || ['engine', 'cloud', 'services', 'cli', 'main', 'preload', 'renderer'].some((layer) => resolvesInto(file, s, layer)))).toEqual([])
  })

  it('only src/main and src/preload import electron', () => {
    for (const layer of ['engine', 'cloud', 'services', 'cli', 'renderer']) {
      expect(violations(layer, (s) => s === 'electron' || s.startsWith('electron/')), layer).toEqual([])
    }
  })

  it('the renderer uses browser APIs only and reaches main through window.api', () => {
    expect(violations('renderer', (s, file) => isNode(s) || ['engine', 'cloud', 'services', 'cli', 'main', 'preload'].some((layer) => resolvesInto(file, s, layer)))).toEqual([])
  })

  it('engine, cloud and services never reach into the front ends', () => {
    for (const layer of ['engine', 'cloud', 'services']) {
      expect(violations(layer, (s, file) => ['cli', 'main', 'preload', 'renderer'].some((front) => resolvesInto(file, s, front))), layer).toEqual([])
    }
  })

  it('the checker sees imports (it can fail)', () => {
    expect(importsOf(path.join(SRC, 'engine', 'compress.ts'))).toContain('node:path')
    expect(importsOf(path.join(SRC, 'main', 'index.ts'))).toContain('electron')
  })
})
