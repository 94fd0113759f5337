/**
 * Deterministic seed geography: 1,295 grids (网格) over Bishan's 194 communities and 2,413 groups
 * (号群圈) over the grids, ~400,000 members in all — the public pilot figures (DESIGN.md).
 * Grids and groups are synthetic; towns and communities are the real divisions.
 */
import type { Community, Grid, Group, GroupType, Town } from '../../shared/domain/types.ts'
import { COMMUNITIES, COMMUNITY_BY_CODE, KINDS, TOWN_BY_CODE } from '../../shared/domain/taxonomy.ts'
import { hashString, mulberry32, pick, randInt, shuffled, type Rng } from './random.ts'

export const GRID_COUNT = 1295
export const GROUP_COUNT = 2413
export const MEMBER_TARGET = 400_000

/**
 * Residents per town, for weighting only: 2020 census for 璧城/璧泉, 2010 census for the others
 * (shared/data/bishan/SOURCE.md); 青杠 is not in that table and is estimated.
 */
export const TOWN_POPULATION: Readonly<Record<string, number>> = {
  '500120001': 187_284, // 璧城街道
  '500120002': 239_716, // 璧泉街道
  '500120003': 45_000, // 青杠街道 (estimate)
  '500120004': 78_582, // 来凤街道
  '500120005': 60_585, // 丁家街道
  '500120006': 48_145, // 大路街道
  '500120100': 23_851, // 八塘镇
  '500120101': 21_185, // 七塘镇
  '500120102': 20_037, // 河边镇
  '500120103': 13_586, // 福禄镇
  '500120104': 40_068, // 大兴镇
  '500120105': 27_804, // 正兴镇
  '500120106': 18_002, // 广普镇
  '500120107': 11_336, // 三合镇
  '500120108': 18_151, // 健龙镇
}

/** Target share of each group type. */
export const TYPE_SHARES: Readonly<Record<GroupType, number>> = {
  wechat: 0.6, qq: 0.1, work: 0.18, website: 0.03, newmedia: 0.06, media: 0.03,
}

/** Member range per type and skew exponent (higher → more small groups). */
const MEMBER_SHAPE: Readonly<Record<GroupType, { min: number; max: number; skew: number }>> = {
  wechat: { min: 80, max: 500, skew: 4.5 },
  qq: { min: 50, max: 400, skew: 4 },
  work: { min: 20, max: 150, skew: 2.5 },
  website: { min: 120, max: 1500, skew: 6 },
  newmedia: { min: 150, max: 2500, skew: 6 },
  media: { min: 150, max: 2000, skew: 6 },
}

/** District-wide accounts, given to the first groups of that type in 璧城街道 (the district seat). */
const DISTRICT_ACCOUNTS: Readonly<Partial<Record<GroupType, readonly string[]>>> = {
  newmedia: ['璧山发布', '璧山网信', '璧山融媒'],
  website: ['璧山区人民政府网', '璧山区政务服务网'],
  media: ['璧山报', '璧山电视台', '重庆日报璧山站'],
}
const DISTRICT_ACCOUNT_MEMBERS = { min: 2000, max: 4000 }
const SEAT_TOWN = '500120001'

export const isUrban = (c: Community): boolean => c.name.endsWith('社区')
/** A community's name without 社区/村, e.g. 大旺社区 → 大旺. */
export const communityBase = (c: Community): string => c.name.replace(/(社区|村)$/, '')

// ---------------------------------------------------------------- estates

const BRANDS = ['金科', '龙湖', '融创', '碧桂园', '中梁', '协信', '东原', '华宇', '鲁能', '万科', '旭辉',
  '蓝光', '保利', '招商', '金辉', '新城', '康田', '隆鑫', '渝开发', '首创', '华润', '恒大', '美的', '阳光']
const SUFFIXES = ['世界城', '天街', '公馆', '御府', '壹号院', '云著', '湖畔', '江山樾', '春风里', '时代',
  '城市花园', '翡翠湾', '阳光城', '锦苑', '名都', '上城', '印象', '滨江', '璧山府', '学府', '星城', '云璟',
  '天镜', '悦府', '书香苑', '香樟林', '玺院', '半山', '紫园', '东城']
