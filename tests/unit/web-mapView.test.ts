import { describe, expect, it } from 'vitest'
import { TOWNS } from '../../shared/domain/taxonomy.ts'
import { framePercent, geoBounds, LOAD_RAMP, loadColor, loadScaleMax, mapFrame, pathData, project, townLabelPoints } from '../../web/src/lib/mapView.ts'

const square = { features: [{ properties: {}, geometry: { type: 'Polygon', coordinates: [[[106, 29.5], [106.2, 29.5], [106.2, 29.7], [106, 29.7], [106, 29.5]]] } }] }

describe('the wall map (SVG)', () => {
  it('frames the bounds with longitude shrunk by the cosine of the latitude', () => {
    const bounds = geoBounds(square)
    expect(bounds).toEqual([[106, 29.7], [106.2, 29.5]])
    const f = mapFrame(bounds)
    expect(f.height).toBeCloseTo(200, 6)
    // at ~29.6° N a degree of longitude is ~0.87 of a degree of latitude
    expect(f.width / f.height).toBeCloseTo(Math.cos((29.6 * Math.PI) / 180), 6)
    expect(project(f, 106, 29.7)).toEqual([0, 0])
    const [x, y] = project(f, 106.2, 29.5)
    expect(x).toBeCloseTo(f.width, 6)
    expect(y).toBeCloseTo(f.height, 6)
    expect(framePercent(f, 106.1, 29.6).left).toBeCloseTo(50, 6)
    expect(framePercent(f, 106.1, 29.6).top).toBeCloseTo(50, 6)
  })

  it('writes path data for polygons and multipolygons, holes included', () => {
    const f = mapFrame(geoBounds(square))
    const d = pathData(f, square.features[0]!.geometry)
    expect(d.startsWith('M0 200L')).toBe(true)
    expect(d.endsWith('Z')).toBe(true)
    expect(d.split('M')).toHaveLength(2)
    const ring = [[106.05, 29.55], [106.1, 29.55], [106.1, 29.6], [106.05, 29.55]]
    const multi = { type: 'MultiPolygon', coordinates: [[square.features[0]!.geometry.coordinates[0]!, ring], [ring]] }
    expect(pathData(f, multi).match(/M/g)).toHaveLength(3)
    expect(pathData(f, { type: 'Point', coordinates: [106, 29.6] })).toBe('')
  })

  it('shades by load on the ramp, dark when empty and brightest at the top of the scale', () => {
    expect(loadColor(0, 10)).toBe(LOAD_RAMP[0])
    expect(loadColor(10, 10)).toBe(LOAD_RAMP[4])
    expect(loadColor(99, 10)).toBe(LOAD_RAMP[4])
    expect(loadColor(2.5, 10)).toBe(LOAD_RAMP[1])
    // between two stops: between their channels
    const mid = loadColor(1.25, 10)
    expect(mid).toMatch(/^#[0-9a-f]{6}$/)
    expect(mid).not.toBe(LOAD_RAMP[0])
    expect(mid).not.toBe(LOAD_RAMP[1])
    expect(loadColor(3, 0)).toBe(LOAD_RAMP[0])
    // a quiet day is not all bright: the scale reaches at least 5
    expect(loadScaleMax([0, 1, 2])).toBe(5)
    expect(loadScaleMax([0, 12, 3])).toBe(12)
  })

  it('puts each town label inside its area, or on the seat when the area is missing', () => {
    const towns = {
      features: TOWNS.slice(1).map((t) => ({
        properties: { code: t.code, name: t.name },
        geometry: { type: 'Polygon', coordinates: [[[t.seat.lng - 0.02, t.seat.lat - 0.01], [t.seat.lng + 0.01, t.seat.lat - 0.01], [t.seat.lng + 0.01, t.seat.lat + 0.02], [t.seat.lng - 0.02, t.seat.lat + 0.02], [t.seat.lng - 0.02, t.seat.lat - 0.01]]] },
      })),
    }
    const labels = townLabelPoints(towns)
    expect(labels).toHaveLength(15)
    const first = TOWNS[0]!
    expect(labels[0]).toMatchObject({ code: first.code, lng: first.seat.lng, lat: first.seat.lat })
    for (const l of labels.slice(1)) {
      const t = TOWNS.find((x) => x.code === l.code)!
      // the centroid of the square, not the seat at its corner
      expect(l.lng).toBeCloseTo(t.seat.lng - 0.005, 6)
      expect(l.lat).toBeCloseTo(t.seat.lat + 0.005, 6)
    }
  })
})
