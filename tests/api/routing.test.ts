import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cast, client, login, startTestServer, waitFor, type TestServer, type TicketBody } from '../helpers/server.ts'
import type { Alert } from '../../shared/events.ts'

let server: TestServer
let c: Awaited<ReturnType<typeof cast>>
beforeAll(async () => {
  server = await startTestServer()
  c = await cast(server.url)
})
afterAll(async () => server.stop())

type Classified = { level1: string; level2: string; departmentId: string; confidence: number; reasons: string[]; place: { townCode: string; source: string } }

describe('POST /api/classify', () => {
  it('classifies with reasons and a place', async () => {
    const r = await c.chief.post<Classified>('/api/classify', { text: '来凤街道花园社区的垃圾站三天没清运了，臭气熏天' })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ level2: '垃圾清运', departmentId: 'urban-mgmt', place: { townCode: '500120004', source: 'text' } })
    expect(['城乡建设', '环境保护']).toContain(r.body.level1)
    expect(r.body.confidence).toBeGreaterThan(0)
    expect(r.body.reasons.length).toBeGreaterThanOrEqual(3)
    const dept = await c.dept.post<Classified>('/api/classify', { text: '拖欠农民工工资三个月了', townCode: '500120006' })
    expect(dept.body).toMatchObject({ level1: '劳动和社会保障', departmentId: 'hr-social' })
    expect((await c.dept.post('/api/classify', { text: '路'.repeat(5000) })).status).toBe(200)
  })
  it('rejects bad input and other roles', async () => {
    expect((await c.chief.post('/api/classify', {})).status).toBe(400)
    expect((await c.chief.post('/api/classify', { text: '' })).status).toBe(400)
    expect((await c.chief.post('/api/classify', { text: 'x'.repeat(5001) })).status).toBe(400)
    expect((await c.chief.post('/api/classify', { text: '路灯', townCode: '123' })).status).toBe(400)
    expect((await c.chief.post('/api/classify', { text: 42 })).status).toBe(400)
    expect((await c.reporter.post('/api/classify', { text: '路灯' })).status).toBe(403)
    expect((await c.leadership.post('/api/classify', { text: '路灯' })).status).toBe(403)
    expect((await c.anon.post('/api/classify', { text: '路灯' })).status).toBe(401)
  })
})

