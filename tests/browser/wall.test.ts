import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { Ticket } from '../../shared/domain/types.ts'
import { buildWeb, hasChromium, launchChromium, pageOpener, REPO_ROOT, signInWall, SKIP_REASON, type BuiltWeb } from './harness.ts'
import { cast, client, login, startTestServer, type TestServer } from '../helpers/server.ts'

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
  const pages = pageOpener(() => browser, () => server.url)
  const { dialogs } = pages

  /** Waits until the wall has drawn and its socket is live. */
  async function wallLive(page: Page): Promise<void> {
    await page.waitForFunction(() => window.__wallReady !== undefined && window.__wall?.connection() === 'connected', null, { timeout: 20_000 })
  }

  async function openWall(width = 1920, height = 1080, prepare?: (page: Page) => Promise<void>, base?: string): Promise<Page> {
    const page = await pages.open('/', { viewport: { width, height } }, undefined, { prepare, base })
    await wallLive(page)
    return page
  }

  /**
   * Records, in the page, when each row, row status and map pulse first appears (page clock = this
   * machine's clock). Latencies are then measured where they happen, not through Playwright's
   * polling, which a busy CI machine slows down by itself.
   */
  async function watchDom(page: Page): Promise<void> {
    await page.evaluate(() => {
      const seen: Record<string, number> = {}
      ;(window as unknown as { __seen: Record<string, number> }).__seen = seen
      const scan = () => {
        const now = Date.now()
        for (const el of document.querySelectorAll('[data-ticket-id]')) {
          const id = el.getAttribute('data-ticket-id') ?? ''
          for (const key of [`row:${id}`, `status:${id}:${el.getAttribute('data-status') ?? ''}`]) if (!(key in seen)) seen[key] = now
        }
        const pulses = document.querySelector('[data-testid=map-pulses]')?.getAttribute('data-pulse-ids') ?? ''
        for (const id of pulses.split(' ')) if (id && !(`pulse:${id}` in seen)) seen[`pulse:${id}`] = now
      }
      scan()
      new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-pulse-ids'] })
    })
  }

  /** When the page first showed `key` (ms since epoch), waiting up to 10 s for it. */
  async function seenAt(page: Page, key: string): Promise<number> {
    const handle = await page.waitForFunction((k) => (window as unknown as { __seen: Record<string, number> }).__seen[k], key, { timeout: 10_000 })
    return (await handle.jsonValue()) as number
  }

  const report = async (content: string): Promise<Ticket> => {
    const r = await c.reporter.post<{ ticket: Ticket }>('/api/reports', { content })
    expect(r.status).toBe(201)
    return r.body.ticket
  }

  beforeAll(async () => {
    ;[web, browser] = await Promise.all([buildWeb(), launchChromium()])
    // the demo history (about 30 h of cases), so the wall and its screenshots look like the real thing;
    // the live feed is stopped at once so nothing moves under the test's feet
    server = await startTestServer({ DEMO_FEED: 'on', DEMO_RATE: '0.1' }, { webDir: web.dir })
    server.feed?.stop()
    c = await cast(server.url)
    await report('小区门口的垃圾桶满了三天没人清运')
    await mkdir(ARTIFACTS, { recursive: true })
  }, 120_000)

  // one or two walls at a time: each animates, and this machine renders in software
  afterEach(async () => {
    await pages.closeAll()
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
    // a rate is a percentage, or "—" when there is no follow-up yet (never a made-up 0 %)
    expect(await page.getByTestId('rate-response').textContent()).toMatch(/\d+\.\d%|—/)
    expect(await page.getByTestId('rate-response').getAttribute('title')).toContain('响应率 =')
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-1920x1080.png') })
  })

  it('starts from the snapshot inlined in its page and resumes from its seq', async () => {
    // a page made before a report was filed: the socket must bring the report, once
    const html = await (await fetch(`${server.url}/`)).text()
    expect(html).toContain('id="echo365-boot"')
    const t = await report('人行道上的行道树歪了，刮风担心倒下来砸人')
    const requests: string[] = []
    const page = await openWall(1920, 1080, async (p) => {
      p.on('request', (r) => requests.push(new URL(r.url()).pathname))
      await p.route(`${server.url}/`, (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }))
    })
    await page.locator(`[data-ticket-id="${t.id}"]`).first().waitFor({ timeout: 5000 })
    expect(await page.locator(`.p-flow [data-ticket-id="${t.id}"]`).count()).toBe(1)
    // no round trip for a token, the map or a second snapshot
    expect(requests).not.toContain('/api/wall/token')
    expect(requests).not.toContain('/api/geo/bishan')
    expect(await page.evaluate(() => performance.getEntriesByName('wall-snapshot').length)).toBe(1)
  })

  it('filters the flow by a town clicked on the map, and opens a case from its pulse', async () => {
    const page = await openWall()
    // real pointer events, at a point where the element itself is on top (a pulse may sit on a town)
    const spot = (selector: string) => page.evaluate((sel) => {
      for (const el of document.querySelectorAll(sel)) {
        const r = el.getBoundingClientRect()
        for (let i = 1; i < 16; i++) {
          for (let j = 1; j < 16; j++) {
            const x = r.left + (r.width * i) / 16
            const y = r.top + (r.height * j) / 16
            const hit = document.elementFromPoint(x, y)
            if (hit && (hit === el || el.contains(hit))) return { x, y, id: el.getAttribute('data-pulse-id') }
          }
        }
      }
      return null
    }, selector)
    const town = await spot('[data-town-code="500120001"]')
    expect(town).not.toBeNull()
    await page.mouse.move(town?.x ?? 0, town?.y ?? 0)
    await expect.poll(() => page.getByTestId('map-tip').textContent()).toContain('璧城街道')
    await page.mouse.click(town?.x ?? 0, town?.y ?? 0)
    await expect.poll(() => page.getByTestId('town-filter').textContent()).toContain('璧城街道')
    const places = await page.locator('.p-flow [data-ticket-id] .place').allTextContents()
    expect(places.length).toBeGreaterThan(0)
    for (const p of places) expect(p).toContain('璧城')
    await page.getByTestId('town-filter').getByRole('button').click()
    await page.getByTestId('town-filter').waitFor({ state: 'detached' })
    const pulse = await spot('[data-pulse-id]')
    expect(pulse?.id).toBeTruthy()
    await page.mouse.click(pulse?.x ?? 0, pulse?.y ?? 0)
    await expect.poll(() => page.getByTestId('ticket-detail').getAttribute('data-ticket-id')).toBe(pulse?.id)
    await page.keyboard.press('Escape')
  })

  it('shows a new report in the flow and on the map within a second', async () => {
    const page = await openWall()
    await watchDom(page)
    const posted = Date.now()
    const t = await report('菜市场门口乱停车，堵得公交车过不去')
    // from the moment the report was sent to the moment the wall showed it
    expect((await seenAt(page, `row:${t.id}`)) - posted).toBeLessThan(1000)
    expect((await seenAt(page, `pulse:${t.id}`)) - posted).toBeLessThan(1000)
    const row = page.locator(`[data-ticket-id="${t.id}"]`).first()
    expect(await row.getAttribute('data-status')).toBe('reported')
    // the newest report is on top
    expect(await page.locator('[data-ticket-id]').first().getAttribute('data-ticket-id')).toBe(t.id)
  })

  it('lets the chief log in, dispatch from the detail panel, and every wall sees it', async () => {
    const t = await report('楼下烧烤店油烟太大，联系电话13812345678')
    const chiefWall = await openWall()
    const otherWall = await openWall()
    await chiefWall.locator(`[data-ticket-id="${t.id}"]`).first().waitFor({ timeout: 3000 })
    await watchDom(otherWall)

    // the public detail is masked
    await otherWall.locator(`[data-ticket-id="${t.id}"]`).first().click()
    await expect.poll(() => otherWall.getByTestId('detail-content').textContent()).toContain('138****5678')
    await otherWall.keyboard.press('Escape')
    await otherWall.getByTestId('ticket-detail').waitFor({ state: 'detached', timeout: 2000 })

    await signInWall(chiefWall)

    await chiefWall.locator(`[data-ticket-id="${t.id}"]`).first().click()
    const detail = chiefWall.getByTestId('ticket-detail')
    await detail.waitFor()
    await expect.poll(() => chiefWall.getByTestId('detail-content').textContent()).toContain('13812345678')
    await chiefWall.locator('[data-action=dispatch]').click()
    const select = chiefWall.getByTestId('dispatch-department')
    expect(await select.inputValue()).toBe(t.suggestion.departmentId)
    await select.selectOption('urban-mgmt')
    const clicked = Date.now()
    await chiefWall.getByTestId('action-submit').click()
    await chiefWall.getByTestId('detail-notice').waitFor({ timeout: 5000 })
    expect(await chiefWall.getByTestId('detail-notice').textContent()).toContain('城管局')
    // the other wall shows the new status within a second of the chief's click
    expect((await seenAt(otherWall, `status:${t.id}:dispatched`)) - clicked).toBeLessThan(1000)
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

  it('marks automatic dispatch, flags a duplicate from another group and merges it with one click, lists the cases behind a hotspot', async () => {
    // a server of its own without history: no overdue alert can take the map's alert line meanwhile
    const quiet = await startTestServer({ SCAN_SECONDS: '3600', AUTO_DISPATCH: 'on' }, { webDir: web.dir })
    try {
      const page = await openWall(1920, 1080, undefined, quiet.url)
      await signInWall(page)

      const [g1, g2] = quiet.ctx.directory.groups.filter((g) => g.communityCode === '500120001001')
      const file = async (group: string, content: string, townCode?: string): Promise<Ticket> => {
        const r = await client(quiet.url, await login(quiet.url, group)).post<{ ticket: Ticket }>('/api/reports', { content, ...(townCode ? { townCode } : {}) })
        expect(r.status).toBe(201)
        return r.body.ticket
      }
      const first = await file(g1?.id ?? '', '小区北门口的垃圾桶满了三天没人清运，垃圾堆到路边，臭气熏天')
      const second = await file(g2?.id ?? '', '北门口垃圾桶满了好几天没人清运了，垃圾都堆到路边了')
      expect(second.duplicateOf?.id).toBe(first.id)
      // a confident suggestion went out without the chief (a suspected duplicate never does), and the wall says so
      expect(first.autoDispatched).toBe(true)
      expect(second.autoDispatched).toBeUndefined()
      await expect.poll(() => page.locator(`.p-flow [data-ticket-id="${first.id}"]`).textContent(), { timeout: 5000 }).toContain('自动派单')

      const row = page.locator(`.p-flow [data-ticket-id="${second.id}"]`)
      await expect.poll(() => row.textContent(), { timeout: 5000 }).toContain('疑似重复')
      expect(await page.locator(`.p-flow [data-ticket-id="${first.id}"]`).textContent()).not.toContain('疑似重复')
      await row.click()
      const detail = page.getByTestId('ticket-detail')
      await expect.poll(() => page.getByTestId('detail-duplicate').textContent()).toContain(first.id)
      await page.locator('[data-action=merge-duplicate]').click()
      await expect.poll(() => page.getByTestId('detail-notice').textContent()).toContain(`已并入 ${first.id}`)
      await expect.poll(() => row.getAttribute('data-status')).toBe('merged')
      expect(await row.textContent()).not.toContain('疑似重复')
      // the merged case links to the main one, which lists it
      await detail.getByRole('button', { name: first.id }).click()
      await expect.poll(() => detail.getAttribute('data-ticket-id')).toBe(first.id)
      await expect.poll(() => detail.getByRole('button', { name: second.id }).count()).toBe(1)
      expect(await detail.textContent()).toContain('系统自动派单')
      await page.keyboard.press('Escape')
      await detail.waitFor({ state: 'detached', timeout: 2000 })

      // an unusual rise of one kind in one town: the alert names it, a click lists its cases
      const lifts: string[] = []
      for (let i = 0; i < 4; i++) lifts.push((await file(g1?.id ?? '', `大路街道第${i + 1}处，小区电梯又困人了，维保不到位`, '500120006')).id)
      const alert = page.getByTestId('map-alert')
      await expect.poll(() => alert.textContent(), { timeout: 5000 }).toContain('电梯故障')
      expect(await alert.textContent()).toContain('查看')
      await alert.click()
      await expect.poll(() => page.getByTestId('town-filter').textContent()).toContain('电梯故障')
      await expect.poll(() => page.locator('.p-flow [data-ticket-id]').count()).toBeGreaterThanOrEqual(3)
      const shown = await page.locator('.p-flow [data-ticket-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket-id') ?? ''))
      for (const id of shown) expect(lifts).toContain(id)
      expect(shown).not.toContain(first.id)
      await page.getByTestId('town-filter').getByRole('button').click()
      await page.getByTestId('town-filter').waitFor({ state: 'detached' })
      await expect.poll(() => page.locator(`.p-flow [data-ticket-id="${first.id}"]`).count()).toBe(1)
      await page.screenshot({ path: path.join(ARTIFACTS, 'wall-duplicate-hotspot.png') })
    } finally {
      await quiet.stop()
    }
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
      const page = await pages.open('/', { viewport: { width: 1280, height: 720 } }, undefined, { base: locked.url })
      await page.getByTestId('wall-no-token').waitFor({ timeout: 10_000 })
      expect(await page.getByTestId('wall-no-token').textContent()).toContain('?token=')
      const token = (await cast(locked.url)).tokens.display
      await page.goto(`${locked.url}/?token=${encodeURIComponent(token)}`)
      await wallLive(page)
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
