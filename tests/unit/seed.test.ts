import { describe, it, expect } from 'vitest'
import { buildGeography, estateNames } from '../../server/seed/geography.ts'
import { DEMO_KINDS, makeDemoReply, makeDemoReport, makeReturnReason } from '../../server/demo/texts.ts'
import { mulberry32, pick } from '../../server/seed/random.ts'
import { suggestByKeywords } from '../../shared/routing/keywordRouter.ts'
import { COMMUNITIES, COMMUNITY_BY_CODE, KINDS, KIND_BY_NAME, TOWN_BY_CODE } from '../../shared/domain/taxonomy.ts'
import { GROUP_TYPES, type GroupType } from '../../shared/domain/types.ts'
import { maskPII } from '../../shared/domain/mask.ts'

const geo = buildGeography()
const { grids, groups } = geo

const countBy = <T>(items: readonly T[], key: (t: T) => string): Map<string, number> => {
  const m = new Map<string, number>()
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1)
  return m
}

describe('seed geography: grids', () => {
  it('has exactly 1,295 grids with unique, well-formed ids', () => {
    expect(grids).toHaveLength(1295)
    expect(new Set(grids.map((g) => g.id)).size).toBe(1295)
    for (const g of grids) expect(g.id).toMatch(/^G\d{12}-\d{2}$/)
  })

  it('gives every one of the 194 communities at least 2 grids, named after town and community', () => {
    const perCommunity = countBy(grids, (g) => g.communityCode)
    expect(perCommunity.size).toBe(194)
    for (const c of COMMUNITIES) expect(perCommunity.get(c.code) ?? 0).toBeGreaterThanOrEqual(2)
    for (const g of grids) {
      const c = COMMUNITY_BY_CODE.get(g.communityCode)
      expect(c?.townCode).toBe(g.townCode)
      expect(g.name).toMatch(new RegExp(`^${TOWN_BY_CODE.get(g.townCode)?.name}·${c?.name}·第\\d+网格$`))
    }
  })

  it('gives urban 社区 in populous towns more grids than villages', () => {
    const perCommunity = countBy(grids, (g) => g.communityCode)
    const avg = (urban: boolean): number => {
      const cs = COMMUNITIES.filter((c) => c.name.endsWith('社区') === urban)
      return cs.reduce((s, c) => s + (perCommunity.get(c.code) ?? 0), 0) / cs.length
    }
    expect(avg(true)).toBeGreaterThan(2 * avg(false))
    const perTown = countBy(grids, (g) => g.townCode)
    expect(perTown.get('500120002') ?? 0).toBeGreaterThan(5 * (perTown.get('500120107') ?? 0)) // 璧泉 vs 三合
  })
})

