import { describe, expect, it } from 'vitest'
import {
  BOUNCE_LIMIT, REOPEN_WINDOW_MS, TRANSITIONS, afterReturn, availableActions, checkTransition, roleMayAct,
} from '../../shared/domain/stateMachine.ts'
import { ROLES, TICKET_ACTIONS, TICKET_STATUSES, type Role, type TicketAction, type TicketStatus } from '../../shared/domain/types.ts'

/** The transition table of DESIGN.md, written out independently of the code under test. */
const DESIGN: Record<TicketAction, { from: TicketStatus[]; who: Role[] }> = {
  dispatch: { from: ['reported', 'returned'], who: ['chief'] },
  accept: { from: ['dispatched'], who: ['dept'] },
  return: { from: ['dispatched', 'accepted'], who: ['dept'] },
  reply: { from: ['accepted'], who: ['dept'] },
  close: { from: ['replied'], who: ['reporter', 'chief'] },
  reopen: { from: ['closed'], who: ['reporter', 'chief'] },
  supervise: { from: ['dispatched', 'accepted'], who: ['chief'] },
  merge: { from: ['reported', 'dispatched', 'accepted'], who: ['chief'] },
  invalidate: { from: ['reported', 'returned'], who: ['chief'] },
}

const now = Date.parse('2026-11-27T04:00:00Z')
const recentlyClosed = new Date(now - 3_600_000).toISOString()

describe('the ticket state machine', () => {
  // every (state, action, role) triple, legal and illegal
  for (const status of TICKET_STATUSES) {
    for (const action of TICKET_ACTIONS) {
      for (const role of ROLES) {
        const legalState = DESIGN[action].from.includes(status)
        const legalRole = DESIGN[action].who.includes(role)
        it(`${role} ${action} from ${status}: ${legalRole ? (legalState ? 'allowed' : '409') : '403'}`, () => {
          expect(roleMayAct(role, action)).toBe(legalRole)
          const view = { status, returnCount: 0, ...(status === 'closed' ? { closedAt: recentlyClosed } : {}) }
          expect(checkTransition(view, action, now).ok).toBe(legalState)
          expect(availableActions(role, view, now).includes(action)).toBe(legalRole && legalState)
        })
      }
    }
  }

  it('targets the statuses of the design', () => {
    expect(TRANSITIONS.dispatch.to).toBe('dispatched')
    expect(TRANSITIONS.accept.to).toBe('accepted')
    expect(TRANSITIONS.return.to).toBe('returned')
    expect(TRANSITIONS.reply.to).toBe('replied')
    expect(TRANSITIONS.close.to).toBe('closed')
    expect(TRANSITIONS.reopen.to).toBe('dispatched')
    expect(TRANSITIONS.supervise.to).toBe('same')
    expect(TRANSITIONS.merge.to).toBe('merged')
    expect(TRANSITIONS.invalidate.to).toBe('invalid')
  })

  it('allows reopening only within 7 days of closing', () => {
    const closed = (ms: number) => ({ status: 'closed' as const, returnCount: 0, closedAt: new Date(now - ms).toISOString() })
    expect(checkTransition(closed(REOPEN_WINDOW_MS - 1000), 'reopen', now).ok).toBe(true)
    expect(checkTransition(closed(REOPEN_WINDOW_MS + 1000), 'reopen', now).ok).toBe(false)
    expect(checkTransition({ status: 'closed', returnCount: 0 }, 'reopen', now).ok).toBe(false)
  })

  it('sends the second return of a case to the town office', () => {
    expect(BOUNCE_LIMIT).toBe(2)
    expect(afterReturn(0)).toBe('returned')
    expect(afterReturn(1)).toBe('town-office')
    expect(afterReturn(5)).toBe('town-office')
  })
})
