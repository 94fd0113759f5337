import { seesMaskedData, ticketVisibleTo } from '../../shared/domain/access.ts'
import { isOpen } from '../../shared/domain/stateMachine.ts'
import type { Ticket } from '../../shared/domain/types.ts'
import { toWallTicket, type WallTicket } from '../../shared/domain/wallTicket.ts'
import type { BroadcastProgress, Snapshot, TicketEvent, WireTicket } from '../../shared/events.ts'
import type { StatsService } from '../services/stats.ts'
import type { Store, UserRecord } from '../store/types.ts'

/** Cases in a snapshot: the open ones first, then the most recently finished. */
const SNAPSHOT_TICKETS = 400

export interface SnapshotSources {
  store: Store
  stats: StatsService
  demo: boolean
  broadcasts?: () => BroadcastProgress[]
}

/** A case as this user receives it: the public wall gets a masked summary, everyone else the case. */
export function ticketFor(user: UserRecord, t: Ticket): WireTicket {
  return seesMaskedData(user.role) ? toWallTicket(t) : t
}

export function eventFor(user: UserRecord, e: TicketEvent): TicketEvent<WireTicket> {
  return seesMaskedData(user.role) ? { ...e, ticket: toWallTicket(e.ticket) } : e
}

/**
 * What a client starts from on connect: the cases this user may see, the live stats, recent
 * broadcasts, and the seq they are consistent with.
 */
export function snapshotFor(src: SnapshotSources, user: UserRecord): Promise<Snapshot<WireTicket>> {
  return buildSnapshot(src, user, (t) => ticketFor(user, t))
}

/** The public wall's snapshot (inlined into its page in kiosk mode). */
export function wallSnapshot(src: SnapshotSources, user: UserRecord): Promise<Snapshot<WallTicket>> {
  return buildSnapshot(src, user, toWallTicket)
}

/** A figures-only client's start (HandshakeAuth.view 'stats'): the live stats, no cases. */
export function figuresSnapshot(src: SnapshotSources): Promise<Snapshot<WireTicket>> {
  return envelope(src, src.store.seq, [], [])
}

function buildSnapshot<T extends WireTicket>(src: SnapshotSources, user: UserRecord, view: (t: Ticket) => T): Promise<Snapshot<T>> {
  const seq = src.store.seq
  const tickets = [...src.store.liveTickets()]
    .filter((t) => ticketVisibleTo(user, t))
    .sort((a, b) => (isOpen(b.status) ? 1 : 0) - (isOpen(a.status) ? 1 : 0) || b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, SNAPSHOT_TICKETS)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map(view)
  return envelope(src, seq, tickets, src.broadcasts?.() ?? [])
}

async function envelope<T extends WireTicket>(src: SnapshotSources, seq: number, tickets: T[], broadcasts: BroadcastProgress[]): Promise<Snapshot<T>> {
  return { seq, serverTime: new Date().toISOString(), demo: src.demo, tickets, stats: await src.stats.live(), broadcasts }
}
