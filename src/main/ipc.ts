// The only place that touches ipcMain (issue #4, docs/style.md "Wrap ipcMain once"). Every invoke
// goes through the same steps: known channel, trusted sender (our own page, top frame), arguments
// valid by the contract's zod schema, then the plain handler; whatever it throws crosses the
// bridge as a plain { message, code } (UserFacingErrors keep their sentence, anything else becomes
// "unexpected error" without a stack trace).
import { describeError } from '../shared/errors'
import { INVOKE_ARGS } from '../shared/ipc/contract'
import type { InvokeChannel, InvokeEnvelope, InvokeHandlers } from '../shared/ipc/contract'

/** The part of an Electron WebFrameMain the sender check reads. */
export interface SenderFrameLike {
  readonly url: string
  readonly parent: unknown
}

/** The part of IpcMainInvokeEvent the wrapper reads. */
export interface InvokeEventLike {
  readonly senderFrame: SenderFrameLike | null
}

/** The part of Electron's ipcMain the wrapper uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

export type InvokeDispatcher = (channel: string, args: readonly unknown[]) => Promise<InvokeEnvelope<unknown>>

function isInvokeChannel(channel: string): channel is InvokeChannel {
  return Object.prototype.hasOwnProperty.call(INVOKE_ARGS, channel)
}

/**
 * Validation and error shaping without Electron: the ipcMain wrapper below uses it, and so does
 * the e2e test, which binds it into the page in place of the preload bridge.
 */
export function createInvokeDispatcher(handlers: InvokeHandlers): InvokeDispatcher {
  return async (channel, args) => {
    if (!isInvokeChannel(channel)) return { ok: false, error: { code: 'invalid-option', message: `Unknown request "${channel}".` } }
    const parsed = INVOKE_ARGS[channel].safeParse(args)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue && issue.path.length > 0 ? ` (argument ${issue.path.join('.')})` : ''
      return { ok: false, error: { code: 'invalid-option', message: `Invalid request to ${channel}${where}: ${issue?.message ?? 'bad arguments'}.` } }
    }
    try {
      // The schema for `channel` produced `parsed.data`, so it is exactly that handler's arguments.
      const handler = handlers[channel] as (...handlerArgs: readonly unknown[]) => unknown
      const value = await handler(...(parsed.data as readonly unknown[]))
      return { ok: true, value: value === undefined ? null : value }
    } catch (error) {
      const { code, message, words } = describeError(error)
      return { ok: false, error: { code, message, ...(words ? { words } : {}) } }
    }
  }
}

/**
 * Whether a URL is our own page: the built renderer file, or the dev server's origin. Shared by
 * the IPC sender check below and the web permission policy (permissions.ts).
 */
export function createTrustedPageCheck(rendererUrl: string): (pageUrl: string) => boolean {
  const trusted = new URL(rendererUrl)
  return (pageUrl) => {
    let url: URL
    try {
      url = new URL(pageUrl)
    } catch {
      return false
    }
    if (url.protocol !== trusted.protocol) return false
    // The host too: file://server/<same path> is a file on another machine (a Windows share), not ours.
    if (trusted.protocol === 'file:') return url.host === trusted.host && url.pathname === trusted.pathname
    return url.origin === trusted.origin
  }
}

/**
 * A sender is trusted when it is the top frame of our own page. Subframes and anything navigated
 * elsewhere are refused.
 */
export function createSenderCheck(rendererUrl: string): (frame: SenderFrameLike | null) => boolean {
  const isTrustedPage = createTrustedPageCheck(rendererUrl)
  return (frame) => frame !== null && frame.parent === null && isTrustedPage(frame.url)
}

/** Registers every contract channel on ipcMain. Returns a function that removes them again. */
export function registerIpcHandlers(ipcMain: IpcMainLike, handlers: InvokeHandlers, isTrustedSender: (frame: SenderFrameLike | null) => boolean): () => void {
  const dispatch = createInvokeDispatcher(handlers)
  const channels = Object.keys(INVOKE_ARGS)
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, ...args): Promise<InvokeEnvelope<unknown>> => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: { code: 'untrusted-sender', message: 'This request did not come from the app window and was refused.' } }
      }
      return dispatch(channel, args)
    })
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel))
}

/** Where push events go: the window's webContents, or a test page. */
export interface PushTarget {
  isDestroyed(): boolean
  send(channel: string, payload: unknown): void
}
