/**
 * Small, dependency-free planar geometry used to derive the schematic town areas (镇街示意范围)
 * of Bishan from the district outline and a set of labelled sites (town seats and community points).
 *
 * Everything here is pure (no I/O) and works in a planar coordinate system. For lng/lat input use
 * `localProjection` first so that distances are isotropic (1 unit = 1 km); areas and
 * point-in-polygon tests are also valid directly on lng/lat.
 *
 * Rings may be given open or closed (first point repeated at the end); all functions accept both.
 * Rings produced here are closed and follow RFC 7946 orientation: outer rings counter-clockwise,
 * holes clockwise.
 */

export type Point = readonly [number, number]
export type Ring = readonly Point[]
/** First ring is the outer boundary, the others are holes. */
export type Polygon = readonly Ring[]
export type MultiPolygon = readonly Polygon[]

export interface Site {
  x: number
  y: number
  /** Sites with the same label form one region (union of their Voronoi cells). */
  label: string
}

// ---------------------------------------------------------------------------------------------
// Basic measures and predicates
// ---------------------------------------------------------------------------------------------

/** Shoelace formula: positive for a counter-clockwise ring. */
export function ringSignedArea(ring: Ring): number {
  let sum = 0
  const n = ring.length
  for (let i = 0; i < n; i++) {
    const a = ring[i] as Point
    const b = ring[(i + 1) % n] as Point
    sum += a[0] * b[1] - b[0] * a[1]
  }
  return sum / 2
}

/** Area of a polygon with holes (outer minus holes), always >= 0. */
export function polygonArea(polygon: Polygon): number {
  let area = 0
  polygon.forEach((ring, i) => {
    const a = Math.abs(ringSignedArea(ring))
    area += i === 0 ? a : -a
  })
  return area
}

export function multiPolygonArea(mp: MultiPolygon): number {
  return mp.reduce((sum, polygon) => sum + polygonArea(polygon), 0)
}

/** Even–odd ray casting. Points exactly on the boundary may go either way. */
export function pointInRing(p: Point, ring: Ring): boolean {
  const [x, y] = p
  let inside = false
  const n = ring.length
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = ring[i] as Point
    const [xj, yj] = ring[j] as Point
    if (yi > y !== yj > y && x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) inside = !inside
  }
  return inside
}

export function pointInPolygon(p: Point, polygon: Polygon): boolean {
  const [outer, ...holes] = polygon
  if (!outer || !pointInRing(p, outer)) return false
  return !holes.some((hole) => pointInRing(p, hole))
}

export function pointInMultiPolygon(p: Point, mp: MultiPolygon): boolean {
  return mp.some((polygon) => pointInPolygon(p, polygon))
}

/** Drops the closing point if the ring is closed. */
export function openRing(ring: Ring): Point[] {
  const pts = [...ring]
  const first = pts[0]
  const last = pts[pts.length - 1]
  if (pts.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) pts.pop()
  return pts
}

/** Repeats the first point at the end if needed. */
export function closeRing(ring: Ring): Point[] {
  const pts = openRing(ring)
  const first = pts[0]
  if (first) pts.push(first)
  return pts
}

export function bbox(points: readonly Point[]): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const [x, y] of points) {
    if (x < minX) minX = x
    if (y < minY) minY = y
    if (x > maxX) maxX = x
    if (y > maxY) maxY = y
  }
  return { minX, minY, maxX, maxY }
}

// ---------------------------------------------------------------------------------------------
// Projection
// ---------------------------------------------------------------------------------------------

export interface LocalProjection {
  forward(p: Point): Point
  inverse(p: Point): Point
}

/**
 * Local equirectangular projection around (lng0, lat0): x, y in km. Accurate to well under 1 %
 * over a district-sized area, which is plenty for nearest-site (Voronoi) decisions.
 */
export function localProjection(lng0: number, lat0: number): LocalProjection {
  const ky = 110.574
  const kx = 111.32 * Math.cos((lat0 * Math.PI) / 180)
  return {
    forward: ([lng, lat]) => [(lng - lng0) * kx, (lat - lat0) * ky],
    inverse: ([x, y]) => [lng0 + x / kx, lat0 + y / ky],
  }
}

// ---------------------------------------------------------------------------------------------
// Segments, circumcircles, Delaunay
// ---------------------------------------------------------------------------------------------

function cross(ax: number, ay: number, bx: number, by: number): number {
  return ax * by - ay * bx
}

export interface SegmentHit {
  /** Parameter along the first segment (0 at a, 1 at b). */
  t: number
  /** Parameter along the second segment (0 at c, 1 at d). */
  u: number
  point: Point
}

