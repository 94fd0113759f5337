import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../../shared/events.ts'

export type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>
type EventName = keyof ServerToClientEvents
const EVENTS: readonly EventName[] = ['snapshot', 'ticket', 'stats', 'broadcast', 'alert']
/** Messages kept while nobody listens yet (between an early connect and the page's mount). */
const MAX_BUFFER = 20_000

/**
 * The Socket.IO connection of a live page, usable before the page's components exist: messages
 * are buffered in arrival order until handlers attach, then replayed. The handshake `auth` is a
 * function, so every (re)connect sends the current token and the last seq the page applied.
 */
export class LiveConnection {
  readonly socket: WallSocket
  #token: string
  #lastSeq: () => number | undefined = () => undefined
  #handlers: Partial<ServerToClientEvents> | null = null
  #buffer: [EventName, unknown][] = []

  constructor(token: string) {
    this.#token = token
    this.socket = io({
      autoConnect: false,
      auth: (cb: (data: object) => void) => {
        const seq = this.#lastSeq()
        const auth: HandshakeAuth = { token: this.#token, ...(seq !== undefined ? { lastSeq: seq } : {}) }
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
  attach(handlers: Partial<ServerToClientEvents>, lastSeq: () => number | undefined): void {
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

let early: Promise<LiveConnection | null> | null = null
let earlyOpen: LiveConnection | null = null

/** Opens the connection as early as possible (main.ts, while the page's chunk is still loading). */
export function startLiveConnection(getToken: () => Promise<string | null>): void {
  early ??= getToken().then((token) => {
    if (!token || !early) return null
    const conn = new LiveConnection(token)
    conn.connect()
    earlyOpen = conn
    return conn
  }).catch(() => null)
}

/** Takes the early connection, if one was started (once). */
export async function takeLiveConnection(): Promise<LiveConnection | null> {
  const p = early
  early = null
  earlyOpen = null
  return p ? p : null
}

/**
 * Takes the early connection right now if it is already open (synchronously, during a component's
 * setup): its buffered snapshot then reaches the store before the charts mount, so they draw the
 * real figures first instead of an empty frame.
 */
export function takeOpenLiveConnection(): LiveConnection | null {
  const conn = earlyOpen
  if (conn) {
    early = null
    earlyOpen = null
  }
  return conn
}
