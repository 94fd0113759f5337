import { describe, expect, it } from 'vitest'
import type { Ticket } from '../../shared/domain/types.ts'
import type { Snapshot, TicketEvent } from '../../shared/events.ts'
import type { LiveStats } from '../../shared/stats.ts'
import {
  alertTickets, applyAlert, applyBroadcast, applyEvent, applySnapshot, applyStats, createLiveState, flowTickets, needsResync, resumeSeq,
} from '../../web/src/lib/liveStore.ts'
import { ticketPoint } from '../../web/src/lib/geoPoint.ts'

const T0 = Date.parse('2026-11-27T08:00:00Z')

function ticket(n: number, patch: Partial<Ticket> = {}): Ticket {
  const at = new Date(T0 + n * 60_000).toISOString()
  return {
    id: `BS20261127-${String(n).padStart(4, '0')}`,
    title: `诉求 ${n}`,
    content: '小区门口垃圾没人清运',
    level1: '城乡建设',
    level2: '垃圾清运',
    suggestion: { level1: '城乡建设', level2: '垃圾清运', departmentId: 'urban-mgmt', confidence: 0.9, reasons: [] },
    groupId: 'grp-0001',
    groupType: 'wechat',
    reporterId: 'u-grp-0001',
    townCode: n % 2 ? '500120001' : '500120002',
    communityCode: '500120001001',
    gridId: 'G-01',
    media: [],
    priority: 'general',
    status: 'reported',
    createdAt: at,
    updatedAt: at,
    overdue: false,
    supervise: 0,
    returnCount: 0,
    reopenCount: 0,
    version: 1,
    mergedFrom: [],
    timeline: [],
    ...patch,
  }
}

const stats = (open = 1): LiveStats => ({
  at: new Date(T0).toISOString(), today: 1, open, overdue: 0, closedToday: 0,
  rates: { response: null, resolution: null, satisfaction: null },
  byLevel1: {}, bySource: {}, openByTown: {}, hourlyToday: [], hourlyYesterday: [], departments: [],
})

const snapshot = (seq: number, tickets: Ticket[]): Snapshot => ({
  seq, serverTime: new Date(T0 + 5000).toISOString(), demo: true, tickets, stats: stats(), broadcasts: [],
})

const created = (seq: number, t: Ticket): TicketEvent => ({ seq, type: 'created', ticket: t, at: t.createdAt })
const updated = (seq: number, t: Ticket): TicketEvent => ({ seq, type: 'updated', ticket: t, at: t.updatedAt })

