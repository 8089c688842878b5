// What the server keeps in Redis besides the BullMQ queue: tokens (hashed), credits, sessions and
// renders. Redis is the one store so that a restarted server, or a second server process, sees
// the same state (issue 15, "The server restarted mid-job"). Every record is owned by the token
// name that created it; lookups take the owner so one user never sees another's sessions.
import { createHash, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import type { Redis } from 'ioredis'
import { z } from 'zod'
import type { CompressOptions } from '../shared/compression'

export type TokenKind = 'user' | 'worker'

const tokenRecordSchema = z.object({
  name: z.string(),
  kind: z.enum(['user', 'worker']),
  createdAt: z.number()
})
export type TokenRecord = z.infer<typeof tokenRecordSchema>

const uploadSchema = z.object({
  id: z.string(),
  /** The name the client sent, shown back to it; never used as a path. */
  filename: z.string(),
  path: z.string(),
  bytes: z.number(),
  durationSeconds: z.number(),
  width: z.number(),
  height: z.number()
})
export type StoredUpload = z.infer<typeof uploadSchema>

const resultSchema = z.object({
  jobId: z.string(),
  path: z.string(),
  bytes: z.number(),
  durationSeconds: z.number(),
  message: z.string()
})
export type StoredResult = z.infer<typeof resultSchema>

const sessionSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  owner: z.string(),
  createdAt: z.number(),
  uploads: z.array(uploadSchema),
  /** Messages sent so far; the n-th message's job id is `<session>-<n>`, so a message is one job. */
  messages: z.number(),
  result: resultSchema.nullable()
})
export type StoredSession = z.infer<typeof sessionSchema>

const onlineWorkerSchema = z.object({ name: z.string(), lastSeen: z.number(), encoders: z.array(z.string()).default([]) })
export type OnlineWorker = z.infer<typeof onlineWorkerSchema>

const renderSchema = z.object({ id: z.string(), sessionId: z.string(), owner: z.string() })
export type StoredRender = z.infer<typeof renderSchema>

/** What a queued compression carries (BullMQ job data). */
export interface CompressJobData {
  sessionId: string
  owner: string
  uploadId: string
  /** Bytes of the input, so the result can be checked against a ratio target. */
  inputBytes: number
  inputDurationSeconds: number
  options: CompressOptions
  /** The byte target the result must meet, resolved from a size or a ratio; null for none. */
  targetBytes: number | null
  /** A part of a file split over several workers (engine/segments.ts): encode only this range, video only. */
  segment?: SegmentJob
  /** The joining job of a split file: the audio encoded once, and the whole file's length. */
  split?: SplitJob
}

/** The joining job's part of a split file: what the server joins and checks against. */
export interface SplitJob {
  folder: string
  audioPath: string | null
  durationSeconds: number
  /** The plan's target (it may be under the asked one: never bigger than the original). */
  targetBytes: number
  videoKbps: number
  scaleShortSide: number | null
  fpsCap: number | null
  parts: number
}

/** What a worker needs to encode its range of a split file. */
export interface SegmentJob {
  index: number
  start: number
  end: number
  isLast: boolean
  videoKbps: number
  scaleShortSide: number | null
  fpsCap: number | null
}

