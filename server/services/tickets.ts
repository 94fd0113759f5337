import type { z } from 'zod'
import { actionSchemas, type ActionBodies, type ReportBody } from '../../shared/schemas.ts'
import {
  NO_FOLLOW_UP_MS, STATUS_LABELS, TRANSITIONS, afterReturn, checkTransition, isOpen, roleMayAct,
} from '../../shared/domain/stateMachine.ts'
import { DEFAULT_SLA, deadlines, isOverdue, type SlaRules } from '../../shared/domain/sla.ts'
import { DEPARTMENT_BY_ID, townOfficeId } from '../../shared/domain/taxonomy.ts'
import { addFollowUp } from '../../shared/domain/rates.ts'
import { HOUR_MS, shanghaiDate, shanghaiHour } from '../../shared/domain/time.ts'
import type { MediaRef, Ticket, TicketAction, TimelineEvent } from '../../shared/domain/types.ts'
import type { TicketEvent } from '../../shared/events.ts'
import { ApiError, conflict, forbidden, fromZod, notFound } from '../http/errors.ts'
import type { Store, Tx, UserRecord } from '../store/types.ts'
import { bump, deptHandling } from './aggregates.ts'
import type { Bus } from './bus.ts'
import type { Directory } from './directory.ts'
import { ticketVisibleTo } from '../../shared/domain/access.ts'
import { maskPII } from '../../shared/domain/mask.ts'
import { SATISFACTION_LABELS, SUPERVISE_LABELS } from '../../shared/ui/labels.ts'
import { placeOfResolved, resolvePlace } from './place.ts'
import { findDuplicate } from '../../shared/routing/duplicates.ts'
import { textVector } from '../../shared/routing/similarity.ts'
import { VectorCache } from './vectorCache.ts'
import type { Router } from './router.ts'
import type { Notifier } from './notifier.ts'

export interface TicketServiceOptions {
  store: Store
  directory: Directory
  router: Router
  bus: Bus
  sla?: SlaRules
  now?: () => number
  /** queues feedback to the reporting groups in the same commit as the change */
  notifier?: Pick<Notifier, 'enqueueFor'>
  /** dispatch suggestions at or above this confidence without the chief (AUTO_DISPATCH=on) */
  autoDispatch?: { minConfidence: number }
}

/** The closed loop: filing reports and every transition of the shared state machine. */
export class TicketService {
  readonly #store: Store
  readonly #dir: Directory
  readonly #router: Router
  readonly #bus: Bus
  readonly #sla: SlaRules
  readonly #now: () => number
  readonly #notifier: TicketServiceOptions['notifier']
  readonly #autoDispatch: TicketServiceOptions['autoDispatch']
  readonly #vectors: VectorCache

  now(): number {
    return this.#now()
  }

