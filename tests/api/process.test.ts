import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cast, startTestServer, waitFor, type TicketBody } from '../helpers/server.ts'
import type { RangeStats } from '../../shared/stats.ts'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

function startProcess(env: Record<string, string>): { child: ChildProcess; port: Promise<number> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const port = new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /localhost:(\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)))
  })
  return { child, port }
}

describe('the server process', () => {
  it('on SIGTERM finishes in-flight writes: every acknowledged report is on disk', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'echo365-sigterm-'))
    dirs.push(dataDir)
    const port = 20000 + Math.floor(Math.random() * 20000)
    const { child, port: ready } = startProcess({ DATA_DIR: dataDir, PORT: String(port), DEMO_FEED: 'off', RATE_LIMIT: 'off' })
    const base = `http://127.0.0.1:${await ready}`
    const c = await cast(base)
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const acked: string[] = []
    const requests = Array.from({ length: 60 }, (_, i) =>
      c.reporter.post<TicketBody>('/api/reports', { content: `第${i}件：路灯不亮` })
        .then((r) => { if (r.status === 201) acked.push(r.body.ticket.id) })
        .catch(() => undefined))
    await waitFor(() => acked.length > 0, 20_000, 'first ack')
    child.kill('SIGTERM')
    await Promise.all(requests)
    expect(await exited).toBe(0)
    const disk = JSON.parse(await readFile(path.join(dataDir, 'live.json'), 'utf8')) as { tickets: Record<string, unknown> }
    expect(acked.length).toBeGreaterThan(0)
    for (const id of acked) expect(disk.tickets[id], id).toBeDefined()
  }, 90_000)

  it('exits with a clear message on a bad setting', async () => {
    const { child, port } = startProcess({ PORT: 'not-a-port' })
    port.catch(() => undefined)
    let err = ''
    child.stderr?.on('data', (d: Buffer) => { err += d.toString() })
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(2)
    expect(err).toContain('PORT')
  })
})

describe('the demo feed', () => {
  it('plays history on a fresh store and keeps the counters moving', async () => {
    const server = await startTestServer({ DEMO_FEED: 'on', DEMO_RATE: '600' })
    try {
      const c = await cast(server.url)
      const first = (await c.leadership.get<RangeStats>('/api/stats')).body
      expect(first.totals.reported).toBeGreaterThan(50)
      expect(first.totals.closed).toBeGreaterThan(0)
      expect(first.rates.satisfaction).not.toBeNull()
      await new Promise((r) => setTimeout(r, 2500))
      const second = (await c.leadership.get<RangeStats>('/api/stats')).body
      expect(second.totals.reported).toBeGreaterThan(first.totals.reported)
      // some cases wait for the human chief
      const waiting = (await c.chief.get<{ total: number }>('/api/tickets?status=reported')).body
      expect(waiting.total).toBeGreaterThan(0)
    } finally {
      await server.stop()
    }
  })
})

describe('the admin command', () => {
  it('creates a real account that can log in with DEMO=off, stored only as a salted hash', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'echo365-admin-'))
    dirs.push(dataDir)
    const run = (args: string[]) => new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
        env: { ...process.env, DATA_DIR: dataDir, ECHO365_PASSWORD: 'correct horse battery' }, stdio: 'ignore',
      })
      child.on('exit', resolve)
    })
    expect(await run(['user:add', '--username', 'wang', '--role', 'chief', '--name', '王主任'])).toBe(0)
    expect(await run(['user:add', '--username', 'bad', '--role', 'dept', '--department', 'nope'])).toBe(2)
    const file = await readFile(path.join(dataDir, 'live.json'), 'utf8')
    expect(file).not.toContain('correct horse battery')
    expect(file).toMatch(/scrypt\$16384\$/)
    const server = await startTestServer({ DEMO: 'off' }, { dataDir })
    try {
      const login = (u: string, p: string) => fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: p }) })
      expect((await login('wang', 'correct horse battery')).status).toBe(200)
      expect((await login('chief', 'echo365')).status).toBe(401)
      expect((await fetch(`${server.url}/api/wall/token`)).status).toBe(503)
    } finally {
      await server.stop(false)
    }
  })
})