export interface Credits {
  available: number
  frozen: number
  total: number
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Session ids are 19-digit strings, as the protocol's are (clients keep them as strings). */
function newSessionId(): string {
  const digits = randomBytes(16).toString('hex').replace(/[a-f]/g, '').padEnd(18, '7').slice(0, 18)
  return `1${digits}`
}

export class ServerStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'cvs'
  ) {}

  /**
   * Resolves once the store's Redis connection is up (at once while it is): until then requests
   * are answered 503. Tests wait on it after Redis comes back; ioredis reconnects on its own.
   */
  async connected(): Promise<void> {
    if (this.redis.status !== 'ready') await once(this.redis, 'ready')
  }

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':')
  }

  // --- tokens -------------------------------------------------------------------------------

  /** Creates a token; only its hash is stored, so the printed token is the only copy. */
  async createToken(name: string, kind: TokenKind, credits: number): Promise<string> {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new Error(`"${name}" is not a token name: use 1-64 letters, digits, dots, dashes or underscores.`)
    const token = `${kind === 'worker' ? 'cvw' : 'cvu'}_${randomBytes(24).toString('base64url')}`
    const record: TokenRecord = { name, kind, createdAt: Date.now() }
    const added = await this.redis.hsetnx(this.key('token-names'), name, hashToken(token))
    if (added === 0) throw new Error(`A token named "${name}" exists already; revoke it first or choose another name.`)
    await this.redis
      .multi()
      .hset(this.key('tokens'), hashToken(token), JSON.stringify(record))
      .hset(this.key('credits', name), 'available', String(credits), 'frozen', '0')
      .exec()
    return token
  }

  async revokeToken(name: string): Promise<boolean> {
    const hash = await this.redis.hget(this.key('token-names'), name)
    if (!hash) return false
    await this.redis.multi().hdel(this.key('tokens'), hash).hdel(this.key('token-names'), name).exec()
    return true
  }

  async lookupToken(token: string): Promise<TokenRecord | null> {
    const raw = await this.redis.hget(this.key('tokens'), hashToken(token))
    if (!raw) return null
    const parsed = tokenRecordSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : null
  }

  // --- credits ------------------------------------------------------------------------------

  async credits(owner: string): Promise<Credits> {
    const values = await this.redis.hmget(this.key('credits', owner), 'available', 'frozen')
    const available = Number(values[0] ?? 0)
    const frozen = Number(values[1] ?? 0)
    return { available, frozen, total: available + frozen }
  }

  /** Moves `amount` from available to frozen; false when there is not enough. Atomic (Lua). */
  async freezeCredits(owner: string, amount: number): Promise<boolean> {
    const result = await this.redis.eval(
      `local available = tonumber(redis.call('HGET', KEYS[1], 'available') or '0')
       if available < tonumber(ARGV[1]) then return 0 end
       redis.call('HINCRBYFLOAT', KEYS[1], 'available', -tonumber(ARGV[1]))
       redis.call('HINCRBYFLOAT', KEYS[1], 'frozen', tonumber(ARGV[1]))
       return 1`,
      1,
      this.key('credits', owner),
      String(amount)
    )
    return result === 1
  }

  /** Ends a freeze: charged on success (the frozen amount is spent), given back otherwise. */
  async settleCredits(owner: string, amount: number, charged: boolean): Promise<void> {
    const multi = this.redis.multi().hincrbyfloat(this.key('credits', owner), 'frozen', -amount)
    if (!charged) multi.hincrbyfloat(this.key('credits', owner), 'available', amount)
    await multi.exec()
  }

  /**
   * Settles the credits of job `jobId` once: a split file's parts may fail one after another, and
   * each failure reaches the file's job, which must give the credits back only once.
   */
  async settleCreditsOnce(jobId: string, owner: string, amount: number, charged: boolean): Promise<void> {
    const first = await this.redis.set(this.key('settled', jobId), '1', 'EX', 8 * 24 * 3600, 'NX')
    if (first === 'OK') await this.settleCredits(owner, amount, charged)
  }

  // --- sessions -----------------------------------------------------------------------------

  async createSession(owner: string): Promise<StoredSession> {
    const session: StoredSession = {
      id: newSessionId(),
      taskId: randomBytes(8).toString('hex'),
      owner,
      createdAt: Date.now(),
      uploads: [],
      messages: 0,
      result: null
    }
    await this.redis.set(this.key('session', session.id), JSON.stringify(session))
    return session
  }

  /** The session if it exists and belongs to `owner`; another user's session is "not found". */
  async session(id: string, owner: string): Promise<StoredSession | null> {
    const raw = await this.redis.get(this.key('session', id))
    if (!raw) return null
    const parsed = sessionSchema.safeParse(JSON.parse(raw))
    if (!parsed.success || parsed.data.owner !== owner) return null
    return parsed.data
  }

  /** Read-modify-write under WATCH, so two requests on one session cannot lose each other's change. */
  async updateSession(id: string, owner: string, change: (session: StoredSession) => StoredSession): Promise<StoredSession | null> {
    const key = this.key('session', id)
    for (;;) {
      await this.redis.watch(key)
      const current = await this.session(id, owner)
      if (!current) {
        await this.redis.unwatch()
        return null
      }
      const next = change(current)
      const done = await this.redis.multi().set(key, JSON.stringify(next)).exec()
      if (done !== null) return next
    }
  }

  async allSessions(): Promise<StoredSession[]> {
    const sessions: StoredSession[] = []
    let cursor = '0'
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', this.key('session', '*'), 'COUNT', 200)
      cursor = next
      for (const key of keys) {
        const raw = await this.redis.get(key)
        const parsed = raw ? sessionSchema.safeParse(JSON.parse(raw)) : null
        if (parsed?.success) sessions.push(parsed.data)
      }
    } while (cursor !== '0')
    return sessions
  }

  async deleteSession(id: string): Promise<void> {
    await this.redis.del(this.key('session', id))
  }

  // --- workers (for `serve status`) -------------------------------------------------------

  /**
   * A worker is "online" while it has asked for work in the last `ttlSeconds`. `encoders` are the
   * hardware encoders it said work on its machine (none: it encodes on the CPU only); left out,
   * the ones it said when it last asked for work (a progress report says none).
   */
  async workerSeen(name: string, ttlSeconds: number, encoders?: readonly string[]): Promise<void> {
    let known = encoders
    if (known === undefined) {
      const raw = await this.redis.get(this.key('worker', name))
      const parsed = raw ? onlineWorkerSchema.safeParse(JSON.parse(raw)) : null
      known = parsed?.success ? parsed.data.encoders : []
    }
    const seen: OnlineWorker = { name, lastSeen: Date.now(), encoders: [...known] }
    await this.redis.set(this.key('worker', name), JSON.stringify(seen), 'EX', ttlSeconds)
  }

  async workersOnline(): Promise<OnlineWorker[]> {
    const workers: OnlineWorker[] = []
    let cursor = '0'
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', this.key('worker', '*'), 'COUNT', 200)
      cursor = next
      for (const key of keys) {
        const raw = await this.redis.get(key)
        const parsed = raw ? onlineWorkerSchema.safeParse(JSON.parse(raw)) : null
        if (parsed?.success) workers.push(parsed.data)
      }
    } while (cursor !== '0')
    return workers.sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Whether any worker online can take jobs that need the graphics chip. */
  async gpuWorkerOnline(): Promise<boolean> {
    return (await this.workersOnline()).some((worker) => worker.encoders.length > 0)
  }

  // --- renders ------------------------------------------------------------------------------

  async createRender(id: string, sessionId: string, owner: string): Promise<void> {
    const render: StoredRender = { id, sessionId, owner }
    await this.redis.set(this.key('render', id), JSON.stringify(render), 'EX', 7 * 24 * 3600)
  }

  async render(id: string, owner: string): Promise<StoredRender | null> {
    const raw = await this.redis.get(this.key('render', id))
    if (!raw) return null
    const parsed = renderSchema.safeParse(JSON.parse(raw))
    return parsed.success && parsed.data.owner === owner ? parsed.data : null
  }
}
