import type { ComposeOption } from 'echarts/core'
import type { EffectScatterSeriesOption, LineSeriesOption, MapSeriesOption, ScatterSeriesOption } from 'echarts/charts'
import type {
  GeoComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption,
} from 'echarts/components'
import { TOWNS } from '../../../shared/domain/taxonomy.ts'
import { pointInRing } from '../../../shared/geo/geometry.ts'
import { GROUP_TYPES, type GroupType } from '../../../shared/domain/types.ts'
import type { Counts } from '../../../shared/stats.ts'
import { GROUP_TYPE_COLORS, SCREEN_COLORS } from '../../../shared/ui/palette.ts'
import { GROUP_TYPE_LABELS } from '../../../shared/ui/labels.ts'
import { escapeHtml, formatCount } from './format.ts'

/**
 * ECharts options for the wall, built as plain data (no DOM, testable in node). Every size is
 * multiplied by the screen scale `s` so canvases are drawn at real size (crisp), never CSS-scaled.
 * Tooltips are HTML in ECharts: every formatter escapes what it interpolates.
 */

export type WallChartOption = ComposeOption<
  | LineSeriesOption | MapSeriesOption | EffectScatterSeriesOption | ScatterSeriesOption
  | GridComponentOption | TooltipComponentOption | LegendComponentOption | GeoComponentOption | VisualMapComponentOption
>

const C = SCREEN_COLORS
const px = (n: number, s: number) => Math.round(n * s * 10) / 10

function tooltipBase(s: number): TooltipComponentOption {
  return {
    backgroundColor: 'rgba(3, 16, 40, 0.94)',
    borderColor: C.accent,
    borderWidth: 1,
    padding: [px(8, s), px(12, s)],
    textStyle: { color: C.text, fontSize: px(15, s) },
    extraCssText: `box-shadow: 0 0 ${px(12, s)}px rgba(63,224,255,.35); border-radius: ${px(2, s)}px;`,
    confine: true,
    // never let ECharts interpret markup in names it renders by itself
    renderMode: 'html',
  }
}

interface TooltipParam { name?: unknown; value?: unknown; seriesName?: unknown; marker?: unknown; percent?: unknown; data?: unknown }
const asParam = (p: unknown): TooltipParam => (p && typeof p === 'object' ? (p as TooltipParam) : {})
const numberOf = (v: unknown): number => (typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? v[0] : 0)

export interface CategoryRow { name: string; value: number; share: number }

/**
 * Level-1 categories, largest first, with each bar's length relative to the largest. Drawn as HTML
 * bars: crisp at any scale, and one ECharts instance fewer to create and keep animating.
 */
export function categoryRows(byLevel1: Counts): CategoryRow[] {
  const entries = Object.entries(byLevel1).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const max = Math.max(1, ...entries.map(([, v]) => v))
  return entries.map(([name, value]) => ({ name, value, share: value / max }))
}

/** The DOM's font stack, so canvas text matches it (and no second CJK face is loaded). */
export const TEXT_FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif"

export const NUMERIC_FONT = "'DIN Alternate', 'Bahnschrift', 'Roboto Condensed', 'DejaVu Sans Condensed', 'Noto Sans CJK SC', sans-serif"

export interface SourceSlice { type: GroupType; label: string; value: number; share: number; color: string }

/** Source breakdown by group type in the fixed order of GROUP_TYPES (zeros kept: a missing channel is news too). */
export function sourceSlices(bySource: Counts): SourceSlice[] {
  const total = GROUP_TYPES.reduce((sum, t) => sum + (bySource[t] ?? 0), 0)
  return GROUP_TYPES.map((type) => {
    const value = bySource[type] ?? 0
    return { type, label: GROUP_TYPE_LABELS[type], value, share: total > 0 ? value / total : 0, color: GROUP_TYPE_COLORS[type] }
  })
}

/** The source ring as a CSS conic gradient (a hairline gap between slices; grey when empty). */
export function sourceConic(slices: SourceSlice[]): string {
  const parts: string[] = []
  let at = 0
  for (const x of slices) {
    if (x.share <= 0) continue
    const end = at + x.share * 360
    const gap = x.share < 1 ? Math.min(1.2, (end - at) / 3) : 0
    parts.push(`${x.color} ${at.toFixed(2)}deg ${(end - gap).toFixed(2)}deg`, `transparent ${(end - gap).toFixed(2)}deg ${end.toFixed(2)}deg`)
    at = end
  }
  return parts.length ? `conic-gradient(${parts.join(', ')})` : 'conic-gradient(rgba(120, 180, 255, 0.14) 0deg 360deg)'
}

