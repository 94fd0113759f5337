import { emptyFollowUpTally, mergeTally, type FollowUpTally } from '../../shared/domain/rates.ts'
import type { Counts } from '../../shared/stats.ts'

/**
 * Per-day counters (Asia/Shanghai days), kept incrementally as cases move so that statistics never
 * rescan history. A case counts as reported on the day it was filed, as closed on the day it closed.
 */
export interface DayAggregate {
  reported: number
  dispatched: number
  replied: number
  closed: number
  closedSolved: number
  closedUnsolved: number
  noFollowUp: number
  invalid: number
  merged: number
  returned: number
  signed: number
  signedOnTime: number
  finished: number
  finishedOnTime: number
  followUps: FollowUpTally
  byLevel1: Counts
  byLevel2: Counts
  byTown: Counts
  bySource: Counts
  /** cases dispatched to each department that day */
  byDepartment: Counts
  byHour: number[]
  /** per department: hours from dispatch to reply of the cases replied that day, and follow-ups */
  deptHandling: Record<string, { hours: number[]; followUps: FollowUpTally }>
  /** per level-2 kind: hours from dispatch to reply (for the slowest kinds) */
  level2Hours: Record<string, number[]>
  /** per level-2 kind: returns (for the most returned kinds) */
  returnsByLevel2: Counts
  /** reports per `${townCode}|${level2}` (the hotspot baseline) */
  byTownLevel2: Counts
}

export function emptyDay(): DayAggregate {
  return {
    reported: 0, dispatched: 0, replied: 0, closed: 0, closedSolved: 0, closedUnsolved: 0,
    noFollowUp: 0, invalid: 0, merged: 0, returned: 0, signed: 0, signedOnTime: 0, finished: 0,
    finishedOnTime: 0, followUps: emptyFollowUpTally(), byLevel1: {}, byLevel2: {}, byTown: {},
    bySource: {}, byDepartment: {}, byHour: Array.from({ length: 24 }, () => 0), deptHandling: {},
    level2Hours: {}, returnsByLevel2: {}, byTownLevel2: {},
  }
}

export function bump(counts: Counts, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by
}

export function deptHandling(day: DayAggregate, departmentId: string) {
  return (day.deptHandling[departmentId] ??= { hours: [], followUps: emptyFollowUpTally() })
}

const NUMERIC_KEYS = [
  'reported', 'dispatched', 'replied', 'closed', 'closedSolved', 'closedUnsolved', 'noFollowUp',
  'invalid', 'merged', 'returned', 'signed', 'signedOnTime', 'finished', 'finishedOnTime',
] as const

const COUNT_KEYS = ['byLevel1', 'byLevel2', 'byTown', 'bySource', 'byDepartment', 'returnsByLevel2', 'byTownLevel2'] as const

/** Adds `day` into `into` (used to sum a date range). */
export function addDay(into: DayAggregate, day: DayAggregate): DayAggregate {
  for (const k of NUMERIC_KEYS) into[k] += day[k]
  // days stored by an earlier version may lack newer counters
  for (const k of COUNT_KEYS) for (const [key, n] of Object.entries(day[k] ?? {})) bump(into[k], key, n)
  mergeTally(into.followUps, day.followUps)
  day.byHour.forEach((n, h) => { into.byHour[h] = (into.byHour[h] ?? 0) + n })
  for (const [kind, hours] of Object.entries(day.level2Hours ?? {})) (into.level2Hours[kind] ??= []).push(...hours)
  for (const [dept, h] of Object.entries(day.deptHandling)) {
    const target = deptHandling(into, dept)
    target.hours.push(...h.hours)
    mergeTally(target.followUps, h.followUps)
  }
  return into
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
