import type { Ticket, TicketEventType } from '../../shared/domain/types.ts'
import type { TicketEvent } from '../../shared/events.ts'
import type { DayAggregate } from '../services/aggregates.ts'
import type { Broadcast } from '../../shared/domain/broadcast.ts'
import type { GroupWebhook, OutboundNotification } from '../../shared/domain/notification.ts'

/** A broadcast as stored: the message, its scope and which groups acknowledged forwarding it. */
export type BroadcastRecord = Omit<Broadcast, 'targetGroups' | 'targetPeople' | 'reachedGroups' | 'reachedPeople'> & {
  /** groupId → when its 网长 confirmed forwarding */
  acks: Record<string, string>
}

/** A routing correction by the chief (改派): learnt from for later similar texts. */
export interface CorrectionRecord { ticketId: string; text: string; departmentId: string; level2: string; at: string }

/** A persisted account (real accounts; demo accounts are derived from the seed in memory). */
export interface UserRecord {
  id: string
  username: string
  name: string
  role: 'chief' | 'leadership' | 'dept' | 'reporter' | 'display'
  departmentId?: string
  groupId?: string
  /** scrypt$N$salt$hash (base64) */
  passwordHash: string
  disabled?: boolean
}

export interface MediaRecord {
  id: string
  kind: 'image' | 'audio' | 'video'
  mime: string
  size: number
  file: string
  uploadedBy: string
  at: string
}

/**
 * A unit of work. Mutations made through it are applied in memory at once and persisted together;
 * `commit` resolves only when they are durable. Events get their global `seq` here.
 */
export interface Tx {
  putTicket(ticket: Ticket, type: TicketEventType): TicketEvent
  day(date: string): DayAggregate
  rememberIdempotency(key: string, ticketId: string): void
  nextTicketId(date: string): string
  nextBroadcastId(date: string): string
  putBroadcast(b: BroadcastRecord): void
  /** queue an outbound notification with the change that causes it (the outbox pattern) */
  enqueue(n: OutboundNotification): void
  updateNotification(n: OutboundNotification): void
  dropNotification(id: string): void
  setWebhook(groupId: string, hook: GroupWebhook | null): void
  addCorrection(c: CorrectionRecord): void
}

/** The store behind the routes: lowdb today, PostgreSQL later, without touching routes or services. */
export interface Store {
  init(): Promise<void>
  close(): Promise<void>
  /** run a mutation and persist it; resolves with the events once durable */
  commit(fn: (tx: Tx) => void): Promise<TicketEvent[]>
  /** brings an archived case back into the live set (a reopen); persisted with the next commit */
  restore(ticket: Ticket): Ticket
  getLiveTicket(id: string): Ticket | undefined
  getTicket(id: string): Promise<Ticket | undefined>
  liveTickets(): Iterable<Ticket>
  archivedTickets(month: string): Promise<Ticket[]>
  ticketForIdempotencyKey(key: string): string | undefined
  /** events after `seq` still kept for resuming clients, or null when `seq` is too old */
  eventsSince(seq: number): TicketEvent[] | null
  /** seq of the last durable event */
  readonly seq: number
  days(dates: string[]): Promise<Map<string, DayAggregate>>
  liveDay(date: string): DayAggregate | undefined
  broadcasts(): readonly BroadcastRecord[]
  getBroadcast(id: string): BroadcastRecord | undefined
  outbox(): readonly OutboundNotification[]
  webhook(groupId: string): GroupWebhook | undefined
  corrections(): readonly CorrectionRecord[]
  users(): readonly UserRecord[]
  putUser(user: UserRecord): Promise<void>
  isRevoked(jti: string): boolean
  revoke(jti: string, exp: number): Promise<void>
  putMedia(m: MediaRecord): Promise<void>
  getMedia(id: string): Promise<MediaRecord | undefined>
  readonly mediaDir: string
  /** many commits, one durable write at the end (loading before the server accepts work) */
  bulk(fn: () => Promise<void>): Promise<void>
  /** moves finished cases and old days out of the live file */
  archive(now?: number): Promise<number>
  /** bytes of the live file's last write, for metrics */
  stats(): { liveTickets: number; writes: number }
}

export type { DayAggregate }