describe('reports are routed, placed, deduplicated and learnt from', () => {
  it('places a report where its text says, with the reason', async () => {
    const t = (await c.reporter.post<TicketBody>('/api/reports', { content: '健龙镇场镇上的路灯坏了一排，晚上很黑' })).body.ticket
    expect(t.townCode).toBe('500120108')
    expect(t.place).toMatchObject({ source: 'text', matched: ['健龙镇'] })
    const picked = (await c.reporter.post<TicketBody>('/api/reports', { content: '健龙镇的路灯坏了', townCode: '500120005' })).body.ticket
    expect(picked.townCode).toBe('500120005')
    expect(picked.place?.source).toBe('body')
  })

  it('flags a duplicate filed from another group of the same place', async () => {
    const [g1, g2] = server.ctx.directory.groups.filter((g) => g.communityCode === '500120001001')
    const r1 = client(server.url, await login(server.url, g1?.id ?? ''))
    const r2 = client(server.url, await login(server.url, g2?.id ?? ''))
    const first = (await r1.post<TicketBody>('/api/reports', { content: '小区北门口的垃圾桶满了三天没人清运，垃圾堆到路边，臭气熏天' })).body.ticket
    const second = (await r2.post<TicketBody>('/api/reports', { content: '北门口垃圾桶满了好几天没人清运了，垃圾都堆到路边了' })).body.ticket
    expect(second.groupId).not.toBe(first.groupId)
    expect(second.duplicateOf?.id).toBe(first.id)
    expect(second.suggestion.reasons.some((r) => r.includes('疑似重复') && r.includes(first.id))).toBe(true)
    // one click: merge; the duplicate's reporter gets the answer
    await c.chief.post(`/api/tickets/${second.id}/merge`, { intoId: first.id })
    await c.chief.post(`/api/tickets/${first.id}/dispatch`, { departmentId: 'urban-mgmt' })
    await c.dept.post(`/api/tickets/${first.id}/accept`, {})
    await c.dept.post(`/api/tickets/${first.id}/reply`, { content: '已清运并增加清运频次' })
    const seen = (await r2.get<TicketBody>(`/api/tickets/${second.id}`)).body.ticket
    expect(seen.timeline.at(-1)?.note).toContain('已清运并增加清运频次')
  })

  it('learns from the chief: a re-dispatch changes later suggestions for similar texts', async () => {
    const text = '我们楼下新开的酒吧每天晚上音响声音开得很大，吵得睡不着'
    const a = (await c.reporter.post<TicketBody>('/api/reports', { content: text })).body.ticket
    expect(a.suggestion.departmentId).toBe('ecology')
    await c.chief.post(`/api/tickets/${a.id}/dispatch`, { departmentId: 'public-security' })
    // not learnt until the department accepts it: a wrong re-dispatch that is returned teaches nothing
    const early = (await c.reporter.post<TicketBody>('/api/reports', { content: '楼下酒吧每天晚上音响开得很大，吵得人睡不着' })).body.ticket
    expect(early.suggestion.departmentId).toBe('ecology')
    const police = client(server.url, await login(server.url, 'public-security'))
    expect((await police.post(`/api/tickets/${a.id}/accept`, {})).status).toBe(200)
    const b = (await c.reporter.post<TicketBody>('/api/reports', { content: '楼下酒吧每天晚上音响开得很大声，吵得睡不着觉' })).body.ticket
    expect(b.suggestion.departmentId).toBe('public-security')
    expect(b.suggestion.reasons.some((r) => r.includes('学习'))).toBe(true)
    const other = (await c.reporter.post<TicketBody>('/api/reports', { content: '工地夜间施工噪音扰民' })).body.ticket
    expect(other.suggestion.departmentId).toBe('ecology')
  })

  it('raises a hotspot alert for an unusual rise of a kind in a town', async () => {
    const alerts: Alert[] = []
    server.ctx.bus.on('alert', (a) => alerts.push(a))
    for (let i = 0; i < 4; i++) {
      await c.reporter.post('/api/reports', { content: `大路街道第${i + 1}处，小区电梯又困人了，维保不到位`, townCode: '500120006' })
    }
    const hot = await waitFor(() => alerts.find((a) => a.kind === 'hotspot'), 2000, 'hotspot alert')
    expect(hot.message).toContain('大路街道')
    expect(hot.message).toContain('电梯故障')
    expect(hot.ticketIds.length).toBeGreaterThanOrEqual(3)
    const list = (await c.chief.get<{ items: { level2: string; townCode: string; ticketIds: string[] }[] }>('/api/hotspots')).body.items
    expect(list.find((h) => h.townCode === '500120006' && h.level2 === '电梯故障')?.ticketIds.length).toBeGreaterThanOrEqual(3)
  })
})

describe('AUTO_DISPATCH', () => {
  it('dispatches confident suggestions without the chief and says so', async () => {
    const auto = await startTestServer({ AUTO_DISPATCH: 'on' })
    try {
      const ac = await cast(auto.url)
      const t = (await ac.reporter.post<TicketBody>('/api/reports', { content: '小区停电了，供电线路故障，整栋楼没电，冰箱里的东西都要坏了' })).body.ticket
      expect(t.suggestion.confidence).toBeGreaterThanOrEqual(0.85)
      expect(t).toMatchObject({ status: 'dispatched', autoDispatched: true, departmentId: 'power' })
      expect(t.timeline.at(-1)?.note).toContain('智能分拨')
      const vague = (await ac.reporter.post<TicketBody>('/api/reports', { content: '有个事情想反映一下' })).body.ticket
      expect(vague.status).toBe('reported')
      expect(vague.autoDispatched).toBeUndefined()
    } finally {
      await auto.stop()
    }
  })
})
