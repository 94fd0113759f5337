import { DEPARTMENTS, townOfficeId } from '../../shared/domain/taxonomy.ts'
import { HOUR_MS } from '../../shared/domain/time.ts'
import type { Ticket } from '../../shared/domain/types.ts'
import type { Logger } from '../logger.ts'
import { hashString, mulberry32, pick, type Rng } from '../seed/random.ts'
import type { Directory } from '../services/directory.ts'
import type { TicketService } from '../services/tickets.ts'
import type { Store, UserRecord } from '../store/types.ts'
import { makeDemoReply, makeDemoReport, makeReturnReason } from './texts.ts'
import type { BroadcastService } from '../services/broadcasts.ts'

export interface DemoFeedOptions {
  tickets: TicketService
  broadcasts: BroadcastService
  directory: Directory
  store: Store
  logger: Logger
  /** new reports per minute */
  ratePerMinute: number
  now?: () => number
  /** hours of history to play on a fresh store so the wall starts with yesterday and today */
  historyHours?: number
}

/**
 * The demo feed plays the whole loop: group leaders report, and simulated chief, departments and
 * reporters act at human-like delays. It is stateless: each pass looks at the live cases and moves
 * those whose (per-case, deterministic) delay has passed, so it carries on after a restart.
 * Some cases are left for the human chief (about a quarter) and some departments never sign (overdue).
 */
export class DemoFeed {
  readonly #o: DemoFeedOptions
  readonly #rng: Rng
  #reportTimer: NodeJS.Timeout | null = null
  #broadcastTimer: NodeJS.Timeout | null = null
  #stepTimer: NodeJS.Timeout | null = null
  #busy = false
  #stopped = false

  constructor(o: DemoFeedOptions) {
    this.#o = o
    this.#rng = mulberry32(Date.now() % 2 ** 31)
  }

