import { mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { Ticket } from '../../shared/domain/types.ts'
import type { RangeStats } from '../../shared/stats.ts'
import { formatCount, formatRate } from '../../web/src/lib/format.ts'
import { buildWeb, hasChromium, launchChromium, pageOpener, signInPage, REPO_ROOT, SKIP_REASON, type BuiltWeb } from './harness.ts'
import { cast, client, login, startTestServer, type TestServer } from '../helpers/server.ts'

/**
 * Each role page at its natural size: no horizontal scrollbar, user text rendered as text, the
 * statistics page showing exactly GET /api/stats, exports that download. Screenshots go to
 * artifacts/page-*.png for a human look.
 */

const XSS = '<img src=x onerror=alert(1)>'
// a real 1×1 PNG (the server sniffs the bytes)
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const ARTIFACTS = path.join(REPO_ROOT, 'artifacts')
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
const DESKTOP = { viewport: { width: 1440, height: 900 } }

const suite = hasChromium ? describe : describe.skip
if (!hasChromium) console.warn(SKIP_REASON)

suite('role pages', () => {
  let web: BuiltWeb
  let server: TestServer
  let browser: Browser
  const pages = pageOpener(() => browser, () => server.url)
  const { open, dialogs } = pages
  let xssId = ''

  beforeAll(async () => {
    ;[web, browser] = await Promise.all([buildWeb(), launchChromium(), mkdir(ARTIFACTS, { recursive: true })])
    // many accounts sign in within a minute here; the login limiter is tested elsewhere
    server = await startTestServer({ LOGIN_RATE_LIMIT: '1000' }, { webDir: web.dir })
    await seed()
  }, 90_000)

  afterAll(async () => {
    await pages.closeAll()
    await browser?.close()
    await server?.stop()
    await web?.remove()
  })

  /** A week's worth of work in every state, through the API (the loop test covers the UIs). */
  async function seed() {
    const c = await cast(server.url)
    const report = async (content: string, extra: Record<string, unknown> = {}) =>
      (await c.reporter.post<{ ticket: Ticket }>('/api/reports', { content, ...extra })).body.ticket
    const act = (who: typeof c.chief, id: string, action: string, body: Record<string, unknown> = {}) =>
      who.post<{ ticket: Ticket }>(`/api/tickets/${id}/${action}`, body)

    const xss = await report(`${XSS} 楼道灯坏了一个月，晚上老人上下楼很危险`, { title: `${XSS}楼道灯` })
    xssId = xss.id
    await act(c.chief, xss.id, 'dispatch', { departmentId: 'urban-mgmt' })

    const cases = [
      '小区门口垃圾堆放三天无人清运，气味很大',
      '人行道上的行道树树枝太长挡住路灯，需要修剪',
      '菜市场旁边占道经营严重，早上车辆无法通行',
      '小区广场舞音响声音太大，晚上十点后还在跳',
      '背街小巷路灯不亮，晚上出行不安全',
    ]
    const ids: string[] = []
    for (const text of cases) {
      const t = await report(text)
      await act(c.chief, t.id, 'dispatch', { departmentId: 'urban-mgmt' })
      ids.push(t.id)
    }
    const [a, b, r, d, e] = ids as [string, string, string, string, string]
    for (const id of [a, b, r, d]) await act(c.dept, id, 'accept')
    for (const id of [a, b, r]) await act(c.dept, id, 'reply', { content: `已处理：${XSS} 已派人到现场` })
    await act(c.reporter, a, 'close', { contacted: true, solved: true, satisfaction: 'satisfied' })
    await act(c.reporter, b, 'close', { contacted: true, solved: false, satisfaction: 'basic' })
    await act(c.dept, e, 'return', { reason: '不属于本部门职责' })
    await act(c.chief, d, 'supervise', { note: '请今日内答复' })
    const other = await report('小区电梯经常故障，老人被困过一次')
    await act(c.chief, other.id, 'invalidate', { reason: '测试信息' })
    await c.chief.post('/api/broadcasts', { title: `${XSS}关于做好寒潮天气防范的通知`, content: `请各群转发：${XSS} 本周气温骤降`, url: 'https://example.org/a' })
    // a scoped broadcast some groups have already forwarded (reach on /push)
    const scoped = await c.chief.post<{ broadcast: { id: string } }>('/api/broadcasts', {
      title: '来凤街道停水通知', content: '明日 9:00–17:00 来凤街道部分区域停水，请提前储水。', scope: { townCodes: ['500120004'], groupTypes: ['wechat'] },
    })
    const groups = await c.chief.get<{ items: { id: string }[] }>('/api/groups?townCode=500120004&type=wechat&limit=12')
    await Promise.all(groups.body.items.map(async (g) => client(server.url, await login(server.url, g.id)).post(`/api/broadcasts/${scoped.body.broadcast.id}/ack`)))
  }


  const signIn = (page: Page, username: string) => signInPage(page, username, true)

  const noHorizontalScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth && document.body.scrollWidth <= document.documentElement.clientWidth)

  /** The user text is on screen as text, and nothing it carries became an element or ran. */
  async function expectInert(page: Page, selector: string) {
    await expect(page.textContent(selector)).resolves.toContain(XSS)
    expect(await page.locator('img[src="x"]').count()).toBe(0)
    expect(dialogs).toEqual([])
  }

  /** Waits until every <img> on the page has loaded (thumbnails in screenshots). */
  const imagesLoaded = (page: Page) => page.waitForFunction(() => [...document.images].every((i) => i.complete))

  /** A screenshot without a stray hover state where the last click was. */
  async function shot(page: Page, name: string, fullPage = false) {
    await page.mouse.move(1, 1)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await imagesLoaded(page)
    await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage })
  }

  it('/m on a phone: no horizontal scroll on any tab, user text stays text', async () => {
    const page = await open('/m', PHONE)
    expect(await noHorizontalScroll(page)).toBe(true)
    await signIn(page, 'grp-0001')
    expect(await noHorizontalScroll(page)).toBe(true)
    // a draft in progress: text, a photo uploaded, a point dropped on the map
    await page.fill('[data-testid=report-content]', '锦绣花园3栋楼下的井盖松动，晚上有人踩空差点摔倒，请尽快处理。')
    // the first upload fails on the network: 重试 brings it through
    await page.route('**/api/media', (route) => route.abort('failed'), { times: 1 })
    await page.setInputFiles('[data-testid=pick-photo]', { name: 'scene.png', mimeType: 'image/png', buffer: PNG })
    await page.waitForSelector('[data-upload-state=error]')
    await expect(page.getAttribute('[data-testid=report-submit]', 'disabled')).resolves.toBeNull()
    await page.click('[data-testid=upload-retry]')
    await page.waitForSelector('[data-upload-state=done]')
    await page.click('[data-testid=map-toggle]')
    const map = page.locator('[data-testid=map-picker]')
    await map.locator('canvas').waitFor()
    await page.waitForFunction(() => !document.querySelector('.map-pick .overlay'))
    await map.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    const box = await map.boundingBox()
    expect(box).not.toBeNull()
    if (box) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await page.waitForSelector('.place .point')
    await expect(page.locator('[data-testid=place-town]').inputValue()).resolves.not.toBe('')
    expect(await noHorizontalScroll(page)).toBe(true)
    await shot(page, 'page-m.png')

    await page.click('[data-tab=cases]')
    const card = `article[data-ticket-id="${xssId}"]`
    await page.click(`${card} .head`)
    await expectInert(page, `${card} [data-testid=case-content]`)
    await expect(page.textContent(`${card} [data-testid=case-title]`)).resolves.toContain(XSS)
    expect(await noHorizontalScroll(page)).toBe(true)
    // a replied case: the reply and the three follow-up questions
    const replied = page.locator('article[data-status=replied]').first()
    await page.click(`${card} .head`)
    await replied.locator('.head').click()
    await replied.locator('[data-testid=followup-form]').waitFor()
    await expect(replied.locator('[data-testid=case-reply]').textContent()).resolves.toContain(XSS)
    expect(await noHorizontalScroll(page)).toBe(true)
    await replied.evaluate((el) => window.scrollTo({ top: el.getBoundingClientRect().top + window.scrollY - 64 }))
    await shot(page, 'page-m-cases.png')

    await page.click('[data-tab=notices]')
    await page.waitForSelector('[data-broadcast-id]')
    await expectInert(page, '[data-broadcast-id]')
    expect(await noHorizontalScroll(page)).toBe(true)
  })

  it('/dept at 1440×900: no horizontal scroll, the queue in sections, user text stays text', async () => {
    const page = await open('/dept', DESKTOP)
    await signIn(page, 'urban-mgmt')
    await page.waitForSelector('.queue [data-ticket-id]')
    expect(await noHorizontalScroll(page)).toBe(true)
    const order = await page.$$eval('.queue [data-section]', (els) => els.map((e) => e.getAttribute('data-section')))
    expect(order).toEqual(['overdue', 'sign', 'handle', 'done'])
    // rates over the department's two follow-ups: both contacted, one solved
    await expect(page.getAttribute('[data-testid=dept-rate-response]', 'data-value')).resolves.toBe('1')
    await expect(page.getAttribute('[data-testid=dept-rate-resolution]', 'data-value')).resolves.toBe('0.5')
    await page.click(`.queue [data-ticket-id="${xssId}"]`)
    await page.waitForSelector(`[data-testid=dept-detail][data-ticket-id="${xssId}"]`)
    await expectInert(page, '[data-testid=dept-detail-content]')
    await expect(page.textContent('[data-testid=dept-detail-title]')).resolves.toContain(XSS)
    expect(await noHorizontalScroll(page)).toBe(true)
    await shot(page, 'page-dept.png')
  })

  it('/stats at 1440×900: 近7天 equals GET /api/stats, exports download', async () => {
    const page = await open('/stats', DESKTOP)
    await signIn(page, 'leadership')
    await page.waitForSelector('[data-stat="totals.reported"]')
    await page.click('[data-preset="7d"]')
    const range = page.locator('[data-testid=stats-range]')
    const from = await range.getAttribute('data-from')
    const to = await range.getAttribute('data-to')
    const c = await cast(server.url)
    const api = (await c.leadership.get<RangeStats>(`/api/stats?from=${from}&to=${to}`)).body
    expect(api.totals.reported).toBeGreaterThan(0)

    // headline figures: raw values and what is shown
    const shown = await page.$$eval('[data-stat]', (els) => els.map((e) => [e.getAttribute('data-stat'), e.getAttribute('data-value'), e.textContent ?? ''] as const))
    expect(shown.length).toBeGreaterThanOrEqual(22)
    for (const [key, value, text] of shown) {
      const [group, field] = (key ?? '').split('.') as [keyof RangeStats, string]
      const expected = (api[group] as unknown as Record<string, number | null>)[field]
      expect(value, key ?? '').toBe(expected === null || expected === undefined ? '' : String(expected))
      const isRate = group === 'rates' || field === 'signedOnTime' || field === 'finishedOnTime'
      expect(text.replace(/\s+/g, ''), key ?? '').toContain(isRate ? formatRate(expected) : formatCount(expected))
    }
    // every breakdown row is the API's count for that key
    for (const name of ['byLevel1', 'byLevel2', 'byTown', 'byDepartment', 'bySource'] as const) {
      const rows = await page.$$eval(`[data-breakdown=${name}] [data-key]`, (els) => els.map((e) => [e.getAttribute('data-key') ?? '', Number(e.getAttribute('data-value'))] as const))
      const counts = api[name]
      expect(rows.length, name).toBe(Math.min(Object.keys(counts).length, name === 'byLevel2' || name === 'byDepartment' ? 12 : 15))
      for (const [key, value] of rows) expect(value, `${name}.${key}`).toBe(counts[key])
    }
    const days = await page.$$eval('[data-testid=trend-table] tr[data-date]', (els) =>
      els.map((e) => ({ date: e.getAttribute('data-date'), reported: Number(e.querySelector('[data-col=reported]')?.textContent), closed: Number(e.querySelector('[data-col=closed]')?.textContent) })))
    expect(days).toEqual(api.byDay)
    const depts = await page.$$eval('[data-testid=dept-ranking] [data-dept-id]', (els) => els.map((e) => e.getAttribute('data-dept-id')))
    expect(depts).toEqual(api.departments.map((d) => d.departmentId))
    const slowest = await page.$$eval('[data-testid=slowest-kinds] [data-key]', (els) => els.map((e) => e.getAttribute('data-key')))
    expect(slowest).toEqual(api.slowestKinds.map((k) => k.level2))
    const returned = await page.$$eval('[data-testid=returned-kinds] [data-key]', (els) => els.map((e) => [e.getAttribute('data-key'), Number(e.getAttribute('data-value'))]))
    expect(returned).toEqual(api.mostReturnedKinds.map((k) => [k.level2, k.returns]))
    // overdue and supervised: the supervised case is listed, titles as text
    await page.waitForSelector('[data-testid=attention] [data-ticket-id]')
    expect(await page.locator('[data-testid=attention] [data-ticket-id]').count()).toBeGreaterThanOrEqual(1)
    // the rates explain themselves on hover
    await expect(page.getAttribute('[data-stat="rates.response"]', 'title')).resolves.toContain('响应率 =')
    expect(await noHorizontalScroll(page)).toBe(true)
    await shot(page, 'page-stats.png')
    await shot(page, 'page-stats-full.png', true)

    for (const format of ['xlsx', 'csv'] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=export-${format}]`)])
      expect(download.suggestedFilename()).toBe(`echo365-stats-${from}_${to}.${format}`)
      const file = await download.path()
      const bytes = await readFile(file)
      if (format === 'xlsx') expect(bytes.subarray(0, 2).toString()).toBe('PK')
      else expect(bytes.toString('utf8')).toContain(xssId)
    }
    expect(dialogs).toEqual([])
  })

  it('/push at 1440×900: no horizontal scroll, the preview, a sent broadcast as text', async () => {
    const page = await open('/stats', DESKTOP)
    await signIn(page, 'chief')
    const direct = await page.goto(`${server.url}/push`)
    expect(direct?.status()).toBe(200)
    await page.waitForSelector('[data-testid=push-preview][data-groups="2413"]')
    await page.waitForSelector('[data-broadcast-id]')
    await expectInert(page, '.sent .list')
    await page.check('[data-testid=scope-custom]')
    await page.check('[data-town="500120004"]')
    await page.check('[data-group-type="wechat"]')
    const c = await cast(server.url)
    const expected = (await c.chief.get<{ total: number }>('/api/groups?townCode=500120004&type=wechat&limit=1')).body.total
    await page.waitForSelector(`[data-testid=push-preview][data-groups="${expected}"]`)
    await page.fill('[data-testid=push-title]', '璧山区关于开展冬季消防安全检查的通知')
    await page.fill('[data-testid=push-content]', '请各群网长转发：近期将对老旧小区开展消防通道专项检查，请居民及时清理楼道堆放物。')
    expect(await noHorizontalScroll(page)).toBe(true)
    await shot(page, 'page-push.png')
    expect(dialogs).toEqual([])
  })
})
