import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cast, connect, startTestServer, waitFor, type TestServer, type TestSocket, type TicketBody } from '../helpers/server.ts'
import type { HandshakeAuth, Snapshot, TicketEvent, WireTicket } from '../../shared/events.ts'
import type { Ticket } from '../../shared/domain/types.ts'
import type { WallTicket } from '../../shared/domain/wallTicket.ts'
import { LowdbStore } from '../../server/store/lowdbStore.ts'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { LiveStats } from '../../shared/stats.ts'

let server: TestServer
let c: Awaited<ReturnType<typeof cast>>
const sockets: TestSocket<WireTicket>[] = []

beforeAll(async () => {
  server = await startTestServer()
  c = await cast(server.url)
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await server.stop()
})

function open<T extends WireTicket = Ticket>(token: string, lastSeq?: number, view?: HandshakeAuth['view']) {
  const s = connect<T>(server.url, token, lastSeq, view)
  sockets.push(s as TestSocket<WireTicket>)
  const events: TicketEvent<T>[] = []
  const snapshots: Snapshot<T>[] = []
  const stats: LiveStats[] = []
  s.on('ticket', (e) => events.push(e))
  s.on('snapshot', (x) => snapshots.push(x))
  s.on('stats', (x) => stats.push(x))
  return { s, events, snapshots, stats }
}

const report = async (content = '小区门口的垃圾没人清运') => (await c.reporter.post<TicketBody>('/api/reports', { content: `${content}，联系电话13812345678` })).body.ticket

