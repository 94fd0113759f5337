/**
 * Writes shared/knowledge/places.json: estates (小区/聚居点) with their community, and roads with
 * their towns, so that place extraction can recognise them in residents' texts. Estates are the
 * seed's (the same names the groups carry); town and community names come from the real divisions.
 * Run: npx tsx scripts/build-gazetteer.ts
 */
import { writeFileSync } from 'node:fs'
import { COMMUNITIES, TOWNS } from '../shared/domain/taxonomy.ts'
import { estateNames } from '../server/seed/geography.ts'
import { roadsOf } from '../server/demo/texts.ts'

const estates: { name: string; communityCode: string }[] = []
const seen = new Map<string, number>()
for (const c of COMMUNITIES) for (const name of estateNames(c.code)) seen.set(name, (seen.get(name) ?? 0) + 1)
for (const c of COMMUNITIES) {
  for (const name of estateNames(c.code)) if (seen.get(name) === 1) estates.push({ name, communityCode: c.code })
}
const roads = new Map<string, Set<string>>()
for (const t of TOWNS) for (const r of roadsOf(t.code)) (roads.get(r) ?? roads.set(r, new Set()).get(r))?.add(t.code)
const out = {
  note: 'Estates are the seed estates (synthetic, the names the groups carry); roads are the main roads of the urban core and town streets. Town and community names come from shared/geo/bishan.json.',
  estates,
  roads: [...roads].map(([name, towns]) => ({ name, townCodes: [...towns] })),
}
writeFileSync(new URL('../shared/knowledge/places.json', import.meta.url), JSON.stringify(out, null, 1) + '\n')
console.log(`${estates.length} estates, ${out.roads.length} roads`)
