import { Low } from 'lowdb'
import { mkdir, readFile, readdir } from 'node:fs/promises'
import { appendFileDurably as appendDurably, writeFileDurably as writeDurably } from './durableFs.ts'
import path from 'node:path'
import type { Ticket, TicketEventType } from '../../shared/domain/types.ts'
import type { TicketEvent } from '../../shared/events.ts'
import { TERMINAL_STATUSES } from '../../shared/domain/stateMachine.ts'
import { DAY_MS, addDays, shanghaiDate } from '../../shared/domain/time.ts'
import { emptyDay, type DayAggregate } from '../services/aggregates.ts'
import { DurableJsonFile } from './durableJsonFile.ts'
import type { BroadcastRecord, CorrectionRecord, MediaRecord, Store, Tx, UserRecord } from './types.ts'
import type { GroupWebhook, OutboundNotification } from '../../shared/domain/notification.ts'

/** How many recent events are kept for clients that reconnect. */
export const EVENT_RING = 1000
/**
 * Finished cases stay in the live file a day (the wall shows today's), then go to the archive; a
 * reopened case is brought back. So the live file's size follows the open load, not history.
 */
const ARCHIVE_AFTER_MS = DAY_MS
/** Day aggregates older than this move to monthly stats files (the wall's rates use 30 days). */
const LIVE_DAYS = 35
const IDEMPOTENCY_MS = 2 * DAY_MS

interface LiveFile {
  format: 'echo365-live/1'
  seq: number
  ticketSeqByDay: Record<string, number>
  tickets: Record<string, Ticket>
  events: TicketEvent[]
  days: Record<string, DayAggregate>
  idempotency: Record<string, { ticketId: string; at: number }>
  users: UserRecord[]
  revoked: Record<string, number>
  broadcasts: Record<string, BroadcastRecord>
  broadcastSeqByDay: Record<string, number>
  outbox: OutboundNotification[]
  webhooks: Record<string, GroupWebhook>
  corrections: CorrectionRecord[]
}

const emptyLive = (): LiveFile => ({
  format: 'echo365-live/1', seq: 0, ticketSeqByDay: {}, tickets: {}, events: [], days: {},
  idempotency: {}, users: [], revoked: {}, broadcasts: {}, broadcastSeqByDay: {}, outbox: [], webhooks: {}, corrections: [],
})

/** The chief's most recent routing corrections kept for learning. */
const MAX_CORRECTIONS = 500

/** Broadcasts kept in the live file; older ones go to the archive. */
const LIVE_BROADCASTS = 30

/**
 * lowdb store. The live file holds only what is still moving (open and recently finished cases, the
 * last events, recent day counters), so the cost of one write does not grow with history. Finished
 * cases are appended to monthly JSON-lines archives (by the month in their id) and read on demand.
 */
export class LowdbStore implements Store {
  readonly #dir: string
  readonly #adapter: DurableJsonFile<LiveFile>
  readonly #db: Low<LiveFile>
  readonly mediaDir: string
  #durableSeq = 0
  #bulk = false
  #oldDays = new Map<string, Map<string, DayAggregate>>()

  readonly #eventRing: number

  constructor(dataDir: string, options: { eventRing?: number } = {}) {
    this.#dir = dataDir
    this.#eventRing = options.eventRing ?? EVENT_RING
    this.#adapter = new DurableJsonFile<LiveFile>(path.join(dataDir, 'live.json'))
    this.#db = new Low<LiveFile>(this.#adapter, emptyLive())
    this.mediaDir = path.join(dataDir, 'media')
  }

