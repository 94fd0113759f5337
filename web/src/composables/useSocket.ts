import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'
import type { Ticket } from '../../../shared/domain/types.ts'
import type { HandshakeAuth, ServerToClientEvents, WireTicket } from '../../../shared/events.ts'
import { LiveConnection, type EarlyConnection, type LiveSocket } from '../lib/liveConnection.ts'

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline'

export interface SocketOptions<T extends WireTicket> {
  /** the token for the handshake (the display token) */
  getToken: () => Promise<string | null>
  /** a new token after the server said "unauthorized"; null when none can be had */
  refreshToken: () => Promise<string | null>
  /** the last seq applied, sent on every (re)connect so the server replays exactly what was missed */
  lastSeq: () => number | undefined
  handlers: Partial<ServerToClientEvents<T>>
  /** 'stats': figures only, no case stream (see HandshakeAuth) */
  view?: HandshakeAuth['view']
  /** a connection the page opened before it mounted, to adopt instead of opening one */
  early?: EarlyConnection<T>
  /** after this long without a connection the indicator says 离线 instead of 重连中 */
  offlineAfterMs?: number
}

/**
 * The page's live connection, bound to the component's lifetime (adopting the one main.ts opened
 * early, if any). The state shown in the header is honest: 已连接 only while the transport is up,
 * 离线 when the browser is offline or the server has been unreachable for a while.
 */
export function useSocket<T extends WireTicket = Ticket>(
  opts: SocketOptions<T>,
): { state: Ref<ConnectionState>; resync: () => void; socket: () => LiveSocket<T> | null } {
  const state = ref<ConnectionState>('connecting')
  const offlineAfterMs = opts.offlineAfterMs ?? 15_000
  let conn: LiveConnection<T> | null = null
  let disconnectedAt: number | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let staleTimer: ReturnType<typeof setInterval> | null = null
  let retries = 0
  let closed = false

  const markDown = () => {
    disconnectedAt ??= Date.now()
    state.value = navigator.onLine === false || Date.now() - disconnectedAt > offlineAfterMs ? 'offline' : 'reconnecting'
  }

  /** Manual reconnect with backoff, for the cases Socket.IO does not retry itself (auth refused). */
  const retryLater = () => {
    if (closed || retryTimer) return
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(retries, 5)) * (0.75 + Math.random() * 0.5)
    retries++
    retryTimer = setTimeout(() => {
      retryTimer = null
      if (!closed) conn?.connect()
    }, delay)
  }

  const onOnline = () => conn?.connect()
  const onOffline = () => {
    if (!conn?.socket.connected) state.value = 'offline'
  }

  // an early connection that is already open is adopted during setup (see EarlyConnection)
  conn = opts.early?.takeOpen() ?? null
  conn?.attach(opts.handlers, opts.lastSeq)

  onMounted(async () => {
    conn ??= (await opts.early?.take()) ?? null
    if (!conn) {
      const token = await opts.getToken()
      if (token && !closed) conn = new LiveConnection<T>(token, { view: opts.view })
    }
    if (closed) {
      conn?.close()
      return
    }
    if (!conn) {
      state.value = 'offline'
      return
    }
    const socket = conn.socket
    socket.on('connect', () => {
      state.value = 'connected'
      disconnectedAt = null
      retries = 0
    })
    socket.on('disconnect', (reason) => {
      if (closed) return
      markDown()
      // the server closed us on purpose: Socket.IO will not come back by itself
      if (reason === 'io server disconnect') retryLater()
    })
    socket.on('connect_error', (err) => {
      if (closed) return
      markDown()
      if (socket.active) return // transport trouble: Socket.IO retries on its own
      if (err.message === 'unauthorized') {
        void opts.refreshToken().then((t) => {
          if (t) conn?.setToken(t)
          retryLater()
        })
      } else retryLater()
    })
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)
    staleTimer = setInterval(() => {
      if (conn && !conn.socket.connected) markDown()
    }, 2000)
    conn.attach(opts.handlers, opts.lastSeq)
    if (socket.connected) state.value = 'connected'
    else if (!socket.active) {
      // an early connection that was refused (e.g. an expired token): start over
      const t = await opts.refreshToken()
      if (t) conn.setToken(t)
      conn.connect()
    }
  })

  onBeforeUnmount(() => {
    closed = true
    if (retryTimer) clearTimeout(retryTimer)
    if (staleTimer) clearInterval(staleTimer)
    window.removeEventListener('online', onOnline)
    window.removeEventListener('offline', onOffline)
    conn?.close()
    conn = null
  })

  /** Reconnects so the server replays from the last applied seq (after a gap). */
  const resync = () => {
    if (!conn || closed) return
    conn.socket.disconnect()
    conn.socket.connect()
  }

  return { state, resync, socket: () => conn?.socket ?? null }
}
