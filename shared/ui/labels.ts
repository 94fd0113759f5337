import { TRANSITIONS } from '../domain/stateMachine.ts'
import type { GroupType, Priority, Satisfaction, SuperviseLevel, TimelineEvent } from '../domain/types.ts'

/** Chinese labels for screens and exports (the state labels live in stateMachine.ts). */

export const GROUP_TYPE_LABELS: Readonly<Record<GroupType, string>> = {
  wechat: '微信群',
  qq: 'QQ群',
  work: '工作群',
  website: '网站',
  newmedia: '政务新媒体',
  media: '媒体',
}

export const PRIORITY_LABELS: Readonly<Record<Priority, string>> = {
  emergency: '紧急',
  utility: '水电气',
  general: '一般',
  complex: '复杂',
}

export const SUPERVISE_LABELS: Readonly<Record<SuperviseLevel, string>> = {
  0: '',
  1: '督办·提醒',
  2: '督办·通报',
  3: '督办·批评',
}

export const SATISFACTION_LABELS: Readonly<Record<Satisfaction, string>> = {
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
}

/** Labels of timeline actions: the transition labels plus the system's own entries. */
export const TIMELINE_ACTION_LABELS: Readonly<Record<TimelineEvent['action'], string>> = {
  ...(Object.fromEntries(Object.entries(TRANSITIONS).map(([k, v]) => [k, v.label])) as Record<keyof typeof TRANSITIONS, string>),
  report: '上报',
  overdue: '超时',
  'auto-close': '自动办结',
  'auto-route': '自动分拨',
  'merged-answer': '并单答复',
  notify: '通知',
}
