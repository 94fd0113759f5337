import { describe, expect, it } from 'vitest'
import {
  boundsGeoJson, categoryRows, geoBounds, mapBaseOption, nearestPulse, pulseOption, sourceConic, sourceSlices, townLabelPoints, trendOption,
  type MapPulse,
} from '../../web/src/lib/chartOptions.ts'
import { STATUS_COLORS, ticketColor, ALERT_COLOR } from '../../shared/ui/palette.ts'
import { TICKET_STATUSES } from '../../shared/domain/types.ts'
import { TOWNS } from '../../shared/domain/taxonomy.ts'

const EVIL = '<img src=x onerror=alert(1)>'
type Fmt = (p: unknown) => string
const tooltipFormatter = (o: unknown): Fmt => (o as { tooltip: { formatter: Fmt } }).tooltip.formatter

describe('chart options', () => {
  it('escapes every tooltip value (ECharts tooltips are HTML)', () => {
    const trend = tooltipFormatter(trendOption([1], [2], 0, 1))
    expect(trend([{ name: EVIL, seriesName: EVIL, value: 1 }])).not.toContain('<img')
    expect(trend([{ name: EVIL, seriesName: EVIL, value: 1 }])).toContain('&lt;img')
    const map = tooltipFormatter(mapBaseOption({ openByTown: {}, selectedTown: null, bounds: [[106, 30], [106.5, 29.3]], s: 1 }))
    expect(map({ name: EVIL })).not.toContain('<img')
  })

  it('scales sizes with the screen', () => {
    const a = JSON.stringify(trendOption([1], [1], 0, 1))
    const b = JSON.stringify(trendOption([1], [1], 0, 2))
    expect(a).toContain('"fontSize":15')
    expect(b).toContain('"fontSize":30')
  })

  it('ranks the level-1 categories, largest first, bars relative to the largest', () => {
    expect(categoryRows({ 交通运输: 2, 城乡建设: 8, 其他: 0, 环境保护: 2 })).toEqual([
      { name: '城乡建设', value: 8, share: 1 },
      { name: '交通运输', value: 2, share: 0.25 },
      { name: '环境保护', value: 2, share: 0.25 },
    ])
    expect(categoryRows({})).toEqual([])
  })

  it('draws the source ring as a conic gradient, grey when empty', () => {
    const ring = sourceConic(sourceSlices({ wechat: 3, qq: 1 }))
    expect(ring.startsWith('conic-gradient(')).toBe(true)
    expect(ring).toContain('#34d399 0.00deg')
    expect(ring).toContain('360.00deg')
    expect(sourceConic(sourceSlices({}))).toContain('rgba(120, 180, 255')
  })

  it('keeps every group type in the source breakdown, zeros included', () => {
    const slices = sourceSlices({ wechat: 3, qq: 1 })
    expect(slices.map((x) => x.label)).toEqual(['微信群', 'QQ群', '工作群', '网站', '政务新媒体', '媒体'])
    expect(slices[0]?.share).toBeCloseTo(0.75)
    expect(slices[5]?.value).toBe(0)
  })

  it('draws today only up to the current hour', () => {
    const o = trendOption(Array(24).fill(2), Array(24).fill(1), 5, 1) as { series: { data: (number | null)[] }[] }
    expect(o.series[0]?.data.filter((v) => v !== null)).toHaveLength(6)
    expect(o.series[1]?.data).toHaveLength(24)
  })

  it('shades towns by open load and marks the selected one', () => {
    const o = mapBaseOption({ openByTown: { '500120001': 9 }, selectedTown: '500120001', bounds: [[106, 30], [106.5, 29.3]], s: 1 }) as {
      series: { data: { name: string; value: number }[] }[]; geo: { regions?: { name: string; selected: boolean }[] }[]; visualMap: { max: number }
    }
    expect(o.series[0]?.data).toHaveLength(15)
    expect(o.series[0]?.data.find((d) => d.value === 9)?.name).toBe('璧城街道')
    expect(o.geo[1]?.regions?.filter((r) => r.selected).map((r) => r.name)).toEqual(['璧城街道'])
    expect(o.visualMap.max).toBe(9)
  })

  it('draws the pulses and the town labels on the pulse layer', () => {
    const pulses: MapPulse[] = [{ id: 'A', lng: 106.2, lat: 29.6, title: EVIL, town: '璧城街道', color: '#fff' }]
    const o = pulseOption(pulses, [{ code: '500120001', short: '璧{城}', lng: 106.2, lat: 29.6 }], { '500120001': 4 }, [[106, 30], [106.5, 29.3]], 1, null) as {
      series: { id: string; zlevel: number; data: { name: string }[] }[]
    }
    expect(o.series[0]?.zlevel).toBe(1)
    expect(o.series[0]?.data.map((d) => d.name)).toEqual(['A'])
    // rich-text markup in a label value is stripped
    expect(o.series[1]?.data[0]?.name).toBe('{n|璧城}\n{v|4}')
  })

  it('finds the pulse nearest to a click', () => {
    const pulses: MapPulse[] = [
      { id: 'A', lng: 0, lat: 0, title: '', town: '', color: '' },
      { id: 'B', lng: 10, lat: 0, title: '', town: '', color: '' },
    ]
    const project = (lng: number, lat: number): [number, number] => [lng * 10, lat * 10]
    expect(nearestPulse(pulses, 95, 3, 14, project)?.id).toBe('B')
    expect(nearestPulse(pulses, 50, 50, 14, project)).toBeNull()
  })

  it('computes bounds, a bounding rectangle and label points inside the towns', () => {
    const square = { features: [{ properties: {}, geometry: { type: 'Polygon', coordinates: [[[1, 1], [3, 1], [3, 4], [1, 4], [1, 1]]] } }] }
    expect(geoBounds(square)).toEqual([[1, 4], [3, 1]])
    expect(boundsGeoJson([[1, 4], [3, 1]]).features[0]?.geometry.coordinates[0]).toHaveLength(5)
    const towns = {
      features: TOWNS.map((t) => ({
        properties: { code: t.code, name: t.name },
        geometry: { type: 'Polygon', coordinates: [[[t.seat.lng - 0.01, t.seat.lat - 0.01], [t.seat.lng + 0.01, t.seat.lat - 0.01], [t.seat.lng + 0.01, t.seat.lat + 0.01], [t.seat.lng - 0.01, t.seat.lat + 0.01], [t.seat.lng - 0.01, t.seat.lat - 0.01]]] },
      })),
    }
    const labels = townLabelPoints(towns)
    expect(labels).toHaveLength(15)
    for (const l of labels) {
      const t = TOWNS.find((x) => x.code === l.code)
      expect(l.lng).toBeCloseTo(t?.seat.lng ?? 0, 6)
      expect(l.lat).toBeCloseTo(t?.seat.lat ?? 0, 6)
    }
  })
})

describe('state palette', () => {
  it('has a colour for every state and red for overdue or supervised cases', () => {
    for (const s of TICKET_STATUSES) expect(STATUS_COLORS[s]).toMatch(/^#[0-9a-f]{6}$/)
    expect(STATUS_COLORS.invalid).toBe(STATUS_COLORS.merged)
    expect(ticketColor({ status: 'dispatched' })).toBe(STATUS_COLORS.dispatched)
    expect(ticketColor({ status: 'dispatched', overdue: true })).toBe(ALERT_COLOR)
    expect(ticketColor({ status: 'accepted', supervise: 1 })).toBe(ALERT_COLOR)
  })
})
