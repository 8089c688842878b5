// Who we are to NemoVideo (protocol note, "Identity"): the user's token (`NEMO_TOKEN`, from the
// environment or settings) when given; otherwise an anonymous token fetched with a client id
// that is generated once, persisted and reused, also after the token expires (a new id per
// request burns the per-IP limit of about 10 tokens per 7 days; one token per id per 7 days).
// The anonymous token is cached through the store when it can hold one, for the same reason.
// The token is a secret: it is never logged, never put in a URL or a message; `redact` scrubs it
// from any text that came from elsewhere before it reaches people.
import { randomUUID } from 'node:crypto'
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { UserFacingError } from '../../shared/errors'
import { MAX_CLIENT_ID_LENGTH } from './protocol'

/** Where the client id lives: app settings in the desktop app, a JSON file for the CLI. */
export interface ClientIdStore {
  get(): Promise<string | null>
  set(id: string): Promise<void>
  /** Optional cache for the anonymous token (the app keeps it in safeStorage where available). */
  getToken?(): Promise<string | null>
  setToken?(token: string | null): Promise<void>
}

/** Client ids travel in a header: printable ASCII without spaces, at most 64 characters. */
export function isValidClientId(id: string | null | undefined): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_CLIENT_ID_LENGTH && /^[\x21-\x7e]+$/.test(id)
}

export interface IdentityOptions {
  /** `NEMO_TOKEN` (environment or settings): a registered user's token. */
  token?: string | null
  /** `NEMO_CLIENT_ID`: wins over the stored id. */
  clientId?: string | null
  store: ClientIdStore
  /** `POST /api/auth/anonymous-token` with `X-Client-Id`; returns the new token. */
  requestAnonymousToken: (clientId: string, signal?: AbortSignal) => Promise<string>
}

/** Thrown by `requestAnonymousToken` when the service answers HTTP 400 (missing/bad client id). */
export class ClientIdRejectedError extends Error {
  override readonly name = 'ClientIdRejectedError'
}

export class NemoIdentity {
  private readonly explicitToken: string | null
  private readonly envClientId: string | null
  private readonly store: ClientIdStore
  private readonly requestAnonymousToken: IdentityOptions['requestAnonymousToken']
  private currentToken: string | null = null
  private pendingToken: Promise<string> | null = null
  private cachedClientId: string | null = null
  /** Every token this identity has held, so `redact` also covers replaced ones. */
  private readonly secrets = new Set<string>()

  constructor(options: IdentityOptions) {
    this.explicitToken = options.token?.trim() ? options.token.trim() : null
    this.envClientId = options.clientId?.trim() ? options.clientId.trim() : null
    this.store = options.store
    this.requestAnonymousToken = options.requestAnonymousToken
    if (this.explicitToken) this.secrets.add(this.explicitToken)
  }

  /** Anonymous users get the registration link on "no credits"; registered ones "top up". */
  get isAnonymous(): boolean {
    return this.explicitToken === null
  }

  /** The persisted client id, generated (crypto.randomUUID) and saved on first use. */
  async clientId(): Promise<string> {
    if (this.envClientId) return this.envClientId
    if (this.cachedClientId) return this.cachedClientId
    const stored = await this.store.get()
    if (isValidClientId(stored)) {
      this.cachedClientId = stored
      return stored
    }
    return this.newClientId()
  }

  private async newClientId(): Promise<string> {
    const id = randomUUID()
    await this.store.set(id)
    this.cachedClientId = id
    return id
  }

  /** The token to send now. Concurrent jobs share one anonymous-token request. */
  async token(signal?: AbortSignal): Promise<string> {
    if (this.explicitToken) return this.explicitToken
    if (this.currentToken) return this.currentToken
    if (!this.pendingToken) {
      // Shared by every job that asks meanwhile, so no one job's signal may end it: each
      // caller stops waiting on its own cancel instead (waitFor).
      this.pendingToken = this.loadOrFetchToken().finally(() => {
        this.pendingToken = null
      })
    }
    return waitFor(this.pendingToken, signal)
  }

  private async loadOrFetchToken(signal?: AbortSignal): Promise<string> {
    const cached = this.store.getToken ? await this.store.getToken() : null
    if (cached) {
      this.remember(cached)
      return cached
    }
    return this.fetchToken(signal)
  }

