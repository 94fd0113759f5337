import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cast, client, startTestServer, type TestServer, type TicketBody } from '../helpers/server.ts'
import type { Ticket } from '../../shared/domain/types.ts'

let server: TestServer
let c: Awaited<ReturnType<typeof cast>>

beforeAll(async () => {
  server = await startTestServer()
  c = await cast(server.url)
})
afterAll(async () => server.stop())

const GARBAGE = '大旺社区金科小区门口的垃圾已经三天没有清运了，堆在路边臭气熏天，请尽快处理。'

async function report(content = GARBAGE): Promise<Ticket> {
  const r = await c.reporter.post<TicketBody>('/api/reports', { content })
  expect(r.status).toBe(201)
  return r.body.ticket
}

describe('the closed loop', () => {
  it('report → dispatch → accept → reply → close with the follow-up answers', async () => {
    const t = await report()
    expect(t.id).toMatch(/^BS\d{8}-\d{4}$/)
    expect(t.status).toBe('reported')
    expect(t.suggestion).toMatchObject({ level1: '城乡建设', level2: '垃圾清运', departmentId: 'urban-mgmt' })
    expect(t.suggestion.reasons.length).toBeGreaterThan(0)
    expect(t.suggestion.confidence).toBeGreaterThan(0)
    expect(t.townCode).toMatch(/^500120\d{3}$/)

    const d = await c.chief.post<TicketBody>(`/api/tickets/${t.id}/dispatch`, { departmentId: 'urban-mgmt' })
    expect(d.status).toBe(200)
    expect(d.body.ticket.status).toBe('dispatched')
    expect(Date.parse(d.body.ticket.signDeadline ?? '') - Date.parse(d.body.ticket.dispatchedAt ?? '')).toBe(2 * 3600_000)
    expect(Date.parse(d.body.ticket.handleDeadline ?? '') - Date.parse(d.body.ticket.dispatchedAt ?? '')).toBe(7 * 86_400_000)

    const a = await c.dept.post<TicketBody>(`/api/tickets/${t.id}/accept`, {})
    expect(a.body.ticket.status).toBe('accepted')
    const r = await c.dept.post<TicketBody>(`/api/tickets/${t.id}/reply`, { content: '已安排环卫公司当日清运完毕。' })
    expect(r.body.ticket.status).toBe('replied')
    expect(r.body.ticket.reply?.content).toBe('已安排环卫公司当日清运完毕。')

    const seen = await c.reporter.get<TicketBody>(`/api/tickets/${t.id}`)
    expect(seen.body.ticket.reply?.content).toContain('清运')

    const closed = await c.reporter.post<TicketBody>(`/api/tickets/${t.id}/close`, { contacted: true, solved: true, satisfaction: 'satisfied' })
    expect(closed.status).toBe(200)
    expect(closed.body.ticket.status).toBe('closed')
    expect(closed.body.ticket.followUp).toMatchObject({ contacted: true, solved: true, satisfaction: 'satisfied', by: 'reporter' })
    expect(closed.body.ticket.timeline.map((e) => e.action)).toEqual(['report', 'dispatch', 'accept', 'reply', 'close'])
    expect(closed.body.ticket.version).toBe(5)
  })

  it('return goes back to the chief; the second return goes to the town office (属地兜底)', async () => {
    const t = await report()
    await c.chief.post(`/api/tickets/${t.id}/dispatch`, { departmentId: 'urban-mgmt' })
    const r1 = await c.dept.post<TicketBody>(`/api/tickets/${t.id}/return`, { reason: '不属于本部门职责' })
    expect(r1.body.ticket.status).toBe('returned')
    expect(r1.body.ticket.returnCount).toBe(1)
    // the department can no longer see a case that was returned and re-dispatched elsewhere
    const d2 = await c.chief.post<TicketBody>(`/api/tickets/${t.id}/dispatch`, { departmentId: 'housing' })
    expect(d2.body.ticket.status).toBe('dispatched')
    const housing = client(server.url, (await client(server.url).post<{ token: string }>('/api/auth/login', { username: 'housing', password: 'echo365' })).body.token)
    const r2 = await housing.post<TicketBody>(`/api/tickets/${t.id}/return`, { reason: '应由属地处理' })
    expect(r2.status).toBe(200)
    expect(r2.body.ticket.returnCount).toBe(2)
    expect(r2.body.ticket.status).toBe('dispatched')
    expect(r2.body.ticket.departmentId).toBe(`town-${t.townCode}`)
    expect((await c.dept.get(`/api/tickets/${t.id}`)).status).toBe(404)
  })

  it('reopen within 7 days sends the case back to the same department', async () => {
    const t = await report()
    await c.chief.post(`/api/tickets/${t.id}/dispatch`, { departmentId: 'urban-mgmt' })
    await c.dept.post(`/api/tickets/${t.id}/accept`, {})
    await c.dept.post(`/api/tickets/${t.id}/reply`, { content: '已处理' })
    await c.chief.post(`/api/tickets/${t.id}/close`, { contacted: true, solved: false, satisfaction: 'dissatisfied' })
    const re = await c.reporter.post<TicketBody>(`/api/tickets/${t.id}/reopen`, { reason: '垃圾又堆起来了' })
    expect(re.status).toBe(200)
    expect(re.body.ticket).toMatchObject({ status: 'dispatched', departmentId: 'urban-mgmt', reopenCount: 1 })
  })

  it('supervise raises the flag step by step without changing the status', async () => {
    const t = await report()
    await c.chief.post(`/api/tickets/${t.id}/dispatch`, { departmentId: 'urban-mgmt' })
    const s1 = await c.chief.post<TicketBody>(`/api/tickets/${t.id}/supervise`, { note: '请尽快签收' })
    const s2 = await c.chief.post<TicketBody>(`/api/tickets/${t.id}/supervise`, { note: '再次督办' })
    expect(s1.body.ticket.supervise).toBe(1)
    expect(s2.body.ticket.supervise).toBe(2)
    expect(s2.body.ticket.status).toBe('dispatched')
  })

  it('merge: the duplicate follows its master and receives its answer', async () => {
    const master = await report()
    const dup = await report('金科小区门口垃圾没人收，好几天了。')
    const m = await c.chief.post<TicketBody>(`/api/tickets/${dup.id}/merge`, { intoId: master.id })
    expect(m.body.ticket).toMatchObject({ status: 'merged', mergedInto: master.id })
    const mm = await c.chief.get<TicketBody>(`/api/tickets/${master.id}`)
    expect(mm.body.ticket.mergedFrom).toContain(dup.id)
    await c.chief.post(`/api/tickets/${master.id}/dispatch`, { departmentId: 'urban-mgmt' })
    await c.dept.post(`/api/tickets/${master.id}/accept`, {})
    await c.dept.post(`/api/tickets/${master.id}/reply`, { content: '已清运' })
    const child = await c.reporter.get<TicketBody>(`/api/tickets/${dup.id}`)
    expect(child.body.ticket.timeline.at(-1)).toMatchObject({ action: 'merged-answer' })
    expect(child.body.ticket.timeline.at(-1)?.note).toContain('已清运')
    // merging a replied case is illegal; into itself or into an unknown case is a bad body (400 first)
    expect((await c.chief.post(`/api/tickets/${master.id}/merge`, { intoId: dup.id })).status).toBe(409)
    expect((await c.chief.post(`/api/tickets/${master.id}/merge`, { intoId: master.id })).status).toBe(400)
    const other = await report()
    expect((await c.chief.post(`/api/tickets/${other.id}/merge`, { intoId: other.id })).status).toBe(400)
    expect((await c.chief.post(`/api/tickets/${other.id}/merge`, { intoId: 'BS20990101-0001' })).status).toBe(400)
  })

  it('invalidate a non-case', async () => {
    const t = await report('测试一下')
    const r = await c.chief.post<TicketBody>(`/api/tickets/${t.id}/invalidate`, { reason: '测试消息' })
    expect(r.body.ticket.status).toBe('invalid')
  })

  it('repeating an idempotency key returns the same case and creates nothing', async () => {
    const body = { content: GARBAGE, idempotencyKey: 'retry-key-000001' }
    const a = await c.reporter.post<TicketBody>('/api/reports', body)
    const b = await c.reporter.post<TicketBody>('/api/reports', body)
    expect(a.status).toBe(201)
    expect(b.status).toBe(200)
    expect(b.body.ticket.id).toBe(a.body.ticket.id)
  })

  it('lists with filters and a cursor', async () => {
    const all = await c.chief.get<{ items: Ticket[]; total: number; nextCursor: string | null }>('/api/tickets?limit=3')
    expect(all.body.items).toHaveLength(3)
    expect(all.body.nextCursor).toBeTruthy()
    const next = await c.chief.get<{ items: Ticket[] }>(`/api/tickets?limit=3&cursor=${all.body.nextCursor}`)
    const ids = new Set([...all.body.items, ...next.body.items].map((t) => t.id))
    expect(ids.size).toBe(all.body.items.length + next.body.items.length)
    const created = all.body.items.map((t) => t.createdAt)
    expect([...created].sort().reverse()).toEqual(created)
    const closed = await c.chief.get<{ items: Ticket[] }>('/api/tickets?status=closed')
    expect(closed.body.items.length).toBeGreaterThan(0)
    expect(closed.body.items.every((t) => t.status === 'closed')).toBe(true)
    const text = await c.chief.get<{ items: Ticket[] }>(`/api/tickets?q=${encodeURIComponent('好几天')}`)
    expect(text.body.items.every((t) => t.content.includes('好几天'))).toBe(true)
    expect(text.body.items.length).toBeGreaterThan(0)
    const dept = await c.dept.get<{ items: Ticket[] }>('/api/tickets')
    expect(dept.body.items.every((t) => t.departmentId === 'urban-mgmt')).toBe(true)
  })
})