/**
 * Intersection of segments a–b and c–d, endpoints included (with a relative tolerance `eps` on
 * the parameters; a hit within tolerance of an endpoint returns that endpoint exactly). Returns
 * null when they do not meet. Throws on collinear overlap, which callers treat as a degenerate
 * input.
 */
export function segmentIntersection(a: Point, b: Point, c: Point, d: Point, eps = 1e-9): SegmentHit | null {
  const rx = b[0] - a[0]
  const ry = b[1] - a[1]
  const sx = d[0] - c[0]
  const sy = d[1] - c[1]
  const qx = c[0] - a[0]
  const qy = c[1] - a[1]
  const denom = cross(rx, ry, sx, sy)
  const lr = Math.hypot(rx, ry)
  const ls = Math.hypot(sx, sy)
  if (lr === 0 || ls === 0) return null
  if (Math.abs(denom) <= 1e-12 * lr * ls) {
    // parallel: overlapping only if collinear
    if (Math.abs(cross(qx, qy, rx, ry)) > eps * lr * Math.max(lr, ls)) return null
    const t0 = (qx * rx + qy * ry) / (lr * lr)
    const t1 = t0 + (sx * rx + sy * ry) / (lr * lr)
    const lo = Math.min(t0, t1)
    const hi = Math.max(t0, t1)
    if (hi < -eps || lo > 1 + eps) return null
    if (Math.abs(hi) <= eps) return { t: 0, u: t0 < t1 ? 1 : 0, point: a }
    if (Math.abs(lo - 1) <= eps) return { t: 1, u: t0 < t1 ? 0 : 1, point: b }
    throw new Error('segmentIntersection: collinear overlapping segments')
  }
  let t = cross(qx, qy, sx, sy) / denom
  let u = cross(qx, qy, rx, ry) / denom
  if (t < -eps || t > 1 + eps || u < -eps || u > 1 + eps) return null
  let point: Point
  if (Math.abs(u) <= eps) [u, point] = [0, c]
  else if (Math.abs(u - 1) <= eps) [u, point] = [1, d]
  else if (Math.abs(t) <= eps) [t, point] = [0, a]
  else if (Math.abs(t - 1) <= eps) [t, point] = [1, b]
  else point = [a[0] + t * rx, a[1] + t * ry]
  return { t: Math.min(1, Math.max(0, t)), u: Math.min(1, Math.max(0, u)), point }
}

export function circumcenter(a: Point, b: Point, c: Point): Point {
  const bx = b[0] - a[0]
  const by = b[1] - a[1]
  const cx = c[0] - a[0]
  const cy = c[1] - a[1]
  const d = 2 * (bx * cy - by * cx)
  if (d === 0) throw new Error('circumcenter: collinear points')
  const b2 = bx * bx + by * by
  const c2 = cx * cx + cy * cy
  return [a[0] + (cy * b2 - by * c2) / d, a[1] + (bx * c2 - cx * b2) / d]
}

/** A triangle as three indices into the input points, counter-clockwise. */
export type Triangle = readonly [number, number, number]

/**
 * Delaunay triangulation (Bowyer–Watson, O(n²) — meant for up to a few thousand points).
 * Duplicate points are ignored (the first one wins). As with any super-structure approach,
 * extremely flat triangles along the convex hull may be missing; callers that need a complete
 * hull (like `partitionByNearestSite`) surround their points with far-away helper points.
 */
