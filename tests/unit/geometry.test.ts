import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, it, expect } from 'vitest'
import geo from '../../shared/geo/bishan.json' with { type: 'json' }
import {
  bbox,
  circumcenter,
  closeRing,
  delaunay,
  localProjection,
  multiPolygonArea,
  openRing,
  partitionByNearestSite,
  pointInMultiPolygon,
  pointInPolygon,
  pointInRing,
  polygonArea,
  ringSignedArea,
  segmentIntersection,
  type MultiPolygon,
  type Point,
  type Ring,
  type Site,
} from '../../shared/geo/geometry.ts'

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const square = (x0: number, y0: number, x1: number, y1: number): Point[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
]
/** 3×3 square with the notch [1,2]×[1,3] cut out: a U, counter-clockwise. */
const U: Point[] = [
  [0, 0],
  [3, 0],
  [3, 3],
  [2, 3],
  [2, 1],
  [1, 1],
  [1, 3],
  [0, 3],
]

const regionOf = (map: Map<string, Point[][][]>, label: string): Point[][][] => {
  const mp = map.get(label)
  if (!mp) throw new Error(`no region ${label}`)
  return mp
}

describe('areas and point-in-polygon', () => {
  it('computes signed ring areas for open and closed rings', () => {
    const sq = square(0, 0, 2, 3)
    expect(ringSignedArea(sq)).toBe(6)
    expect(ringSignedArea([...sq].reverse())).toBe(-6)
    expect(ringSignedArea(closeRing(sq))).toBe(6)
    expect(ringSignedArea(U)).toBe(7)
  })

  it('subtracts holes and sums multipolygons', () => {
    const withHole = [square(0, 0, 10, 10), square(2, 2, 4, 4).reverse()]
    expect(polygonArea(withHole)).toBe(96)
    expect(multiPolygonArea([withHole, [square(20, 0, 21, 1)]])).toBe(97)
  })

  it('opens and closes rings idempotently', () => {
    const sq = square(0, 0, 1, 1)
    expect(openRing(closeRing(sq))).toEqual(sq)
    expect(closeRing(closeRing(sq))).toHaveLength(5)
  })

  it('tests points against a concave ring, holes and multipolygons', () => {
    expect(pointInRing([0.5, 2.5], U)).toBe(true)
    expect(pointInRing([1.5, 2.5], U)).toBe(false) // in the notch
    expect(pointInRing([1.5, 0.5], U)).toBe(true)
    expect(pointInRing([3.5, 0.5], U)).toBe(false)
    expect(pointInRing([0.5, 2.5], closeRing(U))).toBe(true)
    const withHole = [square(0, 0, 10, 10), square(2, 2, 4, 4)]
    expect(pointInPolygon([3, 3], withHole)).toBe(false)
    expect(pointInPolygon([5, 5], withHole)).toBe(true)
    expect(pointInMultiPolygon([20.5, 0.5], [withHole, [square(20, 0, 21, 1)]])).toBe(true)
    expect(pointInMultiPolygon([15, 0.5], [withHole, [square(20, 0, 21, 1)]])).toBe(false)
  })

  it('computes bounding boxes', () => {
    expect(bbox(U)).toEqual({ minX: 0, minY: 0, maxX: 3, maxY: 3 })
  })
})

