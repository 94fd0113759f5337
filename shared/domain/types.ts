/** Core domain types shared by server and web. Pure types, no I/O. */

export const ROLES = ['chief', 'leadership', 'dept', 'reporter', 'display'] as const
export type Role = (typeof ROLES)[number]

export const TICKET_STATUSES = [
  'reported', 'dispatched', 'accepted', 'replied', 'closed', 'returned', 'invalid', 'merged',
] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]

export const TICKET_ACTIONS = [
  'dispatch', 'accept', 'return', 'reply', 'close', 'reopen', 'supervise', 'merge', 'invalidate',
] as const
export type TicketAction = (typeof TICKET_ACTIONS)[number]

export const GROUP_TYPES = ['wechat', 'qq', 'work', 'website', 'newmedia', 'media'] as const
export type GroupType = (typeof GROUP_TYPES)[number]

export const PRIORITIES = ['emergency', 'utility', 'general', 'complex'] as const
/** emergency: risk to life/property (2 h); utility: water/power/gas (24 h); general 7 d; complex 15 d. */
export type Priority = (typeof PRIORITIES)[number]

export const SATISFACTIONS = ['satisfied', 'basic', 'dissatisfied'] as const
export type Satisfaction = (typeof SATISFACTIONS)[number]

/** 督办 escalation: 0 none → 1 reminder 提醒 → 2 formal notice 通报 → 3 public criticism 批评. */
export type SuperviseLevel = 0 | 1 | 2 | 3

export interface Point { lng: number; lat: number }

export interface Town { code: string; name: string; short: string; seat: Point }
export interface Community { code: string; name: string; townCode: string; point?: Point }
export interface Grid { id: string; name: string; communityCode: string; townCode: string }
export interface Group {
  id: string
  name: string
  type: GroupType
  members: number
  gridId: string
  communityCode: string
  townCode: string
  webhookUrl?: string
}
export type DepartmentKind = 'bureau' | 'utility' | 'town'
export interface Department { id: string; name: string; short: string; kind: DepartmentKind; townCode?: string }

export interface UserPublic {
  id: string
  username: string
  name: string
  role: Role
  departmentId?: string
  groupId?: string
  /** for a group leader: the group and its place */
  group?: { id: string; name: string; type: GroupType; townCode: string; communityCode: string; gridId: string }
}

export interface MediaRef { id: string; kind: 'image' | 'audio' | 'video'; mime: string; size: number; url: string }

export interface Suggestion {
  level1: string
  level2: string
  departmentId: string
  confidence: number
  reasons: string[]
}

export interface FollowUp {
  contacted: boolean
  solved: boolean
  satisfaction: Satisfaction
  /** who answered: the reporter in the H5 page, or the chief after a phone call */
  by: 'reporter' | 'chief'
  at: string
}

export interface TimelineEvent {
  at: string
  actor: string
  actorName: string
  action: TicketAction | 'report' | 'overdue' | 'auto-close' | 'auto-route' | 'merged-answer' | 'notify'
  from?: TicketStatus
  to?: TicketStatus
  note?: string
  departmentId?: string
}

export interface Ticket {
  id: string
  title: string
  content: string
  level1: string
  level2: string
  suggestion: Suggestion
  groupId: string
  groupType: GroupType
  reporterId: string
  townCode: string
  communityCode: string
  gridId: string
  point?: Point
  contact?: string
  media: MediaRef[]
  priority: Priority
  status: TicketStatus
  departmentId?: string
  createdAt: string
  updatedAt: string
  dispatchedAt?: string
  acceptedAt?: string
  repliedAt?: string
  closedAt?: string
  /** deadline to sign (签收), set at dispatch */
  signDeadline?: string
  /** deadline to finish (答复), set at dispatch */
  handleDeadline?: string
  overdue: boolean
  supervise: SuperviseLevel
  returnCount: number
  reopenCount: number
  version: number
  reply?: { content: string; media: MediaRef[]; at: string; by: string }
  followUp?: FollowUp
  /** closed because nobody followed up within 7 days: left out of the rates */
  noFollowUp?: boolean
  mergedInto?: string
  mergedFrom: string[]
  /** where the case was placed and why (named in the text, or the group's grid) */
  place?: { source: 'text' | 'group' | 'body'; matched: string[]; reason: string }
  /** 疑似重复: an open case of the same place close in meaning, filed within 72 h */
  duplicateOf?: { id: string; similarity: number }
  /** dispatched by smart routing without the chief (AUTO_DISPATCH) */
  autoDispatched?: boolean
  timeline: TimelineEvent[]
}

export type TicketEventType = 'created' | 'updated'
