import type { Role } from './types.ts'

export interface Viewer { role: Role; departmentId?: string; groupId?: string }
export interface Scoped { departmentId?: string; groupId: string; timeline: { departmentId?: string }[] }

/** Whether a user may see a case: a department its own cases, a group leader its group's, others all. */
export function ticketVisibleTo(user: Viewer, t: Pick<Scoped, 'departmentId' | 'groupId'>): boolean {
  switch (user.role) {
    case 'dept':
      return t.departmentId !== undefined && t.departmentId === user.departmentId
    case 'reporter':
      return t.groupId === user.groupId
    default:
      return true
  }
}

/** Every department that has held the case: a department also hears that a case left it. */
export function departmentsOf(t: Scoped): string[] {
  const ids = new Set<string>()
  if (t.departmentId) ids.add(t.departmentId)
  for (const e of t.timeline) if (e.departmentId) ids.add(e.departmentId)
  return [...ids]
}

/** Public screens (the display token) get personal data masked. */
export const seesMaskedData = (role: Role): boolean => role === 'display'
