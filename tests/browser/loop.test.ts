import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { GroupType, Ticket } from '../../shared/domain/types.ts'
import { buildWeb, hasChromium, launchChromium, pageOpener, signInPage, signInWall, SKIP_REASON, type BuiltWeb } from './harness.ts'
import { cast, startTestServer, type TestServer } from '../helpers/server.ts'

/**
 * The whole loop through the UIs only (DESIGN.md): the group leader reports with a photo on the
 * phone page → the chief dispatches on the wall → the department signs and replies with evidence →
 * the group leader reads the reply and rates it → the wall shows the case closed. Then a broadcast:
 * sent on /push to a few groups, confirmed by two group leaders on /m, reach live on /push and the wall.
 * The API is used only to look things up (the scope's groups) and to check for duplicates.
 */

// a real 1×1 PNG: the server decides the type from the bytes
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true }

const suite = hasChromium ? describe : describe.skip
if (!hasChromium) console.warn(SKIP_REASON)

suite('the loop through the UIs', () => {
  let web: BuiltWeb
  let server: TestServer
  let browser: Browser
  const pages = pageOpener(() => browser, () => server.url)
  const { open, dialogs } = pages
  /** the chief's browser: the wall, signed in in the first test, reused for /push in the second */
  let chiefWall: Page | null = null

  beforeAll(async () => {
    ;[web, browser] = await Promise.all([buildWeb(), launchChromium()])
    // many accounts sign in within a minute here; the login limiter is tested elsewhere
    server = await startTestServer({ LOGIN_RATE_LIMIT: '1000' }, { webDir: web.dir })
  }, 90_000)

  afterAll(async () => {
    await pages.closeAll()
    await browser?.close()
    await server?.stop()
    await web?.remove()
  })


  const login = (page: Page, username: string) => signInPage(page, username)

  async function openPush(context: BrowserContext): Promise<Page> {
    const page = await open('/push', {}, context)
    await page.waitForSelector('[data-testid=push-form]')
    return page
  }

  it('report → dispatch → sign → reply → follow-up → closed on the wall', async () => {
    const c = await cast(server.url)
    const content = '锦绣花园小区门口垃圾堆放三天无人清运，气味很大，影响居民出行'

    // the department's console is open before the case exists: it must arrive live
    const dept = await open('/dept', { viewport: { width: 1440, height: 900 } })
    await login(dept, 'urban-mgmt')
    await dept.waitForSelector('[data-testid=page-connection].connected')

    // 1. the group leader reports with a photo, on a phone
    const phone = await open('/m', PHONE)
    await login(phone, 'grp-0001')
    await phone.fill('[data-testid=report-content]', content)
    await phone.fill('[data-testid=report-title]', '小区门口垃圾无人清运')
    await phone.setInputFiles('[data-testid=pick-photo]', { name: 'scene.png', mimeType: 'image/png', buffer: PNG })
    await phone.waitForSelector('[data-upload-state=done]')

    // the first answer is lost on the way back: the case exists, the phone does not know
    let first = true
    await phone.route('**/api/reports', async (route) => {
      if (!first) return route.continue()
      first = false
      await route.fetch()
      await route.abort('failed')
    })
    await phone.click('[data-testid=report-submit]')
    await phone.waitForSelector('[data-testid=report-error]')
    await expect(phone.textContent('[data-testid=report-submit]')).resolves.toContain('重新提交')
    await phone.click('[data-testid=report-submit]')
    const toast = await phone.waitForSelector('[data-testid=toast]')
    const id = /BS\d{8}-\d{4}/.exec((await toast.textContent()) ?? '')?.[0]
    expect(id).toBeTruthy()
    const ticketId = id as string
    // the retry reused the draft's idempotency key: one case, not two
    const same = await c.chief.get<{ items: Ticket[]; total: number }>(`/api/tickets?q=${encodeURIComponent('锦绣花园小区门口')}`)
    expect(same.body.total).toBe(1)
    expect(same.body.items[0]?.media.map((m) => m.kind)).toEqual(['image'])
    await phone.waitForSelector(`[data-ticket-id="${ticketId}"][data-status=reported]`)

    // 2. the chief dispatches it on the wall
    const wall = await open('/', { viewport: { width: 1920, height: 1080 } })
    chiefWall = wall
    await wall.waitForSelector(`.ticket-flow [data-ticket-id="${ticketId}"]`)
    const closedBefore = Number(await wall.getAttribute('[data-testid=kpi-closed]', 'data-value'))
    await signInWall(wall)
    await wall.click(`.ticket-flow [data-ticket-id="${ticketId}"]`)
    await wall.click('[data-testid=ticket-detail] [data-action=dispatch]')
    await wall.selectOption('[data-testid=dispatch-department]', 'urban-mgmt')
    await wall.click('[data-testid=action-submit]')
    await wall.waitForSelector('[data-testid=ticket-detail][data-status=dispatched]')

    // 3. the department sees it arrive, signs, replies with a photo
    await dept.click(`.queue [data-section=sign] [data-ticket-id="${ticketId}"]`)
    await dept.waitForSelector(`[data-testid=dept-detail][data-ticket-id="${ticketId}"] [data-testid=sign-deadline]`)
    await dept.click('[data-testid=dept-actions] [data-action=accept]')
    await dept.waitForSelector(`[data-testid=dept-detail][data-ticket-id="${ticketId}"][data-status=accepted]`)
    await dept.click('[data-testid=dept-actions] [data-action=reply]')
    await dept.fill('[data-testid=reply-content]', '已安排环卫车辆清运完毕，并加密该点位清运频次。')
    await dept.setInputFiles('[data-testid=reply-photo]', { name: 'done.png', mimeType: 'image/png', buffer: PNG })
    await dept.waitForSelector('[data-testid=reply-form] [data-upload-state=done]')
    await dept.click('[data-testid=reply-submit]')
    await dept.waitForSelector(`[data-testid=dept-detail][data-ticket-id="${ticketId}"][data-status=replied]`)
    await dept.waitForSelector(`.queue [data-section=done] [data-ticket-id="${ticketId}"]`)

    // 4. the group leader sees the reply (text and photo) live and rates it
    const card = `article[data-ticket-id="${ticketId}"]`
    await phone.waitForSelector(`${card}[data-status=replied]`)
    if (!(await phone.locator(`${card} [data-testid=case-reply]`).count())) await phone.click(`${card} .head`)
    await expect(phone.textContent(`${card} [data-testid=case-reply]`)).resolves.toContain('已安排环卫车辆清运完毕')
    await phone.waitForFunction((sel) => {
      const img = document.querySelector<HTMLImageElement>(`${sel} [data-testid=case-reply] img[data-media=image]`)
      return !!img && img.complete && img.naturalWidth > 0
    }, card)
    await phone.click(`${card} [data-testid=followup-contacted-yes]`)
    await phone.click(`${card} [data-testid=followup-solved-yes]`)
    await phone.click(`${card} [data-testid=followup-satisfaction-satisfied]`)
    await phone.click(`${card} [data-testid=followup-submit]`)
    await phone.waitForSelector(`${card}[data-status=closed] [data-testid=case-followup]`)

    // 5. the wall shows it closed, and today's closed counter moved
    await wall.waitForSelector(`.ticket-flow [data-ticket-id="${ticketId}"][data-status=closed]`)
    await wall.waitForSelector(`[data-testid=ticket-detail][data-status=closed]`)
    await wall.waitForFunction((n) => Number(document.querySelector('[data-testid=kpi-closed]')?.getAttribute('data-value')) === n, closedBefore + 1)
    // and the department's own rates count the follow-up
    await dept.waitForSelector('[data-testid=dept-rate-response][data-value="1"]')

    const closed = await c.chief.get<{ ticket: Ticket }>(`/api/tickets/${ticketId}`)
    expect(closed.body.ticket.status).toBe('closed')
    expect(closed.body.ticket.followUp).toMatchObject({ contacted: true, solved: true, satisfaction: 'satisfied', by: 'reporter' })
    expect(closed.body.ticket.reply?.media).toHaveLength(1)
    expect(dialogs).toEqual([])
  }, 90_000)

  it('a broadcast to a few groups: two group leaders confirm, reach shows 2 of N on /push and the wall', async () => {
    const c = await cast(server.url)
    // a scope of a few groups: the first town × group type with 3–8 groups
    const towns = (await c.anon.get<{ towns: { code: string }[] }>('/api/meta')).body.towns
    let scope: { town: string; type: GroupType; ids: string[] } | null = null
    for (const type of ['website', 'media', 'newmedia', 'qq'] as const) {
      for (const t of towns) {
        const r = await c.chief.get<{ items: { id: string }[]; total: number }>(`/api/groups?townCode=${t.code}&type=${type}&limit=10`)
        if (r.body.total >= 3 && r.body.total <= 8) {
          scope = { town: t.code, type, ids: r.body.items.map((g) => g.id) }
          break
        }
      }
      if (scope) break
    }
    expect(scope).not.toBeNull()
    const { town, type, ids } = scope as { town: string; type: GroupType; ids: string[] }
    const n = ids.length

    // the chief is still signed in on the wall (same browser profile): the session carries over
    expect(chiefWall).not.toBeNull()
    const wall = chiefWall as Page
    const push = await openPush(wall.context())
    await push.fill('[data-testid=push-title]', '关于做好寒潮天气防范的通知')
    await push.fill('[data-testid=push-content]', '本周气温骤降，请各群转发防寒提示，关注独居老人。')
    await push.fill('[data-testid=push-url]', 'https://example.org/notice')
    await push.check('[data-testid=scope-custom]')
    await push.check(`[data-town="${town}"]`)
    await push.check(`[data-group-type="${type}"]`)
    await push.waitForSelector(`[data-testid=push-preview][data-groups="${n}"]`)
    await push.click('[data-testid=push-send]')
    await expect(push.textContent('[data-testid=push-send]')).resolves.toContain(`确认推送至 ${n} 个群`)
    await push.click('[data-testid=push-send]')
    await push.waitForSelector('[data-testid=push-sent]')
    const row = push.locator('[data-broadcast-id]').first()
    const broadcastId = await row.getAttribute('data-broadcast-id')
    expect(await row.getAttribute('data-target')).toBe(String(n))
    expect(await row.getAttribute('data-reached')).toBe('0')

    // two of the scope's group leaders confirm on their phones
    for (const groupId of ids.slice(0, 2)) {
      const phone = await open('/m', PHONE)
      await login(phone, groupId)
      await phone.click('[data-tab=notices]')
      const notice = `[data-broadcast-id="${broadcastId}"]`
      await phone.click(`${notice} [data-testid=notice-ack]`)
      await phone.waitForSelector(`${notice}[data-acked=true]`)
    }

    // reach, live: 2 of N on /push and on the wall's broadcast panel
    await push.waitForSelector(`[data-broadcast-id="${broadcastId}"][data-reached="2"][data-target="${n}"]`)
    await wall.waitForFunction((target) => {
      const text = document.querySelector('[data-testid=broadcast]')?.textContent?.replace(/\s+/g, '') ?? ''
      return text.includes(`触达群2/${target}`)
    }, n)
    const list = await c.chief.get<{ items: { id: string; reachedGroups: number; targetGroups: number }[] }>('/api/broadcasts')
    expect(list.body.items.find((b) => b.id === broadcastId)).toMatchObject({ reachedGroups: 2, targetGroups: n })
    expect(dialogs).toEqual([])
  }, 60_000)
})