/** Hourly reports today (up to the current hour) against yesterday's full day. */
export function trendOption(today: number[], yesterday: number[], currentHour: number, s: number): WallChartOption {
  const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}时`)
  const todayData = hours.map((_, h) => (h <= currentHour ? (today[h] ?? 0) : null))
  const yesterdayData = hours.map((_, h) => yesterday[h] ?? 0)
  return {
    animationDuration: 600,
    animationDurationUpdate: 400,
    textStyle: { fontFamily: TEXT_FONT },
    color: [C.accent, C.yesterday],
    grid: { left: px(12, s), right: px(20, s), top: px(40, s), bottom: px(6, s), outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: {
      top: 0,
      right: px(12, s),
      itemWidth: px(22, s),
      itemHeight: px(10, s),
      itemGap: px(20, s),
      textStyle: { color: C.muted, fontSize: px(15, s) },
      data: ['今日', '昨日'],
    },
    tooltip: {
      ...tooltipBase(s),
      trigger: 'axis',
      axisPointer: { type: 'line', lineStyle: { color: 'rgba(63,224,255,0.5)' } },
      formatter: (ps: unknown) => {
        const list = (Array.isArray(ps) ? ps : [ps]).map(asParam)
        const head = escapeHtml(list[0]?.name)
        const rows = list
          .filter((x) => x.value !== null && x.value !== undefined)
          .map((x) => `${escapeHtml(x.seriesName)}：<b>${escapeHtml(formatCount(numberOf(x.value)))}</b> 件`)
        return [head, ...rows].join('<br/>')
      },
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: hours,
      axisLine: { lineStyle: { color: 'rgba(120,180,255,0.35)' } },
      axisTick: { show: false },
      axisLabel: { color: C.muted, fontSize: px(14, s), interval: 2, margin: px(10, s) },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitNumber: 4,
      splitLine: { lineStyle: { color: C.grid, type: 'dashed' } },
      axisLabel: { color: C.muted, fontSize: px(14, s), fontFamily: NUMERIC_FONT },
    },
    series: [
      {
        id: 'today',
        name: '今日',
        type: 'line',
        smooth: 0.35,
        symbol: 'circle',
        // only the current hour gets a dot: "now" is where the line ends
        symbolSize: (_v: unknown, p: { dataIndex?: number }) => (p.dataIndex === currentHour ? px(9, s) : 0),
        showSymbol: true,
        itemStyle: { color: C.accent, borderColor: '#ffffff', borderWidth: px(1.5, s) },
        lineStyle: { width: px(3, s) },
        areaStyle: {
          color: { type: 'linear', x: 0, y: 0, x2: 0, y2: 1, colorStops: [{ offset: 0, color: 'rgba(63,224,255,0.38)' }, { offset: 1, color: 'rgba(63,224,255,0.02)' }] },
        },
        data: todayData,
        z: 3,
      },
      {
        id: 'yesterday',
        name: '昨日',
        type: 'line',
        smooth: 0.35,
        showSymbol: false,
        itemStyle: { color: C.yesterday },
        lineStyle: { width: px(2, s), type: 'dashed', color: C.yesterday },
        data: yesterdayData,
        z: 2,
      },
    ],
  }
}

export interface MapPulse { id: string; lng: number; lat: number; title: string; town: string; color: string }

export type Bounds = [[number, number], [number, number]]

export interface MapInput {
  openByTown: Counts
  selectedTown: string | null
  /** [[west, north], [east, south]] of the district outline: every geo layer uses it so they align */
  bounds: Bounds
  s: number
}

/** Map names registered with echarts.registerMap. */
export const OUTLINE_MAP = 'bishan-outline'
export const TOWNS_MAP = 'bishan-towns'
/** A bare rectangle over the district: the pulse layer's projection without building any region. */
export const BBOX_MAP = 'bishan-bbox'

/** Shared by the base map and the pulse layer, so both project coordinates to the same pixels. */
function geoLayout(bounds: Bounds): Pick<GeoComponentOption, 'layoutCenter' | 'layoutSize' | 'boundingCoords' | 'aspectScale' | 'roam'> {
  return { layoutCenter: ['50%', '50%'], layoutSize: '96%', boundingCoords: bounds, aspectScale: 0.87, roam: false }
}

/** Strips rich-text syntax from a label value (labels are canvas text: no HTML, but `{a|}` is markup). */
const richSafe = (v: string) => v.replace(/[{}|]/g, '')

/**
 * The base map: the district plinth, the 15 schematic town areas shaded by open load, the glowing
 * outline. It changes slowly (loads, selection), so it is redrawn rarely; the pulses live in their
 * own chart instance on top (pulseOption) and never cause the regions to be rebuilt.
 */
export function mapBaseOption(input: MapInput): WallChartOption {
  const { openByTown, selectedTown, bounds, s } = input
  const max = Math.max(5, ...TOWNS.map((t) => openByTown[t.code] ?? 0))
  const layout = geoLayout(bounds)
  const countByName = new Map(TOWNS.map((t) => [t.name, openByTown[t.code] ?? 0]))
  return {
    animation: false,
    textStyle: { fontFamily: TEXT_FONT },
    tooltip: {
      ...tooltipBase(s),
      trigger: 'item',
      formatter: (p: unknown) => {
        const name = String(asParam(p).name ?? '')
        return `${escapeHtml(name)}<br/>在办：<b>${escapeHtml(formatCount(countByName.get(name) ?? 0))}</b> 件<br/><span style="opacity:.7">点击筛选诉求流</span>`
      },
    },
    geo: [
      {
        // the district's "plinth": a hard copy offset downwards reads as thickness, at no blur cost
        id: 'plinth',
        map: OUTLINE_MAP,
        ...layout,
        silent: true,
        z: 1,
        itemStyle: {
          areaColor: '#041a38',
          borderColor: 'rgba(63,224,255,0.35)',
          borderWidth: px(1, s),
          shadowColor: '#0b4f86',
          shadowBlur: 0,
          shadowOffsetY: px(10, s),
        },
        label: { show: false },
        emphasis: { disabled: true },
        tooltip: { show: false },
      },
      {
        id: 'towns',
        map: TOWNS_MAP,
        ...layout,
        z: 2,
        selectedMode: 'single',
        itemStyle: { areaColor: '#0b2a55', borderColor: 'rgba(120,220,255,0.55)', borderWidth: px(1, s) },
        // the names and counts are drawn in the pulse layer, above the ripples
        label: { show: false },
        emphasis: {
          itemStyle: { areaColor: '#2a7fd0', borderColor: C.accent, borderWidth: px(2, s) },
          label: { show: false },
        },
        select: {
          itemStyle: { areaColor: '#1296d8', borderColor: '#ffffff', borderWidth: px(2.5, s) },
          label: { show: false },
        },
        regions: TOWNS.map((t) => ({ name: t.name, selected: t.code === selectedTown })),
      },
      {
        // the glow of the district outline: a wide translucent stroke (far cheaper than shadowBlur)
        id: 'halo',
        map: OUTLINE_MAP,
        ...layout,
        silent: true,
        z: 3,
        itemStyle: { areaColor: 'transparent', borderColor: 'rgba(63,224,255,0.22)', borderWidth: px(9, s) },
        label: { show: false },
        emphasis: { disabled: true },
        tooltip: { show: false },
      },
      {
        id: 'outline',
        map: OUTLINE_MAP,
        ...layout,
        silent: true,
        z: 4,
        itemStyle: { areaColor: 'transparent', borderColor: '#7ff0ff', borderWidth: px(2.2, s) },
        label: { show: false },
        emphasis: { disabled: true },
        tooltip: { show: false },
      },
    ],
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      seriesIndex: 0,
      left: px(16, s),
      bottom: px(14, s),
      orient: 'vertical',
      itemWidth: px(12, s),
      itemHeight: px(110, s),
      text: ['在办多', '少'],
      textGap: px(8, s),
      textStyle: { color: C.muted, fontSize: px(14, s) },
      calculable: false,
      inRange: { color: ['#0d2d5c', '#14569a', '#1d8fcf', '#46d3f5', '#b8f6ff'] },
    },
    series: [
      {
        id: 'load',
        name: '在办',
        type: 'map',
        geoIndex: 1,
        data: TOWNS.map((t) => ({ name: t.name, value: openByTown[t.code] ?? 0 })),
      },
    ],
  }
}

/** Where the district lies inside the pulse layer's own box (px), when that box is cropped to it. */
export interface Insets { left: number; top: number; right: number; bottom: number }

/**
 * The pulse layer: the newest reports as ripples, in a chart of its own over the base map. Its only
 * geo is a bare rectangle with the same bounds, so an update rebuilds nothing but the points. Its box
 * is cropped to the district (the canvas is redrawn every frame: the smaller the cheaper), and
 * `insets` place the bounds exactly where the base map draws them. It is not interactive
 * (pointer-events: none); the base map resolves a click near a pulse with `nearestPulse`.
 */
export interface TownLabel { code: string; short: string; lng: number; lat: number }

export function pulseOption(pulses: MapPulse[], labels: TownLabel[], openByTown: Counts, bounds: Bounds, s: number, insets: Insets | null): WallChartOption {
  const n = pulses.length
  const place = insets ? { ...insets, boundingCoords: bounds, aspectScale: 0.87, roam: false } : geoLayout(bounds)
  return {
    animation: false,
    geo: [
      {
        id: 'frame',
        map: BBOX_MAP,
        ...place,
        silent: true,
        itemStyle: { areaColor: 'transparent', borderWidth: 0 },
        label: { show: false },
        emphasis: { disabled: true },
      },
    ],
    series: [
      {
        id: 'pulses',
        name: '新诉求',
        type: 'effectScatter',
        coordinateSystem: 'geo',
        geoIndex: 0,
        // own canvas layer: the ripple animation repaints only it
        zlevel: 1,
        silent: true,
        showEffectOn: 'render',
        rippleEffect: { brushType: 'stroke', scale: 3.2, period: 2.6, number: 2 },
        data: pulses.map((p, i) => ({
          name: p.id,
          value: [p.lng, p.lat],
          // newest pulses largest
          symbolSize: px(5 + 7 * ((i + 1) / Math.max(1, n)), s),
          itemStyle: { color: p.color, opacity: 0.95 },
        })),
      },
      {
        // town names and open counts, on a static layer above the ripples so a pulse never hides them
        id: 'labels',
        type: 'scatter',
        coordinateSystem: 'geo',
        geoIndex: 0,
        zlevel: 2,
        silent: true,
        symbolSize: 0,
        label: {
          show: true,
          position: 'inside',
          formatter: (p: unknown) => String(asParam(p).name ?? ''),
          rich: {
            n: { fontSize: px(15, s), color: C.text, lineHeight: px(19, s), align: 'center', textBorderColor: '#021024', textBorderWidth: px(3, s) },
            v: { fontSize: px(16, s), color: '#ffe08a', fontWeight: 'bold', fontFamily: NUMERIC_FONT, lineHeight: px(19, s), align: 'center', textBorderColor: '#021024', textBorderWidth: px(3, s) },
          },
        },
        // the label text is the item's name: rich-text markup built here from our own taxonomy
        data: labels.map((l) => ({ name: `{n|${richSafe(l.short)}}\n{v|${openByTown[l.code] ?? 0}}`, value: [l.lng, l.lat] })),
      },
    ],
  }
}

/**
 * Where each town's label goes: the centroid of its largest polygon in the (schematic) town areas,
 * or the town seat when that centroid falls outside a concave area.
 */
export function townLabelPoints(fc: { features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] }): TownLabel[] {
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

/** A GeoJSON rectangle covering the bounds (registered as BBOX_MAP). */
export function boundsGeoJson(bounds: Bounds) {
  const [[w, n], [e, sMin]] = bounds
  return {
    type: 'FeatureCollection' as const,
    features: [{
      type: 'Feature' as const,
      properties: { name: 'bbox' },
      geometry: { type: 'Polygon' as const, coordinates: [[[w, n], [e, n], [e, sMin], [w, sMin], [w, n]]] },
    }],
  }
}

/** The pulse nearest to a pixel (within `radius`), given a projection from lng/lat to pixels. */
export function nearestPulse(pulses: MapPulse[], x: number, y: number, radius: number, project: (lng: number, lat: number) => [number, number] | null): MapPulse | null {
  let best: MapPulse | null = null
  let bestD = radius * radius
  // newest last in the array and drawn on top: prefer it on ties
  for (const p of pulses) {
    const xy = project(p.lng, p.lat)
    if (!xy) continue
    const d = (xy[0] - x) ** 2 + (xy[1] - y) ** 2
    if (d <= bestD) {
      bestD = d
      best = p
    }
  }
  return best
}

/** West/north/east/south of a GeoJSON FeatureCollection of polygons. */
export function geoBounds(fc: { features: { geometry: { type: string; coordinates: unknown } }[] }): [[number, number], [number, number]] {
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