describe('seed geography: groups', () => {
  it('has exactly 2,413 groups with ids grp-0001..grp-2413 and unique names', () => {
    expect(groups).toHaveLength(2413)
    expect(groups.map((g) => g.id)).toEqual(Array.from({ length: 2413 }, (_, i) => `grp-${String(i + 1).padStart(4, '0')}`))
    expect(new Set(groups.map((g) => g.name)).size).toBe(2413)
  })

  it('puts at least one group in every grid, consistent with the grid place', () => {
    const gridById = new Map(grids.map((g) => [g.id, g]))
    for (const g of groups) {
      const grid = gridById.get(g.gridId)
      expect(grid).toBeDefined()
      expect(g.communityCode).toBe(grid?.communityCode)
      expect(g.townCode).toBe(grid?.townCode)
    }
    const perGrid = countBy(groups, (g) => g.gridId)
    for (const grid of grids) expect(perGrid.get(grid.id) ?? 0).toBeGreaterThanOrEqual(1)
  })

  it('sums members to 400,000 ± 2 % with realistic sizes per type', () => {
    const total = groups.reduce((s, g) => s + g.members, 0)
    expect(Math.abs(total - 400_000)).toBeLessThanOrEqual(8_000)
    const ranges: Partial<Record<GroupType, [number, number]>> = { wechat: [80, 500], qq: [50, 400], work: [20, 150] }
    for (const g of groups) {
      const r = ranges[g.type]
      if (r) expect(g.members).toBeGreaterThanOrEqual(r[0])
      if (r) expect(g.members).toBeLessThanOrEqual(r[1])
    }
    const avg = (t: GroupType): number => {
      const gs = groups.filter((g) => g.type === t)
      return gs.reduce((s, g) => s + g.members, 0) / gs.length
    }
    for (const t of ['website', 'newmedia', 'media'] as const) expect(avg(t)).toBeGreaterThan(avg('wechat'))
  })

  it('mixes the types in the specified shares', () => {
    const want: Record<GroupType, number> = { wechat: 0.6, qq: 0.1, work: 0.18, website: 0.03, newmedia: 0.06, media: 0.03 }
    const perType = countBy(groups, (g) => g.type)
    for (const t of GROUP_TYPES) expect(Math.abs((perType.get(t) ?? 0) / groups.length - want[t])).toBeLessThan(0.01)
  })

  it('names estates of the community in 业主群 names', () => {
    for (const c of COMMUNITIES) expect(estateNames(c.code).length).toBeGreaterThan(0)
    const owners = groups.filter((g) => g.name.endsWith('业主群'))
    expect(owners.length).toBeGreaterThan(200)
    for (const g of owners) expect(estateNames(g.communityCode).some((e) => g.name.includes(e))).toBe(true)
    expect(groups.some((g) => g.name === '璧山发布')).toBe(true)
  })

  it('is deterministic for a seed and varies across seeds', () => {
    expect(buildGeography(365)).toEqual(geo)
    const other = buildGeography(7)
    expect(other.grids).toHaveLength(1295)
    expect(other.groups).toHaveLength(2413)
    expect(other).not.toEqual(geo)
  })
})

describe('demo texts', () => {
  const sample = (seed: number, n: number) => {
    const rng = mulberry32(seed)
    return Array.from({ length: n }, () => {
      const group = pick(rng, groups)
      return { group, report: makeDemoReport(rng, group) }
    })
  }

  it('route to the kind they were written for in ≥ 85 % of 200 reports', () => {
    const reports = sample(2026, 200)
    const hits = reports.filter(({ group, report }) => suggestByKeywords(report.content, group.townCode).level2 === report.kind)
    expect(hits.length / reports.length).toBeGreaterThanOrEqual(0.85)
  })

  it('name their town or community, keep titles short and use known kinds', () => {
    for (const { group, report } of sample(1, 500)) {
      const town = TOWN_BY_CODE.get(group.townCode)?.name ?? '?'
      const community = COMMUNITY_BY_CODE.get(group.communityCode)?.name ?? '?'
      expect(report.content.includes(town) || report.content.includes(community)).toBe(true)
      expect(report.title.length).toBeGreaterThan(0)
      expect(report.title.length).toBeLessThanOrEqual(20)
      expect(KIND_BY_NAME.has(report.kind)).toBe(true)
      expect(report.content).not.toMatch(/[{}]/)
    }
  })

  it('carry a phone number or plate in about 1 in 5 texts, which masking hides', () => {
    const reports = sample(3, 1000).map((s) => s.report)
    const withPii = reports.filter((r) => maskPII(r.content) !== r.content)
    expect(withPii.length / reports.length).toBeGreaterThan(0.12)
    expect(withPii.length / reports.length).toBeLessThan(0.28)
    for (const r of reports) if (r.contact) expect(r.content).toContain(r.contact.split(' ')[1] ?? '!')
  })

  it('cover every level-2 kind and are deterministic for a seed', () => {
    // generic kinds catch a level-1 class when no term is found: no template is written for them
    for (const k of KINDS) if (!k.generic) expect(DEMO_KINDS).toContain(k.name)
    expect(sample(9, 50)).toEqual(sample(9, 50))
  })

  it('has a reply for every kind and return reasons', () => {
    const rng = mulberry32(5)
    for (const k of KINDS) expect(makeDemoReply(rng, k.name).length).toBeGreaterThan(10)
    expect(makeDemoReply(rng, '未知类别').length).toBeGreaterThan(10)
    expect(makeReturnReason(rng).length).toBeGreaterThan(10)
  })
})
