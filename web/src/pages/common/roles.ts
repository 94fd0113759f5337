import type { Role } from '../../../../shared/domain/types.ts'

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  chief: '总网长',
  leadership: '区领导',
  dept: '部门网长',
  reporter: '群网长',
  display: '大屏',
}

export interface NavLink {
  path: string
  label: string
}

const WALL: NavLink = { path: '/', label: '大屏' }
const PUSH: NavLink = { path: '/push', label: '推送' }
const STATS: NavLink = { path: '/stats', label: '统计' }

/** The pages a role may use (DESIGN.md "Who uses it"); departments and group leaders have just their own. */
export function navLinks(role: Role): NavLink[] {
  switch (role) {
    case 'chief':
      return [WALL, PUSH, STATS]
    case 'leadership':
      return [WALL, STATS]
    default:
      return []
  }
}
