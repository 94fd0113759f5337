import type { Rates } from './domain/rates.ts'

/** Counts keyed by a label (category, town code, department id, group type). */
export type Counts = Record<string, number>

export interface DepartmentRank {
  departmentId: string
  name: string
  open: number
  overdue: number
  /** median hours from dispatch to reply, over the range; null when none replied */
  medianHours: number | null
  responseRate: number | null
}

/** Live figures for the wall, pushed as `stats` events and part of every snapshot. */
export interface LiveStats {
  at: string
  today: number
  open: number
  overdue: number
  closedToday: number
  rates: Rates
  byLevel1: Counts
  bySource: Counts
  openByTown: Counts
  hourlyToday: number[]
  hourlyYesterday: number[]
  departments: DepartmentRank[]
}

/** The answer of GET /api/stats?from=&to= (dates in Asia/Shanghai, inclusive). */
export interface RangeStats {
  from: string
  to: string
  totals: {
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
    open: number
    overdueNow: number
  }
  rates: Rates
  process: { signedOnTime: number | null; finishedOnTime: number | null; overdueNow: number }
  followUps: { valid: number; contacted: number; solved: number; satisfied: number; basic: number; dissatisfied: number }
  byLevel1: Counts
  byLevel2: Counts
  byTown: Counts
  byDepartment: Counts
  bySource: Counts
  byHour: number[]
  byDay: { date: string; reported: number; closed: number }[]
  departments: DepartmentRank[]
  /** level-2 kinds by median hours from dispatch to reply, slowest first */
  slowestKinds: { level2: string; medianHours: number; replied: number }[]
  /** level-2 kinds by number of returns, most first */
  mostReturnedKinds: { level2: string; returns: number }[]
}
