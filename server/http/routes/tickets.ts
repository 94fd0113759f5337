import { Router } from 'express'
import { TICKET_ACTIONS, type Ticket, type TicketAction } from '../../../shared/domain/types.ts'
import { maskTicket } from '../../../shared/domain/mask.ts'
import { seesMaskedData, ticketVisibleTo } from '../../../shared/domain/access.ts'
import { isOpen } from '../../../shared/domain/stateMachine.ts'
import { isOverdue } from '../../../shared/domain/sla.ts'
import { reportSchema, ticketListQuery } from '../../../shared/schemas.ts'
import type { AppContext } from '../../context.ts'
import type { UserRecord } from '../../store/types.ts'
import { allow, currentUser } from '../auth.ts'
import { ApiError, notFound } from '../errors.ts'
import { parse } from '../validate.ts'

const view = (user: UserRecord, t: Ticket) => (seesMaskedData(user.role) ? maskTicket(t) : t)

export function ticketRoutes(ctx: AppContext): Router {
  const r = Router()
  r.use(['/reports', '/tickets'], ctx.auth.required)

  r.post('/reports', allow('reporter', 'chief'), async (req, res) => {
    const user = currentUser(req)
    const body = parse(reportSchema, req.body)
    const { ticket, replayed } = await ctx.tickets.report(user, body)
    res.status(replayed ? 200 : 201).set(replayed ? { 'Idempotent-Replayed': 'true' } : {}).json({ ticket })
  })

  r.get('/tickets', async (req, res) => {
    const user = currentUser(req)
    const q = parse(ticketListQuery, req.query)
    const source: Iterable<Ticket> = q.month ? await ctx.store.archivedTickets(q.month) : ctx.store.liveTickets()
    const now = Date.now()
    const level = q.level1 ?? q.category
    const town = q.townCode ?? q.town
    const dept = q.departmentId ?? q.department
    const text = (q.q ?? q.text)?.trim()
    const matches = (t: Ticket) =>
      ticketVisibleTo(user, t) &&
      (!q.status || (q.status === 'open' ? isOpen(t.status) : q.status === 'overdue' ? isOpen(t.status) && (t.overdue || isOverdue(t, now)) : t.status === q.status)) &&
      (!level || t.level1 === level || t.level2 === level) &&
      (!q.level2 || t.level2 === q.level2) &&
      (!town || t.townCode === town) &&
      (!dept || t.departmentId === dept) &&
      (!text || t.id.includes(text) || t.title.includes(text) || t.content.includes(text))
    const cursor = decodeCursor(q.cursor)
    const sorted = [...source].filter(matches).sort(newestFirst)
    const start = cursor ? sorted.findIndex((t) => newestFirst(t, cursor) > 0) : 0
    const page = start < 0 ? [] : sorted.slice(start, start + q.limit)
    const last = page.at(-1)
    const more = start >= 0 && start + q.limit < sorted.length
    res.json({
      items: page.map((t) => view(user, t)),
      total: sorted.length,
      nextCursor: more && last ? encodeCursor(last) : null,
    })
  })

  r.get('/tickets/:id', async (req, res) => {
    const user = currentUser(req)
    const ticket = await ctx.tickets.get(user, String(req.params.id))
    res.json({ ticket: view(user, ticket) })
  })

  r.post('/tickets/:id/:action', async (req, res) => {
    const action = String(req.params.action)
    if (!(TICKET_ACTIONS as readonly string[]).includes(action)) throw notFound(`未知操作 ${action}`)
    const ticket = await ctx.tickets.act(currentUser(req), String(req.params.id), action as TicketAction, req.body)
    res.json({ ticket })
  })

  return r
}

function newestFirst(a: Pick<Ticket, 'createdAt' | 'id'>, b: Pick<Ticket, 'createdAt' | 'id'>): number {
  return b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)
}

function encodeCursor(t: Ticket): string {
  return Buffer.from(JSON.stringify({ createdAt: t.createdAt, id: t.id })).toString('base64url')
}

function decodeCursor(c: string | undefined): Pick<Ticket, 'createdAt' | 'id'> | null {
  if (!c) return null
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as { createdAt?: unknown; id?: unknown }
    if (typeof v.createdAt === 'string' && typeof v.id === 'string') return { createdAt: v.createdAt, id: v.id }
  } catch {
    // fall through
  }
  throw new ApiError('bad_request', '请求内容不合法', { cursor: '无效的游标' })
}
