// Paths main runs or writes into come from main's own dialogs, never from the page (issue #10
// "Security"). Through the real dispatcher (the contract's validation, as every renderer message
// passes it) and the real handlers and settings; the native dialog is the one stand-in, and the
// ffmpeg check runs real programs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createInMemoryQueueRepository } from '../services/queue'
import { createMemoryKeyValuePort } from '../services/settings/testing'
import { DEFAULT_SETTINGS } from '../shared/ipc/contract'
import type { Settings } from '../shared/ipc/contract'
import { createAppServices } from './app-services'
import type { AppServices } from './app-services'
import type { FolderPurpose } from './handlers'
import { createInvokeDispatcher } from './ipc'
import type { InvokeDispatcher } from './ipc'

const FFMPEG = path.resolve(__dirname, '..', '..', 'node_modules', '@ffmpeg-installer', 'linux-x64', 'ffmpeg')

/** What the stand-in dialogs answer next (null: the person cancelled), and what they were opened for. */
interface DialogScript {
  folder: string | null
  ffmpeg: string | null
  opened: Array<FolderPurpose | 'ffmpeg'>
}

let dir: string
let services: AppServices
let dispatch: InvokeDispatcher
let dialogs: DialogScript

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'settings-choices-'))
  dialogs = { folder: null, ffmpeg: null, opened: [] }
  services = createAppServices({
    settingsStore: createMemoryKeyValuePort(),
    queueRepository: createInMemoryQueueRepository(),
    dialogs: {
      pickFiles: async () => [],
      pickFolder: async (purpose) => {
        dialogs.opened.push(purpose)
        return dialogs.folder
      },
      pickFfmpeg: async () => {
        dialogs.opened.push('ffmpeg')
        return dialogs.ffmpeg
      }
    },
    shell: { openPath: async () => '', showItemInFolder: () => undefined }
  })
  dispatch = createInvokeDispatcher(services.handlers)
})

afterEach(async () => {
  await services.queue.shutdown()
  await rm(dir, { recursive: true, force: true })
})

async function settingsAfter(channel: string, ...args: unknown[]): Promise<Settings> {
  const answer = await dispatch(channel, args)
  if (!answer.ok) throw new Error(`${channel} was refused: ${answer.error.message}`)
  return answer.value as Settings
}

async function refusal(channel: string, ...args: unknown[]): Promise<string> {
  const answer = await dispatch(channel, args)
  if (answer.ok) throw new Error(`${channel} was accepted`)
  return answer.error.message
}

async function script(name: string, body: string): Promise<string> {
  const file = path.join(dir, name)
  await writeFile(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 })
  return file
}

describe('settings:update from the page', () => {
  it('refuses an ffmpeg path, an output folder or watch folders, saying which channel sets them, and changes nothing', async () => {
    const watch = { id: 'w1', folder: dir, request: '', recursive: true, includeExisting: true }
    await expect(refusal('settings:update', { ffmpegPath: '/bin/sh' })).resolves.toMatch(
      /^Invalid request to settings:update \(argument 0\.ffmpegPath\): .*settings:choose-ffmpeg/
    )
    await expect(refusal('settings:update', { outputFolder: '/etc', outputLocation: 'folder' })).resolves.toMatch(
      /\(argument 0\.outputFolder\): .*settings:choose-output-folder/
    )
    await expect(refusal('settings:update', { watchFolders: [watch] })).resolves.toMatch(/\(argument 0\.watchFolders\): .*settings:add-watch-folder/)
    // Not even an empty list, or the same list again: watch folders change one at a time.
    await expect(refusal('settings:update', { watchFolders: [] })).resolves.toMatch(/watchFolders/)
    expect(services.settings.get()).toEqual(DEFAULT_SETTINGS)
  })

  it('still changes every other setting, and may clear the two paths (an empty path names nothing)', async () => {
    await expect(settingsAfter('settings:update', { concurrency: 2, ffmpegPath: '', outputFolder: '' })).resolves.toMatchObject({
      concurrency: 2,
      ffmpegPath: '',
      outputFolder: ''
    })
  })
})

describe("paths chosen in main's dialogs", () => {
  it('stores the output folder the dialog answered and sends results there; a cancelled dialog changes nothing', async () => {
    await expect(settingsAfter('settings:choose-output-folder')).resolves.toEqual(DEFAULT_SETTINGS)
    dialogs.folder = dir
    await expect(settingsAfter('settings:choose-output-folder')).resolves.toMatchObject({ outputFolder: dir, outputLocation: 'folder' })
    expect(services.settings.get().outputFolder).toBe(dir)
    expect(dialogs.opened).toEqual(['output', 'output'])
  })

  it('adds the watch folder the dialog answered once, edits and removes it by id', async () => {
    dialogs.folder = dir
    const [added] = (await settingsAfter('settings:add-watch-folder')).watchFolders
    expect(added).toEqual({ id: expect.any(String), folder: dir, request: '', recursive: false, includeExisting: false })
    await expect(refusal('settings:add-watch-folder')).resolves.toBe(`${dir} is already a watch folder. Change its request below instead.`)
    await expect(settingsAfter('settings:edit-watch-folder', added!.id, { request: 'under 10MB', recursive: true })).resolves.toMatchObject({
      watchFolders: [{ id: added!.id, folder: dir, request: 'under 10MB', recursive: true }]
    })
    // The folder itself is not one of the things the page may edit.
    await expect(refusal('settings:edit-watch-folder', added!.id, { folder: '/etc' })).resolves.toMatch(/^Invalid request to settings:edit-watch-folder/)
    await expect(settingsAfter('settings:remove-watch-folder', added!.id)).resolves.toMatchObject({ watchFolders: [] })
    await expect(refusal('settings:remove-watch-folder', added!.id)).resolves.toMatch(/no longer in the settings/)
    expect(dialogs.opened).toEqual(['watch', 'watch'])
  })

  it('stores an ffmpeg the dialog answered once it has said it is ffmpeg', async () => {
    dialogs.ffmpeg = FFMPEG
    await expect(settingsAfter('settings:choose-ffmpeg')).resolves.toMatchObject({ ffmpegPath: FFMPEG })
    dialogs.ffmpeg = null
    await expect(settingsAfter('settings:choose-ffmpeg')).resolves.toMatchObject({ ffmpegPath: FFMPEG })
  })

  it('refuses a program that is not ffmpeg, with what it answered, and keeps the ffmpeg it had', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/bin/true', /^\/bin\/true was not saved as ffmpeg: asked for its version, it answered nothing\. Choose the ffmpeg program itself/],
      [await script('hello.sh', 'echo "hello there"'), /was not saved as ffmpeg: asked for its version, it answered "hello there"/],
      // A program that prints forever is stopped at its first line, not waited for.
      [await script('chatty.sh', 'while :; do echo "not ffmpeg at all"; done'), /it answered "not ffmpeg at all"/],
      [await script('liar.sh', 'echo "ffmpeg version 9.9"; exit 3'), /it says it is ffmpeg but ended with exit code 3/],
      [path.join(dir, 'missing'), /was not saved as ffmpeg: the file does not exist/]
    ]
    const notExecutable = path.join(dir, 'notes.txt')
    await writeFile(notExecutable, 'ffmpeg version 6.0')
    cases.push([notExecutable, /was not saved as ffmpeg: it is not a program this computer can run/])
    for (const [program, message] of cases) {
      dialogs.ffmpeg = program
      await expect(refusal('settings:choose-ffmpeg'), program).resolves.toMatch(message)
    }
    expect(services.settings.get().ffmpegPath).toBe('')
  })
})
