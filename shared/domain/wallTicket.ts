import { maskPII } from './mask.ts'
import type { Ticket } from './types.ts'

/**
 * What the public wall keeps of a case: enough for the flow, the map and the counters, nothing a
 * resident wrote beyond the masked title. The detail panel fetches the full case on click (masked or
 * not, by who is logged in). A summary is ~10× smaller than the case, so the wall's snapshot and its
 * stream of events stay small on a screen that runs for weeks.
 */
export type WallTicket = Pick<
  Ticket,
  | 'id' | 'title' | 'level1' | 'level2' | 'groupType' | 'townCode' | 'communityCode' | 'point' | 'priority'
  | 'status' | 'departmentId' | 'createdAt' | 'updatedAt' | 'overdue' | 'supervise' | 'version'
  | 'duplicateOf' | 'autoDispatched' | 'mergedInto'
>

export function toWallTicket(t: Ticket): WallTicket {
  const w: WallTicket = {
    id: t.id,
    title: maskPII(t.title),
    level1: t.level1,
    level2: t.level2,
    groupType: t.groupType,
    townCode: t.townCode,
    communityCode: t.communityCode,
    priority: t.priority,
    status: t.status,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    overdue: t.overdue,
    supervise: t.supervise,
    version: t.version,
  }
  // optional fields only when set, so the JSON carries no nulls
  if (t.point) w.point = t.point
  if (t.departmentId) w.departmentId = t.departmentId
  if (t.duplicateOf) w.duplicateOf = t.duplicateOf
  if (t.autoDispatched) w.autoDispatched = true
  if (t.mergedInto) w.mergedInto = t.mergedInto
  return w
}
