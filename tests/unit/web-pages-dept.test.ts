import { describe, expect, it } from 'vitest'
import { activeDeadline, buildQueue, deptFigures, sectionOf } from '../../web/src/pages/dept/queue.ts'
import type { Ticket } from '../../shared/domain/types.ts'

/** A case with every required field; tests override what they are about. */
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

const NOW = Date.parse('2026-11-27T03:00:00.000Z')
const dispatched = (id: string, sign: string, over = {}) =>
  ticket({ id, status: 'dispatched', signDeadline: sign, handleDeadline: '2026-12-04T01:00:00.000Z', ...over })

describe('the department queue', () => {
  it('orders the work: overdue, to sign, in hand, then the recent finished ones', () => {
    const tickets = [
      ticket({ id: 'done-old', status: 'closed', updatedAt: '2026-11-26T00:00:00.000Z' }),
      dispatched('sign-late', '2026-11-27T04:00:00.000Z'),
      dispatched('sign-soon', '2026-11-27T03:30:00.000Z'),
      ticket({ id: 'hand', status: 'accepted', handleDeadline: '2026-12-01T00:00:00.000Z' }),
      dispatched('late', '2026-11-27T02:00:00.000Z'),
      ticket({ id: 'late-flag', status: 'accepted', overdue: true, supervise: 2, handleDeadline: '2026-11-27T02:30:00.000Z' }),
      ticket({ id: 'done-new', status: 'replied', updatedAt: '2026-11-27T02:00:00.000Z' }),
    ]
    const q = buildQueue(tickets, NOW)
    expect(q.map((s) => [s.key, s.tickets.map((t) => t.id)])).toEqual([
      ['overdue', ['late-flag', 'late']],
      ['sign', ['sign-soon', 'sign-late']],
      ['handle', ['hand']],
      ['done', ['done-new', 'done-old']],
    ])
  })

  it('counts a case past its limit as overdue before the server scan flags it', () => {
    expect(sectionOf(dispatched('a', '2026-11-27T02:59:00.000Z'), NOW)).toBe('overdue')
    expect(sectionOf(ticket({ status: 'replied', overdue: true }), NOW)).toBe('done')
  })

  it('counts down to the limit that matters now', () => {
    expect(activeDeadline(dispatched('a', '2026-11-27T04:00:00.000Z'))).toEqual({ kind: '签收', at: '2026-11-27T04:00:00.000Z' })
    expect(activeDeadline(ticket({ status: 'accepted', handleDeadline: '2026-12-01T00:00:00.000Z' }))).toEqual({ kind: '办理', at: '2026-12-01T00:00:00.000Z' })
    expect(activeDeadline(ticket({ status: 'closed' }))).toBeNull()
  })

  it('keeps only the most recent finished cases', () => {
    const many = Array.from({ length: 40 }, (_, i) => ticket({ id: `c${i}`, status: 'closed', updatedAt: new Date(NOW - i * 60_000).toISOString() }))
    expect(buildQueue(many, NOW, 30)[3]?.tickets).toHaveLength(30)
  })
})

describe("the department's own figures", () => {
  it('computes the rates over its valid follow-ups only', () => {
    const f = deptFigures([
      ticket({ id: '1', status: 'closed', followUp: { contacted: true, solved: true, satisfaction: 'satisfied', by: 'reporter', at: '' } }),
      ticket({ id: '2', status: 'closed', followUp: { contacted: true, solved: false, satisfaction: 'basic', by: 'chief', at: '' } }),
      ticket({ id: '3', status: 'closed', followUp: { contacted: false, solved: false, satisfaction: 'dissatisfied', by: 'reporter', at: '' } }),
      // closed for lack of a follow-up: not in the rates
      ticket({ id: '4', status: 'closed', noFollowUp: true, followUp: { contacted: false, solved: false, satisfaction: 'dissatisfied', by: 'reporter', at: '' } }),
      // another department's case (still in the feed after it was returned and re-sent)
      ticket({ id: '5', status: 'closed', departmentId: 'housing', followUp: { contacted: false, solved: false, satisfaction: 'dissatisfied', by: 'reporter', at: '' } }),
      dispatched('6', '2026-11-27T04:00:00.000Z'),
      dispatched('7', '2026-11-27T01:00:00.000Z'),
      ticket({ id: '8', status: 'accepted', handleDeadline: '2026-12-01T00:00:00.000Z' }),
    ], 'urban-mgmt', NOW)
    expect(f.tally.valid).toBe(3)
    expect(f.rates.response).toBeCloseTo(2 / 3)
    expect(f.rates.resolution).toBeCloseTo(1 / 3)
    expect(f.rates.satisfaction).toBeCloseTo(1.9 / 3)
    expect([f.sign, f.handle, f.overdue]).toEqual([2, 1, 1])
  })

  it('has no rates before any follow-up ("—", not 0 %)', () => {
    expect(deptFigures([], 'urban-mgmt', NOW).rates).toEqual({ response: null, resolution: null, satisfaction: null })
  })
})
