import type { Server as HttpServer } from 'node:http'
import { Server, type Socket } from 'socket.io'
import { departmentsOf } from '../../shared/domain/access.ts'
import { toWallTicket } from '../../shared/domain/wallTicket.ts'
import type { BroadcastProgress, ClientToServerEvents, HandshakeAuth, ServerToClientEvents, TicketEvent, WireTicket } from '../../shared/events.ts'
import type { Auth } from '../http/auth.ts'
import type { Logger } from '../logger.ts'
import type { Bus } from '../services/bus.ts'
import type { StatsService } from '../services/stats.ts'
import type { Store, UserRecord } from '../store/types.ts'
import { eventFor, figuresSnapshot, snapshotFor } from './snapshot.ts'

type Events = ServerToClientEvents<WireTicket>
type IoServer = Server<ClientToServerEvents, Events, Record<string, never>, SocketData>
type IoSocket = Socket<ClientToServerEvents, Events, Record<string, never>, SocketData>
interface SocketData { user: UserRecord }

/** Rooms: full detail (chief, leadership), the masked wall, one per department, one per group. */
const FULL = 'full'
const WALL = 'wall'
/** Clients that asked for figures only (HandshakeAuth.view 'stats'): `stats` reaches every socket. */
const STATS_ONLY = 'stats-only'
const deptRoom = (id: string) => `dept:${id}`
const groupRoom = (id: string) => `group:${id}`

const STATS_INTERVAL_MS = 500

export interface GatewayOptions {
  httpServer: HttpServer
  auth: Auth
  store: Store
  stats: StatsService
  bus: Bus
  logger: Logger
  demo: boolean
  broadcasts?: () => BroadcastProgress[]
  /** the groups a broadcast goes to: only they (and the wall, chief, leadership) hear its progress */
  broadcastTargets?: (id: string) => string[]
}

/**
 * The realtime gateway: a snapshot on connect, then every durable change as a `ticket` event to the
 * clients entitled to it (the wall masked), throttled `stats`, `alert`s, and exact resume by seq.
 */
export class Gateway {
  readonly io: IoServer
  #statsTimer: NodeJS.Timeout | null = null
  #statsDirty = false
  #pendingBroadcasts = new Map<string, BroadcastProgress>()
  #broadcastTimer: NodeJS.Timeout | null = null
  #lastStatsAt = 0

  constructor(private readonly o: GatewayOptions) {
    this.io = new Server(o.httpServer, { serveClient: false, cors: { origin: false } })
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token
      const user = typeof token === 'string' ? o.auth.userForToken(token) : null
      if (!user) return next(new Error('unauthorized'))
      socket.data.user = user
      next()
    })
    this.io.on('connection', (socket) => this.#onConnect(socket))
    o.bus.on('tickets', (events) => this.#publish(events))
    o.bus.on('alert', (alert) => {
      this.io.to([FULL, WALL, ...alert.ticketIds.flatMap((id) => this.#deptRoomsOf(id))]).emit('alert', alert)
    })
    // acknowledgements can come in bursts: send each broadcast's latest figures at most 4 times a second
    o.bus.on('broadcast', (b) => {
      this.#pendingBroadcasts.set(b.id, b)
      this.#broadcastTimer ??= setTimeout(() => {
        this.#broadcastTimer = null
        for (const p of this.#pendingBroadcasts.values()) {
          const groups = o.broadcastTargets?.(p.id) ?? []
          this.io.to([FULL, WALL, ...groups.map(groupRoom)]).emit('broadcast', p)
        }
        this.#pendingBroadcasts.clear()
      }, 250)
    })
  }

  #deptRoomsOf(ticketId: string): string[] {
    const t = this.o.store.getLiveTicket(ticketId)
    return t?.departmentId ? [deptRoom(t.departmentId)] : []
  }

  #onConnect(socket: IoSocket): void {
    const user = socket.data.user
    if ((socket.handshake.auth as Partial<HandshakeAuth>).view === 'stats') {
      void socket.join(STATS_ONLY)
      void figuresSnapshot(this.o).then((s) => socket.emit('snapshot', s))
      return
    }
    const room = roomOf(user)
    // join and replay in the same tick, so no event can fall between them
    void socket.join(room)
    const lastSeq = Number((socket.handshake.auth as { lastSeq?: unknown }).lastSeq)
    const missed = Number.isInteger(lastSeq) && lastSeq >= 0 ? this.o.store.eventsSince(lastSeq) : null
    if (missed) {
      for (const e of missed) {
        const view = viewFor(user, e)
        if (view) socket.emit('ticket', view)
      }
      this.#scheduleStats()
      return
    }
    void this.#sendSnapshot(socket, user)
  }

  async #sendSnapshot(socket: IoSocket, user: UserRecord): Promise<void> {
    socket.emit('snapshot', await snapshotFor(this.o, user))
  }

  #publish(events: TicketEvent[]): void {
    for (const e of events) {
      this.io.to(FULL).emit('ticket', e)
      this.io.to(WALL).emit('ticket', { ...e, ticket: toWallTicket(e.ticket) })
      const depts = departmentsOf(e.ticket)
      if (depts.length) this.io.to(depts.map(deptRoom)).emit('ticket', e)
      this.io.to(groupRoom(e.ticket.groupId)).emit('ticket', e)
    }
    this.#scheduleStats()
  }

  /** At most one `stats` every 500 ms: leading edge, then a trailing one if more changes came. */
  #scheduleStats(): void {
    this.#statsDirty = true
    if (this.#statsTimer) return
    const wait = Math.max(0, STATS_INTERVAL_MS - (Date.now() - this.#lastStatsAt))
    this.#statsTimer = setTimeout(() => void this.#emitStats(), wait)
  }

  async #emitStats(): Promise<void> {
    this.#statsDirty = false
    this.#lastStatsAt = Date.now()
    try {
      const stats = await this.o.stats.live()
      this.io.emit('stats', stats)
    } catch (err) {
      this.o.logger.error({ err }, 'stats failed')
    } finally {
      this.#statsTimer = null
      if (this.#statsDirty) this.#scheduleStats()
    }
  }

  /** Emits fresh stats now (e.g. after the overdue scan). */
  refreshStats(): void {
    this.#scheduleStats()
  }

  async close(): Promise<void> {
    if (this.#statsTimer) clearTimeout(this.#statsTimer)
    if (this.#broadcastTimer) clearTimeout(this.#broadcastTimer)
    await new Promise<void>((resolve) => this.io.close(() => resolve()))
  }
}

function roomOf(user: UserRecord): string {
  switch (user.role) {
    case 'chief':
    case 'leadership':
      return FULL
    case 'display':
      return WALL
    case 'dept':
      return deptRoom(user.departmentId ?? '-')
    case 'reporter':
      return groupRoom(user.groupId ?? '-')
  }
}

/** The event as this user may receive it on resume (same rules as live delivery), or null. */
function viewFor(user: UserRecord, e: TicketEvent): TicketEvent<WireTicket> | null {
  switch (user.role) {
    case 'dept':
      return departmentsOf(e.ticket).includes(user.departmentId ?? '') ? e : null
    case 'reporter':
      return e.ticket.groupId === user.groupId ? e : null
    default:
      return eventFor(user, e)
  }
}
