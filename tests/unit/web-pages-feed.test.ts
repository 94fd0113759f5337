import { describe, expect, it } from 'vitest'
import type { Ticket } from '../../shared/domain/types.ts'
import type { Snapshot, TicketEvent } from '../../shared/events.ts'
import type { LiveStats } from '../../shared/stats.ts'
import { createFeed, feedEvent, feedResumeSeq, feedSnapshot, newestFirst, upsertTicket } from '../../web/src/pages/common/ticketFeed.ts'
import { isSession } from '../../web/src/pages/common/session.ts'
import { navLinks } from '../../web/src/pages/common/roles.ts'

function ticket(over: Partial<Ticket> = {}): Ticket {
  return {
    id: 'BS20261127-0001', title: 't', content: 'c', level1: '城乡建设', level2: '垃圾清运',
    suggestion: { level1: '城乡建设', level2: '垃圾清运', departmentId: 'urban-mgmt', confidence: 0.9, reasons: [] },
    groupId: 'grp-0001', groupType: 'wechat', reporterId: 'u-grp-0001', townCode: '500120001', communityCode: '500120001001',
    gridId: 'G500120001001-01', media: [], priority: 'general', status: 'dispatched', departmentId: 'urban-mgmt',
    createdAt: '2026-11-27T01:00:00.000Z', updatedAt: '2026-11-27T01:00:00.000Z', overdue: false, supervise: 0,
    returnCount: 0, reopenCount: 0, version: 2, mergedFrom: [], timeline: [], ...over,
  }
}

const snapshot = (seq: number, tickets: Ticket[]): Snapshot => ({
  seq, serverTime: '2026-11-27T02:00:00.000Z', demo: false, tickets, stats: {} as LiveStats, broadcasts: [],
})
const event = (seq: number, t: Ticket): TicketEvent => ({ seq, type: 'updated', ticket: t, at: t.updatedAt })

describe('the scoped live feed (department / group leader)', () => {
  const dept = { role: 'dept' as const, departmentId: 'urban-mgmt' }

  it('keeps only the cases the viewer may see from a snapshot', () => {
    const f = createFeed(dept)
    feedSnapshot(f, snapshot(10, [ticket(), ticket({ id: 'B', departmentId: 'housing' })]), Date.parse('2026-11-27T01:59:00.000Z'))
    expect([...f.tickets.keys()]).toEqual(['BS20261127-0001'])
    expect(f.serverOffsetMs).toBe(60_000)
    expect(feedResumeSeq(f)).toBe(10)
  })

  it('applies events with gaps (a scoped user never sees every seq) and ignores replays', () => {
    const f = createFeed(dept)
    feedSnapshot(f, snapshot(10, []))
    expect(feedEvent(f, event(15, ticket({ version: 1 })))).toBe(true)
    expect(feedEvent(f, event(40, ticket({ version: 3, status: 'accepted' })))).toBe(true)
    expect(feedEvent(f, event(40, ticket({ version: 3 })))).toBe(false)
    expect(feedEvent(f, event(20, ticket({ version: 2 })))).toBe(false)
    expect(f.tickets.get('BS20261127-0001')?.status).toBe('accepted')
    expect(feedResumeSeq(f)).toBe(40)
  })

  it('buffers events that come before the snapshot and applies the newer ones after it', () => {
    const f = createFeed(dept)
    expect(feedResumeSeq(f)).toBeUndefined()
    feedEvent(f, event(12, ticket({ version: 4, status: 'replied' })))
    feedEvent(f, event(9, ticket({ id: 'OLD', version: 9 })))
    feedSnapshot(f, snapshot(10, [ticket({ version: 3, status: 'accepted' })]))
    expect(f.tickets.get('BS20261127-0001')?.status).toBe('replied')
    expect(f.tickets.has('OLD')).toBe(false)
    expect(f.seq).toBe(12)
  })

  it('drops a case that left the department, and never goes back to an older version', () => {
    const f = createFeed(dept)
    feedSnapshot(f, snapshot(1, [ticket({ version: 5 })]))
    expect(upsertTicket(f, ticket({ version: 4, status: 'reported' }))).toBe(false)
    expect(f.tickets.get('BS20261127-0001')?.version).toBe(5)
    feedEvent(f, event(2, ticket({ version: 6, departmentId: 'housing' })))
    expect(f.tickets.size).toBe(0)
  })

  it('a group leader sees its group only', () => {
    const f = createFeed({ role: 'reporter', groupId: 'grp-0001' })
    feedSnapshot(f, snapshot(1, [ticket(), ticket({ id: 'X', groupId: 'grp-0002' })]))
    expect([...f.tickets.keys()]).toEqual(['BS20261127-0001'])
  })

  it('sorts newest report first', () => {
    const a = ticket({ id: 'A', createdAt: '2026-11-27T01:00:00.000Z' })
    const b = ticket({ id: 'B', createdAt: '2026-11-27T03:00:00.000Z' })
    expect([a, b].sort(newestFirst).map((t) => t.id)).toEqual(['B', 'A'])
  })
})

describe('sessions and navigation', () => {
  it('accepts only a complete, unexpired session', () => {
    const s = { token: 't', expiresAt: '2026-11-28T00:00:00.000Z', user: { id: 'u', username: 'chief', name: '总网长', role: 'chief' } }
    expect(isSession(s, Date.parse('2026-11-27T00:00:00.000Z'))).toBe(true)
    expect(isSession(s, Date.parse('2026-11-29T00:00:00.000Z'))).toBe(false)
    expect(isSession({ ...s, user: undefined })).toBe(false)
    expect(isSession('x')).toBe(false)
  })

  it('links each role to its own pages', () => {
    expect(navLinks('chief').map((l) => l.path)).toEqual(['/', '/push', '/stats'])
    expect(navLinks('leadership').map((l) => l.path)).toEqual(['/', '/stats'])
    expect(navLinks('dept')).toEqual([])
    expect(navLinks('reporter')).toEqual([])
  })
})
