import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WallBoot } from '../../shared/events.ts'
import { scriptSafeJson } from '../../server/http/wallPage.ts'
import { cast, connect, startTestServer, waitFor, type TestServer, type TicketBody } from '../helpers/server.ts'
import type { WallTicket } from '../../shared/domain/wallTicket.ts'

/** A built web app in miniature: the page and Vite's manifest, as `npm run build` leaves them. */
async function fakeWebDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'echo365-fakeweb-'))
  await mkdir(path.join(dir, '.vite'), { recursive: true })
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><div id="app"></div></body></html>')
  await writeFile(path.join(dir, '.vite', 'manifest.json'), JSON.stringify({
    'index.html': { file: 'assets/index-a.js', isEntry: true, dynamicImports: ['src/pages/WallPage.vue', 'src/pages/MobilePage.vue'] },
    'src/pages/WallPage.vue': { file: 'assets/WallPage-b.js', imports: ['_useEcharts-c.js', 'index.html'], dynamicImports: ['src/components/Lazy.vue'], css: ['assets/WallPage-d.css'] },
    '_useEcharts-c.js': { file: 'assets/useEcharts-c.js', imports: ['index.html'] },
    'src/components/Lazy.vue': { file: 'assets/Lazy-e.js' },
    'src/pages/MobilePage.vue': { file: 'assets/MobilePage-f.js' },
  }))
  return dir
}

const bootOf = (html: string): WallBoot | null => {
  const m = /<script id="echo365-boot" type="application\/json">([\s\S]*?)<\/script>/.exec(html)
  return m?.[1] ? (JSON.parse(m[1]) as WallBoot) : null
}

describe('the wall page', () => {
  let server: TestServer
  let webDir: string
  let c: Awaited<ReturnType<typeof cast>>

  beforeAll(async () => {
    webDir = await fakeWebDir()
    server = await startTestServer({}, { webDir })
    c = await cast(server.url)
  })
  afterAll(async () => {
    await server.stop()
    await rm(webDir, { recursive: true, force: true })
  })

  it('arrives in kiosk mode with its token, a masked snapshot of summaries and the map', async () => {
    const t = (await c.reporter.post<TicketBody>('/api/reports', { content: '路灯坏了一个月没人修，联系电话13812345678' })).body.ticket
    const res = await fetch(`${server.url}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    const boot = bootOf(html)
    expect(boot).not.toBeNull()
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { seq: number }
    expect(boot?.snapshot.seq).toBe(health.seq)
    // the token is a working display token
    const socket = connect<WallTicket>(server.url, boot?.token ?? '', boot?.snapshot.seq)
    try {
      await waitFor(() => socket.connected, 3000, 'socket with the inlined token')
    } finally {
      socket.disconnect()
    }
    const summary = boot?.snapshot.tickets.find((x) => x.id === t.id)
    expect(summary?.status).toBe('reported')
    expect(summary).not.toHaveProperty('content')
    expect(html).not.toContain('13812345678')
    expect(boot?.geo.outline.features.length).toBeGreaterThan(0)
    expect(boot?.geo.towns?.features).toHaveLength(15)
  })

  it('preloads the wall’s chunks on / only', async () => {
    const html = await (await fetch(`${server.url}/`)).text()
    for (const f of ['WallPage-b.js', 'useEcharts-c.js']) expect(html).toContain(`<link rel="modulepreload" crossorigin href="/assets/${f}">`)
    expect(html).toContain('<link rel="stylesheet" href="/assets/WallPage-d.css">')
    // what the wall may load later (on a click) is not fetched up front
    expect(html).not.toContain('Lazy-e.js')
    expect(html).not.toContain('MobilePage-f.js')
    expect(html).not.toContain('modulepreload" crossorigin href="/assets/index-a.js')
    const phone = await (await fetch(`${server.url}/m`)).text()
    expect(phone).not.toContain('modulepreload')
    expect(phone).not.toContain('echo365-boot')
  })

  it('keeps user text inside the data block, whatever it contains', async () => {
    const evil = '</script><script>alert(1)</script><!--'
    await c.reporter.post<TicketBody>('/api/reports', { title: evil, content: `${evil} 小区垃圾没人清运` })
    const html = await (await fetch(`${server.url}/`)).text()
    expect(html).not.toContain('<script>alert(1)')
    expect(html.match(/<\/script>/g)).toHaveLength(1)
    expect(bootOf(html)?.snapshot.tickets.some((x) => x.title === evil)).toBe(true)
    expect(scriptSafeJson({ a: '</script>' })).toBe('{"a":"\\u003c/script>"}')
  })

  it('brings no token when kiosk mode is off or the URL carries one', async () => {
    expect(bootOf(await (await fetch(`${server.url}/?token=abc`)).text())).toBeNull()
    const locked = await startTestServer({ WALL_KIOSK: 'off' }, { webDir })
    try {
      const html = await (await fetch(`${locked.url}/`)).text()
      expect(bootOf(html)).toBeNull()
      expect(html).toContain('modulepreload')
    } finally {
      await locked.stop()
    }
  })
})