const OLD_ESTATES = ['电力宿舍', '供销社宿舍', '粮站宿舍', '水厂宿舍', '还建房', '老街安置房', '小区']

const ROUTING_TERMS = KINDS.flatMap((k) => k.terms)
/** Place names must not contain routing keywords (e.g. 南河水厂 hides 河水), or demo texts misroute. */
const clean = (name: string): boolean => !ROUTING_TERMS.some((t) => name.includes(t))

let estateCache: Map<string, readonly string[]> | undefined

/** Estate (小区) names per community, fixed for all seeds so demo texts can name them too. */
function buildEstates(): Map<string, readonly string[]> {
  const rng = mulberry32(hashString('echo365-estates'))
  const used = new Set<string>()
  const out = new Map<string, readonly string[]>()
  for (const c of COMMUNITIES) {
    const base = communityBase(c)
    if (!isUrban(c)) {
      out.set(c.code, [`${base}聚居点`, `${base}农民新村`])
      continue
    }
    const names: string[] = []
    const want = randInt(rng, 3, 6)
    for (let tries = 0; names.length < want && tries < 50; tries++) {
      const name = pick(rng, BRANDS) + pick(rng, SUFFIXES)
      if (!used.has(name) && clean(name)) { used.add(name); names.push(name) }
    }
    const old = OLD_ESTATES.map((o) => base + o).filter(clean)
    names.push(pick(rng, old.length ? old : [`${base}小区`]))
    out.set(c.code, names)
  }
  return out
}

/** The estates (小区) of a community; villages get their settlements (聚居点). */
export function estateNames(communityCode: string): readonly string[] {
  estateCache ??= buildEstates()
  return estateCache.get(communityCode) ?? []
}

// ---------------------------------------------------------------- apportionment

/**
 * Splits `total` seats over weights, each getting at least `min`, by the Webster (Sainte-Laguë)
 * divisor method: find a divisor d with Σ max(min, round(w / d)) = total.
 */
export function apportion(weights: readonly number[], total: number, min: number): number[] {
  const seatsAt = (d: number): number[] => weights.map((w) => Math.max(min, Math.round(w / d)))
  const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0)
  let lo = 0
  let hi = 2 * sum(weights) + 1 // at this divisor every seat is at `min`, so never above total
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (sum(seatsAt(mid)) > total) lo = mid
    else hi = mid
  }
  const seats = seatsAt(hi)
  // exact ties can leave the sum a seat or two short: give those by the largest remaining score
  for (let left = total - sum(seats); left > 0; left--) {
    const scores = weights.map((w, i) => w / ((seats[i] ?? 0) + 0.5))
    const best = scores.indexOf(Math.max(...scores))
    seats[best] = (seats[best] ?? 0) + 1
  }
  return seats
}

const jitter = (rng: Rng, spread: number): number => 1 - spread + 2 * spread * rng()

// ---------------------------------------------------------------- grids

