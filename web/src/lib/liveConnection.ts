import { io, type Socket } from 'socket.io-client'
import type { WallTicket } from '../../../shared/domain/wallTicket.ts'
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents, Snapshot, WireTicket } from '../../../shared/events.ts'
import type { Ticket } from '../../../shared/domain/types.ts'

export type LiveSocket<T extends WireTicket = Ticket> = Socket<ServerToClientEvents<T>, ClientToServerEvents>
type EventName = keyof ServerToClientEvents
const EVENTS: readonly EventName[] = ['snapshot', 'ticket', 'stats', 'broadcast', 'alert']
/** Messages kept while nobody listens yet (between an early connect and the page's mount). */
const MAX_BUFFER = 20_000

/**
 * The Socket.IO connection of a live page, usable before the page's components exist: messages
 * are buffered in arrival order until handlers attach, then replayed. The handshake `auth` is a
 * function, so every (re)connect sends the current token and the last seq the page applied.
 *
 * A connection may start from a snapshot the page already has (the wall's, inlined into its HTML):
 * it is delivered first, and the first handshake asks only for what came after it.
 */
export class LiveConnection<T extends WireTicket = Ticket> {
  readonly socket: LiveSocket<T>
  #token: string
  #lastSeq: () => number | undefined
  #handlers: Partial<ServerToClientEvents<T>> | null = null
  #buffer: [EventName, unknown][] = []

  constructor(token: string, { initial, view }: { initial?: Snapshot<T> | undefined; view?: HandshakeAuth['view'] } = {}) {
    this.#token = token
    this.#lastSeq = () => initial?.seq
    if (initial) this.#buffer.push(['snapshot', initial])
    this.socket = io({
      autoConnect: false,
      auth: (cb: (data: object) => void) => {
        const seq = this.#lastSeq()
        const auth: HandshakeAuth = { token: this.#token, ...(seq !== undefined ? { lastSeq: seq } : {}), ...(view ? { view } : {}) }
        cb(auth)
      },
      // straight to WebSocket (a round trip less on every connect), long-polling if a proxy blocks it
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
    })
    for (const name of EVENTS) {
      this.socket.on(name, ((payload: unknown) => this.#dispatch(name, payload)) as never)
    }
  }

  #dispatch(name: EventName, payload: unknown): void {
    if (!this.#handlers) {
      if (this.#buffer.length < MAX_BUFFER) this.#buffer.push([name, payload])
      return
    }
    const handler = this.#handlers[name] as ((p: unknown) => void) | undefined
    handler?.(payload)
  }

  /** Starts delivering (buffered messages first, in order). */
  attach(handlers: Partial<ServerToClientEvents<T>>, lastSeq: () => number | undefined): void {
    this.#handlers = handlers
    this.#lastSeq = lastSeq
    for (const [name, payload] of this.#buffer.splice(0)) this.#dispatch(name, payload)
  }

  setToken(token: string): void {
    this.#token = token
  }

  connect(): void {
    if (!this.socket.connected && !this.socket.active) this.socket.connect()
  }

  close(): void {
    this.#handlers = null
    this.#buffer = []
    this.socket.removeAllListeners()
    this.socket.disconnect()
  }
}

/** A connection opened before the page that uses it exists (see WallPage). */
export interface EarlyConnection<T extends WireTicket> {
  /** the connection right now if it is open already (synchronously, during a component's setup) */
  takeOpen: () => LiveConnection<T> | null
  /** the connection once its token is known, or null if it could not be opened */
  take: () => Promise<LiveConnection<T> | null>
}

let early: Promise<LiveConnection<WallTicket> | null> | null = null
let earlyOpen: LiveConnection<WallTicket> | null = null

/**
 * Opens the wall's connection as early as possible (main.ts, while the page's chunk is still
 * loading), from the snapshot inlined into the page when there is one.
 */
export function startWallConnection(getToken: () => Promise<string | null>, initial?: Snapshot<WallTicket>): void {
  early ??= getToken().then((token) => {
    if (!token || !early) return null
    const conn = new LiveConnection<WallTicket>(token, { initial })
    conn.connect()
    earlyOpen = conn
    return conn
  }).catch(() => null)
}

/**
 * The wall's early connection, taken once. Taken during setup while already open, its buffered
 * snapshot reaches the store before the charts mount, so they draw the real figures first instead
 * of an empty frame.
 */
export const earlyWallConnection: EarlyConnection<WallTicket> = {
  takeOpen: () => {
    const conn = earlyOpen
    if (conn) {
      early = null
      earlyOpen = null
    }
    return conn
  },
  take: async () => {
    const p = early
    early = null
    earlyOpen = null
    return p ? p : null
  },
}
