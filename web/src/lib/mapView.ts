import { TOWNS } from '../../../shared/domain/taxonomy.ts'
import { pointInRing } from '../../../shared/geo/geometry.ts'

/**
 * The wall's map as plain data for an SVG (no DOM, testable in node): a local equirectangular
 * projection of Bishan (longitude shrunk by the cosine of its latitude, so shapes keep their true
 * proportions), path data for the outline and the town areas, label points and the load colours.
 * Vector all the way: crisp at any screen size, and nothing to compute per frame.
 */

export interface GeoShape { type: string; coordinates: unknown }
export interface GeoFeatures { features: { properties: Record<string, unknown>; geometry: GeoShape }[] }

/** The projected plane: viewBox units (1,000 per degree of latitude) from the north-west corner. */
export interface MapFrame {
  west: number
  north: number
  /** x units per degree of longitude (1,000 × cos latitude) */
  kx: number
  width: number
  height: number
}

const UNITS_PER_DEGREE = 1000

export type Bounds = [[number, number], [number, number]]

/** West/north/east/south of a GeoJSON FeatureCollection of polygons, as [[west, north], [east, south]]. */
export function geoBounds(fc: { features: { geometry: GeoShape }[] }): Bounds {
  let w = Infinity
  let e = -Infinity
  let sMin = Infinity
  let nMax = -Infinity
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0])
      e = Math.max(e, c[0])
      sMin = Math.min(sMin, c[1])
      nMax = Math.max(nMax, c[1])
      return
    }
    for (const x of c) visit(x)
  }
  for (const f of fc.features) visit(f.geometry.coordinates)
  return [[w, nMax], [e, sMin]]
}

export function mapFrame(bounds: Bounds): MapFrame {
  const [[west, north], [east, south]] = bounds
  const kx = UNITS_PER_DEGREE * Math.cos((((north + south) / 2) * Math.PI) / 180)
  return { west, north, kx, width: (east - west) * kx, height: (north - south) * UNITS_PER_DEGREE }
}

export function project(frame: MapFrame, lng: number, lat: number): [number, number] {
  return [(lng - frame.west) * frame.kx, (frame.north - lat) * UNITS_PER_DEGREE]
}

/** A point's place in the frame as percentages (for HTML laid over the SVG). */
export function framePercent(frame: MapFrame, lng: number, lat: number): { left: number; top: number } {
  const [x, y] = project(frame, lng, lat)
  return { left: (x / frame.width) * 100, top: (y / frame.height) * 100 }
}

const r1 = (v: number) => Math.round(v * 10) / 10

/** SVG path data of a Polygon or MultiPolygon (holes included; the fill rule is evenodd). */
export function pathData(frame: MapFrame, geometry: GeoShape): string {
  const polygons = (geometry.type === 'MultiPolygon' ? geometry.coordinates : geometry.type === 'Polygon' ? [geometry.coordinates] : []) as number[][][][]
  const out: string[] = []
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const pts = ring.map(([lng = 0, lat = 0]) => project(frame, lng, lat)).map(([x, y]) => `${r1(x)} ${r1(y)}`)
      if (pts.length >= 3) out.push(`M${pts.join('L')}Z`)
    }
  }
  return out.join('')
}

/** A report pulsing on the map (the newest few dozen). */
export interface MapPulse { id: string; lng: number; lat: number; title: string; town: string; color: string }

export interface TownLabel { code: string; short: string; lng: number; lat: number }

/**
 * Where each town's label goes: the centroid of its largest polygon in the (schematic) town areas,
 * or the town seat when that centroid falls outside a concave area.
 */
export function townLabelPoints(fc: GeoFeatures): TownLabel[] {
  const out: TownLabel[] = []
  for (const t of TOWNS) {
    const f = fc.features.find((x) => x.properties.code === t.code || x.properties.name === t.name)
    const polygons = (f?.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : f?.geometry.type === 'Polygon' ? [f.geometry.coordinates] : []) as number[][][][]
    let best: { area: number; x: number; y: number; ring: number[][] } | null = null
    for (const poly of polygons) {
      const ring = poly[0]
      if (!ring || ring.length < 3) continue
      let a = 0
      let cx = 0
      let cy = 0
      for (let i = 0; i < ring.length - 1; i++) {
        const [x0 = 0, y0 = 0] = ring[i] ?? []
        const [x1 = 0, y1 = 0] = ring[i + 1] ?? []
        const cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
      }
      if (Math.abs(a) < 1e-12) continue
      const c = { area: Math.abs(a / 2), x: cx / (3 * a), y: cy / (3 * a), ring }
      if (!best || c.area > best.area) best = c
    }
    const inside = best ? pointInRing([best.x, best.y], best.ring as unknown as [number, number][]) : false
    const at = best && inside ? { lng: best.x, lat: best.y } : t.seat
    out.push({ code: t.code, short: t.short, lng: at.lng, lat: at.lat })
  }
  return out
}

/** Dark (no open cases) to bright (the most loaded town), the wall's blue ramp. */
export const LOAD_RAMP = ['#0d2d5c', '#14569a', '#1d8fcf', '#46d3f5', '#b8f6ff'] as const

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]
const hex2 = (v: number) => Math.round(v).toString(16).padStart(2, '0')

/** The ramp's colour for `value` on a scale from 0 to `max` (linear between the stops). */
export function loadColor(value: number, max: number): string {
  const k = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0
  const pos = k * (LOAD_RAMP.length - 1)
  const i = Math.min(LOAD_RAMP.length - 2, Math.floor(pos))
  const [a, b] = [rgb(LOAD_RAMP[i] ?? LOAD_RAMP[0]), rgb(LOAD_RAMP[i + 1] ?? LOAD_RAMP[0])]
  const f = pos - i
  return `#${a.map((c, j) => hex2(c + ((b[j] ?? c) - c) * f)).join('')}`
}

/** The top of the load scale: the busiest town, but at least 5 so a quiet day is not all bright. */
export const loadScaleMax = (counts: number[]): number => Math.max(5, ...counts)