describe('segments, circumcircles and Delaunay', () => {
  it('intersects crossing segments', () => {
    const hit = segmentIntersection([0, 0], [2, 2], [0, 2], [2, 0])
    expect(hit?.t).toBeCloseTo(0.5)
    expect(hit?.u).toBeCloseTo(0.5)
    expect(hit?.point[0]).toBeCloseTo(1)
    expect(hit?.point[1]).toBeCloseTo(1)
  })

  it('returns exact endpoints for touching segments and null for disjoint or parallel ones', () => {
    const c: Point = [1, 1]
    const hit = segmentIntersection([0, 0], [2, 2], c, [3, 0])
    expect(hit?.point).toBe(c)
    expect(hit?.u).toBe(0)
    expect(segmentIntersection([0, 0], [1, 0], [0, 1], [1, 2])).toBeNull()
    expect(segmentIntersection([0, 0], [1, 0], [0, 1], [1, 1])).toBeNull()
    expect(segmentIntersection([0, 0], [1, 0], [2, -1], [2, 1])).toBeNull()
    // collinear, touching at one end only
    expect(segmentIntersection([0, 0], [1, 0], [1, 0], [2, 0])?.point).toEqual([1, 0])
  })

  it('throws on collinear overlap', () => {
    expect(() => segmentIntersection([0, 0], [2, 0], [1, 0], [3, 0])).toThrow(/collinear/)
  })

  it('finds circumcenters', () => {
    expect(circumcenter([0, 0], [4, 0], [0, 2])).toEqual([2, 1])
    expect(() => circumcenter([0, 0], [1, 1], [2, 2])).toThrow()
  })

  it('triangulates a square with its center into 4 triangles', () => {
    const pts: Point[] = [...square(0, 0, 1, 1), [0.5, 0.5]]
    const tris = delaunay(pts)
    expect(tris).toHaveLength(4)
    const area = tris.reduce((s, t) => s + ringSignedArea(t.map((i) => pts[i] as Point)), 0)
    expect(area).toBeCloseTo(1, 12)
  })

  it('produces a valid Delaunay triangulation of random points', () => {
    const rand = rng(7)
    const pts: Point[] = Array.from({ length: 80 }, () => [rand() * 10, rand() * 6])
    const tris = delaunay(pts)
    const edgeUse = new Map<string, number>()
    for (const t of tris) {
      const [a, b, c] = t.map((i) => pts[i] as Point) as [Point, Point, Point]
      expect(ringSignedArea([a, b, c])).toBeGreaterThan(0) // counter-clockwise
      const cc = circumcenter(a, b, c)
      const r2 = (a[0] - cc[0]) ** 2 + (a[1] - cc[1]) ** 2
      const inside = pts.filter((p, i) => !t.includes(i) && (p[0] - cc[0]) ** 2 + (p[1] - cc[1]) ** 2 < r2 * (1 - 1e-9))
      expect(inside).toEqual([]) // empty circumcircle
      for (let e = 0; e < 3; e++) {
        const u = t[e] as number
        const v = t[(e + 1) % 3] as number
        const k = u < v ? `${u},${v}` : `${v},${u}`
        edgeUse.set(k, (edgeUse.get(k) ?? 0) + 1)
      }
    }
    expect([...edgeUse.values()].every((n) => n === 1 || n === 2)).toBe(true)
    const hull = [...edgeUse.values()].filter((n) => n === 1).length
    expect(tris).toHaveLength(2 * pts.length - 2 - hull) // Euler: a full triangulation of the hull
  })

  it('projects lng/lat to km and back', () => {
    const proj = localProjection(106.23, 29.59)
    const p = proj.forward([106.24, 29.6])
    expect(p[1]).toBeCloseTo(1.106, 3)
    expect(p[0]).toBeCloseTo(0.968, 2)
    const back = proj.inverse(p)
    expect(back[0]).toBeCloseTo(106.24, 12)
    expect(back[1]).toBeCloseTo(29.6, 12)
  })
})

