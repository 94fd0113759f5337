import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cast, startTestServer, type TestServer, type TicketBody } from '../helpers/server.ts'
import type { RangeStats } from '../../shared/stats.ts'
import { shanghaiDate } from '../../shared/domain/time.ts'

let clock = Date.parse('2026-11-20T02:00:00Z')
let server: TestServer
let c: Awaited<ReturnType<typeof cast>>

beforeAll(async () => {
  server = await startTestServer({ SCAN_SECONDS: '3600' }, { now: () => clock })
  c = await cast(server.url)
})
afterAll(async () => server.stop())

async function loop(follow: { contacted: boolean; solved: boolean; satisfaction: string } | null) {
  const t = (await c.reporter.post<TicketBody>('/api/reports', { content: '小区垃圾没人清运，已经好几天了。' })).body.ticket
  await c.chief.post(`/api/tickets/${t.id}/dispatch`, { departmentId: 'urban-mgmt' })
  await c.dept.post(`/api/tickets/${t.id}/accept`, {})
  await c.dept.post(`/api/tickets/${t.id}/reply`, { content: '已清运' })
  if (follow) expect((await c.reporter.post(`/api/tickets/${t.id}/close`, follow)).status).toBe(200)
  return t
}

describe('the three rates on a hand-computed fixture', () => {
  it('counts only valid follow-ups; no-follow-up, invalid and merged stay out', async () => {
    await loop({ contacted: true, solved: true, satisfaction: 'satisfied' })
    await loop({ contacted: true, solved: true, satisfaction: 'basic' })
    await loop({ contacted: true, solved: false, satisfaction: 'dissatisfied' })
    await loop({ contacted: false, solved: true, satisfaction: 'satisfied' })
    const silent = await loop(null)
    const junk = (await c.reporter.post<TicketBody>('/api/reports', { content: '测试' })).body.ticket
    await c.chief.post(`/api/tickets/${junk.id}/invalidate`, { reason: '测试' })

    // 8 days later the silent case closes as "no follow-up"
    clock += 8 * 86_400_000
    const { autoClosed } = await server.ctx.tickets.scan()
    expect(autoClosed).toContain(silent.id)
    const after = (await c.chief.get<TicketBody>(`/api/tickets/${silent.id}`)).body.ticket
    expect(after).toMatchObject({ status: 'closed', noFollowUp: true })

    const s = (await c.leadership.get<RangeStats>(`/api/stats?from=2026-11-01&to=${shanghaiDate(clock)}`)).body
    expect(s.followUps).toEqual({ valid: 4, contacted: 3, solved: 3, satisfied: 2, basic: 1, dissatisfied: 1 })
    expect(s.rates.response).toBeCloseTo(3 / 4, 10)
    expect(s.rates.resolution).toBeCloseTo(3 / 4, 10)
    expect(s.rates.satisfaction).toBeCloseTo((2 + 0.9 * 1) / 4, 10)
    expect(s.totals).toMatchObject({ reported: 6, closed: 5, closedSolved: 3, closedUnsolved: 1, noFollowUp: 1, invalid: 1 })
    expect(s.process.signedOnTime).toBe(1)
    expect(s.process.finishedOnTime).toBe(1)

    // the range is honoured: a window before the cases has none of them
    const before = (await c.leadership.get<RangeStats>('/api/stats?from=2026-10-01&to=2026-10-31')).body
    expect(before.totals.reported).toBe(0)
    expect(before.rates.response).toBeNull()
  })
})
