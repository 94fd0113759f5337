import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cast, client, connect, login, startTestServer, waitFor, type TestServer } from '../helpers/server.ts'
import type { Broadcast, BroadcastForGroup } from '../../shared/domain/broadcast.ts'
import type { BroadcastProgress } from '../../shared/events.ts'

let server: TestServer
let c: Awaited<ReturnType<typeof cast>>
beforeAll(async () => {
  server = await startTestServer()
  c = await cast(server.url)
})
afterAll(async () => server.stop())

type B = { broadcast: Broadcast }

describe('downward broadcast', () => {
  it('goes to all groups by default with their people', async () => {
    const r = await c.chief.post<B>('/api/broadcasts', { title: '冬季燃气安全提示', content: '用气时保持通风，人走关阀。' })
    expect(r.status).toBe(201)
    expect(r.body.broadcast).toMatchObject({ targetGroups: 2413, reachedGroups: 0, reachedPeople: 0 })
    expect(r.body.broadcast.targetPeople).toBe(server.ctx.directory.totalMembers)
    expect(r.body.broadcast.id).toMatch(/^BC\d{8}-\d{2}$/)
  })

  it('a scope limits the targets; acknowledgements count once per group; the wall sees live reach', async () => {
    const town = '500120004'
    const inTown = server.ctx.directory.groups.filter((g) => g.townCode === town && g.type === 'wechat')
    const r = await c.chief.post<B>('/api/broadcasts', { title: '来凤街道停水通知', content: '明日 9:00–17:00 停水', url: 'https://example.org/n', scope: { townCodes: [town], groupTypes: ['wechat'] } })
    expect(r.body.broadcast.targetGroups).toBe(inTown.length)
    const id = r.body.broadcast.id
    const wall = connect(server.url, c.tokens.display)
    const progress: BroadcastProgress[] = []
    wall.on('broadcast', (p) => progress.push(p))
    await new Promise<void>((resolve) => wall.on('snapshot', () => resolve()))
    // a group outside the scope does not hear about it
    const outsider = server.ctx.directory.groups.find((g) => g.townCode !== town)
    const outsiderSocket = connect(server.url, await login(server.url, outsider?.id ?? ''))
    const overheard: BroadcastProgress[] = []
    outsiderSocket.on('broadcast', (p) => overheard.push(p))
    await new Promise<void>((resolve) => outsiderSocket.on('snapshot', () => resolve()))

    const [g1, g2] = inTown
    const t1 = client(server.url, await login(server.url, g1?.id ?? ''))
    const t2 = client(server.url, await login(server.url, g2?.id ?? ''))
    const mine = (await t1.get<{ items: BroadcastForGroup[] }>('/api/broadcasts')).body.items
    expect(mine.find((b) => b.id === id)).toMatchObject({ acked: false })
    const a1 = await t1.post<{ broadcast: BroadcastForGroup }>(`/api/broadcasts/${id}/ack`)
    expect(a1.body.broadcast).toMatchObject({ acked: true, reachedGroups: 1, reachedPeople: g1?.members })
    await t1.post(`/api/broadcasts/${id}/ack`)
    await t1.post(`/api/broadcasts/${id}/ack`)
    await t2.post(`/api/broadcasts/${id}/ack`)
    const now = (await c.chief.get<B>(`/api/broadcasts/${id}`)).body.broadcast
    expect(now.reachedGroups).toBe(2)
    expect(now.reachedPeople).toBe((g1?.members ?? 0) + (g2?.members ?? 0))
    await waitFor(() => progress.some((p) => p.id === id && p.reachedGroups === 2), 1500, 'wall reach')
    expect(overheard.some((p) => p.id === id)).toBe(false)
    wall.disconnect()
    outsiderSocket.disconnect()

    // a group outside the scope neither sees nor acknowledges it
    const outside = server.ctx.directory.groups.find((g) => g.townCode !== town)
    const o = client(server.url, await login(server.url, outside?.id ?? ''))
    expect((await o.post(`/api/broadcasts/${id}/ack`)).status).toBe(404)
    expect((await o.get<{ items: Broadcast[] }>('/api/broadcasts')).body.items.some((b) => b.id === id)).toBe(false)
  })

  it('checks roles and bodies', async () => {
    expect((await c.reporter.post('/api/broadcasts', { title: 'x', content: 'y' })).status).toBe(403)
    expect((await c.leadership.post('/api/broadcasts', { title: 'x', content: 'y' })).status).toBe(403)
    expect((await c.anon.post('/api/broadcasts', { title: 'x', content: 'y' })).status).toBe(401)
    expect((await c.chief.post('/api/broadcasts', { title: '', content: 'y' })).status).toBe(400)
    expect((await c.chief.post('/api/broadcasts', { title: 'x', content: 'y', url: 'javascript:alert(1)' })).status).toBe(400)
    expect((await c.chief.post('/api/broadcasts', { title: 'x', content: 'y', scope: { townCodes: ['999'] } })).status).toBe(400)
    expect((await c.chief.post('/api/broadcasts/BC20990101-01/ack')).status).toBe(403)
    expect((await c.reporter.post('/api/broadcasts/BC20990101-01/ack')).status).toBe(404)
    expect((await c.dept.get('/api/broadcasts')).status).toBe(403)
    expect((await c.leadership.get<{ items: Broadcast[] }>('/api/broadcasts')).body.items.length).toBeGreaterThan(0)
  })
})
