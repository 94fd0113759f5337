import { computeRates, ratio, emptyFollowUpTally, mergeTally } from '../../shared/domain/rates.ts'
import { isOpen } from '../../shared/domain/stateMachine.ts'
import { isOverdue } from '../../shared/domain/sla.ts'
import { DEPARTMENT_BY_ID } from '../../shared/domain/taxonomy.ts'
import { addDays, dateRange, shanghaiDate } from '../../shared/domain/time.ts'
import type { Counts, DepartmentRank, LiveStats, RangeStats } from '../../shared/stats.ts'
import type { Store } from '../store/types.ts'
import { addDay, bump, emptyDay, median, type DayAggregate } from './aggregates.ts'

/** Statistics from the incremental day counters plus a pass over the live (open) cases only. */
export class StatsService {
  constructor(private readonly store: Store, private readonly now: () => number = Date.now) {}

  /** What is open right now: counts by status-independent keys, from the live file. */
  #openNow() {
    const now = this.now()
    let open = 0
    let overdue = 0
    const openByTown: Counts = {}
    const openByDept: Counts = {}
    const overdueByDept: Counts = {}
    for (const t of this.store.liveTickets()) {
      if (!isOpen(t.status)) continue
      open++
      bump(openByTown, t.townCode)
      if (t.departmentId && t.status !== 'returned') bump(openByDept, t.departmentId)
      if (t.overdue || isOverdue(t, now)) {
        overdue++
        if (t.departmentId) bump(overdueByDept, t.departmentId)
      }
    }
    return { open, overdue, openByTown, openByDept, overdueByDept }
  }

  async #sum(from: string, to: string): Promise<DayAggregate> {
    const days = await this.store.days(dateRange(from, to))
    const total = emptyDay()
    for (const d of days.values()) addDay(total, d)
    return total
  }

  #ranking(sum: DayAggregate, openByDept: Counts, overdueByDept: Counts): DepartmentRank[] {
    const ids = new Set([...Object.keys(openByDept), ...Object.keys(sum.deptHandling), ...Object.keys(sum.byDepartment)])
    return [...ids]
      .map((id): DepartmentRank => {
        const h = sum.deptHandling[id]
        const f = h?.followUps ?? emptyFollowUpTally()
        return {
          departmentId: id,
          name: DEPARTMENT_BY_ID.get(id)?.short ?? id,
          open: openByDept[id] ?? 0,
          overdue: overdueByDept[id] ?? 0,
          medianHours: median(h?.hours ?? []),
          responseRate: computeRates(f).response,
        }
      })
      .sort((a, b) => b.open - a.open || b.overdue - a.overdue || a.name.localeCompare(b.name))
  }

  /** The wall's figures: today, open now, the rates over the last 30 days. */
  async live(): Promise<LiveStats> {
    const now = this.now()
    const today = shanghaiDate(now)
    const yesterday = addDays(today, -1)
    const days = await this.store.days(dateRange(addDays(today, -29), today))
    const month = emptyDay()
    for (const d of days.values()) addDay(month, d)
    const t = days.get(today) ?? emptyDay()
    const y = days.get(yesterday) ?? emptyDay()
    const openNow = this.#openNow()
    return {
      at: new Date(now).toISOString(),
      today: t.reported,
      open: openNow.open,
      overdue: openNow.overdue,
      closedToday: t.closed,
      rates: computeRates(month.followUps),
      byLevel1: month.byLevel1,
      bySource: month.bySource,
      openByTown: openNow.openByTown,
      hourlyToday: t.byHour,
      hourlyYesterday: y.byHour,
      departments: this.#ranking(month, openNow.openByDept, openNow.overdueByDept).slice(0, 12),
    }
  }

  /** GET /api/stats?from=&to= — dates in Asia/Shanghai, inclusive; default the last 30 days. */
  async range(fromIn?: string, toIn?: string): Promise<RangeStats> {
    const today = shanghaiDate(this.now())
    const to = toIn ?? today
    const from = fromIn ?? addDays(to, -29)
    const sum = await this.#sum(from, to)
    const openNow = this.#openNow()
    const days = await this.store.days(dateRange(from, to))
    const followUps = mergeTally(emptyFollowUpTally(), sum.followUps)
    return {
      from,
      to,
      totals: {
        reported: sum.reported,
        dispatched: sum.dispatched,
        replied: sum.replied,
        closed: sum.closed,
        closedSolved: sum.closedSolved,
        closedUnsolved: sum.closedUnsolved,
        noFollowUp: sum.noFollowUp,
        invalid: sum.invalid,
        merged: sum.merged,
        returned: sum.returned,
        open: openNow.open,
        overdueNow: openNow.overdue,
      },
      rates: computeRates(sum.followUps),
      process: {
        signedOnTime: ratio(sum.signedOnTime, sum.signed),
        finishedOnTime: ratio(sum.finishedOnTime, sum.finished),
        overdueNow: openNow.overdue,
      },
      followUps,
      byLevel1: sum.byLevel1,
      byLevel2: sum.byLevel2,
      byTown: sum.byTown,
      byDepartment: sum.byDepartment,
      bySource: sum.bySource,
      byHour: sum.byHour,
      byDay: dateRange(from, to).map((date) => ({ date, reported: days.get(date)?.reported ?? 0, closed: days.get(date)?.closed ?? 0 })),
      departments: this.#ranking(sum, openNow.openByDept, openNow.overdueByDept),
      slowestKinds: Object.entries(sum.level2Hours)
        .map(([level2, hours]) => ({ level2, medianHours: median(hours) ?? 0, replied: hours.length }))
        .sort((a, b) => b.medianHours - a.medianHours)
        .slice(0, 10),
      mostReturnedKinds: Object.entries(sum.returnsByLevel2)
        .map(([level2, returns]) => ({ level2, returns }))
        .sort((a, b) => b.returns - a.returns)
        .slice(0, 10),
    }
  }
}
