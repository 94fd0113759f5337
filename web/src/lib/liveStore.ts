import type { Alert, BroadcastProgress, Snapshot as WireSnapshot, TicketEvent as WireEvent } from '../../../shared/events.ts'
import type { WallTicket } from '../../../shared/domain/wallTicket.ts'
import type { LiveStats } from '../../../shared/stats.ts'
import { ticketPoint } from './geoPoint.ts'

/** What the wall receives: summaries of the cases (see WallTicket). */
export type Snapshot = WireSnapshot<WallTicket>
export type TicketEvent = WireEvent<WallTicket>

/**
 * The wall's live state as a plain reducer (no Vue, no DOM), so it can be tested in node and kept out
 * of Vue's deep reactivity: the composable bumps one revision counter per batch instead.
 *
 * Bounded on purpose — the wall runs for weeks: at most `maxTickets` cases, `maxFlow` flow rows,
 * `maxPulses` map pulses, and a bounded buffer of out-of-order events.
 */

export interface LiveCaps {
  maxTickets: number
  maxFlow: number
  maxPulses: number
  maxBroadcasts: number
  maxAlerts: number
  maxPending: number
}

export const DEFAULT_CAPS: LiveCaps = {
  maxTickets: 500,
  maxFlow: 200,
  maxPulses: 30,
  maxBroadcasts: 10,
  maxAlerts: 20,
  maxPending: 5000,
}

export interface Pulse {
  id: string
  townCode: string
  lng: number
  lat: number
  /** when the report came in (ms) */
  at: number
}

export interface LiveState {
  caps: LiveCaps
  /** false until the first snapshot: events before it are buffered */
  ready: boolean
  /** the last seq applied (−1 before the first snapshot) */
  seq: number
  demo: boolean
  /** server clock − local clock, from the snapshot: kiosk PCs often run with a wrong clock */
  serverOffsetMs: number
  /** cases by id; Map order = least recently touched first, which is the eviction order */
  tickets: Map<string, WallTicket>
  /** ids of the flow rows, newest report first */
  flow: string[]
  flowSet: Set<string>
  pulses: Pulse[]
  stats: LiveStats | null
  broadcasts: BroadcastProgress[]
  alerts: Alert[]
  /** events that arrived ahead of a gap (or before the snapshot), by seq */
  pending: Map<number, TicketEvent>
  /** when `pending` last went from empty to non-empty (ms), to decide when to resync */
  pendingSince: number | null
  /** bumped on every change the screen shows */
  revision: number
  applied: number
}

