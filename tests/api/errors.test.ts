import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cast, client, startTestServer, type TestServer, type TicketBody } from '../helpers/server.ts'

let server: TestServer
let c: Awaited<ReturnType<typeof cast>>
let ticketId: string

beforeAll(async () => {
  server = await startTestServer()
  c = await cast(server.url)
  const r = await c.reporter.post<TicketBody>('/api/reports', { content: '小区路灯坏了一个星期了，晚上很黑。' })
  ticketId = r.body.ticket.id
})
afterAll(async () => server.stop())

type Err = { error: { code: string; message: string; fields?: Record<string, string> } }

describe('errors come as JSON with the status codes in the design order', () => {
  it('401 without or with a bad token', async () => {
    const none = await c.anon.post<Err>(`/api/tickets/${ticketId}/dispatch`, { departmentId: 'urban-mgmt' })
    expect(none.status).toBe(401)
    expect(none.body.error.code).toBe('unauthorized')
    const bad = await client(server.url, 'forged.token').get('/api/tickets')
    expect(bad.status).toBe(401)
    const tampered = await client(server.url, `${c.tokens.reporter.split('.')[0]}.AAAA`).get('/api/tickets')
    expect(tampered.status).toBe(401)
    expect((await c.anon.post('/api/auth/login', { username: 'chief', password: 'wrong' })).status).toBe(401)
  })

  it('403 before 404: a role that may never act gets 403 even for unknown ids', async () => {
    expect((await c.dept.post<Err>('/api/tickets/BS20990101-9999/dispatch', { departmentId: 'x' })).status).toBe(403)
    expect((await c.leadership.post(`/api/tickets/${ticketId}/dispatch`, { departmentId: 'urban-mgmt' })).status).toBe(403)
    expect((await c.display.post(`/api/tickets/${ticketId}/supervise`, { note: 'x' })).status).toBe(403)
    expect((await c.reporter.post(`/api/tickets/${ticketId}/accept`, {})).status).toBe(403)
    expect((await c.leadership.post('/api/reports', { content: 'x' })).status).toBe(403)
    expect((await c.dept.get('/api/groups')).status).toBe(403)
  })

  it('404 for unknown ids and for cases outside the caller’s scope, before 400', async () => {
    expect((await c.chief.post('/api/tickets/BS20990101-9999/dispatch', { departmentId: 'urban-mgmt' })).status).toBe(404)
    // a bad body on an unknown id is still 404
    expect((await c.chief.post('/api/tickets/BS20990101-9999/dispatch', { nope: 1 })).status).toBe(404)
    // the case is not dispatched yet: no department may see it
    expect((await c.dept.get(`/api/tickets/${ticketId}`)).status).toBe(404)
    expect((await c.dept.post(`/api/tickets/${ticketId}/accept`, {})).status).toBe(404)
    const other = client(server.url, (await c.anon.post<{ token: string }>('/api/auth/login', { username: 'grp-0002', password: 'echo365' })).body.token)
    expect((await other.get(`/api/tickets/${ticketId}`)).status).toBe(404)
    expect((await c.chief.post(`/api/tickets/${ticketId}/fly`, {})).status).toBe(404)
  })

  it('400 with field errors for bad bodies, before 409', async () => {
    const r = await c.chief.post<Err>(`/api/tickets/${ticketId}/dispatch`, { departmentId: 'no-such-dept' })
    expect(r.status).toBe(400)
    expect(r.body.error.fields?.departmentId).toBeTruthy()
    const missing = await c.chief.post<Err>(`/api/tickets/${ticketId}/dispatch`, {})
    expect(missing.status).toBe(400)
    expect(missing.body.error.fields?.departmentId).toBeTruthy()
    // illegal from the current state but with a bad body: 400 first
    expect((await c.chief.post(`/api/tickets/${ticketId}/close`, { contacted: 'yes' })).status).toBe(400)
    const extra = await c.reporter.post<Err>('/api/reports', { content: 'x', evil: true })
    expect(extra.status).toBe(400)
    const empty = await c.reporter.post<Err>('/api/reports', { content: '   ' })
    expect(empty.body.error.fields?.content).toBeTruthy()
    const json = await c.reporter.raw('POST', '/api/reports', '{not json')
    expect(json.status).toBe(400)
    const long = await c.reporter.post('/api/reports', { content: '长'.repeat(5001) })
    expect(long.status).toBe(400)
    const town = await c.reporter.post<Err>('/api/reports', { content: '路灯坏了', townCode: '500120999' })
    expect(town.body.error.fields?.townCode).toBeTruthy()
    const range = await c.leadership.get<Err>('/api/stats?from=2026-13-01')
    expect(range.status).toBe(400)
  })

  it('409 for an illegal move and for a stale expectedVersion', async () => {
    expect((await c.chief.post(`/api/tickets/${ticketId}/close`, { contacted: true, solved: true, satisfaction: 'satisfied' })).status).toBe(409)
    const stale = await c.chief.post<Err>(`/api/tickets/${ticketId}/dispatch`, { departmentId: 'urban-mgmt', expectedVersion: 99 })
    expect(stale.status).toBe(409)
    const ok = await c.chief.post<TicketBody>(`/api/tickets/${ticketId}/dispatch`, { departmentId: 'urban-mgmt', expectedVersion: 1 })
    expect(ok.status).toBe(200)
    expect((await c.chief.post(`/api/tickets/${ticketId}/dispatch`, { departmentId: 'urban-mgmt', expectedVersion: 1 })).status).toBe(409)
  })

  it('accepts texts of 5,000 characters and answers 413 for oversize bodies', async () => {
    const ok = await c.reporter.post('/api/reports', { content: '路'.repeat(5000) })
    expect(ok.status).toBe(201)
    const huge = await c.reporter.post<Err>('/api/reports', { content: 'x'.repeat(400_000) })
    expect(huge.status).toBe(413)
    expect(huge.body.error.code).toBe('too_large')
  })

  it('never answers 500 to garbage and keeps serving', async () => {
    const bodies: unknown[] = [null, [], 42, 'x', { content: null }, { content: ['a'] }, { content: 'a', mediaIds: 'x' }, { content: 'a', location: { lng: 'x' } }]
    for (const b of bodies) {
      const r = await c.reporter.raw('POST', '/api/reports', JSON.stringify(b))
      expect(r.status, JSON.stringify(b)).toBeGreaterThanOrEqual(400)
      expect(r.status).toBeLessThan(500)
    }
    for (const action of ['dispatch', 'merge', 'close', 'supervise']) {
      const r = await c.chief.raw('POST', `/api/tickets/${ticketId}/${action}`, '[1,2,3]')
      expect(r.status).toBeLessThan(500)
    }
    expect((await c.chief.get('/api/tickets?limit=-5')).status).toBe(400)
    expect((await c.chief.get('/api/tickets?cursor=@@@')).status).toBe(400)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })
})
