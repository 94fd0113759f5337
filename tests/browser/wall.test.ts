import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Ticket } from '../../shared/domain/types.ts'
import { buildWeb, hasChromium, launchChromium, NAME_SHIM, REPO_ROOT, SKIP_REASON, type BuiltWeb } from './harness.ts'
import { cast, startTestServer, type TestServer } from '../helpers/server.ts'

/** The wall (`/`) in real Chromium against the real server: live data, detail and dispatch, XSS, sizes. */

if (!hasChromium) console.warn(`[tests/browser/wall] ${SKIP_REASON}`)
const suite = hasChromium ? describe : describe.skip

const ARTIFACTS = path.join(REPO_ROOT, 'artifacts')
const EVIL = '<img src=x onerror=alert(1)>'

suite('the wall in Chromium', () => {
  let web: BuiltWeb
  let server: TestServer
  let browser: Browser
  let c: Awaited<ReturnType<typeof cast>>
  const contexts: BrowserContext[] = []
  const dialogs: string[] = []

  async function openWall(width = 1920, height = 1080): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width, height } })
    await ctx.addInitScript(NAME_SHIM)
    contexts.push(ctx)
    const page = await ctx.newPage()
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await page.goto(server.url + '/')
    await page.waitForFunction(() => window.__wallReady !== undefined && window.__wall?.connection() === 'connected', null, { timeout: 20_000 })
    return page
  }

  const report = async (content: string): Promise<Ticket> => {
    const r = await c.reporter.post<{ ticket: Ticket }>('/api/reports', { content })
    expect(r.status).toBe(201)
    return r.body.ticket
  }

  beforeAll(async () => {
    ;[web, browser] = await Promise.all([buildWeb(), launchChromium()])
    server = await startTestServer({}, { webDir: web.dir })
    c = await cast(server.url)
    // something on the wall before it opens
    await report('小区门口的垃圾桶满了三天没人清运')
    await report('路口红绿灯坏了，早晚高峰很堵')
    await mkdir(ARTIFACTS, { recursive: true })
  }, 120_000)

  // one or two walls at a time: each animates, and this machine renders in software
  afterEach(async () => {
    for (const ctx of contexts.splice(0)) await ctx.close().catch(() => undefined)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await web?.remove()
  })

  it('loads in kiosk mode and shows the snapshot', async () => {
    const page = await openWall()
    const stats = await c.chief.get<{ totals: { open: number } }>('/api/stats')
    await page.waitForFunction((open) => document.querySelector('[data-testid=kpi-open]')?.getAttribute('data-value') === String(open), stats.body.totals.open, { timeout: 5000 })
    expect(await page.locator('[data-ticket-id]').count()).toBeGreaterThanOrEqual(2)
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('已连接')
    expect(await page.locator('.demo-badge').textContent()).toBe('演示')
    expect(await page.getByTestId('map-schematic').textContent()).toBe('镇街范围为示意')
    // rates with no follow-up yet are "no data", not 0 %
    expect(await page.getByTestId('rate-response').textContent()).toContain('—')
    expect(await page.getByTestId('rate-response').getAttribute('title')).toContain('响应率 =')
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-1920x1080.png') })
  })

  it('shows a new report in the flow and on the map within a second', async () => {
    const page = await openWall()
    const t = await report('菜市场门口乱停车，堵得公交车过不去')
    const sent = Date.now()
    const row = page.locator(`[data-ticket-id="${t.id}"]`).first()
    await row.waitFor({ timeout: 1000 })
    await page.waitForFunction((id) => (document.querySelector('[data-testid=map-pulses]')?.getAttribute('data-pulse-ids') ?? '').split(' ').includes(id), t.id, { timeout: 1000 })
    expect(Date.now() - sent).toBeLessThan(1000)
    expect(await row.getAttribute('data-status')).toBe('reported')
    // the newest report is on top
    expect(await page.locator('[data-ticket-id]').first().getAttribute('data-ticket-id')).toBe(t.id)
  })

  it('lets the chief log in, dispatch from the detail panel, and every wall sees it', async () => {
    const t = await report('楼下烧烤店油烟太大，联系电话13812345678')
    const chiefWall = await openWall()
    const otherWall = await openWall()
    await chiefWall.locator(`[data-ticket-id="${t.id}"]`).first().waitFor({ timeout: 3000 })

    // the public detail is masked
    await otherWall.locator(`[data-ticket-id="${t.id}"]`).first().click()
    await expect.poll(() => otherWall.getByTestId('detail-content').textContent()).toContain('138****5678')
    await otherWall.keyboard.press('Escape')
    await otherWall.getByTestId('ticket-detail').waitFor({ state: 'detached', timeout: 2000 })

    await chiefWall.getByTestId('login-open').click()
    await chiefWall.locator('[data-testid=login-dialog] input[name=username]').fill('chief')
    await chiefWall.locator('[data-testid=login-dialog] input[name=password]').fill('echo365')
    await chiefWall.getByTestId('login-submit').click()
    await chiefWall.getByTestId('login-dialog').waitFor({ state: 'detached', timeout: 5000 })

    await chiefWall.locator(`[data-ticket-id="${t.id}"]`).first().click()
    const detail = chiefWall.getByTestId('ticket-detail')
    await detail.waitFor()
    await expect.poll(() => chiefWall.getByTestId('detail-content').textContent()).toContain('13812345678')
    await chiefWall.locator('[data-action=dispatch]').click()
    const select = chiefWall.getByTestId('dispatch-department')
    expect(await select.inputValue()).toBe(t.suggestion.departmentId)
    await select.selectOption('urban-mgmt')
    await chiefWall.getByTestId('action-submit').click()
    const sent = Date.now()
    await chiefWall.getByTestId('detail-notice').waitFor({ timeout: 5000 })
    expect(await chiefWall.getByTestId('detail-notice').textContent()).toContain('城管局')
    await otherWall.locator(`[data-ticket-id="${t.id}"][data-status="dispatched"]`).first().waitFor({ timeout: 1500 })
    expect(Date.now() - sent).toBeLessThan(1500)
    expect(await detail.getAttribute('data-status')).toBe('dispatched')

    // a second dispatch is no longer offered; supervise is
    expect(await chiefWall.locator('[data-action=dispatch]').count()).toBe(0)
    expect(await chiefWall.locator('[data-action=supervise]').count()).toBe(1)
    // errors from the API are shown: supervise with a blank note is refused by the form, an unknown merge target by the server
    await chiefWall.locator('[data-action=merge]').click()
    await chiefWall.locator('[data-testid=action-form] input[name=intoId]').fill('BS00000000-0000')
    await chiefWall.getByTestId('action-submit').click()
    await chiefWall.getByTestId('action-error').waitFor({ timeout: 5000 })
    expect((await chiefWall.getByTestId('action-error').textContent())?.length).toBeGreaterThan(0)

    await chiefWall.keyboard.press('Escape')
    await detail.waitFor({ state: 'detached', timeout: 2000 })
  })

  it('renders a report that looks like HTML as plain text everywhere', async () => {
    const page = await openWall()
    const t = await report(EVIL)
    const row = page.locator(`[data-ticket-id="${t.id}"]`).first()
    await row.waitFor({ timeout: 3000 })
    expect(await row.textContent()).toContain(t.title)
    await row.click()
    await expect.poll(() => page.getByTestId('detail-content').textContent()).toBe(EVIL)
    expect(await page.getByTestId('detail-title').textContent()).toBe(t.title)
    // hover the map so tooltips get a chance to render too
    await page.getByTestId('chart-map').hover({ force: true }).catch(() => undefined)
    await page.waitForTimeout(300)
    expect(await page.locator('img').count()).toBe(0)
    expect(dialogs).toEqual([])
    await page.keyboard.press('Escape')
  })

  it('takes /?token= when kiosk mode is off, and says so without one', async () => {
    const locked = await startTestServer({ WALL_KIOSK: 'off' }, { webDir: web.dir })
    try {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } })
      await ctx.addInitScript(NAME_SHIM)
      contexts.push(ctx)
      const page = await ctx.newPage()
      await page.goto(locked.url + '/')
      await page.getByTestId('wall-no-token').waitFor({ timeout: 10_000 })
      expect(await page.getByTestId('wall-no-token').textContent()).toContain('?token=')
      const token = (await cast(locked.url)).tokens.display
      await page.goto(`${locked.url}/?token=${encodeURIComponent(token)}`)
      await page.waitForFunction(() => window.__wallReady !== undefined && window.__wall?.connection() === 'connected', null, { timeout: 20_000 })
      expect(await page.getByTestId('wall-no-token').count()).toBe(0)
    } finally {
      await locked.stop()
    }
  })

  for (const [width, height] of [[1366, 768], [3840, 2160]] as const) {
    it(`fits ${width}×${height} with no scrollbar and no panel cut off`, async () => {
      const page = await openWall(width, height)
      const m = await page.evaluate(() => {
        const d = document.documentElement
        const boxes = [...document.querySelectorAll('.panel')].map((p) => p.getBoundingClientRect())
        return {
          scrollW: d.scrollWidth, clientW: d.clientWidth, scrollH: d.scrollHeight, clientH: d.clientHeight,
          panels: boxes.length,
          outside: boxes.filter((b) => b.left < 0 || b.top < 0 || b.right > window.innerWidth + 0.5 || b.bottom > window.innerHeight + 0.5).length,
          canvases: [...document.querySelectorAll('canvas')].map((cv) => ({ w: cv.width, css: cv.getBoundingClientRect().width })),
        }
      })
      expect(m.scrollW).toBeLessThanOrEqual(m.clientW)
      expect(m.scrollH).toBeLessThanOrEqual(m.clientH)
      expect(m.panels).toBe(8)
      expect(m.outside).toBe(0)
      // canvases are drawn at their real size (crisp), not scaled by CSS
      for (const cv of m.canvases) expect(Math.abs(cv.w - cv.css * (await page.evaluate(() => devicePixelRatio)))).toBeLessThanOrEqual(1)
      await page.screenshot({ path: path.join(ARTIFACTS, `wall-${width}x${height}.png`) })
    })
  }
})
