import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cast, startTestServer, waitFor, type TestServer, type TicketBody } from '../helpers/server.ts'

/** A local receiver that fails while `down`, and records what it accepted. */
function receiver() {
  const state = { down: true, received: [] as { delivery: string; body: { event: string; ticketId: string; text: string } }[], failures: 0 }
  const server: Server = createServer((req, res) => {
    let data = ''
    req.on('data', (d: Buffer) => { data += d.toString() })
    req.on('end', () => {
      if (state.down) {
        state.failures++
        res.statusCode = 503
        return res.end('down')
      }
      state.received.push({ delivery: String(req.headers['x-echo365-delivery']), body: JSON.parse(data) as { event: string; ticketId: string; text: string } })
      res.end('ok')
    })
  })
  return { state, server }
}

let app: TestServer
let c: Awaited<ReturnType<typeof cast>>
const rx = receiver()

beforeAll(async () => {
  await new Promise<void>((resolve) => rx.server.listen(0, '127.0.0.1', resolve))
  const port = (rx.server.address() as AddressInfo).port
  app = await startTestServer({ GROUP_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, GROUP_WEBHOOK_FORMAT: 'json' })
  c = await cast(app.url)
})
afterAll(async () => {
  await app.stop()
  rx.server.close()
})

async function loop(text: string) {
  const t = (await c.reporter.post<TicketBody>('/api/reports', { content: text })).body.ticket
  await c.chief.post(`/api/tickets/${t.id}/dispatch`, { departmentId: 'urban-mgmt' })
  await c.dept.post(`/api/tickets/${t.id}/accept`, {})
  const replied = await c.dept.post<TicketBody>(`/api/tickets/${t.id}/reply`, { content: `答复：${text}` })
  expect(replied.status).toBe(200)
  await c.reporter.post(`/api/tickets/${t.id}/close`, { contacted: true, solved: true, satisfaction: 'satisfied' })
  return t.id
}

describe('feedback back to the group through a webhook', () => {
  it('a receiver that fails, then recovers, gets every notification exactly once, in order per case', async () => {
    const started = Date.now()
    const ids = [await loop('垃圾没人清运'), await loop('路灯不亮'), await loop('井盖丢了')]
    // the actions were acknowledged at once although the endpoint is down
    expect(Date.now() - started).toBeLessThan(3000)
    await waitFor(() => rx.state.failures >= 3, 3000, 'failed attempts')
    const t = (await c.chief.get<TicketBody>(`/api/tickets/${ids[0]}`)).body.ticket
    expect(t.timeline.some((e) => e.action === 'notify' && e.note?.includes('推送失败'))).toBe(true)
    rx.state.down = false
    await waitFor(() => rx.state.received.length >= 6, 10_000, 'all delivered')
    await new Promise((r) => setTimeout(r, 1500))
    expect(rx.state.received).toHaveLength(6)
    expect(new Set(rx.state.received.map((r) => r.delivery)).size).toBe(6)
    for (const id of ids) {
      const events = rx.state.received.filter((r) => r.body.ticketId === id).map((r) => r.body.event)
      expect(events).toEqual(['ticket.replied', 'ticket.closed'])
    }
    expect(rx.state.received.find((r) => r.body.ticketId === ids[1])?.body.text).toBe('答复：路灯不亮')
    const after = (await c.chief.get<TicketBody>(`/api/tickets/${ids[0]}`)).body.ticket
    expect(after.timeline.filter((e) => e.action === 'notify' && e.note?.includes('已推送至群'))).toHaveLength(2)
    expect(app.ctx.store.outbox()).toHaveLength(0)
  })

  it('a group can have its own robot in the WeCom format', async () => {
    const own = receiver()
    own.state.down = false
    await new Promise<void>((resolve) => own.server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (own.server.address() as AddressInfo).port
      const r = await c.chief.raw('PUT', '/api/groups/grp-0001/webhook', { url: `http://127.0.0.1:${port}/wecom`, format: 'wecom' })
      expect(r.status).toBe(200)
      expect((await c.reporter.raw('PUT', '/api/groups/grp-0001/webhook', { url: 'http://x.org', format: 'json' })).status).toBe(403)
      await loop('电梯坏了')
      await waitFor(() => own.state.received.length >= 2, 5000, 'wecom deliveries')
      const body = own.state.received[0]?.body as unknown as { msgtype: string; markdown: { content: string } }
      expect(body.msgtype).toBe('markdown')
      expect(body.markdown.content).toContain('答复：电梯坏了')
    } finally {
      own.server.close()
    }
  })
})
