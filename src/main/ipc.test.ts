import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, INVOKE_ARGS } from '../shared/ipc/contract'
import type { InvokeEnvelope, InvokeHandlers } from '../shared/ipc/contract'
import { UserFacingError } from '../shared/errors'
import { createInvokeDispatcher, createSenderCheck, registerIpcHandlers } from './ipc'
import type { InvokeEventLike, IpcMainLike } from './ipc'

/** A stand-in for Electron's ipcMain (the Electron runtime is the one thing we may fake). */
class FakeIpcMain implements IpcMainLike {
  readonly listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>()
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void {
    if (this.listeners.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.listeners.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.listeners.delete(channel)
  }
  invoke(channel: string, frame: InvokeEventLike['senderFrame'], ...args: unknown[]): Promise<InvokeEnvelope<unknown>> {
    const listener = this.listeners.get(channel)
    if (!listener) throw new Error(`No handler registered for '${channel}'`)
    return Promise.resolve(listener({ senderFrame: frame }, ...args)) as Promise<InvokeEnvelope<unknown>>
  }
}

const RENDERER = 'file:///opt/Compress%20Video/resources/app.asar/out/renderer/index.html'
const topFrame = (url: string) => ({ url, parent: null })

function handlersRecording(calls: Array<[string, unknown[]]>): InvokeHandlers {
  const handlers = {} as Record<string, (...args: unknown[]) => unknown>
  for (const channel of Object.keys(INVOKE_ARGS)) {
    handlers[channel] = (...args: unknown[]) => {
      calls.push([channel, args])
      if (channel === 'queue:cancel') throw new UserFacingError('not-found', 'That job is no longer in the queue.')
      if (channel === 'queue:retry') throw new TypeError('boom')
      if (channel === 'settings:get') return DEFAULT_SETTINGS
      return undefined
    }
  }
  return handlers as unknown as InvokeHandlers
}

describe('ipc wrapper', () => {
  it('registers every contract channel and removes them again', () => {
    const ipcMain = new FakeIpcMain()
    const unregister = registerIpcHandlers(ipcMain, handlersRecording([]), createSenderCheck(RENDERER))
    expect([...ipcMain.listeners.keys()].sort()).toEqual(Object.keys(INVOKE_ARGS).sort())
    unregister()
    expect(ipcMain.listeners.size).toBe(0)
  })

  it('passes valid arguments to the handler and wraps the answer', async () => {
    const calls: Array<[string, unknown[]]> = []
    const ipcMain = new FakeIpcMain()
    registerIpcHandlers(ipcMain, handlersRecording(calls), createSenderCheck(RENDERER))
    await expect(ipcMain.invoke('settings:get', topFrame(RENDERER))).resolves.toEqual({ ok: true, value: DEFAULT_SETTINGS })
    await expect(ipcMain.invoke('queue:add-files', topFrame(RENDERER), ['/v/a.mp4'], 'under 10MB')).resolves.toEqual({ ok: true, value: null })
    expect(calls).toEqual([
      ['settings:get', []],
      ['queue:add-files', [['/v/a.mp4'], 'under 10MB']]
    ])
  })

  it('refuses invalid arguments before the handler runs', async () => {
    const calls: Array<[string, unknown[]]> = []
    const ipcMain = new FakeIpcMain()
    registerIpcHandlers(ipcMain, handlersRecording(calls), createSenderCheck(RENDERER))
    const bad = await Promise.all([
      ipcMain.invoke('queue:add-files', topFrame(RENDERER), '/v/a.mp4', 'x'),
      ipcMain.invoke('queue:add-files', topFrame(RENDERER), [], 'x'),
      ipcMain.invoke('queue:cancel', topFrame(RENDERER)),
      ipcMain.invoke('queue:pause', topFrame(RENDERER), 'extra'),
      ipcMain.invoke('settings:update', topFrame(RENDERER), { concurrency: 'lots' }),
      ipcMain.invoke('settings:update', topFrame(RENDERER), { __proto__: {}, nodeIntegration: true })
    ])
    for (const envelope of bad)
      expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-option', message: expect.stringMatching(/^Invalid request to /) } })
    expect(calls).toEqual([])
  })

  it('refuses senders that are not the top frame of our own page', async () => {
    const calls: Array<[string, unknown[]]> = []
    const ipcMain = new FakeIpcMain()
    registerIpcHandlers(ipcMain, handlersRecording(calls), createSenderCheck(RENDERER))
    const refused = await Promise.all([
      ipcMain.invoke('queue:pause', topFrame('https://evil.example/index.html')),
      ipcMain.invoke('queue:pause', topFrame('file:///tmp/downloaded.html')),
      ipcMain.invoke('queue:pause', topFrame(RENDERER.replace('file:///', 'file://fileserver/'))),
      ipcMain.invoke('queue:pause', { url: RENDERER, parent: { url: RENDERER } }),
      ipcMain.invoke('queue:pause', null)
    ])
    for (const envelope of refused) expect(envelope).toEqual({ ok: false, error: { code: 'untrusted-sender', message: expect.stringContaining('refused') } })
    expect(calls).toEqual([])
  })

  it('trusts the dev server by origin', () => {
    const check = createSenderCheck('http://localhost:5173/')
    expect(check(topFrame('http://localhost:5173/#/settings'))).toBe(true)
    expect(check(topFrame('http://localhost:5174/'))).toBe(false)
    expect(check(topFrame('not a url'))).toBe(false)
  })

  it('turns thrown errors into plain messages: sentences kept, anything else marked unexpected', async () => {
    const dispatch = createInvokeDispatcher(handlersRecording([]))
    await expect(dispatch('queue:cancel', ['job-1'])).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That job is no longer in the queue.' }
    })
    const unexpected = await dispatch('queue:retry', ['job-1'])
    expect(unexpected).toMatchObject({ ok: false, error: { code: 'unexpected', message: expect.stringContaining('boom') } })
    expect(JSON.stringify(unexpected)).not.toMatch(/at .*\.ts/)
    await expect(dispatch('shell:exec', [])).resolves.toMatchObject({ ok: false, error: { message: 'Unknown request "shell:exec".' } })
  })
})
