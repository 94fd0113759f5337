import { randomUUID } from 'node:crypto'
import { retryDelayMs, type GroupWebhook, type OutboundNotification, type WebhookFormat } from '../../shared/domain/notification.ts'
import { DEPARTMENT_BY_ID } from '../../shared/domain/taxonomy.ts'
import type { Ticket } from '../../shared/domain/types.ts'
import type { Logger } from '../logger.ts'
import type { Store, Tx } from '../store/types.ts'
import type { Bus } from './bus.ts'

const MAX_IN_FLIGHT = 4
const TIMEOUT_MS = 5000
/** On the timeline: the first failure, then every tenth, so a dead endpoint does not flood it. */
const LOG_EVERY_FAILURES = 10

export interface NotifierOptions {
  store: Store
  bus: Bus
  logger: Logger
  defaultWebhook?: GroupWebhook
  now?: () => number
  tickMs?: number
}

/**
 * Feedback back to the group: when a department replies or a case closes, a notification is queued
 * in the same durable commit as the change (the outbox), then delivered to the group's robot URL
 * (its own, or GROUP_WEBHOOK_URL). Delivery is in order per case, retried with backoff (1 s, 2 s …
 * capped at 60 s), and logged on the case timeline. A dead endpoint never blocks other cases.
 */
export class Notifier {
  readonly #o: NotifierOptions
  readonly #now: () => number
  #inFlight = new Set<string>()
  #timer: NodeJS.Timeout | null = null
  #stopped = false

  constructor(o: NotifierOptions) {
    this.#o = o
    this.#now = o.now ?? Date.now
  }

  webhookFor(groupId: string): GroupWebhook | undefined {
    return this.#o.store.webhook(groupId) ?? this.#o.defaultWebhook
  }

  /** Called inside a ticket commit: queue the answer for the reporting group (and merged ones). */
  enqueueFor(tx: Tx, t: Ticket, event: OutboundNotification['event'], text: string, groupIds: string[]): void {
    for (const groupId of new Set(groupIds)) {
      if (!this.webhookFor(groupId)) continue
      tx.enqueue({
        id: randomUUID(), ticketId: t.id, groupId, event, title: t.title, text, status: t.status,
        ...(t.departmentId ? { departmentId: t.departmentId } : {}),
        createdAt: new Date(this.#now()).toISOString(), attempts: 0, nextAt: 0,
      })
    }
  }

  start(): void {
    this.#stopped = false
    this.#timer = setInterval(() => this.pump(), this.#o.tickMs ?? 250)
    this.#o.bus.on('tickets', this.#onTickets)
  }

  stop(): void {
    this.#stopped = true
    if (this.#timer) clearInterval(this.#timer)
    this.#o.bus.off('tickets', this.#onTickets)
  }

  #onTickets = () => this.pump()

  /** Starts deliveries that are due: the oldest pending notification of each case, a few at a time. */
  pump(): void {
    if (this.#stopped) return
    const now = this.#now()
    const headOfCase = new Set<string>()
    for (const n of this.#o.store.outbox()) {
      if (this.#inFlight.size >= MAX_IN_FLIGHT) break
      if (headOfCase.has(n.ticketId)) continue
      headOfCase.add(n.ticketId)
      if (this.#inFlight.has(n.id) || n.nextAt > now) continue
      this.#inFlight.add(n.id)
      void this.#deliver(n).finally(() => this.#inFlight.delete(n.id))
    }
  }

  async #deliver(n: OutboundNotification): Promise<void> {
    const hook = this.webhookFor(n.groupId)
    let error: string | undefined
    if (!hook) {
      error = '群未配置机器人地址'
    } else {
      try {
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-echo365-delivery': n.id, 'x-echo365-event': n.event },
          body: JSON.stringify(payload(n, hook.format)),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        })
        if (!res.ok) error = `HTTP ${res.status}`
        await res.body?.cancel()
      } catch (err) {
        error = (err as Error).name === 'TimeoutError' ? '超时' : '无法连接'
      }
    }
    if (this.#stopped) return
    try {
      await this.#record(n, error)
    } catch (err) {
      this.#o.logger.error({ err }, 'recording a delivery failed')
    }
  }

  async #record(n: OutboundNotification, error: string | undefined): Promise<void> {
    const attempts = n.attempts + 1
    const at = new Date(this.#now()).toISOString()
    const events = await this.#o.store.commit((tx) => {
      const ticket = this.#o.store.getLiveTicket(n.ticketId)
      const log = (note: string) => {
        if (!ticket) return
        ticket.timeline.push({ at, actor: 'system', actorName: '系统', action: 'notify', note })
        ticket.version++
        ticket.updatedAt = at
        tx.putTicket(ticket, 'updated')
      }
      if (!error) {
        tx.dropNotification(n.id)
        log(`${EVENT_LABEL[n.event]}已推送至群（第 ${attempts} 次投递成功）`)
        return
      }
      const next = { ...n, attempts, nextAt: this.#now() + retryDelayMs(attempts), lastError: error }
      tx.updateNotification(next)
      if (attempts === 1 || attempts % LOG_EVERY_FAILURES === 0) {
        log(`${EVENT_LABEL[n.event]}推送失败（${error}），第 ${attempts} 次，${Math.round(retryDelayMs(attempts) / 1000)} 秒后重试`)
      }
    })
    if (events.length) this.#o.bus.emit('tickets', events)
  }
}

const EVENT_LABEL: Record<OutboundNotification['event'], string> = {
  'ticket.replied': '答复',
  'ticket.closed': '办结',
}

/** The body sent to a group's robot: generic JSON, or the WeCom group-robot markdown message. */
export function payload(n: OutboundNotification, format: WebhookFormat): unknown {
  const department = DEPARTMENT_BY_ID.get(n.departmentId ?? '')?.name
  if (format === 'wecom') {
    const lines = [
      `**【事事有回音】${n.event === 'ticket.replied' ? '您反映的问题已答复' : '您反映的问题已办结'}**`,
      `> 工单：${n.ticketId}「${n.title}」`,
      ...(department ? [`> 承办：${department}`] : []),
      `> ${n.event === 'ticket.replied' ? '答复' : '结果'}：${n.text}`,
    ]
    return { msgtype: 'markdown', markdown: { content: lines.join('\n') } }
  }
  return {
    event: n.event, ticketId: n.ticketId, groupId: n.groupId, title: n.title, text: n.text,
    status: n.status, department: department ?? null, at: n.createdAt, deliveryId: n.id,
  }
}
