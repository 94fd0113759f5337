import type { Ticket, TicketEventType } from './domain/types.ts'
import type { WallTicket } from './domain/wallTicket.ts'
import type { GeoPayload } from './geo/payload.ts'
import type { LiveStats } from './stats.ts'

/**
 * Socket.IO contracts, typed once and used by both ends. `T` is the shape of the cases a client
 * receives: full tickets for the chief, leadership, departments and groups; `WallTicket` summaries
 * for the public wall.
 */
export type WireTicket = Ticket | WallTicket

export interface TicketEvent<T extends WireTicket = Ticket> {
  /** global, gap-free sequence number of the change */
  seq: number
  type: TicketEventType
  ticket: T
  at: string
}

export interface BroadcastProgress {
  id: string
  title: string
  targetGroups: number
  targetPeople: number
  reachedGroups: number
  reachedPeople: number
  sentAt: string
}

export interface Alert {
  id: string
  kind: 'overdue' | 'supervise' | 'hotspot'
  level: 'info' | 'warn' | 'critical'
  message: string
  ticketIds: string[]
  at: string
}

export interface Snapshot<T extends WireTicket = Ticket> {
  seq: number
  serverTime: string
  demo: boolean
  /** open cases plus the most recent finished ones, newest first */
  tickets: T[]
  stats: LiveStats
  broadcasts: BroadcastProgress[]
}

export interface ServerToClientEvents<T extends WireTicket = Ticket> {
  snapshot: (s: Snapshot<T>) => void
  ticket: (e: TicketEvent<T>) => void
  stats: (s: LiveStats) => void
  broadcast: (b: BroadcastProgress) => void
  alert: (a: Alert) => void
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the wall only listens
export interface ClientToServerEvents {}

/** Sent in the handshake: `io(url, { auth: { token, lastSeq } })`. */
export interface HandshakeAuth {
  token: string
  lastSeq?: number
  /**
   * 'stats': figures only (the statistics page) — a snapshot without cases, then `stats`; no case
   * stream, which a busy day makes the largest part of the traffic.
   */
  view?: 'stats'
}

/** Inlined into the wall's page in kiosk mode: its display token, first snapshot and the map. */
export interface WallBoot {
  token: string
  expiresAt: string
  snapshot: Snapshot<WallTicket>
  geo: GeoPayload
}
