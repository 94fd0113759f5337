import type { Role, TicketAction, TicketStatus } from './types.ts'
import { DAY_MS } from './time.ts'

/**
 * The one transition table (DESIGN.md "Transitions"). Server and web both import it: the server to
 * decide legality (403 / 409), the web to show only the buttons that can succeed.
 * `to: 'same'` keeps the status (supervise raises a flag instead).
 */
export interface Transition {
  from: readonly TicketStatus[]
  roles: readonly Role[]
  to: TicketStatus | 'same'
  label: string
}

export const TRANSITIONS: Readonly<Record<TicketAction, Transition>> = {
  dispatch: { from: ['reported', 'returned'], roles: ['chief'], to: 'dispatched', label: '派单' },
  accept: { from: ['dispatched'], roles: ['dept'], to: 'accepted', label: '签收' },
  return: { from: ['dispatched', 'accepted'], roles: ['dept'], to: 'returned', label: '退单' },
  reply: { from: ['accepted'], roles: ['dept'], to: 'replied', label: '答复' },
  close: { from: ['replied'], roles: ['reporter', 'chief'], to: 'closed', label: '回访办结' },
  reopen: { from: ['closed'], roles: ['reporter', 'chief'], to: 'dispatched', label: '重办' },
  supervise: { from: ['dispatched', 'accepted'], roles: ['chief'], to: 'same', label: '督办' },
  merge: { from: ['reported', 'dispatched', 'accepted'], roles: ['chief'], to: 'merged', label: '并单' },
  invalidate: { from: ['reported', 'returned'], roles: ['chief'], to: 'invalid', label: '作废' },
}

/** After this many returns of the same case, the town office of the place takes it (属地兜底). */
export const BOUNCE_LIMIT = 2
/** A closed case may be reopened within this window. */
export const REOPEN_WINDOW_MS = 7 * DAY_MS
/** A replied case with no follow-up for this long closes as "no follow-up". */
export const NO_FOLLOW_UP_MS = 7 * DAY_MS

export const STATUS_LABELS: Readonly<Record<TicketStatus, string>> = {
  reported: '待分拨',
  dispatched: '已派单',
  accepted: '处置中',
  replied: '已答复',
  closed: '已办结',
  returned: '已退单',
  invalid: '无效',
  merged: '已并单',
}

/** Statuses in which a case is still being worked (counted as "open"). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['reported', 'dispatched', 'accepted', 'returned', 'replied']
/** Terminal statuses (nothing more happens unless reopened). */
export const TERMINAL_STATUSES: readonly TicketStatus[] = ['closed', 'invalid', 'merged']

export function isOpen(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status)
}

/** Whether a role may ever take an action (false → 403). */
export function roleMayAct(role: Role, action: TicketAction): boolean {
  return TRANSITIONS[action].roles.includes(role)
}

export interface TicketStateView {
  status: TicketStatus
  closedAt?: string
  returnCount: number
}

export type Legality = { ok: true } | { ok: false; reason: string }

/** Whether the action is legal from the ticket's current state (false → 409). */
export function checkTransition(ticket: TicketStateView, action: TicketAction, now: number = Date.now()): Legality {
  const t = TRANSITIONS[action]
  if (!t.from.includes(ticket.status)) {
    return { ok: false, reason: `当前状态「${STATUS_LABELS[ticket.status]}」不能${t.label}` }
  }
  if (action === 'reopen') {
    const closedAt = ticket.closedAt ? Date.parse(ticket.closedAt) : NaN
    if (!Number.isFinite(closedAt) || now - closedAt > REOPEN_WINDOW_MS) {
      return { ok: false, reason: '办结已超过 7 天，不能重办' }
    }
  }
  return { ok: true }
}

/**
 * Where a return sends the case: normally back to the chief (returned), but on the BOUNCE_LIMIT-th
 * return the town office of the place takes it directly.
 */
export function afterReturn(returnCountBefore: number): 'returned' | 'town-office' {
  return returnCountBefore + 1 >= BOUNCE_LIMIT ? 'town-office' : 'returned'
}

/** The actions the role may take on a ticket right now (for showing buttons). */
export function availableActions(role: Role, ticket: TicketStateView, now: number = Date.now()): TicketAction[] {
  return (Object.keys(TRANSITIONS) as TicketAction[]).filter(
    (a) => roleMayAct(role, a) && checkTransition(ticket, a, now).ok,
  )
}
