// `npm start` checks for Electron's binary first (scripts/check-electron.mjs, the prestart script):
// without it, electron-vite builds for a while and then fails with "Error: Electron uninstall" and
// a stack trace. Each case is a small project folder with the real script and package.json
// scripts, and an Electron package in one state or another (the binary itself is a stand-in).
import { execFile } from 'node:child_process'
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { makeWorkDir } from './fixtures'

const execFileAsync = promisify(execFile)
const ROOT = path.resolve(__dirname, '..')

interface Finished {
  exitCode: number
  stdout: string
  stderr: string
}

async function run(command: string, args: string[], cwd: string): Promise<Finished> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd })
    return { exitCode: 0, stdout, stderr }
  } catch (error) {
    // A non-zero exit is an answer to look at; failing to start at all is not.
    const exited = error as { code?: unknown; stdout?: string; stderr?: string }
    if (typeof exited.code !== 'number') throw error
    return { exitCode: exited.code, stdout: exited.stdout ?? '', stderr: exited.stderr ?? '' }
  }
}

/** A project folder with the real prestart/start scripts and an Electron package as npm left it. */
async function projectWithElectron(state: 'no binary' | 'binary' | 'path.txt without binary'): Promise<string> {
  const project = await makeWorkDir('check-electron')
  const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  await writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'check-electron-case', private: true, scripts: { prestart: manifest.scripts['prestart'], start: manifest.scripts['start'] } })
  )
  await mkdir(path.join(project, 'scripts'))
  await copyFile(path.join(ROOT, 'scripts', 'check-electron.mjs'), path.join(project, 'scripts', 'check-electron.mjs'))
  const electron = path.join(project, 'node_modules', 'electron')
  await mkdir(electron, { recursive: true })
  await copyFile(path.join(ROOT, 'node_modules', 'electron', 'package.json'), path.join(electron, 'package.json'))
  await copyFile(path.join(ROOT, 'node_modules', 'electron', 'index.js'), path.join(electron, 'index.js'))
  if (state !== 'no binary') await writeFile(path.join(electron, 'path.txt'), 'electron')
  if (state === 'binary') {
    await mkdir(path.join(electron, 'dist'))
    await writeFile(path.join(electron, 'dist', 'electron'), '#!/bin/sh\n')
    await chmod(path.join(electron, 'dist', 'electron'), 0o755)
  }
  return project
}

function expectOneSentence(stderr: string): void {
  expect(stderr).toContain("Electron's binary is not installed")
  expect(stderr).toContain('node node_modules/electron/install.js')
  expect(stderr, 'no stack trace').not.toMatch(/^\s+at /m)
}

describe('npm start: the Electron binary check', () => {
  it('without the binary (ELECTRON_SKIP_BINARY_DOWNLOAD), says in one sentence how to get it and exits 1', async () => {
    const project = await projectWithElectron('no binary')
    const result = await run(process.execPath, ['scripts/check-electron.mjs'], project)
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toBe('')
    expectOneSentence(result.stderr)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('`npm start` runs the check first and stops there, before any build', async () => {
    const project = await projectWithElectron('no binary')
    const result = await run('npm', ['start'], project)
    expect(result.exitCode).not.toBe(0)
    expectOneSentence(result.stderr)
    expect(result.stdout + result.stderr).not.toContain('electron-vite')
  })

  it('with path.txt but no binary (a download that did not finish), says the same', async () => {
    const project = await projectWithElectron('path.txt without binary')
    const result = await run(process.execPath, ['scripts/check-electron.mjs'], project)
    expect(result.exitCode).toBe(1)
    expectOneSentence(result.stderr)
  })

  it('with the binary in place, passes silently', async () => {
    const project = await projectWithElectron('binary')
    expect(await run(process.execPath, ['scripts/check-electron.mjs'], project)).toEqual({ exitCode: 0, stdout: '', stderr: '' })
  })
})