  /**
   * After code 1001 (bad or expired token): a new anonymous token with the same client id.
   * `staleToken` is the token that was refused: when another job already replaced it, that
   * replacement is used instead of asking again.
   */
  async refresh(staleToken: string, signal?: AbortSignal): Promise<string> {
    if (this.explicitToken)
      throw new UserFacingError(
        'cloud',
        'NemoVideo refused your NEMO_TOKEN (invalid, expired or revoked). Create a new token in your NemoVideo account and set NEMO_TOKEN again, or remove it to use a free anonymous token.'
      )
    if (this.currentToken && this.currentToken !== staleToken) return this.currentToken
    if (this.pendingToken) return waitFor(this.pendingToken, signal)
    this.currentToken = null
    this.pendingToken = this.fetchToken().finally(() => {
      this.pendingToken = null
    })
    return waitFor(this.pendingToken, signal)
  }

  private async fetchToken(signal?: AbortSignal): Promise<string> {
    let clientId = await this.clientId()
    let token: string
    try {
      token = await this.requestAnonymousToken(clientId, signal)
    } catch (error) {
      // HTTP 400 = missing/bad X-Client-Id: generate and persist a new id, retry once (note's
      // error table). An id the user set in NEMO_CLIENT_ID is theirs to fix.
      if (!(error instanceof ClientIdRejectedError)) throw error
      if (this.envClientId)
        throw new UserFacingError(
          'cloud',
          'NemoVideo rejected the client id in NEMO_CLIENT_ID. Set it to a simple id of at most 64 characters (a UUID works) or remove it.'
        )
      clientId = await this.newClientId()
      try {
        token = await this.requestAnonymousToken(clientId, signal)
      } catch (retryError) {
        if (retryError instanceof ClientIdRejectedError) throw new UserFacingError('cloud', "NemoVideo did not accept this app's client id. Try again later.")
        throw retryError
      }
    }
    this.remember(token)
    if (this.store.setToken) await this.store.setToken(token)
    return token
  }

  private remember(token: string): void {
    this.currentToken = token
    this.secrets.add(token)
  }

  /** Scrubs every token this identity has known from text that will reach people or logs. */
  redact(text: string): string {
    let result = text
    for (const secret of this.secrets) {
      if (secret.length >= 4) result = result.split(secret).join('[token]')
    }
    return result
  }
}

/** The shared promise, or the cancelled error as soon as this caller's signal fires. */
function waitFor<T>(shared: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return shared
  const cancelled = (): UserFacingError => new UserFacingError('cancelled', 'Cancelled.')
  if (signal.aborted) return Promise.reject(cancelled())
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelled())
    signal.addEventListener('abort', onAbort, { once: true })
    shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** `~/.config/compress-video/cloud.json` (XDG_CONFIG_HOME honoured; %APPDATA% on Windows). */
export function defaultCloudConfigPath(): string {
  const base =
    process.platform === 'win32'
      ? (process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'))
      : (process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'))
  return path.join(base, 'compress-video', 'cloud.json')
}

interface CloudFileContents {
  clientId?: string
  token?: string
}

/**
 * The CLI's store: a JSON file readable only by the user (mode 0600 in a 0700 folder), because
 * it may hold the anonymous token. Written through a temporary file and a rename so a crash
 * never leaves half a file.
 */
export class JsonFileClientIdStore implements ClientIdStore {
  constructor(readonly filePath: string = defaultCloudConfigPath()) {}

  private async read(): Promise<CloudFileContents> {
    let text: string
    try {
      text = await readFile(this.filePath, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw error
    }
    try {
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed !== 'object' || parsed === null) return {}
      const record = parsed as Record<string, unknown>
      return {
        ...(typeof record.clientId === 'string' ? { clientId: record.clientId } : {}),
        ...(typeof record.token === 'string' ? { token: record.token } : {})
      }
    } catch {
      // A damaged file is replaced on the next write rather than stopping every cloud job.
      return {}
    }
  }

  private async write(contents: CloudFileContents): Promise<void> {
    const folder = path.dirname(this.filePath)
    await mkdir(folder, { recursive: true, mode: 0o700 })
    const temp = `${this.filePath}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`
    await writeFile(temp, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 })
    await chmod(temp, 0o600)
    await rename(temp, this.filePath)
  }

  async get(): Promise<string | null> {
    return (await this.read()).clientId ?? null
  }

  async set(id: string): Promise<void> {
    const contents = await this.read()
    // A token belongs to the id it was issued for.
    await this.write(contents.clientId === id ? { ...contents, clientId: id } : { clientId: id })
  }

  async getToken(): Promise<string | null> {
    return (await this.read()).token ?? null
  }

  async setToken(token: string | null): Promise<void> {
    const { token: _old, ...rest } = await this.read()
    await this.write(token ? { ...rest, token } : rest)
  }
}
