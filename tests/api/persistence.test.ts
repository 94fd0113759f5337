import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cast, startTestServer, type TicketBody } from '../helpers/server.ts'
import { LowdbStore } from '../../server/store/lowdbStore.ts'

const dirs: string[] = []
const tempDir = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'echo365-persist-'))
  dirs.push(d)
  return d
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

describe('durability', () => {
  it('keeps cases, their state, counters and the event sequence across a restart', async () => {
    const dataDir = await tempDir()
    const first = await startTestServer({}, { dataDir })
    let c = await cast(first.url)
    const t = (await c.reporter.post<TicketBody>('/api/reports', { content: '小区电梯坏了，老人被困在里面' })).body.ticket
    await c.chief.post(`/api/tickets/${t.id}/dispatch`, { departmentId: 'market' })
    const seqBefore = first.ctx.store.seq
    await first.stop(false)

    const second = await startTestServer({}, { dataDir })
    try {
      c = await cast(second.url)
      const again = (await c.chief.get<TicketBody>(`/api/tickets/${t.id}`)).body.ticket
      expect(again).toMatchObject({ id: t.id, status: 'dispatched', departmentId: 'market', version: 2 })
      expect(second.ctx.store.seq).toBe(seqBefore)
      // ids continue, not restart
      const next = (await c.reporter.post<TicketBody>('/api/reports', { content: '路灯不亮' })).body.ticket
      expect(next.id > t.id).toBe(true)
      const stats = (await c.leadership.get<{ totals: { reported: number; dispatched: number } }>('/api/stats')).body
      expect(stats.totals).toMatchObject({ reported: 2, dispatched: 1 })
    } finally {
      await second.stop(false)
    }
  })

  it('refuses to start on a corrupt store file and leaves it untouched', async () => {
    const dataDir = await tempDir()
    const file = path.join(dataDir, 'live.json')
    await writeFile(file, '{"format":"echo365-live/1","seq":3,"tick')
    await expect(startTestServer({}, { dataDir })).rejects.toThrow(/corrupt/)
    expect(await readFile(file, 'utf8')).toBe('{"format":"echo365-live/1","seq":3,"tick')
  })

  it('coalesces concurrent writes instead of one per request', async () => {
    const dataDir = await tempDir()
    const server = await startTestServer({}, { dataDir })
    try {
      const c = await cast(server.url)
      const before = server.ctx.store.stats().writes
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => c.reporter.post<TicketBody>('/api/reports', { content: `第${i}件：井盖丢了` })))
      expect(results.every((r) => r.status === 201)).toBe(true)
      const writes = server.ctx.store.stats().writes - before
      expect(writes).toBeLessThan(30)
      expect(writes).toBeGreaterThan(0)
      // every acknowledged report is in the file on disk
      const disk = JSON.parse(await readFile(path.join(dataDir, 'live.json'), 'utf8')) as { tickets: Record<string, unknown> }
      for (const r of results) expect(disk.tickets[r.body.ticket.id]).toBeDefined()
    } finally {
      await server.stop(false)
    }
  })

  it('archives finished cases out of the live file and still finds them', async () => {
    const dataDir = await tempDir()
    const clock = Date.parse('2026-10-02T02:00:00Z')
    const server = await startTestServer({}, { dataDir, now: () => clock })
    try {
      const c = await cast(server.url)
      const t = (await c.reporter.post<TicketBody>('/api/reports', { content: '测试数据' })).body.ticket
      await c.chief.post(`/api/tickets/${t.id}/invalidate`, { reason: '测试' })
      const store = server.ctx.store as LowdbStore
      // finished cases stay live through the reopen window, then move out
      expect(await store.archive(clock + 3_600_000)).toBe(0)
      expect(store.getLiveTicket(t.id)).toBeDefined()
      expect(await store.archive(clock + 2 * 86_400_000)).toBe(1)
      expect(store.getLiveTicket(t.id)).toBeUndefined()
      const found = (await c.chief.get<TicketBody>(`/api/tickets/${t.id}`)).body.ticket
      expect(found.status).toBe('invalid')
      const month = (await c.chief.get<{ items: { id: string }[] }>('/api/tickets?month=2026-10')).body.items
      expect(month.map((x) => x.id)).toContain(t.id)

      // a closed case archived after a day can still be reopened within 7 days: it comes back live
      const closed = (await c.reporter.post<TicketBody>('/api/reports', { content: '路灯不亮' })).body.ticket
      await c.chief.post(`/api/tickets/${closed.id}/dispatch`, { departmentId: 'urban-mgmt' })
      await c.dept.post(`/api/tickets/${closed.id}/accept`, {})
      await c.dept.post(`/api/tickets/${closed.id}/reply`, { content: '已修复' })
      await c.reporter.post(`/api/tickets/${closed.id}/close`, { contacted: true, solved: true, satisfaction: 'satisfied' })
      expect(await store.archive(clock + 2 * 86_400_000)).toBe(1)
      expect(store.getLiveTicket(closed.id)).toBeUndefined()
      // the service clock says 1 hour after closing: within the reopen window
      const re = await c.reporter.post<TicketBody>(`/api/tickets/${closed.id}/reopen`, { reason: '又不亮了' })
      expect(re.status).toBe(200)
      expect(re.body.ticket.status).toBe('dispatched')
      expect(store.getLiveTicket(closed.id)?.status).toBe('dispatched')
    } finally {
      await server.stop(false)
    }
  })
})
