import { judgeHotspot } from '../../shared/routing/hotspot.ts'
import { TOWN_BY_CODE } from '../../shared/domain/taxonomy.ts'
import { DAY_MS, addDays, dateRange, shanghaiDate } from '../../shared/domain/time.ts'
import type { TicketEvent } from '../../shared/events.ts'
import type { Store } from '../store/types.ts'
import type { Bus } from './bus.ts'

export interface Hotspot {
  townCode: string
  townName: string
  level2: string
  /** cases in the last 24 hours */
  current: number
  /** mean daily count over the 7 days before */
  baseline: number
  p: number
  ticketIds: string[]
}

/** One alert per town and kind in this window, however many cases keep coming. */
const COOLDOWN_MS = 6 * 3600_000

/**
 * Rolling hotspot detection: on every new case, compare its kind's count in its town over the last
 * 24 hours with that town's own 7-day baseline (Poisson tail, shared/routing/hotspot.ts).
 */
export class HotspotService {
  #alerted = new Map<string, number>()

  constructor(private readonly store: Store, private readonly bus: Bus, private readonly now: () => number = Date.now) {}

  start(): void {
    this.bus.on('tickets', this.#onTickets)
  }

  stop(): void {
    this.bus.off('tickets', this.#onTickets)
  }

  #onTickets = (events: TicketEvent[]) => {
    for (const e of events) if (e.type === 'created') void this.#check(e.ticket.townCode, e.ticket.level2)
  }

  async #baseline(townCode: string, level2: string): Promise<number> {
    const today = shanghaiDate(this.now())
    const days = await this.store.days(dateRange(addDays(today, -7), addDays(today, -1)))
    let sum = 0
    for (const d of days.values()) sum += d.byTownLevel2?.[`${townCode}|${level2}`] ?? 0
    return sum / 7
  }

  #recent(townCode: string, level2: string): string[] {
    const since = this.now() - DAY_MS
    const ids: string[] = []
    for (const t of this.store.liveTickets()) {
      if (t.townCode === townCode && t.level2 === level2 && t.status !== 'invalid' && Date.parse(t.createdAt) >= since) ids.push(t.id)
    }
    return ids.sort()
  }

  async evaluate(townCode: string, level2: string): Promise<Hotspot> {
    const ticketIds = this.#recent(townCode, level2)
    const verdict = judgeHotspot(ticketIds.length, await this.#baseline(townCode, level2))
    return { townCode, townName: TOWN_BY_CODE.get(townCode)?.name ?? townCode, level2, current: verdict.current, baseline: Math.round(verdict.baseline * 100) / 100, p: verdict.p, ticketIds }
  }

  async #check(townCode: string, level2: string): Promise<void> {
    const key = `${townCode}|${level2}`
    const last = this.#alerted.get(key)
    if (last && this.now() - last < COOLDOWN_MS) return
    const h = await this.evaluate(townCode, level2)
    if (h.current < 3 || !judgeHotspot(h.current, h.baseline).hot) return
    this.#alerted.set(key, this.now())
    this.bus.emit('alert', {
      id: `hotspot-${key}-${this.now()}`,
      kind: 'hotspot',
      level: 'warn',
      message: `热点：${h.townName}「${h.level2}」24 小时内 ${h.current} 件（近 7 日日均 ${h.baseline.toFixed(1)} 件）`,
      ticketIds: h.ticketIds,
      at: new Date(this.now()).toISOString(),
    })
  }

  /** Current hotspots over every town and kind with cases in the last 24 hours. */
  async list(): Promise<Hotspot[]> {
    const pairs = new Set<string>()
    const since = this.now() - DAY_MS
    for (const t of this.store.liveTickets()) if (Date.parse(t.createdAt) >= since) pairs.add(`${t.townCode}|${t.level2}`)
    const out: Hotspot[] = []
    for (const pair of pairs) {
      const [town, level2] = pair.split('|') as [string, string]
      const h = await this.evaluate(town, level2)
      if (judgeHotspot(h.current, h.baseline).hot) out.push(h)
    }
    return out.sort((a, b) => a.p - b.p)
  }
}
