/**
 * Visual check of the schematic town areas: draws the district outline, the town areas (one
 * fill each), the town seats and the community points into an SVG.
 *
 *   npx tsx scripts/preview-town-areas.ts [towns.geojson] [out.svg]
 *   rsvg-convert -w 1000 artifacts/town-areas.svg -o artifacts/town-areas.png
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

interface LngLat {
  lng: number
  lat: number
}
interface BishanGeo {
  district: { center: LngLat }
  towns: { code: string; short: string; seat: LngLat }[]
  communities: { townCode: string; point?: LngLat }[]
}
type Coords = number[][]
interface Geometry {
  type: string
  coordinates: Coords[] | Coords[][]
}
interface FeatureCollection {
  features: { properties: { code?: string; short?: string }; geometry: Geometry }[]
}

const root = fileURLToPath(new URL('..', import.meta.url))
const townsPath = process.argv[2] ?? `${root}server/assets/bishan-towns.geojson`
const outPath = process.argv[3] ?? `${root}artifacts/town-areas.svg`
const geo = JSON.parse(readFileSync(`${root}shared/geo/bishan.json`, 'utf8')) as BishanGeo
const outline = JSON.parse(readFileSync(`${root}server/assets/bishan-district.geojson`, 'utf8')) as FeatureCollection
const towns = JSON.parse(readFileSync(townsPath, 'utf8')) as FeatureCollection

const polygonsOf = (g: Geometry): Coords[][] =>
  g.type === 'Polygon' ? [g.coordinates as Coords[]] : (g.coordinates as Coords[][])

const outlineRings = outline.features.flatMap((f) => polygonsOf(f.geometry)).flat()
const all = outlineRings.flat()
const lngs = all.map((c) => c[0] ?? 0)
const lats = all.map((c) => c[1] ?? 0)
const minLng = Math.min(...lngs)
const maxLat = Math.max(...lats)
const kx = Math.cos((geo.district.center.lat * Math.PI) / 180)
const width = 900
const margin = 20
const scale = (width - 2 * margin) / ((Math.max(...lngs) - minLng) * kx)
const height = Math.ceil((maxLat - Math.min(...lats)) * scale + 2 * margin)
const px = (lng: number, lat: number): string =>
  `${(margin + (lng - minLng) * kx * scale).toFixed(1)},${(margin + (maxLat - lat) * scale).toFixed(1)}`
const pathOf = (rings: Coords[]): string =>
  rings.map((r) => `M${r.map((c) => px(c[0] ?? 0, c[1] ?? 0)).join('L')}Z`).join('')

const palette = [
  '#8dd3c7', '#ffffb3', '#bebada', '#fb8072', '#80b1d3', '#fdb462', '#b3de69', '#fccde5',
  '#d9d9d9', '#bc80bd', '#ccebc5', '#ffed6f', '#a6cee3', '#e5c494', '#f4a582',
]
const colorOf = new Map(geo.towns.map((t, i) => [t.code, palette[i % palette.length] ?? '#ccc']))

const parts: string[] = []
parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`)
parts.push(`<rect width="100%" height="100%" fill="#fff"/>`)
for (const f of towns.features) {
  const fill = colorOf.get(f.properties.code ?? '') ?? '#ccc'
  for (const polygon of polygonsOf(f.geometry)) {
    parts.push(`<path d="${pathOf(polygon)}" fill="${fill}" fill-rule="evenodd" stroke="#555" stroke-width="0.8"/>`)
  }
}
parts.push(`<path d="${pathOf(outlineRings)}" fill="none" stroke="#111" stroke-width="2"/>`)
for (const c of geo.communities) {
  if (!c.point) continue
  parts.push(`<circle cx="${px(c.point.lng, c.point.lat).split(',')[0]}" cy="${px(c.point.lng, c.point.lat).split(',')[1]}" r="2.5" fill="#333"/>`)
}
for (const t of geo.towns) {
  const [x, y] = px(t.seat.lng, t.seat.lat).split(',')
  parts.push(`<circle cx="${x}" cy="${y}" r="5" fill="#d00" stroke="#fff" stroke-width="1.5"/>`)
  parts.push(
    `<text x="${x}" y="${Number(y) - 8}" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" font-size="15" text-anchor="middle" fill="#000" stroke="#fff" stroke-width="3" paint-order="stroke">${t.short}</text>`,
  )
}
parts.push(`<text x="${margin}" y="${height - margin}" font-family="WenQuanYi Micro Hei, sans-serif" font-size="14" fill="#444">镇街范围为示意 (schematic) — red: seats, black: community points</text>`)
parts.push('</svg>')

mkdirSync(dirname(outPath), { recursive: true })
writeFileSync(outPath, parts.join('\n'))
console.log(`wrote ${outPath}`)