describe('live store reducer', () => {
  it('applies a snapshot: newest first, clock offset, resume seq', () => {
    const s = createLiveState()
    expect(resumeSeq(s)).toBeUndefined()
    applySnapshot(s, snapshot(10, [ticket(1), ticket(3), ticket(2)]), T0)
    expect(s.ready).toBe(true)
    expect(s.seq).toBe(10)
    expect(resumeSeq(s)).toBe(10)
    expect(s.demo).toBe(true)
    expect(s.serverOffsetMs).toBe(5000)
    expect(flowTickets(s).map((t) => t.id)).toEqual(['BS20261127-0003', 'BS20261127-0002', 'BS20261127-0001'])
    expect(s.pulses.map((p) => p.id)).toEqual(['BS20261127-0001', 'BS20261127-0002', 'BS20261127-0003'])
  })

  it('lists the cases behind an alert that the wall holds, newest first', () => {
    const s = createLiveState()
    applySnapshot(s, snapshot(10, [ticket(1), ticket(2), ticket(3), ticket(4)]), T0)
    expect(alertTickets(s, ['BS20261127-0001', 'BS20261127-0003', 'BS20261127-0099']).map((t) => t.id)).toEqual(['BS20261127-0003', 'BS20261127-0001'])
    expect(alertTickets(s, [])).toEqual([])
  })

  it('applies events in seq order and puts a new report on top', () => {
    const s = createLiveState()
    applySnapshot(s, snapshot(10, [ticket(1)]))
    expect(applyEvent(s, created(11, ticket(2)))).toBe('applied')
    expect(applyEvent(s, updated(12, ticket(1, { status: 'dispatched', version: 2, departmentId: 'urban-mgmt' })))).toBe('applied')
    expect(s.seq).toBe(12)
    const flow = flowTickets(s)
    expect(flow.map((t) => t.id)).toEqual(['BS20261127-0002', 'BS20261127-0001'])
    expect(flow[1]?.status).toBe('dispatched')
    // only a new report pulses on the map
    expect(s.pulses.map((p) => p.id)).toEqual(['BS20261127-0001', 'BS20261127-0002'])
  })

  it('ignores duplicates and old seqs (a resume replays what may have arrived)', () => {
    const s = createLiveState()
    applySnapshot(s, snapshot(10, [ticket(1)]))
    applyEvent(s, created(11, ticket(2)))
    const rev = s.revision
    expect(applyEvent(s, created(11, ticket(2)))).toBe('stale')
    expect(applyEvent(s, updated(9, ticket(1, { status: 'invalid' })))).toBe('stale')
    expect(s.revision).toBe(rev)
    expect(s.tickets.get('BS20261127-0001')?.status).toBe('reported')
    expect(s.pulses).toHaveLength(2)
  })

  it('buffers events after a gap and applies them once the gap is filled', () => {
    const s = createLiveState()
    applySnapshot(s, snapshot(10, []))
    expect(applyEvent(s, created(13, ticket(3)), 1000)).toBe('buffered')
    expect(applyEvent(s, created(12, ticket(2)), 1100)).toBe('buffered')
    expect(s.seq).toBe(10)
    expect(needsResync(s, 1000 + 3001)).toBe(true)
    expect(applyEvent(s, created(11, ticket(1)))).toBe('applied')
    expect(s.seq).toBe(13)
    expect(s.pending.size).toBe(0)
    expect(needsResync(s, 99_999)).toBe(false)
    expect(flowTickets(s).map((t) => t.id)).toEqual(['BS20261127-0003', 'BS20261127-0002', 'BS20261127-0001'])
  })

  it('keeps events that arrive before the snapshot and applies those after it', () => {
    const s = createLiveState()
    expect(applyEvent(s, created(10, ticket(1)))).toBe('buffered')
    expect(applyEvent(s, created(11, ticket(2)))).toBe('buffered')
    // the snapshot was taken at seq 10: event 10 is in it, event 11 is not
    applySnapshot(s, snapshot(10, [ticket(1)]))
    expect(s.seq).toBe(11)
    expect(flowTickets(s)).toHaveLength(2)
    expect(s.pending.size).toBe(0)
  })

  it('stays bounded: flow rows, cases and pulses', () => {
    const s = createLiveState({ maxFlow: 20, maxTickets: 50, maxPulses: 5 })
    applySnapshot(s, snapshot(0, []))
    let seq = 0
    for (let n = 1; n <= 1000; n++) {
      applyEvent(s, created(++seq, ticket(n)))
      if (n % 3 === 0) applyEvent(s, updated(++seq, ticket(n - 100 > 0 ? n - 100 : n, { status: 'dispatched', version: 2 })))
    }
    expect(s.flow).toHaveLength(20)
    expect(s.flowSet.size).toBe(20)
    expect(s.tickets.size).toBeLessThanOrEqual(50)
    expect(s.pulses).toHaveLength(5)
    expect(s.pulses.at(-1)?.id).toBe('BS20261127-1000')
    // every flow row is still in the case map (rows on screen are never evicted)
    for (const id of s.flow) expect(s.tickets.has(id)).toBe(true)
    expect(flowTickets(s)[0]?.id).toBe('BS20261127-1000')
  })

  it('keeps an update of an older case out of a full flow, but in the case map', () => {
    const s = createLiveState({ maxFlow: 3 })
    applySnapshot(s, snapshot(0, [ticket(10), ticket(11), ticket(12)]))
    applyEvent(s, updated(1, ticket(1, { status: 'dispatched' })))
    expect(s.flow).toEqual(['BS20261127-0012', 'BS20261127-0011', 'BS20261127-0010'])
    expect(s.tickets.get('BS20261127-0001')?.status).toBe('dispatched')
  })

  it('filters the flow by town', () => {
    const s = createLiveState()
    applySnapshot(s, snapshot(0, [ticket(1), ticket(2), ticket(3), ticket(4)]))
    expect(flowTickets(s, '500120001').map((t) => t.id)).toEqual(['BS20261127-0003', 'BS20261127-0001'])
    expect(flowTickets(s, null, 2)).toHaveLength(2)
  })

  it('bounds the buffer of out-of-order events', () => {
    const s = createLiveState({ maxPending: 10 })
    applySnapshot(s, snapshot(0, []))
    for (let seq = 5; seq < 100; seq++) applyEvent(s, created(seq, ticket(seq)))
    expect(s.pending.size).toBe(10)
    expect(Math.min(...s.pending.keys())).toBe(90)
  })

  it('keeps stats, broadcasts (newest first, upserted) and alerts bounded', () => {
    const s = createLiveState({ maxBroadcasts: 2, maxAlerts: 2 })
    applyStats(s, stats(7))
    expect(s.stats?.open).toBe(7)
    const b = (id: string, min: number, reached = 0) => ({
      id, title: id, targetGroups: 10, targetPeople: 100, reachedGroups: reached, reachedPeople: reached * 10,
      sentAt: new Date(T0 + min * 60_000).toISOString(),
    })
    applyBroadcast(s, b('a', 1))
    applyBroadcast(s, b('b', 2))
    applyBroadcast(s, b('a', 1, 5))
    expect(s.broadcasts.map((x) => [x.id, x.reachedGroups])).toEqual([['b', 0], ['a', 5]])
    applyBroadcast(s, b('c', 3))
    expect(s.broadcasts.map((x) => x.id)).toEqual(['c', 'b'])
    for (const id of ['x', 'y', 'z']) applyAlert(s, { id, kind: 'overdue', level: 'warn', message: id, ticketIds: [], at: new Date(T0).toISOString() })
    expect(s.alerts.map((a) => a.id)).toEqual(['z', 'y'])
  })

  it('places a case deterministically near its community or town', () => {
    const t = ticket(1)
    const a = ticketPoint(t)
    expect(ticketPoint(t)).toEqual(a)
    expect(ticketPoint({ ...t, id: 'other' })).not.toEqual(a)
    expect(ticketPoint({ ...t, point: { lng: 106.2, lat: 29.5 } })).toEqual([106.2, 29.5])
    const unknown = ticketPoint({ ...t, communityCode: 'none', townCode: 'none' })
    expect(unknown[0]).toBeGreaterThan(106)
    expect(unknown[1]).toBeGreaterThan(29)
  })
})