export function createLiveState(caps: Partial<LiveCaps> = {}): LiveState {
  return {
    caps: { ...DEFAULT_CAPS, ...caps },
    ready: false,
    seq: -1,
    demo: false,
    serverOffsetMs: 0,
    tickets: new Map(),
    flow: [],
    flowSet: new Set(),
    pulses: [],
    stats: null,
    broadcasts: [],
    alerts: [],
    pending: new Map(),
    pendingSince: null,
    revision: 0,
    applied: 0,
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
/** Newest report first; the id breaks ties so the order is total. (No localeCompare: ISO strings
 * compare as plain strings, and ICU collation is 50× slower on a 400-case snapshot.) */
const newerFirst = (a: WallTicket, b: WallTicket): number => cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id)

function pulseOf(t: WallTicket): Pulse {
  const [lng, lat] = ticketPoint(t)
  const at = Date.parse(t.createdAt)
  return { id: t.id, townCode: t.townCode, lng, lat, at: Number.isFinite(at) ? at : 0 }
}

/** Replaces everything with a snapshot, then applies the buffered events that come after it. */
export function applySnapshot(state: LiveState, snap: Snapshot, localNow: number = Date.now()): void {
  const { caps } = state
  const sorted = [...snap.tickets].sort(newerFirst)
  state.tickets = new Map()
  // oldest first, so the newest cases are the last to be evicted
  for (let i = Math.min(sorted.length, caps.maxTickets) - 1; i >= 0; i--) {
    const t = sorted[i]
    if (t) state.tickets.set(t.id, t)
  }
  state.flow = sorted.slice(0, caps.maxFlow).map((t) => t.id)
  state.flowSet = new Set(state.flow)
  state.pulses = sorted.slice(0, caps.maxPulses).reverse().map(pulseOf)
  state.stats = snap.stats
  state.broadcasts = sortBroadcasts(snap.broadcasts).slice(0, caps.maxBroadcasts)
  state.demo = snap.demo
  const serverTime = Date.parse(snap.serverTime)
  state.serverOffsetMs = Number.isFinite(serverTime) ? serverTime - localNow : 0
  state.seq = snap.seq
  state.ready = true
  state.revision++
  drainPending(state)
}

export type ApplyResult = 'applied' | 'stale' | 'buffered'

/**
 * Applies one ticket event in seq order. Events at or below the last applied seq are ignored
 * (duplicates after a resume); events past a gap wait in `pending` until the gap is filled or a
 * snapshot replaces everything.
 */
export function applyEvent(state: LiveState, e: TicketEvent, localNow: number = Date.now()): ApplyResult {
  if (state.ready && e.seq <= state.seq) return 'stale'
  if (!state.ready || e.seq > state.seq + 1) {
    if (state.pending.size === 0) state.pendingSince = localNow
    state.pending.set(e.seq, e)
    if (state.pending.size > state.caps.maxPending) {
      // keep the newest: a snapshot will be needed anyway
      const oldest = Math.min(...state.pending.keys())
      state.pending.delete(oldest)
    }
    return 'buffered'
  }
  applyInOrder(state, e)
  drainPending(state)
  return 'applied'
}

function drainPending(state: LiveState): void {
  if (state.pending.size === 0) return
  for (const seq of [...state.pending.keys()]) if (seq <= state.seq) state.pending.delete(seq)
  let next = state.pending.get(state.seq + 1)
  while (next) {
    state.pending.delete(next.seq)
    applyInOrder(state, next)
    next = state.pending.get(state.seq + 1)
  }
  state.pendingSince = state.pending.size ? state.pendingSince : null
}

function applyInOrder(state: LiveState, e: TicketEvent): void {
  const t = e.ticket
  state.seq = e.seq
  state.applied++
  state.revision++
  // re-insert so the Map's order stays "least recently touched first"
  state.tickets.delete(t.id)
  state.tickets.set(t.id, t)
  placeInFlow(state, t)
  if (e.type === 'created') {
    state.pulses.push(pulseOf(t))
    if (state.pulses.length > state.caps.maxPulses) state.pulses.splice(0, state.pulses.length - state.caps.maxPulses)
  }
  evictTickets(state)
}

/** Keeps the flow sorted newest report first and at most maxFlow rows long. */
function placeInFlow(state: LiveState, t: WallTicket): void {
  if (state.flowSet.has(t.id)) return
  const { flow, caps } = state
  // binary search for the first row older than t
  let lo = 0
  let hi = flow.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const other = state.tickets.get(flow[mid] ?? '')
    if (other && newerFirst(other, t) < 0) lo = mid + 1
    else hi = mid
  }
  if (lo >= caps.maxFlow) return
  flow.splice(lo, 0, t.id)
  state.flowSet.add(t.id)
  while (flow.length > caps.maxFlow) {
    const dropped = flow.pop()
    if (dropped !== undefined) state.flowSet.delete(dropped)
  }
}

/** Evicts the least recently touched cases that are not on screen in the flow. */
function evictTickets(state: LiveState): void {
  const { tickets, caps } = state
  if (tickets.size <= caps.maxTickets) return
  for (const id of tickets.keys()) {
    if (tickets.size <= caps.maxTickets) break
    if (!state.flowSet.has(id)) tickets.delete(id)
  }
}

export function applyStats(state: LiveState, stats: LiveStats): void {
  state.stats = stats
  state.revision++
}

const sortBroadcasts = (list: BroadcastProgress[]) => [...list].sort((a, b) => cmp(b.sentAt, a.sentAt))

/** Upserts a broadcast's progress (newest sent first). */
export function applyBroadcast(state: LiveState, b: BroadcastProgress): void {
  const rest = state.broadcasts.filter((x) => x.id !== b.id)
  state.broadcasts = sortBroadcasts([b, ...rest]).slice(0, state.caps.maxBroadcasts)
  state.revision++
}

export function applyAlert(state: LiveState, a: Alert): void {
  state.alerts = [a, ...state.alerts.filter((x) => x.id !== a.id)].slice(0, state.caps.maxAlerts)
  state.revision++
}

/** The seq to send when reconnecting, or undefined to ask for a fresh snapshot. */
export function resumeSeq(state: LiveState): number | undefined {
  return state.ready ? state.seq : undefined
}

/** True when events have waited past a gap for longer than `ms`: time to reconnect and resume. */
export function needsResync(state: LiveState, localNow: number, ms = 3000): boolean {
  return state.ready && state.pendingSince !== null && localNow - state.pendingSince > ms
}

/** The cases behind an alert that the wall still holds, newest first. */
export function alertTickets(state: LiveState, ids: readonly string[]): WallTicket[] {
  return ids.flatMap((id) => state.tickets.get(id) ?? []).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
}

/** The flow rows as cases, optionally only one town's. */
export function flowTickets(state: LiveState, townCode: string | null = null, limit = Infinity): WallTicket[] {
  const out: WallTicket[] = []
  for (const id of state.flow) {
    if (out.length >= limit) break
    const t = state.tickets.get(id)
    if (t && (!townCode || t.townCode === townCode)) out.push(t)
  }
  return out
}