describe('partitionByNearestSite', () => {
  it('splits a square between two sites', () => {
    const parts = partitionByNearestSite(square(0, 0, 10, 10), [
      { x: 2.5, y: 5, label: 'A' },
      { x: 7.5, y: 5, label: 'B' },
    ])
    const a = regionOf(parts, 'A')
    expect(a).toHaveLength(1)
    expect(multiPolygonArea(a)).toBeCloseTo(50, 9)
    expect(multiPolygonArea(regionOf(parts, 'B'))).toBeCloseTo(50, 9)
    expect(pointInMultiPolygon([1, 1], a)).toBe(true)
    expect(pointInMultiPolygon([9, 1], a)).toBe(false)
    expect(ringSignedArea(a[0]?.[0] ?? [])).toBeGreaterThan(0) // RFC 7946: outer rings CCW
  })

  it('clips a cell against a concave outline into several parts', () => {
    // bisector y = 2 cuts both prongs of the U: B gets two separate 1×1 squares
    const parts = partitionByNearestSite([...U].reverse(), [
      { x: 1.5, y: 0, label: 'A' },
      { x: 1.5, y: 4, label: 'B' },
    ])
    const b = regionOf(parts, 'B')
    expect(b).toHaveLength(2)
    for (const polygon of b) expect(polygonArea(polygon)).toBeCloseTo(1, 9)
    expect(pointInMultiPolygon([1.5, 2.5], b)).toBe(false) // the notch stays outside
    const a = regionOf(parts, 'A')
    expect(a).toHaveLength(1)
    expect(multiPolygonArea(a)).toBeCloseTo(5, 9)
  })

  it('produces enclaves as holes', () => {
    const parts = partitionByNearestSite(square(0, 0, 10, 10), [
      { x: 5, y: 5, label: 'in' },
      { x: 5, y: 0, label: 'out' },
      { x: 10, y: 5, label: 'out' },
      { x: 5, y: 10, label: 'out' },
      { x: 0, y: 5, label: 'out' },
    ])
    const inner = regionOf(parts, 'in')
    const outer = regionOf(parts, 'out')
    expect(multiPolygonArea(inner)).toBeCloseTo(25, 9)
    expect(outer).toHaveLength(1)
    expect(outer[0]).toHaveLength(2) // outer ring + hole
    expect(ringSignedArea(outer[0]?.[1] ?? [])).toBeLessThan(0) // holes CW
    expect(multiPolygonArea(outer)).toBeCloseTo(75, 9)
    expect(pointInMultiPolygon([5, 5], outer)).toBe(false)
    expect(pointInMultiPolygon([1, 1], outer)).toBe(true)
  })

  it('unions cells of the same label, even through a degenerate 4-cell vertex', () => {
    const parts = partitionByNearestSite(square(0, 0, 10, 10), [
      { x: 2, y: 2, label: 'A' },
      { x: 2, y: 8, label: 'A' },
      { x: 8, y: 2, label: 'B' },
      { x: 8, y: 8, label: 'B' },
    ])
    const a = regionOf(parts, 'A')
    expect(a).toHaveLength(1)
    expect(a[0]).toHaveLength(1)
    expect(multiPolygonArea(a)).toBeCloseTo(50, 9)
  })

  it('handles a bisector through outline vertices', () => {
    const diamond: Point[] = [
      [5, 0],
      [10, 5],
      [5, 10],
      [0, 5],
    ]
    const parts = partitionByNearestSite(diamond, [
      { x: 2.5, y: 5, label: 'A' },
      { x: 7.5, y: 5, label: 'B' },
    ])
    expect(multiPolygonArea(regionOf(parts, 'A'))).toBeCloseTo(25, 9)
    expect(multiPolygonArea(regionOf(parts, 'B'))).toBeCloseTo(25, 9)
  })

  it('merges duplicate sites and ignores sites far outside', () => {
    const parts = partitionByNearestSite(square(0, 0, 1, 1), [
      { x: 0.5, y: 0.5, label: 'A' },
      { x: 0.5, y: 0.5, label: 'B' },
      { x: 50, y: 50, label: 'C' },
    ])
    expect(multiPolygonArea(regionOf(parts, 'A'))).toBeCloseTo(1, 9)
    expect(parts.get('B')).toBeUndefined()
    expect(regionOf(parts, 'C')).toEqual([])
  })

  it('partitions random concave outlines exactly by nearest labelled site', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rand = rng(seed)
      const n = 40
      const outline: Point[] = Array.from({ length: n }, (_, i) => {
        const angle = (2 * Math.PI * i) / n
        const r = 0.4 + 0.6 * rand()
        return [r * Math.cos(angle), r * Math.sin(angle)]
      })
      const sites: Site[] = Array.from({ length: 30 }, () => ({
        x: rand() * 2.4 - 1.2,
        y: rand() * 2.4 - 1.2,
        label: String(Math.floor(rand() * 5)),
      }))
      const parts = partitionByNearestSite(outline, sites)
      const total = [...parts.values()].reduce((s, mp) => s + multiPolygonArea(mp), 0)
      expect(total).toBeCloseTo(ringSignedArea(outline), 9)
      for (let k = 0; k < 400; k++) {
        const p: Point = [rand() * 2 - 1, rand() * 2 - 1]
        const inOutline = pointInRing(p, outline)
        const hits = [...parts.entries()].filter(([, mp]) => pointInMultiPolygon(p, mp)).map(([l]) => l)
        if (!inOutline) {
          expect(hits).toEqual([])
          continue
        }
        const nearest = [...sites].sort((s, t) => Math.hypot(s.x - p[0], s.y - p[1]) - Math.hypot(t.x - p[0], t.y - p[1]))[0]
        expect(hits).toEqual([nearest?.label])
      }
    }
  })
})

