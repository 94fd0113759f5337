import type { GroupType, TicketStatus } from '../domain/types.ts'

/**
 * The one palette for ticket states (DESIGN.md "Look"): the wall, the consoles and exports all use it,
 * so a colour means the same state on every screen. Tuned for a deep-navy background.
 */
export const STATUS_COLORS: Readonly<Record<TicketStatus, string>> = {
  reported: '#ffb020', // 待分拨 amber
  dispatched: '#3d8bff', // 已派单 blue
  accepted: '#22d3ee', // 处置中 cyan
  replied: '#a78bfa', // 已答复 violet
  closed: '#34d399', // 已办结 green
  returned: '#ff8a3d', // 已退单 orange
  invalid: '#8a97ab', // 无效 grey
  merged: '#8a97ab', // 已并单 grey
}

/** 超时 and 督办 are flags, not states, and share the alarm red. */
export const ALERT_COLOR = '#ff4d4f'

/** Screen colours of the command-center look. */
export const SCREEN_COLORS = {
  background: '#030b1d',
  panel: 'rgba(7, 26, 56, 0.62)',
  frame: 'rgba(63, 224, 255, 0.28)',
  accent: '#3fe0ff',
  accentSoft: 'rgba(63, 224, 255, 0.16)',
  text: '#e3f2ff',
  muted: '#8fb0d4',
  grid: 'rgba(120, 180, 255, 0.14)',
  yesterday: '#7f8fb3',
} as const

/** Categorical series colours (categories, sources), chosen to stay apart from the alarm red. */
export const SERIES_COLORS: readonly string[] = [
  '#3fe0ff', '#3d8bff', '#34d399', '#ffb020', '#a78bfa', '#5eead4', '#f472b6', '#facc15', '#60a5fa', '#c4b5fd',
]

export const GROUP_TYPE_COLORS: Readonly<Record<GroupType, string>> = {
  wechat: '#34d399',
  qq: '#3d8bff',
  work: '#3fe0ff',
  website: '#a78bfa',
  newmedia: '#ffb020',
  media: '#f472b6',
}

/** Colour of a case as shown in lists: red when overdue or supervised, else its state's colour. */
export function ticketColor(t: { status: TicketStatus; overdue?: boolean; supervise?: number }): string {
  return t.overdue || (t.supervise ?? 0) > 0 ? ALERT_COLOR : STATUS_COLORS[t.status]
}
