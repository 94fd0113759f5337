import { addFollowUp, computeRates, emptyFollowUpTally, type FollowUpTally, type Rates } from '../../../../shared/domain/rates.ts'
import { isOverdue } from '../../../../shared/domain/sla.ts'
import type { Ticket } from '../../../../shared/domain/types.ts'

/** The department's queue, in the order it must be worked: 超时 → 待签收 → 处置中 → recent finished. */
export type SectionKey = 'overdue' | 'sign' | 'handle' | 'done'

export interface QueueSection {
  key: SectionKey
  label: string
  tickets: Ticket[]
}

export const SECTION_LABELS: Readonly<Record<SectionKey, string>> = {
  overdue: '超时',
  sign: '待签收',
  handle: '处置中',
  done: '最近已答复 / 已办结',
}

/** Still with the department and past a time limit (the flag, or the clock when the scan has not run yet). */
export function isLate(t: Ticket, now: number): boolean {
  return (t.status === 'dispatched' || t.status === 'accepted') && (t.overdue || isOverdue(t, now))
}

export function sectionOf(t: Ticket, now: number): SectionKey {
  if (isLate(t, now)) return 'overdue'
  if (t.status === 'dispatched') return 'sign'
  if (t.status === 'accepted') return 'handle'
  return 'done'
}

/** The time limit that matters now: signing while dispatched, handling once signed. */
export function activeDeadline(t: Ticket): { kind: '签收' | '办理'; at: string } | null {
  if (t.status === 'dispatched') {
    // a case signed late still has its handling limit; before signing, the nearer limit counts
    if (t.signDeadline) return { kind: '签收', at: t.signDeadline }
    return t.handleDeadline ? { kind: '办理', at: t.handleDeadline } : null
  }
  if (t.status === 'accepted' && t.handleDeadline) return { kind: '办理', at: t.handleDeadline }
  return null
}

const deadlineMs = (t: Ticket) => {
  const d = activeDeadline(t)
  const ms = d ? Date.parse(d.at) : NaN
  return Number.isFinite(ms) ? ms : Infinity
}
const byDeadline = (a: Ticket, b: Ticket) => deadlineMs(a) - deadlineMs(b) || (a.id < b.id ? -1 : 1)
const byUpdated = (a: Ticket, b: Ticket) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0)

/** Sections in working order; the open ones by the nearest deadline, the finished ones newest first. */
export function buildQueue(tickets: Iterable<Ticket>, now: number, recentLimit = 30): QueueSection[] {
  const by: Record<SectionKey, Ticket[]> = { overdue: [], sign: [], handle: [], done: [] }
  for (const t of tickets) by[sectionOf(t, now)].push(t)
  // supervised cases first among the overdue: the chief is already asking about them
  by.overdue.sort((a, b) => b.supervise - a.supervise || byDeadline(a, b))
  by.sign.sort(byDeadline)
  by.handle.sort(byDeadline)
  by.done.sort(byUpdated)
  return (['overdue', 'sign', 'handle', 'done'] as const).map((key) => ({
    key,
    label: SECTION_LABELS[key],
    tickets: key === 'done' ? by.done.slice(0, recentLimit) : by[key],
  }))
}

export interface DeptFigures {
  sign: number
  handle: number
  overdue: number
  /** the follow-ups the rates are computed from */
  tally: FollowUpTally
  rates: Rates
}

/**
 * The department's own figures from its cases: counts of open work, and the three rates over its
 * closed cases' follow-ups (cases closed for lack of a follow-up are left out, as everywhere).
 */
export function deptFigures(tickets: Iterable<Ticket>, departmentId: string, now: number): DeptFigures {
  const tally = emptyFollowUpTally()
  let sign = 0
  let handle = 0
  let overdue = 0
  for (const t of tickets) {
    if (t.departmentId !== departmentId) continue
    if (isLate(t, now)) overdue++
    if (t.status === 'dispatched') sign++
    else if (t.status === 'accepted') handle++
    else if (t.status === 'closed' && t.followUp && !t.noFollowUp) addFollowUp(tally, t.followUp)
  }
  return { sign, handle, overdue, tally, rates: computeRates(tally) }
}
