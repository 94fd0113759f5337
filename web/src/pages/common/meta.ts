import { shallowRef, type ShallowRef } from 'vue'
import type { Rates } from '../../../../shared/domain/rates.ts'
import type { Community, Department, Grid, TicketStatus, Town } from '../../../../shared/domain/types.ts'
import { apiRequest } from '../../lib/api.ts'

/** What the pages read from GET /api/meta (public, fetched once per page load). */
export interface Meta {
  towns: Town[]
  communities: Community[]
  departments: Department[]
  /** not served today; when the server adds it, the report form offers a grid select */
  grids?: Grid[]
  statuses: Record<TicketStatus, string>
  definitions: {
    rates: Record<keyof Rates, string>
    process: { signedOnTime: string; finishedOnTime: string; overdueNow: string }
    validFollowUp: string
  }
  counts: { towns: number; communities: number; grids: number; groups: number; members: number; departments: number }
  demo: boolean
}

let request: Promise<Meta> | null = null

export function fetchMeta(): Promise<Meta> {
  request ??= apiRequest<Meta>('GET', '/api/meta').catch((err: unknown) => {
    request = null
    throw err
  })
  return request
}

/** The reference data, with a retry for a page opened while the network was down. */
export function useMeta(): { meta: ShallowRef<Meta | null>; error: ShallowRef<string | null>; reload: () => void } {
  const meta = shallowRef<Meta | null>(null)
  const error = shallowRef<string | null>(null)
  const reload = () => {
    error.value = null
    fetchMeta().then(
      (m) => (meta.value = m),
      () => (error.value = '基础数据加载失败'),
    )
  }
  reload()
  return { meta, error, reload }
}

export interface Names {
  town: (code: string | undefined) => string
  /** '璧城' for 璧城街道 */
  townShort: (code: string | undefined) => string
  community: (code: string | undefined) => string
  department: (id: string | undefined) => string
}

/** Name lookups over the meta lists (codes are shown as they are until meta arrives). */
export function namesOf(meta: Meta | null): Names {
  const towns = new Map(meta?.towns.map((t) => [t.code, t.name]))
  const shorts = new Map(meta?.towns.map((t) => [t.code, t.short]))
  const communities = new Map(meta?.communities.map((c) => [c.code, c.name]))
  const departments = new Map(meta?.departments.map((d) => [d.id, d.short]))
  return {
    town: (code) => (code ? towns.get(code) ?? code : '—'),
    townShort: (code) => (code ? shorts.get(code) ?? code : '—'),
    community: (code) => (code ? communities.get(code) ?? code : ''),
    department: (id) => (id ? departments.get(id) ?? id : '—'),
  }
}

/** 'XX街道 · XX社区 · 第3网格' of a case ('璧城·XX社区·第3网格' compact, for narrow places). */
export function placeText(t: { townCode: string; communityCode: string; gridId: string }, names: Names, compact = false): string {
  const grid = /-(\d+)$/.exec(t.gridId)?.[1]
  const town = compact ? names.townShort(t.townCode) : names.town(t.townCode)
  return [town, names.community(t.communityCode), grid ? `第${Number(grid)}网格` : ''].filter(Boolean).join(compact ? '·' : ' · ')
}
