import placesData from '../knowledge/places.json' with { type: 'json' }
import { COMMUNITIES, COMMUNITY_BY_CODE, TOWNS, TOWN_BY_CODE } from '../domain/taxonomy.ts'

/** How specific a place name is: an estate pins a community, a road only a town. */
type Level = 'estate' | 'community' | 'road' | 'town'
const RANK: Record<Level, number> = { estate: 4, community: 3, road: 2, town: 1 }

interface Entry { name: string; level: Level; townCode: string; communityCode?: string }

export interface ResolvedPlace {
  townCode: string
  communityCode?: string
  /** where it came from: named in the text, or the reporting group's grid */
  source: 'text' | 'group' | 'body'
  /** the place names found in the text, most specific first */
  matched: string[]
  reason: string
}

/** Community short forms (大旺社区 → 大旺) only where unambiguous and not a town's short name. */
function communityShortForms(): Entry[] {
  const counts = new Map<string, number>()
  const short = (n: string) => n.replace(/(社区|村)$/, '')
  for (const c of COMMUNITIES) counts.set(short(c.name), (counts.get(short(c.name)) ?? 0) + 1)
  const townShorts = new Set(TOWNS.map((t) => t.short))
  return COMMUNITIES.flatMap((c) => {
    const s = short(c.name)
    return s.length >= 2 && counts.get(s) === 1 && !townShorts.has(s) ? [{ name: s, level: 'community' as const, townCode: c.townCode, communityCode: c.code }] : []
  })
}

function buildEntries(): Entry[] {
  const entries: Entry[] = [
    ...TOWNS.flatMap((t) => [{ name: t.name, level: 'town' as const, townCode: t.code }, { name: t.short, level: 'town' as const, townCode: t.code }]),
    ...COMMUNITIES.map((c) => ({ name: c.name, level: 'community' as const, townCode: c.townCode, communityCode: c.code })),
    ...communityShortForms(),
    ...placesData.estates.flatMap((e) => {
      const c = COMMUNITY_BY_CODE.get(e.communityCode)
      return c ? [{ name: e.name, level: 'estate' as const, townCode: c.townCode, communityCode: c.code }] : []
    }),
    ...placesData.roads.flatMap((r) => (r.townCodes.length === 1 && r.townCodes[0] ? [{ name: r.name, level: 'road' as const, townCode: r.townCodes[0] }] : [])),
  ]
  return entries
}

/** Names indexed by their first character, longest first, so a scan is one pass over the text. */
const INDEX: Map<string, Entry[]> = (() => {
  const index = new Map<string, Entry[]>()
  for (const e of buildEntries()) {
    const first = e.name[0] as string
    const list = index.get(first) ?? []
    list.push(e)
    index.set(first, list)
  }
  for (const list of index.values()) list.sort((a, b) => b.name.length - a.name.length)
  return index
})()

/** Every Bishan place named in the text (longest match at each position, no overlaps). */
export function findPlaces(text: string): Entry[] {
  const found: Entry[] = []
  for (let i = 0; i < text.length; ) {
    const candidates = INDEX.get(text[i] as string)
    const hit = candidates?.find((e) => text.startsWith(e.name, i))
    if (hit) {
      found.push(hit)
      i += hit.name.length
    } else i++
  }
  return found
}

/**
 * Resolves the place a report is about: the most specific place named in the text (an estate or
 * community pins the community; a road or a town only the town), else the reporting group's grid.
 */
export function resolvePlaceFromText(text: string, fallback: { townCode: string; communityCode?: string }): ResolvedPlace {
  const found = findPlaces(text)
  if (found.length === 0) {
    return { ...fallback, source: 'group', matched: [], reason: `文本未提及地点，按来源群所在${TOWN_BY_CODE.get(fallback.townCode)?.name ?? '镇街'}` }
  }
  // the most specific; among equals the first mentioned
  const best = found.reduce((a, b) => (RANK[b.level] > RANK[a.level] ? b : a))
  // a town named explicitly that contradicts a less specific hit wins over a road
  const matched = [...new Set(found.sort((a, b) => RANK[b.level] - RANK[a.level]).map((e) => e.name))]
  const town = TOWN_BY_CODE.get(best.townCode)?.name ?? ''
  const community = best.communityCode ? COMMUNITY_BY_CODE.get(best.communityCode)?.name : undefined
  const where = community ? `${town}·${community}` : town
  return {
    townCode: best.townCode,
    ...(best.communityCode ? { communityCode: best.communityCode } : {}),
    source: 'text',
    matched,
    reason: `地点：文本提到「${best.name}」→ ${where}`,
  }
}