export function delaunay(points: readonly Point[]): Triangle[] {
  const n = points.length
  if (n < 3) return []
  const box = bbox(points)
  const span = Math.max(box.maxX - box.minX, box.maxY - box.minY, 1e-9)
  const cx = (box.minX + box.maxX) / 2
  const cy = (box.minY + box.maxY) / 2
  const far = span * 1e3
  // all points plus 4 helper corners (indices n..n+3) forming a square that contains everything
  const pts: Point[] = [
    ...points,
    [cx - far, cy - far],
    [cx + far, cy - far],
    [cx + far, cy + far],
    [cx - far, cy + far],
  ]
  interface Tri {
    v: [number, number, number]
    cc: Point
    r2: number
  }
  const make = (i: number, j: number, k: number): Tri => {
    const a = pts[i] as Point
    const b = pts[j] as Point
    const c = pts[k] as Point
    const v: [number, number, number] =
      cross(b[0] - a[0], b[1] - a[1], c[0] - a[0], c[1] - a[1]) > 0 ? [i, j, k] : [i, k, j]
    const cc = circumcenter(a, b, c)
    return { v, cc, r2: (a[0] - cc[0]) ** 2 + (a[1] - cc[1]) ** 2 }
  }
  let tris: Tri[] = [make(n, n + 1, n + 2), make(n, n + 2, n + 3)]
  const seen = new Set<string>()
  for (let i = 0; i < n; i++) {
    const p = pts[i] as Point
    const key = `${p[0]},${p[1]}`
    if (seen.has(key)) continue
    seen.add(key)
    const bad: Tri[] = []
    const good: Tri[] = []
    for (const t of tris) {
      const d2 = (p[0] - t.cc[0]) ** 2 + (p[1] - t.cc[1]) ** 2
      ;(d2 < t.r2 * (1 - 1e-12) ? bad : good).push(t)
    }
    // boundary of the cavity: edges of bad triangles not shared with another bad triangle
    const edgeCount = new Map<string, [number, number]>()
    const count = new Map<string, number>()
    for (const t of bad) {
      for (let e = 0; e < 3; e++) {
        const a = t.v[e] as number
        const b = t.v[(e + 1) % 3] as number
        const k = a < b ? `${a},${b}` : `${b},${a}`
        count.set(k, (count.get(k) ?? 0) + 1)
        edgeCount.set(k, [a, b])
      }
    }
    tris = good
    for (const [k, [a, b]] of edgeCount) {
      if (count.get(k) === 1) tris.push(make(a, b, i))
    }
  }
  return tris.filter((t) => t.v.every((i) => i < n)).map((t) => [t.v[0], t.v[1], t.v[2]] as const)
}

// ---------------------------------------------------------------------------------------------
// Partition of a (possibly concave) outline by nearest labelled site
// ---------------------------------------------------------------------------------------------

interface Segment {
  a: Point
  b: Point
  /** Label of the region on the left of a→b; null = outside. For outline segments (CCW) it is
   * resolved later from the nearest site. */
  left: string | null
  right: string | null
  kind: 'voronoi' | 'outline'
  splits: { t: number; point: Point }[]
}

interface HalfEdge {
  from: number
  to: number
  kind: 'voronoi' | 'outline'
  /** label on the left; undefined = inner side of an outline edge (resolved per face) */
  left: string | null | undefined
  twin: number
  next: number
  angle: number
}

function nearestLabel(p: Point, sites: readonly Site[]): string {
  let best = Infinity
  let label = ''
  for (const s of sites) {
    const d = (s.x - p[0]) ** 2 + (s.y - p[1]) ** 2
    if (d < best) {
      best = d
      label = s.label
    }
  }
  return label
}

/**
 * Splits the polygon `outline` (simple, possibly concave; open or closed, any orientation) into
 * regions by nearest site: each region is the union of the Voronoi cells of all sites sharing a
 * label, intersected with the outline. The result is exact up to floating point: regions share
 * identical boundary vertices, cover the outline and do not overlap. A region may consist of
 * several polygons (MultiPolygon) and may have holes (enclaves of another label).
 *
 * Method: Delaunay triangulation of the sites (plus 4 far helper sites) gives the Voronoi edges
 * as segments between circumcenters; only edges between sites of different labels are kept. These
 * and the outline edges are split at their mutual intersections, Voronoi pieces outside the
 * outline are dropped, and the faces of the resulting planar graph are traced (half-edge
 * structure). Every face is labelled from its Voronoi edges (or, for a face bounded by the outline
 * only, from the nearest site) and rings are assembled into polygons with holes.
 *
 * Sites at identical coordinates are merged (the first one wins). Throws on degenerate input
 * that it does not handle (a Voronoi edge running exactly along an outline edge).
 */
