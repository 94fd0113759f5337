import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cast, startTestServer, type TestServer, type TicketBody } from '../helpers/server.ts'
import { loadConfig } from '../../server/config.ts'
import type { Alert } from '../../shared/events.ts'

let clock = Date.now()
let server: TestServer
let c: Awaited<ReturnType<typeof cast>>

beforeAll(async () => {
  server = await startTestServer({ SCAN_SECONDS: '3600' }, { now: () => clock })
  c = await cast(server.url)
})
afterAll(async () => server.stop())

// smallest valid files of each kind, recognised by their bytes
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c63f8cfc0f01f0005000201' + 'e5270ded0000000049454e44ae426082', 'hex')
const WAV = (() => {
  const b = Buffer.alloc(44)
  b.write('RIFF', 0); b.writeUInt32LE(36, 4); b.write('WAVE', 8); b.write('fmt ', 12); b.writeUInt32LE(16, 16)
  b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22); b.writeUInt32LE(8000, 24); b.writeUInt32LE(8000, 28); b.writeUInt16LE(1, 32)
  b.writeUInt16LE(8, 34); b.write('data', 36); b.writeUInt32LE(0, 40)
  return b
})()

async function upload(token: string, bytes: Buffer, name: string, type = 'application/octet-stream') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
  const res = await fetch(`${server.url}/api/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  return { status: res.status, body: (await res.json()) as { media?: { id: string; kind: string; mime: string; url: string }; error?: { code: string } } }
}

describe('operations', () => {
  it('healthz and Prometheus metrics', async () => {
    const h = await fetch(`${server.url}/healthz`)
    expect(h.status).toBe(200)
    expect(await h.json()).toMatchObject({ status: 'ok' })
    await c.reporter.post('/api/reports', { content: '路灯不亮' })
    const m = await (await fetch(`${server.url}/metrics`)).text()
    expect(m).toContain('echo365_http_requests_total')
    expect(m).toMatch(/echo365_ticket_events_total\{type="created"\} [1-9]/)
    expect(m).toContain('process_cpu_seconds_total')
  })

  it('public meta, geography and groups', async () => {
    const meta = (await c.anon.get<{ counts: Record<string, number>; taxonomy: { level1: string[] } }>('/api/meta')).body
    expect(meta.counts).toMatchObject({ towns: 15, communities: 194, grids: 1295, groups: 2413 })
    expect(meta.counts.members).toBeGreaterThan(390_000)
    expect(meta.taxonomy.level1).toEqual(expect.arrayContaining(['城乡建设', '环境保护', '交通运输', '教育文体', '劳动和社会保障', '商贸旅游', '卫生计生']))
    const geo = (await c.anon.get<{ outline: { features: unknown[] }; towns: { features: unknown[] } }>('/api/geo/bishan')).body
    expect(geo.outline.features).toHaveLength(1)
    expect(geo.towns.features).toHaveLength(15)
    const groups = (await c.chief.get<{ items: { townCode: string; type: string }[]; total: number; nextCursor: string }>('/api/groups?townCode=500120004&type=wechat&limit=5')).body
    expect(groups.items).toHaveLength(5)
    expect(groups.items.every((g) => g.townCode === '500120004' && g.type === 'wechat')).toBe(true)
    const page2 = (await c.chief.get<{ items: { id: string }[] }>(`/api/groups?townCode=500120004&type=wechat&limit=5&cursor=${groups.nextCursor}`)).body
    expect(page2.items[0]).toBeDefined()
    const grids = (await c.anon.get<{ items: { communityCode: string; name: string }[] }>('/api/grids?communityCode=500120001001')).body.items
    expect(grids.length).toBeGreaterThanOrEqual(2)
    expect(grids.every((g) => g.communityCode === '500120001001' && g.name.startsWith('璧城街道·大旺社区·'))).toBe(true)
    expect((await c.anon.get('/api/grids')).status).toBe(400)
    const me = (await c.reporter.get<{ user: { group?: { id: string; gridId: string; townCode: string } } }>('/api/auth/me')).body.user
    expect(me.group).toMatchObject({ id: 'grp-0001' })
    expect(me.group?.gridId).toMatch(/^G500120/)
  })

  it('media: sniffs the type from the bytes, attaches to a report, serves with a token', async () => {
    const png = await upload(c.tokens.reporter, PNG, 'photo.jpg', 'image/jpeg')
    expect(png.status).toBe(201)
    expect(png.body.media).toMatchObject({ kind: 'image', mime: 'image/png' })
    const wav = await upload(c.tokens.reporter, WAV, 'voice.wav')
    expect(wav.body.media?.kind).toBe('audio')
    const fake = await upload(c.tokens.reporter, Buffer.from('<script>alert(1)</script>'), 'x.png', 'image/png')
    expect(fake.status).toBe(415)
    expect((await upload(c.tokens.leadership, PNG, 'a.png')).status).toBe(403)
    const t = (await c.reporter.post<TicketBody>('/api/reports', { content: '井盖破了', mediaIds: [png.body.media?.id ?? ''] })).body.ticket
    expect(t.media[0]).toMatchObject({ kind: 'image', id: png.body.media?.id })
    expect((await c.reporter.post('/api/reports', { content: '井盖破了', mediaIds: ['nope-nope-nope'] })).status).toBe(400)
    const url = png.body.media?.url ?? ''
    expect((await fetch(`${server.url}${url}`)).status).toBe(401)
    const got = await fetch(`${server.url}${url}?token=${c.tokens.display}`)
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true)
  })

  it('media over the size limit is 413', async () => {
    const small = await startTestServer({ MEDIA_MAX_MB: '0.1' })
    try {
      const token = (await cast(small.url)).tokens.reporter
      const big = Buffer.concat([PNG, Buffer.alloc(200 * 1024)])
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(big)]), 'big.png')
      const res = await fetch(`${small.url}/api/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
      expect(res.status).toBe(413)
    } finally {
      await small.stop()
    }
  })

  it('flags overdue cases and raises an alert; supervise escalates', async () => {
    const alerts: Alert[] = []
    server.ctx.bus.on('alert', (a) => alerts.push(a))
    // a title typed by the reporter, with a phone number: the alert goes to the public wall too
    const t = (await c.reporter.post<TicketBody>('/api/reports', { title: '垃圾没人清运 13812345678', content: '小区门口垃圾没人清运' })).body.ticket
    await c.chief.post(`/api/tickets/${t.id}/dispatch`, { departmentId: 'urban-mgmt' })
    clock += 2 * 3600_000 + 1000
    const { overdue } = await server.ctx.tickets.scan()
    expect(overdue).toContain(t.id)
    const after = (await c.chief.get<TicketBody>(`/api/tickets/${t.id}`)).body.ticket
    expect(after.overdue).toBe(true)
    expect(after.timeline.at(-1)).toMatchObject({ action: 'overdue', note: '超过签收时限' })
    const alert = alerts.find((a) => a.kind === 'overdue' && a.ticketIds.includes(t.id))
    expect(alert?.message).toContain('138****5678')
    expect(alert?.message).not.toContain('13812345678')
    const overdueList = (await c.chief.get<{ items: { id: string }[] }>('/api/tickets?status=overdue')).body.items
    expect(overdueList.map((x) => x.id)).toContain(t.id)
    for (const level of [1, 2, 3, 3]) {
      const s = (await c.chief.post<TicketBody>(`/api/tickets/${t.id}/supervise`, { note: '督办' })).body.ticket
      expect(s.supervise).toBe(level)
    }
    expect(alerts.filter((a) => a.kind === 'supervise')).toHaveLength(4)
  })

  it('logout revokes the token', async () => {
    const token = (await c.anon.post<{ token: string }>('/api/auth/login', { username: 'grp-0003', password: 'echo365' })).body.token
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(200)
    await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
  })

  it('tokens expire', async () => {
    const short = await startTestServer({ TOKEN_TTL_HOURS: '0.01' })
    try {
      const token = (await cast(short.url)).tokens.chief
      const signer = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { exp: number }
      expect(signer.exp - Date.now()).toBeLessThanOrEqual(36_000)
    } finally {
      await short.stop()
    }
  })

  it('limits API requests per client and logins separately', async () => {
    const limited = await startTestServer({ RATE_LIMIT: '5', LOGIN_RATE_LIMIT: '3' })
    try {
      const codes: number[] = []
      for (let i = 0; i < 7; i++) codes.push((await fetch(`${limited.url}/api/meta`)).status)
      expect(codes.slice(0, 5).every((s) => s === 200)).toBe(true)
      expect(codes.at(-1)).toBe(429)
    } finally {
      await limited.stop()
    }
    const logins = await startTestServer({ LOGIN_RATE_LIMIT: '3' })
    try {
      const codes: number[] = []
      for (let i = 0; i < 5; i++) {
        codes.push((await fetch(`${logins.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'chief', password: 'guess' + i }) })).status)
      }
      expect(codes).toEqual([401, 401, 401, 429, 429])
    } finally {
      await logins.stop()
    }
  })

  it('validates configuration with a clear message', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/)
    expect(() => loadConfig({ DEMO: 'maybe' })).toThrow(/DEMO/)
    expect(() => loadConfig({ RATE_LIMIT: '-1' })).toThrow(/RATE_LIMIT/)
    const c1 = loadConfig({})
    expect(c1).toMatchObject({ PORT: 3000, demo: true, demoFeed: true })
    expect(loadConfig({ DEMO: 'off' }).demoFeed).toBe(false)
    expect(loadConfig({ DEMO_FEED: 'off' })).toMatchObject({ demo: true, demoFeed: false })
  })
})
