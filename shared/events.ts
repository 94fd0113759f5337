import type { Ticket, TicketEventType } from './domain/types.ts'
import type { LiveStats } from './stats.ts'

/** Socket.IO contracts, typed once and used by both ends. */

export interface TicketEvent {
  /** global, gap-free sequence number of the change */
  seq: number
  type: TicketEventType
  ticket: Ticket
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

export interface Snapshot {
  seq: number
  serverTime: string
  demo: boolean
  /** open cases plus the most recent finished ones, newest first */
  tickets: Ticket[]
  stats: LiveStats
  broadcasts: BroadcastProgress[]
}

export interface ServerToClientEvents {
  snapshot: (s: Snapshot) => void
  ticket: (e: TicketEvent) => void
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
}