describe('server/assets/bishan-towns.geojson', () => {
  interface TownFeature {
    type: string
    properties: { code: string; name: string; short: string; schematic: boolean }
    geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] }
  }
  const path = fileURLToPath(new URL('../../server/assets/bishan-towns.geojson', import.meta.url))
  const towns = JSON.parse(readFileSync(path, 'utf8')) as { type: string; features: TownFeature[] }
  const outlineFile = JSON.parse(
    readFileSync(fileURLToPath(new URL('../../server/assets/bishan-district.geojson', import.meta.url)), 'utf8'),
  ) as { features: { geometry: { coordinates: number[][][] } }[] }
  const toRing = (coords: number[][]): Ring => coords.map((c): Point => [c[0] ?? NaN, c[1] ?? NaN])
  const outline = toRing(outlineFile.features[0]?.geometry.coordinates[0] ?? [])
  const areaOf = (f: TownFeature): MultiPolygon =>
    (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).map((polygon) =>
      polygon.map(toRing),
    )
  const areas = new Map(towns.features.map((f) => [f.properties.code, areaOf(f)]))
  const area = (code: string): MultiPolygon => areas.get(code) ?? []

  it('has the 15 official towns, schematic, and is compact', () => {
    expect(towns.type).toBe('FeatureCollection')
    expect(towns.features.map((f) => f.properties)).toEqual(
      geo.towns.map((t) => ({ code: t.code, name: t.name, short: t.short, schematic: true })),
    )
    expect(statSync(path).size).toBeLessThan(80 * 1024)
  })

  it('uses 5-decimal coordinates, closed rings and RFC 7946 orientation', () => {
    for (const [code, mp] of areas) {
      for (const polygon of mp) {
        polygon.forEach((ring, i) => {
          expect(ring.length, code).toBeGreaterThanOrEqual(4)
          expect(ring[0], code).toEqual(ring[ring.length - 1])
          for (const [x, y] of ring) {
            expect(Math.abs(x * 1e5 - Math.round(x * 1e5))).toBeLessThan(1e-6)
            expect(Math.abs(y * 1e5 - Math.round(y * 1e5))).toBeLessThan(1e-6)
          }
          expect(Math.sign(ringSignedArea(ring)), code).toBe(i === 0 ? 1 : -1)
        })
      }
    }
  })

  it('puts each seat (and each community point) inside its own town only', () => {
    for (const t of geo.towns) {
      const seat: Point = [t.seat.lng, t.seat.lat]
      const hits = geo.towns.filter((o) => pointInMultiPolygon(seat, area(o.code))).map((o) => o.code)
      expect(hits, t.short).toEqual([t.code])
    }
    for (const c of geo.communities) {
      if (!c.point) continue
      expect(pointInMultiPolygon([c.point.lng, c.point.lat], area(c.townCode)), c.name).toBe(true)
    }
  })

  it('covers the outline: total area within 1 % of the outline area', () => {
    const total = [...areas.values()].reduce((s, mp) => s + multiPolygonArea(mp), 0)
    const outlineArea = Math.abs(ringSignedArea(outline))
    expect(Math.abs(total - outlineArea) / outlineArea).toBeLessThan(0.01)
  })

  it('has no overlaps or gaps: 2,000 random points inside the outline fall in exactly one town', () => {
    const rand = rng(365)
    const box = bbox(outline)
    let checked = 0
    while (checked < 2000) {
      const p: Point = [box.minX + rand() * (box.maxX - box.minX), box.minY + rand() * (box.maxY - box.minY)]
      if (!pointInRing(p, outline)) continue
      checked++
      const hits = [...areas.entries()].filter(([, mp]) => pointInMultiPolygon(p, mp)).map(([code]) => code)
      expect(hits, `point ${p[0]},${p[1]}`).toHaveLength(1)
    }
  })
})
