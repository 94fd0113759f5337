import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { io, type Socket } from 'socket.io-client'
import { loadConfig } from '../../server/config.ts'
import { createLogger } from '../../server/logger.ts'
import { startServer, type RunningServer, type StartOptions } from '../../server/server.ts'
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents, WireTicket } from '../../shared/events.ts'
import type { Ticket } from '../../shared/domain/types.ts'

export interface TestServer extends RunningServer {
  dataDir: string
  /** stops the server; keeps the data directory unless `wipe` */
  stop(wipe?: boolean): Promise<void>
}

/** A real server on an ephemeral port with its own data directory; demo accounts on, feed off. */
export async function startTestServer(env: Record<string, string> = {}, opts: StartOptions & { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'echo365-test-')))
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: 'on', DEMO_FEED: 'off', RATE_LIMIT: 'off',
    LOG_LEVEL: 'silent', ...env,
  })
  const server = await startServer(config, { logger: createLogger('silent'), ...opts })
  return {
    ...server,
    dataDir,
    async stop(wipe = true) {
      await server.close()
      if (wipe) await rm(dataDir, { recursive: true, force: true })
    },
  }
}

export interface ApiResult<T = Record<string, unknown>> { status: number; body: T; headers: Headers }

/** A tiny JSON client bound to a server and, optionally, a token. */
export function client(base: string, token?: string) {
  const call = async <T = Record<string, unknown>>(method: string, url: string, body?: unknown): Promise<ApiResult<T>> => {
    const res = await fetch(base + url, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : {}
    } catch {
      // keep text
    }
    return { status: res.status, body: parsed as T, headers: res.headers }
  }
  return {
    get: <T = Record<string, unknown>>(url: string) => call<T>('GET', url),
    post: <T = Record<string, unknown>>(url: string, body?: unknown) => call<T>('POST', url, body ?? {}),
    raw: call,
  }
}

export async function login(base: string, username: string, password = 'echo365'): Promise<string> {
  const r = await client(base).post<{ token: string }>('/api/auth/login', { username, password })
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body.token
}

/** Logs in the usual cast: chief, a department, a group leader, leadership, display. */
export async function cast(base: string, dept = 'urban-mgmt', group = 'grp-0001') {
  const [chief, department, reporter, leadership, display] = await Promise.all([
    login(base, 'chief'), login(base, dept), login(base, group), login(base, 'leadership'), login(base, 'display'),
  ])
  return {
    chief: client(base, chief),
    dept: client(base, department),
    reporter: client(base, reporter),
    leadership: client(base, leadership),
    display: client(base, display),
    tokens: { chief, department, reporter, leadership, display },
    anon: client(base),
  }
}

export type TicketBody = { ticket: Ticket }

/** A client socket; `T` is what its user receives (`WallTicket` summaries for the display token). */
export type TestSocket<T extends WireTicket = Ticket> = Socket<ServerToClientEvents<T>, ClientToServerEvents>

export function connect<T extends WireTicket = Ticket>(base: string, token: string, lastSeq?: number, view?: HandshakeAuth['view']): TestSocket<T> {
  const auth: HandshakeAuth = { token, ...(lastSeq !== undefined ? { lastSeq } : {}), ...(view ? { view } : {}) }
  return io(base, { auth, transports: ['websocket'], reconnection: false, forceNew: true })
}

export function waitFor<T>(check: () => T | undefined | false, timeoutMs = 3000, label = 'condition'): Promise<T> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const tick = () => {
      const v = check()
      if (v) return resolve(v)
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${label}`))
      setTimeout(tick, 10)
    }
    tick()
  })
}
