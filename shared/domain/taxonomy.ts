import kindsData from '../knowledge/kinds.json' with { type: 'json' }
import departmentsData from '../knowledge/departments.json' with { type: 'json' }
import geo from '../geo/bishan.json' with { type: 'json' }
import type { Community, Department, Priority, Town } from './types.ts'

/** A level-2 kind from the knowledge base (shared/knowledge/kinds.json). */
export interface Kind {
  name: string
  level1: string
  /** a department id, or "town" for the town office of the place (属地) */
  department: string
  priority: Priority
  terms: string[]
  /** count only beside one of the kind's own terms: 乱收费 is a taxi matter only when a taxi is named */
  contextTerms?: string[]
  departmentByTerm?: Record<string, string>
  /** catches its level-1 class when no specific term is found */
  generic?: boolean
}

export const LEVEL1: readonly string[] = kindsData.level1
export const KINDS: readonly Kind[] = kindsData.kinds as Kind[]
export const KIND_BY_NAME: ReadonlyMap<string, Kind> = new Map(KINDS.map((k) => [k.name, k]))
export const FALLBACK_KIND = '其他事项'
/** Terms of matters the town office of the place handles (属地). */
export const LOCAL_TERMS: readonly string[] = kindsData.localTerms
/** The generic kind of each level-1 class. */
export const GENERIC_KIND_BY_LEVEL1: ReadonlyMap<string, Kind> = new Map(
  (kindsData.kinds as Kind[]).filter((k) => k.generic).map((k) => [k.level1, k]),
)

export const TOWNS: readonly Town[] = geo.towns
export const COMMUNITIES: readonly Community[] = geo.communities
export const DISTRICT = geo.district
export const TOWN_BY_CODE: ReadonlyMap<string, Town> = new Map(TOWNS.map((t) => [t.code, t]))
export const COMMUNITY_BY_CODE: ReadonlyMap<string, Community> = new Map(COMMUNITIES.map((c) => [c.code, c]))

/** The town office (街道办/镇政府) of a town, as a department. */
export const townOfficeId = (townCode: string): string => `town-${townCode}`

export const DEPARTMENTS: readonly Department[] = [
  ...(departmentsData as Department[]),
  ...TOWNS.map((t): Department => ({
    id: townOfficeId(t.code),
    name: t.name.endsWith('镇') ? `${t.name}人民政府` : `${t.name}办事处`,
    short: t.name,
    kind: 'town',
    townCode: t.code,
  })),
]
export const DEPARTMENT_BY_ID: ReadonlyMap<string, Department> = new Map(DEPARTMENTS.map((d) => [d.id, d]))

export function departmentName(id: string | undefined): string {
  return (id && DEPARTMENT_BY_ID.get(id)?.short) || '—'
}

/** Resolves a kind's default department at a place ("town" → that town's office). */
export function defaultDepartment(kind: Kind, townCode: string): string {
  return kind.department === 'town' ? townOfficeId(townCode) : kind.department
}

/** The town whose seat is nearest to a point (a proxy for "which town is this in" without official borders). */
export function nearestTown(p: { lng: number; lat: number }): Town {
  let best = TOWNS[0] as Town
  let bestD = Infinity
  const k = Math.cos((p.lat * Math.PI) / 180)
  for (const t of TOWNS) {
    const d = ((t.seat.lng - p.lng) * k) ** 2 + (t.seat.lat - p.lat) ** 2
    if (d < bestD) {
      bestD = d
      best = t
    }
  }
  return best
}
