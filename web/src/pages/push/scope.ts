import { groupInScope, type Broadcast, type BroadcastScope } from '../../../../shared/domain/broadcast.ts'
import type { Group, GroupType, Town } from '../../../../shared/domain/types.ts'
import type { BroadcastProgress } from '../../../../shared/events.ts'
import { GROUP_TYPE_LABELS } from '../../../../shared/ui/labels.ts'

/** The scope as chosen in the form; nothing chosen = every group. */
export interface ScopeChoice {
  all: boolean
  townCodes: string[]
  groupTypes: GroupType[]
}

/** The request's scope: omitted for all groups (or an empty choice), as the server reads it. */
export function scopeOf(c: ScopeChoice): BroadcastScope | undefined {
  if (c.all || (!c.townCodes.length && !c.groupTypes.length)) return undefined
  return {
    ...(c.townCodes.length ? { townCodes: [...c.townCodes] } : {}),
    ...(c.groupTypes.length ? { groupTypes: [...c.groupTypes] } : {}),
  }
}

/** Groups and people a scope reaches, with the same rule the server applies (groupInScope). */
export function previewScope(groups: readonly Pick<Group, 'townCode' | 'type' | 'members'>[], scope: BroadcastScope | undefined): { groups: number; people: number } {
  let n = 0
  let people = 0
  for (const g of groups) {
    if (!groupInScope(g, scope)) continue
    n++
    people += g.members
  }
  return { groups: n, people }
}

/** '全部群' / '来凤街道、丁家街道 · 微信群' for the sent list. */
export function scopeText(scope: BroadcastScope | undefined, towns: readonly Pick<Town, 'code' | 'name'>[]): string {
  if (!scope || (!scope.townCodes?.length && !scope.groupTypes?.length)) return '全部群'
  const byCode = new Map(towns.map((t) => [t.code, t.name]))
  const parts: string[] = []
  if (scope.townCodes?.length) parts.push(scope.townCodes.map((c) => byCode.get(c) ?? c).join('、'))
  if (scope.groupTypes?.length) parts.push(scope.groupTypes.map((t) => GROUP_TYPE_LABELS[t]).join('、'))
  return parts.join(' · ')
}

/** Merges a live progress event into the list; false when the broadcast is not in it yet. */
export function applyProgress(list: Broadcast[], p: BroadcastProgress): Broadcast[] | null {
  const i = list.findIndex((b) => b.id === p.id)
  const cur = list[i]
  if (!cur) return null
  // acknowledgements only grow: an older event arriving late must not take the figures back
  if (p.reachedGroups < cur.reachedGroups) return list
  const next = [...list]
  next[i] = { ...cur, targetGroups: p.targetGroups, targetPeople: p.targetPeople, reachedGroups: p.reachedGroups, reachedPeople: p.reachedPeople }
  return next
}
