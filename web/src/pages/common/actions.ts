import type { Ticket, TicketAction } from '../../../../shared/domain/types.ts'
import type { ActionBodies } from '../../../../shared/schemas.ts'
import { apiRequest } from '../../lib/api.ts'

/**
 * POST /api/tickets/:id/<action>. The body carries the version the user saw, so acting on a case
 * that moved meanwhile is a 409 with a clear message instead of a silent overwrite.
 */
export async function postAction<A extends TicketAction>(token: string, ticket: Pick<Ticket, 'id' | 'version'>, action: A, body: Omit<ActionBodies[A], 'expectedVersion'>): Promise<Ticket> {
  const r = await apiRequest<{ ticket: Ticket }>('POST', `/api/tickets/${encodeURIComponent(ticket.id)}/${action}`, {
    token,
    body: { ...body, expectedVersion: ticket.version },
  })
  return r.ticket
}