  get #data(): LiveFile {
    return this.#db.data
  }

  get seq(): number {
    return this.#durableSeq
  }

  async init(): Promise<void> {
    await mkdir(path.join(this.#dir, 'archive'), { recursive: true })
    await mkdir(this.mediaDir, { recursive: true })
    await this.#db.read()
    if (this.#data.format !== 'echo365-live/1') {
      throw new Error(`Store file ${path.join(this.#dir, 'live.json')} has an unknown format; it was left untouched.`)
    }
    // files written by an earlier version lack newer collections
    this.#db.data = { ...emptyLive(), ...this.#data }
    this.#durableSeq = this.#data.seq
    await this.#db.write()
  }

  async close(): Promise<void> {
    await this.#db.write()
  }

  async commit(fn: (tx: Tx) => void): Promise<TicketEvent[]> {
    const events: TicketEvent[] = []
    const data = this.#data
    const tx: Tx = {
      putTicket: (ticket: Ticket, type: TicketEventType) => {
        data.tickets[ticket.id] = ticket
        const event: TicketEvent = { seq: ++data.seq, type, ticket: structuredClone(ticket), at: ticket.updatedAt }
        data.events.push(event)
        events.push(event)
        return event
      },
      day: (date: string) => (data.days[date] ??= emptyDay()),
      rememberIdempotency: (key, ticketId) => {
        data.idempotency[key] = { ticketId, at: Date.now() }
      },
      nextTicketId: (date: string) => {
        const compact = date.replaceAll('-', '')
        const n = (data.ticketSeqByDay[compact] ?? 0) + 1
        data.ticketSeqByDay[compact] = n
        return `BS${compact}-${String(n).padStart(4, '0')}`
      },
      nextBroadcastId: (date: string) => {
        const compact = date.replaceAll('-', '')
        const n = (data.broadcastSeqByDay[compact] ?? 0) + 1
        data.broadcastSeqByDay[compact] = n
        return `BC${compact}-${String(n).padStart(2, '0')}`
      },
      putBroadcast: (b) => {
        data.broadcasts[b.id] = b
      },
      enqueue: (n) => {
        data.outbox.push(n)
      },
      updateNotification: (n) => {
        const i = data.outbox.findIndex((x) => x.id === n.id)
        if (i >= 0) data.outbox[i] = n
      },
      dropNotification: (id) => {
        data.outbox = data.outbox.filter((x) => x.id !== id)
      },
      addCorrection: (c) => {
        data.corrections.push(c)
        if (data.corrections.length > MAX_CORRECTIONS) data.corrections.splice(0, data.corrections.length - MAX_CORRECTIONS)
      },
      setWebhook: (groupId, hook) => {
        if (hook) data.webhooks[groupId] = hook
        else delete data.webhooks[groupId]
      },
    }
    fn(tx)
    if (data.events.length > this.#eventRing) data.events.splice(0, data.events.length - this.#eventRing)
    if (!this.#bulk) await this.#db.write()
    const last = events.at(-1)
    if (last && last.seq > this.#durableSeq) this.#durableSeq = last.seq
    return events
  }

  /**
   * Runs many commits with one write at the end. Only for loading before the server accepts work
   * (the demo history): nothing inside is acknowledged to anyone until the final write is durable.
   */
  async bulk(fn: () => Promise<void>): Promise<void> {
    this.#bulk = true
    try {
      await fn()
    } finally {
      this.#bulk = false
    }
    await this.#db.write()
  }

  restore(ticket: Ticket): Ticket {
    this.#data.tickets[ticket.id] ??= ticket
    return this.#data.tickets[ticket.id] as Ticket
  }

  getLiveTicket(id: string): Ticket | undefined {
    return this.#data.tickets[id]
  }

  async getTicket(id: string): Promise<Ticket | undefined> {
    const live = this.#data.tickets[id]
    if (live) return live
    const m = /^BS(\d{4})(\d{2})\d{2}-\d+$/.exec(id)
    if (!m) return undefined
    const archived = await this.archivedTickets(`${m[1]}-${m[2]}`)
    return archived.find((t) => t.id === id)
  }

  liveTickets(): Iterable<Ticket> {
    return Object.values(this.#data.tickets)
  }

  async archivedTickets(month: string): Promise<Ticket[]> {
    let text: string
    try {
      text = await readFile(path.join(this.#dir, 'archive', `tickets-${month}.jsonl`), 'utf8')
    } catch {
      return []
    }
    // last line wins: a case archived twice (crash between archive and live write) appears once
    const byId = new Map<string, Ticket>()
    for (const line of text.split('\n')) {
      if (!line) continue
      try {
        const t = JSON.parse(line) as Ticket
        byId.set(t.id, t)
      } catch {
        // a torn last line after a crash: the case is still in the live file
      }
    }
    return [...byId.values()].filter((t) => !this.#data.tickets[t.id])
  }

  ticketForIdempotencyKey(key: string): string | undefined {
    return this.#data.idempotency[key]?.ticketId
  }

  eventsSince(seq: number): TicketEvent[] | null {
    const events = this.#data.events.filter((e) => e.seq <= this.#durableSeq)
    if (seq >= this.#durableSeq) return []
    const first = events[0]
    if (!first || first.seq > seq + 1) return null
    return events.filter((e) => e.seq > seq)
  }

  liveDay(date: string): DayAggregate | undefined {
    return this.#data.days[date]
  }

  async days(dates: string[]): Promise<Map<string, DayAggregate>> {
    const out = new Map<string, DayAggregate>()
    for (const date of dates) {
      const live = this.#data.days[date]
      if (live) {
        out.set(date, live)
        continue
      }
      const month = await this.#monthDays(date.slice(0, 7))
      const old = month.get(date)
      if (old) out.set(date, old)
    }
    return out
  }

  async #monthDays(month: string): Promise<Map<string, DayAggregate>> {
    const cached = this.#oldDays.get(month)
    if (cached) return cached
    const map = new Map<string, DayAggregate>()
    try {
      const text = await readFile(path.join(this.#dir, 'archive', `days-${month}.json`), 'utf8')
      for (const [d, agg] of Object.entries(JSON.parse(text) as Record<string, DayAggregate>)) map.set(d, agg)
    } catch {
      // no archived days for that month
    }
    this.#oldDays.set(month, map)
    return map
  }

  broadcasts(): readonly BroadcastRecord[] {
    return Object.values(this.#data.broadcasts).sort((a, b) => b.sentAt.localeCompare(a.sentAt))
  }

  getBroadcast(id: string): BroadcastRecord | undefined {
    return this.#data.broadcasts[id]
  }

  outbox(): readonly OutboundNotification[] {
    return this.#data.outbox
  }

  webhook(groupId: string): GroupWebhook | undefined {
    return this.#data.webhooks[groupId]
  }

  corrections(): readonly CorrectionRecord[] {
    return this.#data.corrections
  }

  users(): readonly UserRecord[] {
    return this.#data.users
  }

  async putUser(user: UserRecord): Promise<void> {
    const i = this.#data.users.findIndex((u) => u.username === user.username)
    if (i >= 0) this.#data.users[i] = user
    else this.#data.users.push(user)
    await this.#db.write()
  }

  isRevoked(jti: string): boolean {
    return jti in this.#data.revoked
  }

  async revoke(jti: string, exp: number): Promise<void> {
    this.#data.revoked[jti] = exp
    await this.#db.write()
  }

  async putMedia(m: MediaRecord): Promise<void> {
    const file = path.join(this.mediaDir, `${m.id}.json`)
    await writeDurably(file, JSON.stringify(m))
  }

  async getMedia(id: string): Promise<MediaRecord | undefined> {
    if (!/^[A-Za-z0-9_-]{6,64}$/.test(id)) return undefined
    try {
      return JSON.parse(await readFile(path.join(this.mediaDir, `${id}.json`), 'utf8')) as MediaRecord
    } catch {
      return undefined
    }
  }

  async archive(now: number = Date.now()): Promise<number> {
    const data = this.#data
    const byMonth = new Map<string, Ticket[]>()
    for (const t of Object.values(data.tickets)) {
      if (!TERMINAL_STATUSES.includes(t.status)) continue
      if (now - Date.parse(t.updatedAt) < ARCHIVE_AFTER_MS) continue
      const month = `${t.id.slice(2, 6)}-${t.id.slice(6, 8)}`
      const list = byMonth.get(month) ?? []
      list.push(t)
      byMonth.set(month, list)
    }
    // archive first (durably), then drop from the live file: a crash in between duplicates, never loses
    for (const [month, list] of byMonth) {
      const file = path.join(this.#dir, 'archive', `tickets-${month}.jsonl`)
      await appendDurably(file, list.map((t) => JSON.stringify(t)).join('\n') + '\n')
    }
    let moved = 0
    for (const list of byMonth.values()) for (const t of list) {
      delete data.tickets[t.id]
      moved++
    }
    await this.#archiveDays(now)
    const oldBroadcasts = this.broadcasts().slice(LIVE_BROADCASTS)
    if (oldBroadcasts.length) {
      await appendDurably(path.join(this.#dir, 'archive', 'broadcasts.jsonl'), oldBroadcasts.map((b) => JSON.stringify(b)).join('\n') + '\n')
      for (const b of oldBroadcasts) delete data.broadcasts[b.id]
    }
    for (const k of Object.keys(data.broadcastSeqByDay)) if (k < shanghaiDate(now).replaceAll('-', '')) delete data.broadcastSeqByDay[k]
    for (const [k, v] of Object.entries(data.idempotency)) if (now - v.at > IDEMPOTENCY_MS) delete data.idempotency[k]
    for (const [k, exp] of Object.entries(data.revoked)) if (exp < now) delete data.revoked[k]
    const today = shanghaiDate(now).replaceAll('-', '')
    for (const k of Object.keys(data.ticketSeqByDay)) if (k < today) delete data.ticketSeqByDay[k]
    await this.#db.write()
    return moved
  }

  async #archiveDays(now: number): Promise<void> {
    const cutoff = addDays(shanghaiDate(now), -LIVE_DAYS)
    const old = Object.keys(this.#data.days).filter((d) => d < cutoff)
    const months = new Set(old.map((d) => d.slice(0, 7)))
    for (const month of months) {
      const existing = await this.#monthDays(month)
      for (const d of old) if (d.startsWith(month)) existing.set(d, this.#data.days[d] as DayAggregate)
      await writeDurably(path.join(this.#dir, 'archive', `days-${month}.json`), JSON.stringify(Object.fromEntries(existing)))
    }
    for (const d of old) delete this.#data.days[d]
  }

  stats() {
    return { liveTickets: Object.keys(this.#data.tickets).length, writes: this.#adapter.writes }
  }

  /** For benchmarks and tests: insert many finished cases straight into the archive. */
  async importArchived(tickets: Ticket[]): Promise<void> {
    const byMonth = new Map<string, string[]>()
    for (const t of tickets) {
      const month = `${t.id.slice(2, 6)}-${t.id.slice(6, 8)}`
      const lines = byMonth.get(month) ?? []
      lines.push(JSON.stringify(t))
      byMonth.set(month, lines)
    }
    for (const [month, lines] of byMonth) {
      await appendDurably(path.join(this.#dir, 'archive', `tickets-${month}.jsonl`), lines.join('\n') + '\n')
    }
  }

  listFiles(): Promise<string[]> {
    return readdir(path.join(this.#dir, 'archive'))
  }
}