describe('realtime', () => {
  it('rejects a connection without a valid token', async () => {
    const s = connect(server.url, 'nope')
    sockets.push(s)
    const err = await new Promise<Error>((resolve) => s.on('connect_error', resolve))
    expect(err.message).toBe('unauthorized')
  })

  it('sends a snapshot on connect, then every change to two clients in the same order', async () => {
    const a = open(c.tokens.chief)
    const b = open<WallTicket>(c.tokens.display)
    await waitFor(() => a.snapshots.length && b.snapshots.length, 3000, 'snapshots')
    expect(a.snapshots[0]?.stats.open).toBeTypeOf('number')
    const t = await report()
    const sent = Date.now()
    await c.chief.post(`/api/tickets/${t.id}/dispatch`, { departmentId: 'urban-mgmt' })
    await c.chief.post(`/api/tickets/${t.id}/supervise`, { note: '尽快' })
    await waitFor(() => a.events.length >= 3 && b.events.length >= 3, 1000, 'events within 1 s')
    expect(Date.now() - sent).toBeLessThan(1000)
    expect(a.events.map((e) => e.seq)).toEqual(b.events.map((e) => e.seq))
    const seqs = a.events.map((e) => e.seq)
    seqs.forEach((s, i) => i > 0 && expect(s).toBe((seqs[i - 1] ?? 0) + 1))
    expect(a.events.map((e) => e.type)).toEqual(['created', 'updated', 'updated'])
    // the chief gets the case in full; the public wall a summary without the resident's text
    expect(a.events[0]?.ticket.content).toContain('13812345678')
    expect(a.events[0]?.ticket.timeline.length).toBeGreaterThan(0)
    const summary = b.events[0]?.ticket
    expect(summary?.id).toBe(t.id)
    expect(summary?.status).toBe('reported')
    for (const key of ['content', 'timeline', 'contact', 'reply', 'suggestion', 'reporterId']) expect(summary).not.toHaveProperty(key)
    expect(JSON.stringify(b.events)).not.toContain('13812345678')
    // a title cut from the text never carries part of the number on the wall
    expect(summary?.title).not.toMatch(/138\d/)
    expect(b.snapshots[0]?.tickets.every((x) => !('content' in x))).toBe(true)
    await waitFor(() => b.stats.length > 0, 2000, 'stats')
  })

  it('a figures-only client (the statistics page) gets stats and no cases', async () => {
    const { snapshots, events, stats } = open(c.tokens.leadership, undefined, 'stats')
    const full = open(c.tokens.leadership)
    await waitFor(() => snapshots.length && full.snapshots.length, 3000, 'snapshots')
    expect(snapshots[0]?.tickets).toEqual([])
    expect(snapshots[0]?.stats.open).toBe(full.snapshots[0]?.stats.open)
    const t = await report()
    await waitFor(() => full.events.some((e) => e.ticket.id === t.id) && stats.some((x) => x.open === (snapshots[0]?.stats.open ?? 0) + 1), 3000, 'stats after a report')
    expect(events).toEqual([])
  })

  it('a department receives its own cases only; a group leader its group’s', async () => {
    const dept = open(c.tokens.department)
    const housingToken = (await c.anon.post<{ token: string }>('/api/auth/login', { username: 'housing', password: 'echo365' })).body.token
    const housing = open(housingToken)
    const group = open(c.tokens.reporter)
    await waitFor(() => dept.snapshots.length && housing.snapshots.length && group.snapshots.length, 3000, 'snapshots')
    expect(dept.snapshots[0]?.tickets.every((t) => t.departmentId === 'urban-mgmt')).toBe(true)
    const t = await report()
    await c.chief.post(`/api/tickets/${t.id}/dispatch`, { departmentId: 'urban-mgmt' })
    await waitFor(() => dept.events.some((e) => e.ticket.id === t.id), 1000, 'dept event')
    await waitFor(() => group.events.filter((e) => e.ticket.id === t.id).length === 2, 1000, 'group events')
    expect(housing.events.some((e) => e.ticket.id === t.id)).toBe(false)
    expect(dept.events.some((e) => e.type === 'created' && e.ticket.id === t.id)).toBe(false)
  })

  it('a client disconnected while 50 events happen resumes with exactly those 50', async () => {
    const first = open(c.tokens.chief)
    await waitFor(() => first.snapshots.length, 3000, 'snapshot')
    const lastSeq = first.snapshots[0]?.seq ?? 0
    first.s.disconnect()
    const ids: string[] = []
    for (let i = 0; i < 25; i++) {
      const t = await report(`第${i}件：路灯不亮`)
      ids.push(t.id)
      await c.chief.post(`/api/tickets/${t.id}/dispatch`, { departmentId: 'urban-mgmt' })
    }
    const again = open(c.tokens.chief, lastSeq)
    await waitFor(() => again.events.length >= 50, 3000, '50 missed events')
    await new Promise((r) => setTimeout(r, 200))
    expect(again.snapshots).toHaveLength(0)
    expect(again.events).toHaveLength(50)
    expect(again.events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => lastSeq + 1 + i))
    expect(new Set(again.events.map((e) => e.ticket.id))).toEqual(new Set(ids))
  })

  it('throttles stats to at most two a second', async () => {
    const w = open(c.tokens.display)
    await waitFor(() => w.snapshots.length, 3000, 'snapshot')
    const started = Date.now()
    const before = w.stats.length
    await Promise.all(Array.from({ length: 40 }, (_, i) => report(`第${i}件：井盖丢了`)))
    await new Promise((r) => setTimeout(r, 1200))
    const seconds = (Date.now() - started) / 1000
    const received = w.stats.length - before
    expect(received).toBeGreaterThan(0)
    expect(received).toBeLessThanOrEqual(Math.ceil(seconds * 2) + 1)
    expect(w.stats.at(-1)?.today).toBeGreaterThanOrEqual(40)
  })

  it('a client too far behind gets a fresh snapshot instead', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'echo365-ring-'))
    const small = await startTestServer({}, { dataDir, store: new LowdbStore(dataDir, { eventRing: 20 }) })
    try {
      const sc = await cast(small.url)
      for (let i = 0; i < 15; i++) await sc.reporter.post('/api/reports', { content: `第${i}件：路灯不亮` })
      const near = connect(small.url, sc.tokens.chief, 5)
      const far = connect(small.url, sc.tokens.chief, 0)
      sockets.push(near, far)
      const nearEvents: TicketEvent[] = []
      near.on('ticket', (e) => nearEvents.push(e))
      await waitFor(() => nearEvents.length === 10, 3000, 'near resumes')
      for (let i = 0; i < 15; i++) await sc.reporter.post('/api/reports', { content: `第${i}件：井盖破损` })
      const late = connect(small.url, sc.tokens.chief, 5)
      sockets.push(late)
      const snap = await new Promise<Snapshot>((resolve) => late.on('snapshot', resolve))
      expect(snap.seq).toBe(30)
      expect(snap.tickets).toHaveLength(30)
    } finally {
      await small.stop()
    }
  })
})
