import { COMMUNITY_BY_CODE, DISTRICT, TOWN_BY_CODE } from '../../../shared/domain/taxonomy.ts'
import type { Point } from '../../../shared/domain/types.ts'

/** FNV-1a: a small, stable hash so the same case always lands on the same spot. */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Jitter radius in degrees (~0.6 km): reports from one village do not stack on one pixel. */
const JITTER = 0.006

/**
 * Where a case is drawn on the map: its own point when the reporter gave one, else the community's
 * point, else the town seat, plus a deterministic jitter derived from the case id.
 */
export function ticketPoint(t: { id: string; point?: Point; townCode: string; communityCode: string }): [number, number] {
  if (t.point && Number.isFinite(t.point.lng) && Number.isFinite(t.point.lat)) return [t.point.lng, t.point.lat]
  const base = COMMUNITY_BY_CODE.get(t.communityCode)?.point ?? TOWN_BY_CODE.get(t.townCode)?.seat ?? DISTRICT.center
  const h = hashString(t.id)
  const angle = ((h & 0xffff) / 0x10000) * Math.PI * 2
  const radius = JITTER * Math.sqrt(((h >>> 16) & 0xffff) / 0x10000)
  return [round6(base.lng + Math.cos(angle) * radius), round6(base.lat + Math.sin(angle) * radius)]
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6
