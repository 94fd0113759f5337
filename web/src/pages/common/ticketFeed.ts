import { ticketVisibleTo, type Viewer } from '../../../../shared/domain/access.ts'
import type { Ticket } from '../../../../shared/domain/types.ts'
import type { Snapshot, TicketEvent } from '../../../../shared/events.ts'

/**
 * The live cases of a scoped user (a department, a group leader), as a plain reducer tested in node.
 *
 * Unlike the wall's store there is no gap detection: seq numbers are global and a scoped user
 * receives only its own cases' events, so gaps are normal. Exactness comes from the server, which
 * on reconnect replays every event after `lastSeq` that this user may see.
 */
export interface FeedState {
  viewer: Viewer
  ready: boolean
  seq: number
  tickets: Map<string, Ticket>
  /** events that came before the first snapshot */
  early: TicketEvent[]
  serverOffsetMs: number
}

export function createFeed(viewer: Viewer): FeedState {
  return { viewer, ready: false, seq: -1, tickets: new Map(), early: [], serverOffsetMs: 0 }
}

export function feedSnapshot(state: FeedState, snap: Snapshot, localNow = Date.now()): void {
  state.tickets = new Map()
  for (const t of snap.tickets) if (ticketVisibleTo(state.viewer, t)) state.tickets.set(t.id, t)
  state.seq = snap.seq
  state.ready = true
  const serverTime = Date.parse(snap.serverTime)
  state.serverOffsetMs = Number.isFinite(serverTime) ? serverTime - localNow : 0
  const early = state.early.sort((a, b) => a.seq - b.seq)
  state.early = []
  for (const e of early) feedEvent(state, e)
}

/** Applies an event; false when it changed nothing (a replay of what was already applied). */
export function feedEvent(state: FeedState, e: TicketEvent): boolean {
  if (!state.ready) {
    state.early.push(e)
    return false
  }
  if (e.seq <= state.seq) return false
  state.seq = e.seq
  return upsertTicket(state, e.ticket)
}

/**
 * Puts a case in (newer versions only), or takes it out when it left the viewer's scope (a case
 * the department returned and the chief sent elsewhere).
 */
export function upsertTicket(state: FeedState, t: Ticket): boolean {
  const cur = state.tickets.get(t.id)
  if (cur && cur.version > t.version) return false
  if (!ticketVisibleTo(state.viewer, t)) return state.tickets.delete(t.id)
  state.tickets.set(t.id, t)
  return true
}

/** The seq to resume from on reconnect (undefined → the server sends a snapshot). */
export function feedResumeSeq(state: FeedState): number | undefined {
  return state.ready ? state.seq : undefined
}

/** Newest report first. */
export function newestFirst(a: Pick<Ticket, 'createdAt' | 'id'>, b: Pick<Ticket, 'createdAt' | 'id'>): number {
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}
