/**
 * Builds server/assets/bishan-towns.geojson: one schematic area (示意范围) per town/street of
 * Bishan. No official town boundaries are public (see shared/geo/SOURCE.md), so each town gets the
 * part of the district outline that is closer to one of its sites than to any other town's site:
 * its seat plus the communities of the town that have a point (union of their Voronoi cells,
 * clipped exactly to the concave district outline). Distances are measured in a local km
 * projection; output coordinates are GCJ-02 lng/lat rounded to 5 decimals.
 *
 *   npx tsx scripts/build-town-areas.ts              # seats + community points (default)
 *   npx tsx scripts/build-town-areas.ts --seats-only # plain Voronoi cells of the 15 seats
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  localProjection,
  multiPolygonArea,
  partitionByNearestSite,
  ringSignedArea,
  type Point,
  type Site,
} from '../shared/geo/geometry.ts'

interface LngLat {
  lng: number
  lat: number
}
interface Town {
  code: string
  name: string
  short: string
  seat: LngLat
}
interface Community {
  code: string
  name: string
  townCode: string
  point?: LngLat
}
interface BishanGeo {
  district: { code: string; name: string; center: LngLat }
  towns: Town[]
  communities: Community[]
}
interface OutlineFile {
  features: { geometry: { type: string; coordinates: number[][][] } }[]
}

const root = fileURLToPath(new URL('..', import.meta.url))
const outlinePath = `${root}server/assets/bishan-district.geojson`
const geoPath = `${root}shared/geo/bishan.json`
const outPath = `${root}server/assets/bishan-towns.geojson`

const seatsOnly = process.argv.includes('--seats-only')
const geo = JSON.parse(readFileSync(geoPath, 'utf8')) as BishanGeo
const outlineFile = JSON.parse(readFileSync(outlinePath, 'utf8')) as OutlineFile
const outlineGeom = outlineFile.features[0]?.geometry
if (!outlineGeom || outlineGeom.type !== 'Polygon' || outlineGeom.coordinates.length !== 1) {
  throw new Error('expected the district outline to be a single Polygon without holes')
}
const outlineLngLat = (outlineGeom.coordinates[0] ?? []).map((c): Point => [c[0] ?? NaN, c[1] ?? NaN])

const proj = localProjection(geo.district.center.lng, geo.district.center.lat)
const toXY = (p: LngLat): Point => proj.forward([p.lng, p.lat])

const sites: Site[] = geo.towns.map((t) => {
  const [x, y] = toXY(t.seat)
  return { x, y, label: t.code }
})
if (!seatsOnly) {
  for (const c of geo.communities) {
    if (!c.point) continue
    const [x, y] = toXY(c.point)
    sites.push({ x, y, label: c.townCode })
  }
}

// closest pair of sites belonging to different towns (boundaries pass between them)
let closest = { d: Infinity, a: '', b: '' }
for (const [i, s] of sites.entries()) {
  for (const t of sites.slice(i + 1)) {
    if (s.label === t.label) continue
    const d = Math.hypot(s.x - t.x, s.y - t.y)
    if (d < closest.d) closest = { d, a: s.label, b: t.label }
  }
}

const regions = partitionByNearestSite(outlineLngLat.map((p) => proj.forward(p)), sites)

const round5 = (v: number): number => Math.round(v * 1e5) / 1e5
/** Unprojects, rounds and drops points that became duplicates; null if the ring collapsed. */
function finishRing(ring: readonly Point[]): number[][] | null {
  const out: number[][] = []
  for (const p of ring) {
    const [lng, lat] = proj.inverse(p)
    const q = [round5(lng), round5(lat)]
    const last = out[out.length - 1]
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q)
  }
  if (out.length < 4 || ringSignedArea(out.map((c): Point => [c[0] ?? 0, c[1] ?? 0])) === 0) return null
  return out
}

const features = geo.towns.map((town) => {
  const mp = regions.get(town.code) ?? []
  const polygons: number[][][][] = []
  for (const polygon of mp) {
    const [outer, ...holes] = polygon
    const o = outer ? finishRing(outer) : null
    if (!o) {
      console.warn(`${town.short}: dropped a part that collapsed after rounding`)
      continue
    }
    polygons.push([o, ...holes.map(finishRing).filter((h): h is number[][] => h !== null)])
  }
  if (polygons.length === 0) throw new Error(`${town.short}: empty area`)
  const km2 = multiPolygonArea(mp)
  const holes = polygons.reduce((n, p) => n + p.length - 1, 0)
  console.log(
    `${town.code} ${town.short}\t${km2.toFixed(1)} km²\t${polygons.length} part(s)${holes ? `, ${holes} hole(s)` : ''}`,
  )
  const geometry =
    polygons.length === 1
      ? { type: 'Polygon', coordinates: polygons[0] }
      : { type: 'MultiPolygon', coordinates: polygons }
  return {
    type: 'Feature',
    properties: { code: town.code, name: town.name, short: town.short, schematic: true },
    geometry,
  }
})

const total = [...regions.values()].reduce((s, mp) => s + multiPolygonArea(mp), 0)
const outlineKm2 = Math.abs(ringSignedArea(outlineLngLat.map((p) => proj.forward(p))))
// one feature per line: compact but readable in diffs
const text = `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`
writeFileSync(outPath, text)
console.log(
  `${seatsOnly ? 'seats only' : 'seats + community points'}: ${sites.length} sites; ` +
    `closest sites of different towns ${(closest.d * 1000).toFixed(0)} m apart (${closest.a} / ${closest.b})`,
)
console.log(`towns ${total.toFixed(2)} km² vs outline ${outlineKm2.toFixed(2)} km²`)
console.log(`wrote ${outPath} (${(Buffer.byteLength(text) / 1024).toFixed(1)} KB)`)