export function partitionByNearestSite(outline: Ring, sites: readonly Site[]): Map<string, Point[][][]> {
  const ring = openRing(outline)
  if (ring.length < 3) throw new Error('partitionByNearestSite: outline needs at least 3 points')
  if (ringSignedArea(ring) < 0) ring.reverse()

  // unique sites
  const uniq: Site[] = []
  const seen = new Set<string>()
  for (const s of sites) {
    const k = `${s.x},${s.y}`
    if (seen.has(k)) continue
    seen.add(k)
    uniq.push(s)
  }
  const result = new Map<string, Point[][][]>()
  for (const s of uniq) result.set(s.label, [])
  if (uniq.length === 0) throw new Error('partitionByNearestSite: no sites')

  const box = bbox([...ring, ...uniq.map((s): Point => [s.x, s.y])])
  const span = Math.max(box.maxX - box.minX, box.maxY - box.minY)
  const snap = span * 1e-10
  const cx = (box.minX + box.maxX) / 2
  const cy = (box.minY + box.maxY) / 2
  const far = span * 10
  const helpers: Point[] = [
    [cx - far, cy - far],
    [cx + far, cy - far],
    [cx + far, cy + far],
    [cx - far, cy + far],
  ]
  const pts: Point[] = [...uniq.map((s): Point => [s.x, s.y]), ...helpers]
  const labelOf = (i: number): string | null => uniq[i]?.label ?? null

  // --- Voronoi edges between differently labelled sites ----------------------------------
  const tris = delaunay(pts)
  const centers = tris.map(([a, b, c]) => circumcenter(pts[a] as Point, pts[b] as Point, pts[c] as Point))
  const edgeTris = new Map<string, number[]>()
  tris.forEach((t, ti) => {
    for (let e = 0; e < 3; e++) {
      const a = t[e] as number
      const b = t[(e + 1) % 3] as number
      const k = a < b ? `${a},${b}` : `${b},${a}`
      const list = edgeTris.get(k)
      if (list) list.push(ti)
      else edgeTris.set(k, [ti])
    }
  })
  const segments: Segment[] = []
  for (const [k, list] of edgeTris) {
    const [u, v] = k.split(',').map(Number) as [number, number]
    const lu = labelOf(u)
    const lv = labelOf(v)
    if (lu === lv) continue
    if (list.length !== 2) {
      if (lu === null || lv === null) continue // hull edge next to a helper: far outside
      throw new Error('partitionByNearestSite: incomplete triangulation')
    }
    const c1 = centers[list[0] as number] as Point
    const c2 = centers[list[1] as number] as Point
    if (Math.hypot(c2[0] - c1[0], c2[1] - c1[1]) <= snap) continue
    const su = pts[u] as Point
    const uLeft = cross(c2[0] - c1[0], c2[1] - c1[1], su[0] - c1[0], su[1] - c1[1]) > 0
    segments.push({
      a: c1,
      b: c2,
      left: uLeft ? lu : lv,
      right: uLeft ? lv : lu,
      kind: 'voronoi',
      splits: [],
    })
  }
  const voronoiCount = segments.length
  for (let i = 0; i < ring.length; i++) {
    segments.push({
      a: ring[i] as Point,
      b: ring[(i + 1) % ring.length] as Point,
      left: null,
      right: null,
      kind: 'outline',
      splits: [],
    })
  }

  // --- intersections (Voronoi edges never cross each other, nor do outline edges) ---------
  for (let i = 0; i < voronoiCount; i++) {
    const s = segments[i] as Segment
    const sMinX = Math.min(s.a[0], s.b[0]) - snap
    const sMaxX = Math.max(s.a[0], s.b[0]) + snap
    const sMinY = Math.min(s.a[1], s.b[1]) - snap
    const sMaxY = Math.max(s.a[1], s.b[1]) + snap
    for (let j = voronoiCount; j < segments.length; j++) {
      const o = segments[j] as Segment
      if (Math.max(o.a[0], o.b[0]) < sMinX || Math.min(o.a[0], o.b[0]) > sMaxX) continue
      if (Math.max(o.a[1], o.b[1]) < sMinY || Math.min(o.a[1], o.b[1]) > sMaxY) continue
      let hit: SegmentHit | null
      try {
        hit = segmentIntersection(s.a, s.b, o.a, o.b)
      } catch {
        throw new Error('partitionByNearestSite: a Voronoi edge runs along the outline (degenerate sites)')
      }
      if (!hit) continue
      s.splits.push({ t: hit.t, point: hit.point })
      o.splits.push({ t: hit.u, point: hit.point })
    }
  }

  // --- vertices (snapped) and pieces ---------------------------------------------------------
  const vertexIndex = new Map<string, number>()
  const vertices: Point[] = []
  const vertexId = (p: Point): number => {
    const k = `${Math.round(p[0] / snap)},${Math.round(p[1] / snap)}`
    let id = vertexIndex.get(k)
    if (id === undefined) {
      id = vertices.length
      vertices.push(p)
      vertexIndex.set(k, id)
    }
    return id
  }
  // outline vertices first so that they keep their exact coordinates
  ring.forEach((p) => vertexId(p))

  const halfEdges: HalfEdge[] = []
  const undirected = new Set<string>()
  const addEdge = (from: number, to: number, kind: 'voronoi' | 'outline', left: string | null | undefined, right: string | null | undefined): void => {
    const k = from < to ? `${from},${to}` : `${to},${from}`
    if (undirected.has(k)) throw new Error('partitionByNearestSite: duplicate edge (degenerate sites)')
    undirected.add(k)
    const a = vertices[from] as Point
    const b = vertices[to] as Point
    const i = halfEdges.length
    halfEdges.push({ from, to, kind, left, twin: i + 1, next: -1, angle: Math.atan2(b[1] - a[1], b[0] - a[0]) })
    halfEdges.push({ from: to, to: from, kind, left: right, twin: i, next: -1, angle: Math.atan2(a[1] - b[1], a[0] - b[0]) })
  }

  for (const s of segments) {
    const stops = [{ t: 0, point: s.a }, ...s.splits, { t: 1, point: s.b }].sort((p, q) => p.t - q.t)
    const ids = stops.map((p) => vertexId(p.point))
    for (let k = 0; k + 1 < ids.length; k++) {
      const from = ids[k] as number
      const to = ids[k + 1] as number
      if (from === to) continue
      if (s.kind === 'outline') {
        addEdge(from, to, 'outline', undefined, null)
      } else {
        const a = vertices[from] as Point
        const b = vertices[to] as Point
        if (!pointInRing([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], ring)) continue
        addEdge(from, to, 'voronoi', s.left, s.right)
      }
    }
  }

  // --- half-edge structure: next = first outgoing edge clockwise from the twin ---------------
  const outgoing = new Map<number, number[]>()
  halfEdges.forEach((h, i) => {
    const list = outgoing.get(h.from)
    if (list) list.push(i)
    else outgoing.set(h.from, [i])
  })
  for (const [v, list] of outgoing) {
    if (list.length < 2) throw new Error(`partitionByNearestSite: dangling edge at vertex ${v}`)
    list.sort((p, q) => (halfEdges[p] as HalfEdge).angle - (halfEdges[q] as HalfEdge).angle)
    list.forEach((he, k) => {
      // the half-edge arriving through twin(he) continues with the outgoing edge just before `he`
      // in counter-clockwise order (i.e. the next one clockwise)
      const prevOut = list[(k - 1 + list.length) % list.length] as number
      const twin = (halfEdges[he] as HalfEdge).twin
      ;(halfEdges[twin] as HalfEdge).next = prevOut
    })
  }

  // --- trace faces ----------------------------------------------------------------------------
  interface Face {
    ring: Point[]
    area: number
    label: string | null
  }
  const faces: Face[] = []
  const visited = new Uint8Array(halfEdges.length)
  for (let start = 0; start < halfEdges.length; start++) {
    if (visited[start]) continue
    const ids: number[] = []
    let h = start
    while (!visited[h]) {
      visited[h] = 1
      ids.push(h)
      h = (halfEdges[h] as HalfEdge).next
      if (h < 0) throw new Error('partitionByNearestSite: broken half-edge structure')
    }
    if (h !== start) throw new Error('partitionByNearestSite: face cycle does not close')
    const faceRing = ids.map((i) => vertices[(halfEdges[i] as HalfEdge).from] as Point)
    const area = ringSignedArea(faceRing)
    const labels = new Set<string | null>()
    let longestInner = -1
    let longestLen = -1
    for (const i of ids) {
      const he = halfEdges[i] as HalfEdge
      if (he.left !== undefined) labels.add(he.left)
      else {
        const a = vertices[he.from] as Point
        const b = vertices[he.to] as Point
        const len = Math.hypot(b[0] - a[0], b[1] - a[1])
        if (len > longestLen) [longestLen, longestInner] = [len, i]
      }
    }
    let label: string | null
    if (labels.size > 1) throw new Error('partitionByNearestSite: inconsistent face labels')
    if (labels.size === 1) label = [...labels][0] as string | null
    else {
      const he = halfEdges[longestInner] as HalfEdge
      const a = vertices[he.from] as Point
      const b = vertices[he.to] as Point
      label = nearestLabel([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], uniq)
    }
    if (label === null && area > 0) throw new Error('partitionByNearestSite: outline not covered by the sites')
    faces.push({ ring: faceRing, area, label })
  }

  // --- assemble polygons: CCW faces are outer rings, CW faces (with a label) are holes --------
  const outers = faces.filter((f) => f.label !== null && f.area > 0)
  const polygons = new Map<Face, Point[][]>()
  for (const f of outers) polygons.set(f, [closeRing(f.ring)])
  for (const hole of faces.filter((f) => f.label !== null && f.area < 0)) {
    const probe = hole.ring[0] as Point
    const host = outers
      .filter((f) => f.label === hole.label && pointInRing(probe, f.ring))
      .sort((p, q) => p.area - q.area)[0]
    if (!host) throw new Error('partitionByNearestSite: hole without a host face')
    polygons.get(host)?.push(closeRing(hole.ring))
  }
  for (const [face, polygon] of polygons) result.get(face.label as string)?.push(polygon)
  return result
}