  /** The same service on another clock (the demo feed replays history with it). */
  withClock(now: () => number): TicketService {
    return new TicketService({ store: this.#store, directory: this.#dir, router: this.#router, bus: this.#bus, sla: this.#sla, now, ...(this.#notifier ? { notifier: this.#notifier } : {}), ...(this.#autoDispatch ? { autoDispatch: this.#autoDispatch } : {}) })
  }

  constructor(o: TicketServiceOptions) {
    this.#store = o.store
    this.#dir = o.directory
    this.#router = o.router
    this.#bus = o.bus
    this.#sla = o.sla ?? DEFAULT_SLA
    this.#now = o.now ?? Date.now
    this.#notifier = o.notifier
    this.#autoDispatch = o.autoDispatch
    this.#vectors = o.router.vectors ?? new VectorCache()
  }

  /** Files a report. Repeating an idempotency key returns the case it created, and creates nothing. */
  async report(user: UserRecord, body: ReportBody): Promise<{ ticket: Ticket; replayed: boolean }> {
    if (user.role !== 'reporter' && user.role !== 'chief') throw forbidden('只有群网长或总网长可以上报')
    const idemKey = body.idempotencyKey ? `${user.id}:${body.idempotencyKey}` : undefined
    if (idemKey) {
      const existing = this.#store.ticketForIdempotencyKey(idemKey)
      const ticket = existing ? await this.#store.getTicket(existing) : undefined
      if (ticket) return { ticket, replayed: true }
    }
    const groupId = user.role === 'reporter' ? user.groupId : body.groupId
    const group = groupId ? this.#dir.groupById.get(groupId) : undefined
    if (!group) {
      throw new ApiError('bad_request', '请求内容不合法', { groupId: user.role === 'chief' ? '总网长代报需指定来源群 groupId' : '账号未绑定群' })
    }
    const explicit = Boolean(body.gridId || body.communityCode || body.townCode)
    const given = resolvePlace(this.#dir, group, body)
    const media = await this.#media(body.mediaIds, 'mediaIds')
    const now = this.#now()
    const at = new Date(now).toISOString()
    const text = `${body.title ?? ''} ${body.content}`
    const routed = this.#router.suggest(text, { townCode: given.townCode, communityCode: given.communityCode }, explicit)
    // a place named in the text beats the group's grid; a place picked in the form beats both
    const place = explicit || routed.place.source !== 'text' ? given : placeOfResolved(this.#dir, group, routed.place)
    const { priority, place: resolved, ...sugg } = routed
    const duplicateOf = findDuplicate(textVector(text), place, this.#duplicateCandidates(), now)
    if (duplicateOf) sugg.reasons.push(`疑似重复：与 ${duplicateOf.id} 相似度 ${duplicateOf.similarity.toFixed(2)}（同地 72 小时内）`)
    const auto = this.#autoDispatch && !duplicateOf && sugg.confidence >= this.#autoDispatch.minConfidence
    let created: Ticket | undefined
    await this.#commit((tx) => {
      const date = shanghaiDate(now)
      const ticket: Ticket = {
        id: tx.nextTicketId(date),
        title: body.title?.trim() || deriveTitle(body.content),
        content: body.content,
        level1: sugg.level1,
        level2: sugg.level2,
        suggestion: sugg,
        groupId: group.id,
        groupType: group.type,
        reporterId: user.id,
        ...place,
        place: { source: explicit ? 'body' : resolved.source, matched: resolved.matched, reason: resolved.reason },
        ...(duplicateOf ? { duplicateOf } : {}),
        ...(body.contact ? { contact: body.contact } : {}),
        media,
        priority,
        status: 'reported',
        createdAt: at,
        updatedAt: at,
        overdue: false,
        supervise: 0,
        returnCount: 0,
        reopenCount: 0,
        version: 1,
        mergedFrom: [],
        timeline: [{ at, actor: user.id, actorName: user.name, action: 'report', to: 'reported', note: `来源：${group.name}` }],
      }
      const day = tx.day(date)
      day.reported++
      bump(day.byLevel1, ticket.level1)
      bump(day.byLevel2, ticket.level2)
      bump(day.byTown, ticket.townCode)
      bump(day.bySource, ticket.groupType)
      bump(day.byTownLevel2, `${ticket.townCode}|${ticket.level2}`)
      day.byHour[shanghaiHour(now)] = (day.byHour[shanghaiHour(now)] ?? 0) + 1
      if (idemKey) tx.rememberIdempotency(idemKey, ticket.id)
      tx.putTicket(ticket, 'created')
      if (auto) {
        ticket.autoDispatched = true
        this.#apply(tx, SMART_ROUTING, ticket, 'dispatch', { departmentId: sugg.departmentId, note: `智能分拨（置信度 ${sugg.confidence.toFixed(2)}）` }, {}, now)
      }
      created = ticket
    })
    return { ticket: created as Ticket, replayed: false }
  }

  /** Looks a ticket up for a user: 404 when unknown or outside the user's scope. */
  async get(user: UserRecord, id: string): Promise<Ticket> {
    const t = await this.#store.getTicket(id)
    if (!t || !ticketVisibleTo(user, t)) throw notFound('未找到该诉求')
    return t
  }

  /**
   * Applies an action. Checks in the order the design fixes: 403 (role may never), 404 (unknown or
   * out of scope), 400 (bad body), 409 (illegal from the current state, or a stale expectedVersion).
   */
  async act(user: UserRecord, id: string, action: TicketAction, rawBody: unknown): Promise<Ticket> {
    if (!roleMayAct(user.role, action)) throw forbidden(`当前角色不能${TRANSITIONS[action].label}`)
    const found = this.#store.getLiveTicket(id) ?? (await this.#store.getTicket(id))
    if (!found || !ticketVisibleTo(user, found)) throw notFound('未找到该诉求')
    const body = parseBody(action, rawBody)
    const extra = await this.#validateRefs(action, body, id)
    // re-read after the awaits above: another request may have moved the case meanwhile
    const live = this.#store.getLiveTicket(id)
    const ticket = live ?? found
    if (body.expectedVersion !== undefined && body.expectedVersion !== ticket.version) {
      throw conflict(`版本已变化（当前 ${ticket.version}），请刷新后重试`)
    }
    const now = this.#now()
    const legal = checkTransition(ticket, action, now)
    if (!legal.ok) throw conflict(legal.reason)
    if (extra.master && !isOpen(extra.master.status)) throw conflict(`主件 ${extra.master.id} 已不能并入`)
    // an archived case that may still move (a reopen within 7 days) comes back into the live set
    if (!live) this.#store.restore(ticket)
    let result: Ticket = ticket
    await this.#commit((tx) => {
      result = this.#apply(tx, user, ticket, action, body, extra, now)
    })
    return result
  }

  /** Overdue flags and the 7-day no-follow-up close. Run periodically. */
  async scan(): Promise<{ overdue: string[]; autoClosed: string[] }> {
    const now = this.#now()
    const at = new Date(now).toISOString()
    const overdue: string[] = []
    const autoClosed: string[] = []
    for (const t of this.#store.liveTickets()) {
      if (!t.overdue && isOverdue(t, now)) overdue.push(t.id)
      if (t.status === 'replied' && t.repliedAt && now - Date.parse(t.repliedAt) > NO_FOLLOW_UP_MS) autoClosed.push(t.id)
    }
    if (overdue.length === 0 && autoClosed.length === 0) return { overdue, autoClosed }
    await this.#commit((tx) => {
      for (const id of overdue) {
        const t = this.#store.getLiveTicket(id)
        if (!t || t.overdue || !isOverdue(t, now)) continue
        const signing = t.status === 'dispatched' && t.signDeadline && now > Date.parse(t.signDeadline)
        this.#touch(tx, t, { at, actor: 'system', actorName: '系统', action: 'overdue', note: signing ? '超过签收时限' : '超过办理时限' }, () => {
          t.overdue = true
        })
      }
      for (const id of autoClosed) {
        const t = this.#store.getLiveTicket(id)
        if (!t || t.status !== 'replied') continue
        const day = tx.day(shanghaiDate(now))
        day.closed++
        day.noFollowUp++
        this.#touch(tx, t, { at, actor: 'system', actorName: '系统', action: 'auto-close', from: 'replied', to: 'closed', note: '答复后 7 天无回访，自动办结（不计入三率）' }, () => {
          t.status = 'closed'
          t.closedAt = at
          t.noFollowUp = true
        })
        this.#notify(tx, t, 'ticket.closed', `已办结（7 天未回访自动办结）。${t.reply ? `答复：${t.reply.content}` : ''}`)
      }
    })
    for (const id of overdue) {
      const t = this.#store.getLiveTicket(id)
      if (t?.overdue) {
        this.#bus.emit('alert', {
          id: `overdue-${id}-${t.version}`,
          kind: 'overdue',
          level: t.priority === 'emergency' ? 'critical' : 'warn',
          message: `${id}「${maskPII(t.title)}」已超时（${DEPARTMENT_BY_ID.get(t.departmentId ?? '')?.short ?? '未派单'}）`,
          ticketIds: [id],
          at,
        })
      }
    }
    return { overdue, autoClosed }
  }

  /** Open cases as duplicate candidates; a vector is computed (and cached) only for those that pass the cheap filters. */
  *#duplicateCandidates() {
    for (const t of this.#store.liveTickets()) {
      if (t.status === 'closed' || t.status === 'invalid' || t.status === 'merged' || t.status === 'replied') continue
      yield { id: t.id, status: t.status, townCode: t.townCode, communityCode: t.communityCode, createdAt: t.createdAt, vector: () => this.#vectors.of(t) }
    }
  }

  async #commit(fn: (tx: Tx) => void): Promise<TicketEvent[]> {
    const events = await this.#store.commit(fn)
    if (events.length) this.#bus.emit('tickets', events)
    return events
  }

  #apply(tx: Tx, user: UserRecord, t: Ticket, action: TicketAction, body: ActionBodies[TicketAction], extra: Extra, now: number): Ticket {
    const at = new Date(now).toISOString()
    const day = tx.day(shanghaiDate(now))
    const from = t.status
    const entry: TimelineEvent = { at, actor: user.id, actorName: user.name, action, from }
    const setStatus = (to: Ticket['status']) => {
      t.status = to
      entry.to = to
    }
    const dispatchTo = (departmentId: string) => {
      t.departmentId = departmentId
      t.dispatchedAt = at
      Object.assign(t, deadlines(at, t.priority, this.#sla))
      t.overdue = false
      t.supervise = 0
      entry.departmentId = departmentId
      setStatus('dispatched')
      day.dispatched++
      bump(day.byDepartment, departmentId)
    }
    switch (action) {
      case 'dispatch': {
        const b = body as ActionBodies['dispatch']
        dispatchTo(b.departmentId)
        entry.note = b.note ?? (b.departmentId === t.suggestion.departmentId ? '按建议派单' : '改派')
        break
      }
      case 'accept': {
        // the chief routed it elsewhere than suggested (改派, or after a return) and the department
        // accepted: a confirmed correction to learn from. An unconfirmed one (returned) teaches nothing.
        if (t.departmentId && t.departmentId !== t.suggestion.departmentId) {
          tx.addCorrection({ ticketId: t.id, text: `${t.title} ${t.content}`.slice(0, 600), departmentId: t.departmentId, level2: t.level2, at })
        }
        t.acceptedAt = at
        day.signed++
        if (!t.signDeadline || now <= Date.parse(t.signDeadline)) day.signedOnTime++
        else entry.note = '超时签收'
        setStatus('accepted')
        break
      }
      case 'return': {
        const b = body as ActionBodies['return']
        day.returned++
        bump(day.returnsByLevel2, t.level2)
        entry.note = b.reason
        const next = afterReturn(t.returnCount)
        t.returnCount++
        const townOffice = townOfficeId(t.townCode)
        if (next === 'town-office' && t.departmentId !== townOffice) {
          entry.note = `${b.reason}（第 ${t.returnCount} 次退单，由属地${DEPARTMENT_BY_ID.get(townOffice)?.short ?? '镇街'}兜底）`
          dispatchTo(townOffice)
        } else {
          setStatus('returned')
        }
        break
      }
      case 'reply': {
        const b = body as ActionBodies['reply']
        t.reply = { content: b.content, media: extra.media ?? [], at, by: user.id }
        t.repliedAt = at
        t.overdue = false
        day.replied++
        day.finished++
        if (!t.handleDeadline || now <= Date.parse(t.handleDeadline)) day.finishedOnTime++
        if (t.dispatchedAt) {
          const hours = Math.round(((now - Date.parse(t.dispatchedAt)) / HOUR_MS) * 10) / 10
          if (t.departmentId) deptHandling(day, t.departmentId).hours.push(hours)
          ;(day.level2Hours[t.level2] ??= []).push(hours)
        }
        entry.note = b.content
        setStatus('replied')
        this.#echoToMerged(tx, t, at, `主件已答复：${b.content}`)
        this.#notify(tx, t, 'ticket.replied', b.content)
        break
      }
      case 'close': {
        const b = body as ActionBodies['close']
        t.followUp = { contacted: b.contacted, solved: b.solved, satisfaction: b.satisfaction, by: user.role === 'chief' ? 'chief' : 'reporter', at }
        t.closedAt = at
        day.closed++
        if (b.solved) day.closedSolved++
        else day.closedUnsolved++
        addFollowUp(day.followUps, b)
        if (t.departmentId) addFollowUp(deptHandling(day, t.departmentId).followUps, b)
        entry.note = `${b.contacted ? '已联系' : '未联系'}，${b.solved ? '已解决' : '未解决'}，${SATISFACTION_LABELS[b.satisfaction]}${user.role === 'chief' ? '（电话回访）' : ''}${b.note ? `：${b.note}` : ''}`
        setStatus('closed')
        this.#echoToMerged(tx, t, at, '主件已办结')
        this.#notify(tx, t, 'ticket.closed', `已办结。${t.reply ? `答复：${t.reply.content}` : ''}`)
        break
      }
      case 'reopen': {
        const b = body as ActionBodies['reopen']
        t.reopenCount++
        delete t.followUp
        delete t.closedAt
        delete t.reply
        entry.note = b.reason
        dispatchTo(t.departmentId ?? townOfficeId(t.townCode))
        break
      }
      case 'supervise': {
        const b = body as ActionBodies['supervise']
        t.supervise = Math.min(3, t.supervise + 1) as Ticket['supervise']
        entry.note = `${SUPERVISE_LABELS[t.supervise]}：${b.note}`
        break
      }
      case 'merge': {
        const master = extra.master as Ticket
        t.mergedInto = master.id
        entry.note = `并入 ${master.id}`
        day.merged++
        setStatus('merged')
        master.mergedFrom = [...master.mergedFrom, t.id]
        master.version++
        master.updatedAt = at
        master.timeline.push({ at, actor: user.id, actorName: user.name, action: 'merge', note: `${t.id} 并入本件` })
        tx.putTicket(master, 'updated')
        break
      }
      case 'invalidate': {
        const b = body as ActionBodies['invalidate']
        day.invalid++
        entry.note = b.reason
        setStatus('invalid')
        break
      }
    }
    t.version++
    t.updatedAt = at
    t.timeline.push(entry)
    tx.putTicket(t, 'updated')
    if (action === 'supervise') {
      this.#bus.emit('alert', {
        id: `supervise-${t.id}-${t.version}`, kind: 'supervise', level: t.supervise >= 2 ? 'critical' : 'warn',
        message: `${t.id} ${SUPERVISE_LABELS[t.supervise]}（${STATUS_LABELS[t.status]}）`, ticketIds: [t.id], at,
      })
    }
    return t
  }

  /** Feedback back to the group: the reporting group and the groups of every merged duplicate. */
  #notify(tx: Tx, t: Ticket, event: 'ticket.replied' | 'ticket.closed', text: string): void {
    if (!this.#notifier) return
    const groups = [t.groupId, ...t.mergedFrom.map((id) => this.#store.getLiveTicket(id)?.groupId).filter((g): g is string => Boolean(g))]
    this.#notifier.enqueueFor(tx, t, event, text, groups)
  }

  /** Every merged duplicate gets its master's answer on its own timeline, so its reporter sees it. */
  #echoToMerged(tx: Tx, master: Ticket, at: string, note: string): void {
    for (const childId of master.mergedFrom) {
      const child = this.#store.getLiveTicket(childId)
      if (!child) continue
      this.#touch(tx, child, { at, actor: 'system', actorName: '系统', action: 'merged-answer', note: `${master.id}：${note}` }, () => undefined)
    }
  }

  #touch(tx: Tx, t: Ticket, entry: TimelineEvent, change: () => void): void {
    change()
    t.version++
    t.updatedAt = entry.at
    t.timeline.push(entry)
    tx.putTicket(t, 'updated')
  }

  async #validateRefs(action: TicketAction, body: ActionBodies[TicketAction], id: string): Promise<Extra> {
    if (action === 'dispatch') {
      const b = body as ActionBodies['dispatch']
      if (!DEPARTMENT_BY_ID.has(b.departmentId)) throw new ApiError('bad_request', '请求内容不合法', { departmentId: '未知部门' })
    }
    if (action === 'reply') {
      return { media: await this.#media((body as ActionBodies['reply']).mediaIds, 'mediaIds') }
    }
    if (action === 'merge') {
      const intoId = (body as ActionBodies['merge']).intoId
      if (intoId === id) throw new ApiError('bad_request', '请求内容不合法', { intoId: '不能并入自身' })
      const master = this.#store.getLiveTicket(intoId)
      if (!master) throw new ApiError('bad_request', '请求内容不合法', { intoId: '主件不存在' })
      if (!isOpen(master.status)) throw conflict(`主件 ${intoId} 状态为「${STATUS_LABELS[master.status]}」，不能并入`)
      return { master }
    }
    return {}
  }

  async #media(ids: string[] | undefined, field: string): Promise<MediaRef[]> {
    const out: MediaRef[] = []
    for (const id of ids ?? []) {
      const m = await this.#store.getMedia(id)
      if (!m) throw new ApiError('bad_request', '请求内容不合法', { [field]: `未知附件 ${id}` })
      out.push({ id: m.id, kind: m.kind, mime: m.mime, size: m.size, url: `/api/media/${m.id}` })
    }
    return out
  }
}

interface Extra { media?: MediaRef[]; master?: Ticket }


/** The actor of automatic dispatches. */
const SMART_ROUTING: UserRecord = { id: 'system', username: 'system', name: '智能分拨', role: 'chief', passwordHash: '' }

function parseBody<A extends TicketAction>(action: A, raw: unknown): ActionBodies[A] {
  const schema: z.ZodType = actionSchemas[action]
  const parsed = schema.safeParse(raw ?? {})
  if (!parsed.success) throw fromZod(parsed.error)
  return parsed.data as ActionBodies[A]
}

/**
 * A title from the text: its first sentence, cut to 20 characters. Built from the masked text and
 * never ending inside a number, so a cut phone number cannot escape masking on public screens.
 */
function deriveTitle(content: string): string {
  const masked = maskPII(content)
  const first = masked.split(/[。！？!?\n]/)[0]?.trim() ?? ''
  const source = first || masked
  const cut = source.slice(0, 20)
  return source.length > 20 && /\d$/.test(cut) && /^\d/.test(source.slice(20)) ? cut.replace(/[\d*]+$/, '').trimEnd() || cut : cut
}
