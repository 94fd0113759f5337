import { isOverdue } from '../../../../shared/domain/sla.ts'
import type { Ticket } from '../../../../shared/domain/types.ts'

/** Overdue and supervised cases in one list: supervised (highest level first), then the latest overdue. */
export function attentionList(overdue: readonly Ticket[], open: readonly Ticket[], now: number): Ticket[] {
  const byId = new Map<string, Ticket>()
  for (const t of overdue) byId.set(t.id, t)
  for (const t of open) if (t.supervise > 0 || t.overdue || isOverdue(t, now)) byId.set(t.id, t)
  const lateBy = (t: Ticket) => {
    const d = t.status === 'dispatched' && t.signDeadline && Date.parse(t.signDeadline) < now ? t.signDeadline : t.handleDeadline
    return d ? now - Date.parse(d) : 0
  }
  return [...byId.values()].sort((a, b) => b.supervise - a.supervise || lateBy(b) - lateBy(a) || (a.id < b.id ? -1 : 1))
}