  async start(): Promise<void> {
    const fresh = [...this.#o.store.liveTickets()].length === 0 && this.#o.store.seq === 0
    if (fresh) await this.#playHistory(this.#o.historyHours ?? DEFAULT_HISTORY_HOURS)
    const every = 60_000 / this.#o.ratePerMinute
    this.#reportTimer = setInterval(() => void this.#guard(() => this.reportOne(this.#o.tickets)), every)
    this.#stepTimer = setInterval(() => void this.#guard(async () => {
      await this.step(this.#o.tickets, DEMO_SPEED)
      await this.#o.broadcasts.demoAcks(0.03, this.#rng)
    }), 2000)
    this.#broadcastTimer = setInterval(() => void this.#guard(() => this.broadcastOne()), 20 * 60_000)
  }

  /** The chief pushes a policy message down to the groups (all, or a town, or a group type). */
  async broadcastOne(): Promise<void> {
    const chief = this.#o.directory.findUser('chief')
    if (!chief) return
    const m = pick(this.#rng, POLICY_MESSAGES)
    await this.#o.broadcasts.send(chief, m)
  }

  stop(): void {
    this.#stopped = true
    if (this.#reportTimer) clearInterval(this.#reportTimer)
    if (this.#stepTimer) clearInterval(this.#stepTimer)
    if (this.#broadcastTimer) clearInterval(this.#broadcastTimer)
  }

  async #guard(fn: () => Promise<unknown>): Promise<void> {
    if (this.#busy || this.#stopped) return
    this.#busy = true
    try {
      await fn()
    } catch (err) {
      this.#o.logger.warn({ err }, 'demo feed step failed')
    } finally {
      this.#busy = false
    }
  }

  /** One report from a random group, as its 网长. */
  async reportOne(svc: TicketService): Promise<Ticket | null> {
    const groups = this.#o.directory.groups.filter((g) => g.type === 'wechat' || g.type === 'qq' || g.type === 'work')
    const group = pick(this.#rng, groups)
    const reporter = this.#o.directory.findUser(group.id)
    if (!reporter) return null
    const r = makeDemoReport(this.#rng, group)
    const { ticket } = await svc.report(reporter, { content: r.content, title: r.title, ...(r.contact ? { contact: r.contact } : {}) })
    return ticket
  }

  /**
   * Moves every live case whose delay has passed one step along the loop. `speed` scales the
   * human-like delays: minutes at demo speed, real hours when replaying history.
   */
  async step(svc: TicketService, speed: Delays): Promise<number> {
    const now = svc.now()
    let moved = 0
    for (const t of [...this.#o.store.liveTickets()]) {
      if (this.#stopped) break
      const h = hashString(t.id)
      const idle = now - Date.parse(t.updatedAt)
      const due = (base: number) => idle >= base * (0.5 + (h % 100) / 100)
      const actor = (username: string) => this.#o.directory.findUser(username)
      try {
        if ((t.status === 'reported' || t.status === 'returned') && due(speed.dispatch * (h % 4 === 0 ? LEFT_FOR_PEOPLE : 1))) {
          // about one in ten is routed to a wrong department first, which returns it
          const wrong = h % 10 === 1 && t.returnCount === 0
          const departmentId = wrong ? pick(this.#rng, DEPARTMENTS.filter((d) => d.kind === 'bureau')).id : t.suggestion.departmentId
          await this.#act(svc, actor('chief'), t, 'dispatch', { departmentId })
        } else if (t.status === 'dispatched' && t.departmentId && due(speed.accept * (h % 17 === 0 ? LEFT_FOR_PEOPLE : 1))) {
          const dept = actor(t.departmentId)
          const misrouted = t.departmentId !== t.suggestion.departmentId && t.departmentId !== townOfficeId(t.townCode)
          if (misrouted && t.returnCount === 0) await this.#act(svc, dept, t, 'return', { reason: makeReturnReason(this.#rng) })
          else await this.#act(svc, dept, t, 'accept', {})
        } else if (t.status === 'accepted' && t.departmentId && due(speed.reply)) {
          await this.#act(svc, actor(t.departmentId), t, 'reply', { content: makeDemoReply(this.#rng, t.level2) })
        } else if (t.status === 'replied' && due(speed.followUp * (h % 13 === 0 ? LEFT_FOR_PEOPLE : 1))) {
          const reporter = this.#o.directory.userById(t.reporterId)
          const x = this.#rng()
          const solved = x > 0.1
          const satisfaction = !solved ? 'dissatisfied' : x > 0.3 ? 'satisfied' : 'basic'
          await this.#act(svc, reporter, t, 'close', { contacted: this.#rng() > 0.03, solved, satisfaction })
        } else continue
        moved++
      } catch {
        // a human acted on the same case meanwhile (409): leave it
      }
    }
    return moved
  }

  async #act(svc: TicketService, user: UserRecord | undefined, t: Ticket, action: Parameters<TicketService['act']>[2], body: object) {
    if (!user) return
    await svc.act(user, t.id, action, { ...body, expectedVersion: t.version })
  }

  /** Replays `hours` of history on a simulated clock in one durable write. */
  async #playHistory(hours: number): Promise<void> {
    const end = (this.#o.now ?? Date.now)()
    let clock = end - hours * HOUR_MS
    const svc = this.#o.tickets.withClock(() => clock)
    const started = Date.now()
    let reports = 0
    const broadcastAt = end - 2.5 * HOUR_MS
    const history = new BroadcastServiceClock(this.#o.broadcasts, () => clock)
    await this.#o.store.bulk(async () => {
      while (clock < end) {
        if (clock >= broadcastAt && !history.sent) await history.send(this.#o.directory.findUser('chief'), pick(this.#rng, POLICY_MESSAGES))
        if (history.sent) await history.acks(0.2, this.#rng)
        // more reports by day than by night (Asia/Shanghai)
        const hour = new Date(clock + 8 * HOUR_MS).getUTCHours()
        const perHour = hour >= 8 && hour < 22 ? 9 : 2
        clock += (HOUR_MS / perHour) * (0.5 + this.#rng())
        if (clock >= end) break
        if (await this.reportOne(svc)) reports++
        await this.step(svc, HISTORY_SPEED)
        await svc.scan()
      }
    })
    this.#o.logger.info({ reports, hours, ms: Date.now() - started }, 'demo history played')
  }
}

/** The broadcast service on the history clock. */
class BroadcastServiceClock {
  sent = false
  readonly #svc: BroadcastService
  constructor(svc: BroadcastService, now: () => number) {
    this.#svc = svc.withClock(now)
  }
  async send(chief: UserRecord | undefined, m: (typeof POLICY_MESSAGES)[number]) {
    if (!chief) return
    await this.#svc.send(chief, m)
    this.sent = true
  }
  acks(fraction: number, rng: Rng) {
    return this.#svc.demoAcks(fraction, rng)
  }
}

const POLICY_MESSAGES = [
  { title: '冬季燃气安全使用提示', content: '入冬以来用气量增加，请居民朋友注意：用气时保持通风，人走关阀，发现漏气立即关闭总阀、开窗通风并拨打燃气公司抢修电话，切勿开关电器。请各群网长转发至群内。', url: 'https://www.cqbs.gov.cn/' },
  { title: '2027年度城乡居民医保集中缴费开始', content: '2027年度城乡居民基本医疗保险集中缴费期为即日起至2027年2月28日，可通过“重庆医保”小程序、银行网点或村（社区）便民服务中心缴纳。请各群网长提醒群内居民按时参保。' },
  { title: '关于做好冬季森林防火工作的通告', content: '冬春季节是森林火灾高发期。禁止在林区及林缘野外用火、焚烧秸秆、燃放烟花爆竹和祭祀烧纸。发现火情请立即拨打119或12119。' },
  { title: '璧山区文明养犬倡议书', content: '请养犬居民依法办理养犬登记，出户时束犬链、及时清理犬只粪便，不携犬进入公共场所。让我们共同维护整洁、安全、文明的城市环境。' },
  { title: '防范电信网络诈骗提醒', content: '近期冒充客服退款、刷单返利类诈骗高发。牢记“三不一多”：未知链接不点击，陌生来电不轻信，个人信息不透露，转账汇款多核实。可下载“国家反诈中心”APP。' },
] as const

/**
 * Some cases wait for people: a quarter for the human chief, some departments never sign in time
 * (they run overdue), some reporters never answer. The simulation steps in only after this many
 * times the usual delay, so a long-running demo does not pile up cases forever.
 */
const LEFT_FOR_PEOPLE = 8

/** A week and a day of history: yesterday's trend, a 7-day baseline for hotspots, rates with substance. */
const DEFAULT_HISTORY_HOURS = 8 * 24

interface Delays { dispatch: number; accept: number; reply: number; followUp: number }

/** Live demo: a case goes around the loop in a few minutes. */
const DEMO_SPEED: Delays = { dispatch: 40_000, accept: 45_000, reply: 90_000, followUp: 60_000 }
/** History: hours, as in real life. */
const HISTORY_SPEED: Delays = { dispatch: 0.6 * HOUR_MS, accept: 1.2 * HOUR_MS, reply: 10 * HOUR_MS, followUp: 6 * HOUR_MS }

