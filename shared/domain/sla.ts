import type { Priority } from './types.ts'
import { DAY_MS, HOUR_MS } from './time.ts'

/**
 * Time limits from 12345 hotline practice (DESIGN.md "Time limits"). A limit starts at dispatch.
 * Configurable: the server may override these from its settings.
 */
export interface SlaRules {
  signMs: number
  handleMs: Record<Priority, number>
  returnMs: number
}

export const DEFAULT_SLA: SlaRules = {
  signMs: 2 * HOUR_MS,
  handleMs: {
    emergency: 2 * HOUR_MS,
    utility: 24 * HOUR_MS,
    general: 7 * DAY_MS,
    complex: 15 * DAY_MS,
  },
  returnMs: DAY_MS,
}

export function deadlines(dispatchedAt: string, priority: Priority, rules: SlaRules = DEFAULT_SLA) {
  const t = Date.parse(dispatchedAt)
  return {
    signDeadline: new Date(t + rules.signMs).toISOString(),
    handleDeadline: new Date(t + rules.handleMs[priority]).toISOString(),
  }
}

export interface SlaView {
  status: string
  signDeadline?: string
  handleDeadline?: string
}

/** Overdue (超时): not signed by the sign deadline, or not answered by the handle deadline. */
export function isOverdue(t: SlaView, now: number = Date.now()): boolean {
  if (t.status === 'dispatched' && t.signDeadline && now > Date.parse(t.signDeadline)) return true
  if ((t.status === 'dispatched' || t.status === 'accepted') && t.handleDeadline && now > Date.parse(t.handleDeadline)) {
    return true
  }
  return false
}
