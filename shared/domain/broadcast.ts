import type { GroupType } from './types.ts'

/** Who a broadcast (信息推送) goes to: no scope means every group. */
export interface BroadcastScope {
  townCodes?: string[]
  groupTypes?: GroupType[]
}

export function groupInScope(group: { townCode: string; type: GroupType }, scope: BroadcastScope | undefined): boolean {
  if (!scope) return true
  if (scope.townCodes?.length && !scope.townCodes.includes(group.townCode)) return false
  if (scope.groupTypes?.length && !scope.groupTypes.includes(group.type)) return false
  return true
}

export interface Broadcast {
  id: string
  title: string
  content: string
  url?: string
  scope?: BroadcastScope
  sentAt: string
  sentBy: string
  targetGroups: number
  targetPeople: number
  reachedGroups: number
  reachedPeople: number
}

/** What a group leader sees: the message and whether the group has forwarded it. */
export interface BroadcastForGroup extends Broadcast {
  acked: boolean
  ackedAt?: string
}