/** Estimated residents of each community: the town's population, 社区 weighing 3× a 村. */
function communityWeights(rng: Rng): number[] {
  const unitsByTown = new Map<string, number>()
  for (const c of COMMUNITIES) unitsByTown.set(c.townCode, (unitsByTown.get(c.townCode) ?? 0) + (isUrban(c) ? 3 : 1))
  return COMMUNITIES.map((c) => {
    const share = (isUrban(c) ? 3 : 1) / (unitsByTown.get(c.townCode) ?? 1)
    return (TOWN_POPULATION[c.townCode] ?? 20_000) * share * jitter(rng, 0.2)
  })
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

function buildGrids(rng: Rng): Grid[] {
  const counts = apportion(communityWeights(rng), GRID_COUNT, 2)
  const grids: Grid[] = []
  COMMUNITIES.forEach((c, i) => {
    const town = TOWN_BY_CODE.get(c.townCode)
    for (let n = 1; n <= (counts[i] ?? 0); n++) {
      grids.push({
        id: `G${c.code}-${pad(n, 2)}`,
        name: `${town?.name ?? ''}·${c.name}·第${n}网格`,
        communityCode: c.code,
        townCode: c.townCode,
      })
    }
  })
  return grids
}

// ---------------------------------------------------------------- groups

/** Exact count per type summing to `total` (largest remainder). */
export function typeCounts(total: number): Record<GroupType, number> {
  const entries = Object.entries(TYPE_SHARES) as [GroupType, number][]
  const raw = entries.map(([t, s]) => ({ t, q: s * total, n: Math.floor(s * total) }))
  let left = total - raw.reduce((s, r) => s + r.n, 0)
  for (const r of [...raw].sort((a, b) => (b.q - b.n) - (a.q - a.n))) {
    if (left <= 0) break
    r.n++
    left--
  }
  return Object.fromEntries(raw.map((r) => [r.t, r.n])) as Record<GroupType, number>
}

const urbanGrid = (g: Grid): boolean => {
  const c = COMMUNITY_BY_CODE.get(g.communityCode)
  return c ? isUrban(c) : false
}

interface Slot { grid: Grid; gridNo: number; community: Community; town: Town }

function groupSlots(rng: Rng, grids: readonly Grid[]): Slot[] {
  const weights = grids.map((g) => (urbanGrid(g) ? 1 : 0.45) * jitter(rng, 0.3))
  const counts = apportion(weights, GROUP_COUNT, 1)
  const slots: Slot[] = []
  grids.forEach((grid, i) => {
    const community = COMMUNITY_BY_CODE.get(grid.communityCode)
    const town = TOWN_BY_CODE.get(grid.townCode)
    if (!community || !town) return
    const gridNo = Number(grid.id.slice(-2))
    for (let k = 0; k < (counts[i] ?? 0); k++) slots.push({ grid, gridNo, community, town })
  })
  return slots
}


type Namer = (rng: Rng, s: Slot) => string

const estateOf = (rng: Rng, s: Slot): string => pick(rng, estateNames(s.community.code))

const NAMERS: Readonly<Record<GroupType, readonly Namer[]>> = {
  wechat: [
    (r, s) => isUrban(s.community)
      ? `${s.town.short}·${s.community.name}·${estateOf(r, s)}业主群`
      : `${s.town.short}·${s.community.name}${randInt(r, 1, 12)}组村民群`,
    (r, s) => isUrban(s.community)
      ? `${s.community.name}${estateOf(r, s)}${randInt(r, 1, 30)}栋业主群`
      : `${s.community.name}${estateOf(r, s)}居民群`,
    (_r, s) => `${s.community.name}第${s.gridNo}网格${isUrban(s.community) ? '居民' : '村民'}群`,
    (r, s) => `${s.town.short}·${s.community.name}·${estateOf(r, s)}邻里群`,
  ],
  qq: [
    (_r, s) => `${s.community.name}居民QQ群`,
    (r, s) => `${s.community.name}${estateOf(r, s)}${isUrban(s.community) ? '业主' : '村民'}QQ群`,
    (_r, s) => `${s.town.short}${s.community.name}家长QQ群`,
    (_r, s) => `${s.community.name}老年协会QQ群`,
  ],
  work: [
    (_r, s) => `${s.community.name}第${s.gridNo}网格工作群`,
    (_r, s) => `${s.community.name}两委工作群`,
    (_r, s) => `${s.town.name}工作群`,
    (_r, s) => `${s.community.name}网格员工作群`,
    (_r, s) => `${s.community.name}志愿者服务群`,
    (r, s) => `${s.community.name}${estateOf(r, s)}物业联络群`,
  ],
  website: [
    (_r, s) => `${s.town.name}政务公开网`,
    (_r, s) => `璧山论坛·${s.town.short}版块`,
    (_r, s) => `${s.community.name}${isUrban(s.community) ? '居务' : '村务'}公开网页`,
    (_r, s) => `${s.community.name}党群服务中心网页`,
    (_r, s) => `璧山论坛·${s.community.name}专帖`,
  ],
  newmedia: [
    (_r, s) => `${s.town.short}发布`,
    (_r, s) => `${s.town.name}微信公众号`,
    (_r, s) => `${s.community.name}微信公众号`,
    (_r, s) => `${s.town.short}抖音政务号`,
    (_r, s) => `${s.community.name}视频号`,
  ],
  media: [
    (_r, s) => `${s.town.short}生活圈`,
    (_r, s) => `爱璧山·${s.town.short}`,
    (_r, s) => `璧山头条·${s.town.short}`,
    (_r, s) => `${s.town.short}新鲜事`,
    (_r, s) => `${s.community.name}邻里圈`,
    (_r, s) => `${s.community.name}便民信息号`,
    (_r, s) => `${s.town.short}${s.community.name}头条号`,
  ],
}

const CN_NUM = ['', '', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** A second 业主群 of the same estate becomes 业主二群, and so on. */
function numbered(name: string, k: number): string {
  const n = CN_NUM[k] ?? String(k)
  return name.endsWith('群') ? `${name.slice(0, -1)}${n}群` : `${name}（${k}）`
}

function uniqueName(rng: Rng, type: GroupType, s: Slot, used: Set<string>): string {
  const district = s.town.code === SEAT_TOWN ? DISTRICT_ACCOUNTS[type]?.find((n) => !used.has(n)) : undefined
  if (district) return district
  let name = ''
  for (let tries = 0; tries < 12; tries++) {
    name = pick(rng, NAMERS[type])(rng, s)
    if (!used.has(name)) return name
  }
  for (let k = 2; ; k++) if (!used.has(numbered(name, k))) return numbered(name, k)
}

function rawMembers(rng: Rng, type: GroupType, name: string): number {
  if (Object.values(DISTRICT_ACCOUNTS).some((names) => names.includes(name))) {
    return randInt(rng, DISTRICT_ACCOUNT_MEMBERS.min, DISTRICT_ACCOUNT_MEMBERS.max)
  }
  const { min, max, skew } = MEMBER_SHAPE[type]
  return Math.round(min + (max - min) * rng() ** skew)
}

/** Scales member counts towards `target`, keeping each type's range (a few passes settle the clamps). */
function scaleMembers(groups: Group[], target: number): void {
  for (let pass = 0; pass < 4; pass++) {
    const sum = groups.reduce((s, g) => s + g.members, 0)
    const f = target / sum
    if (Math.abs(f - 1) < 0.001) return
    for (const g of groups) {
      const { min, max } = MEMBER_SHAPE[g.type]
      const hi = g.members > max ? g.members : max // district accounts keep their size
      g.members = Math.min(hi, Math.max(min, Math.round(g.members * f)))
    }
  }
}

function buildGroups(rng: Rng, grids: readonly Grid[]): Group[] {
  const slots = groupSlots(rng, grids)
  const counts = typeCounts(slots.length)
  const types = shuffled(rng, (Object.keys(counts) as GroupType[]).flatMap((t) => Array<GroupType>(counts[t]).fill(t)))
  const used = new Set<string>()
  const groups = slots.map((s, i): Group => {
    const type = types[i] ?? 'wechat'
    const name = uniqueName(rng, type, s, used)
    used.add(name)
    return {
      id: `grp-${pad(i + 1, 4)}`,
      name,
      type,
      members: rawMembers(rng, type, name),
      gridId: s.grid.id,
      communityCode: s.community.code,
      townCode: s.town.code,
    }
  })
  scaleMembers(groups, MEMBER_TARGET)
  return groups
}

/** The whole seed geography; pure and deterministic for a seed. */
export function buildGeography(seed = 365): { grids: Grid[]; groups: Group[] } {
  const rng = mulberry32(seed)
  const grids = buildGrids(rng)
  const groups = buildGroups(rng, grids)
  return { grids, groups }
}
