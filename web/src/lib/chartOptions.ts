import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption, EffectScatterSeriesOption, LineSeriesOption, MapSeriesOption, PieSeriesOption } from 'echarts/charts'
import type {
  GeoComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption,
} from 'echarts/components'
import { TOWNS } from '../../../shared/domain/taxonomy.ts'
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
  | BarSeriesOption | LineSeriesOption | PieSeriesOption | MapSeriesOption | EffectScatterSeriesOption
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

/** Level-1 categories as horizontal bars, largest on top. */
export function categoryOption(byLevel1: Counts, s: number): WallChartOption {
  const entries = Object.entries(byLevel1).sort((a, b) => a[1] - b[1] || b[0].localeCompare(a[0]))
  const max = Math.max(1, ...entries.map(([, v]) => v))
  return {
    animationDuration: 600,
    animationDurationUpdate: 500,
    grid: { left: px(8, s), right: px(52, s), top: px(6, s), bottom: px(2, s), outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      ...tooltipBase(s),
      trigger: 'item',
      formatter: (p: unknown) => {
        const x = asParam(p)
        return `${escapeHtml(x.name)}：<b>${escapeHtml(formatCount(numberOf(x.value)))}</b> 件（近30日）`
      },
    },
    xAxis: { type: 'value', max, show: false },
    yAxis: {
      type: 'category',
      data: entries.map(([k]) => k),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: C.text, fontSize: px(15, s), margin: px(10, s) },
    },
    series: [
      {
        id: 'level1',
        type: 'bar',
        data: entries.map(([, v]) => v),
        barWidth: '52%',
        showBackground: true,
        backgroundStyle: { color: 'rgba(63,224,255,0.06)' },
        itemStyle: {
          borderRadius: [0, px(2, s), px(2, s), 0],
          color: { type: 'linear', x: 0, y: 0, x2: 1, y2: 0, colorStops: [{ offset: 0, color: 'rgba(61,139,255,0.35)' }, { offset: 1, color: C.accent }] },
        },
        label: { show: true, position: 'right', color: C.text, fontSize: px(15, s), fontFamily: NUMERIC_FONT, distance: px(6, s) },
      },
    ],
  }
}

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

export function sourceOption(bySource: Counts, s: number): WallChartOption {
  const slices = sourceSlices(bySource)
  return {
    animationDuration: 600,
    tooltip: {
      ...tooltipBase(s),
      trigger: 'item',
      formatter: (p: unknown) => {
        const x = asParam(p)
        return `${escapeHtml(x.name)}：<b>${escapeHtml(formatCount(numberOf(x.value)))}</b> 件（${escapeHtml(x.percent)}%）`
      },
    },
    series: [
      {
        id: 'source',
        type: 'pie',
        radius: ['58%', '84%'],
        center: ['50%', '50%'],
        startAngle: 90,
        avoidLabelOverlap: false,
        label: { show: false },
        labelLine: { show: false },
        itemStyle: { borderColor: C.background, borderWidth: px(2, s) },
        emphasis: { scale: true, scaleSize: px(4, s) },
        data: slices.filter((x) => x.value > 0).map((x) => ({ name: x.label, value: x.value, itemStyle: { color: x.color } })),
      },
    ],
  }
}

/** Hourly reports today (up to the current hour) against yesterday's full day. */
export function trendOption(today: number[], yesterday: number[], currentHour: number, s: number): WallChartOption {
  const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}时`)
  const todayData = hours.map((_, h) => (h <= currentHour ? (today[h] ?? 0) : null))
  const yesterdayData = hours.map((_, h) => yesterday[h] ?? 0)
  return {
    animationDuration: 600,
    animationDurationUpdate: 400,
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
        symbolSize: px(6, s),
        showSymbol: false,
        lineStyle: { width: px(3, s), shadowColor: 'rgba(63,224,255,0.6)', shadowBlur: px(8, s) },
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
        lineStyle: { width: px(2, s), type: 'dashed' },
        data: yesterdayData,
        z: 2,
      },
    ],
  }
}

export interface MapPulse { id: string; lng: number; lat: number; title: string; town: string; color: string }

export interface MapInput {
  openByTown: Counts
  pulses: MapPulse[]
  selectedTown: string | null
  /** [[west, north], [east, south]] of the district outline: every geo layer uses it so they align */
  bounds: [[number, number], [number, number]]
  s: number
}

/** Map names registered with echarts.registerMap. */
export const OUTLINE_MAP = 'bishan-outline'
export const TOWNS_MAP = 'bishan-towns'

/** Strips rich-text syntax from a label value (labels are canvas text: no HTML, but `{a|}` is markup). */
const richSafe = (v: string) => v.replace(/[{}|]/g, '')

export function mapOption(input: MapInput): WallChartOption {
  const { openByTown, pulses, selectedTown, bounds, s } = input
  const max = Math.max(5, ...TOWNS.map((t) => openByTown[t.code] ?? 0))
  const layout = { layoutCenter: ['50%', '50%'], layoutSize: '96%', boundingCoords: bounds, aspectScale: 0.87, roam: false }
  const countByName = new Map(TOWNS.map((t) => [t.name, openByTown[t.code] ?? 0]))
  const shortByName = new Map(TOWNS.map((t) => [t.name, t.short]))
  const n = pulses.length
  return {
    animationDurationUpdate: 500,
    tooltip: {
      ...tooltipBase(s),
      trigger: 'item',
      formatter: (p: unknown) => {
        const x = asParam(p)
        const d = x.data && typeof x.data === 'object' ? (x.data as Partial<MapPulse>) : null
        if (d && typeof d.title === 'string') {
          return `<b>${escapeHtml(d.id)}</b><br/>${escapeHtml(d.title)}<br/><span style="opacity:.75">${escapeHtml(d.town)}</span>`
        }
        const name = String(x.name ?? '')
        return `${escapeHtml(name)}<br/>在办：<b>${escapeHtml(formatCount(countByName.get(name) ?? 0))}</b> 件`
      },
    },
    geo: [
      {
        // the district's "plinth": the outline offset downwards with a glow, for depth
        id: 'plinth',
        map: OUTLINE_MAP,
        ...layout,
        silent: true,
        z: 1,
        itemStyle: {
          areaColor: '#041a38',
          borderColor: 'rgba(63,224,255,0.35)',
          borderWidth: px(1, s),
          shadowColor: 'rgba(40,170,255,0.7)',
          shadowBlur: px(34, s),
          shadowOffsetY: px(12, s),
        },
        label: { show: false },
        emphasis: { disabled: true },
      },
      {
        id: 'towns',
        map: TOWNS_MAP,
        ...layout,
        z: 2,
        selectedMode: 'single',
        itemStyle: { areaColor: '#0b2a55', borderColor: 'rgba(120,220,255,0.55)', borderWidth: px(1, s) },
        label: {
          show: true,
          color: C.text,
          fontSize: px(15, s),
          textBorderColor: '#021024',
          textBorderWidth: px(3, s),
          formatter: (p: unknown) => {
            const name = String(asParam(p).name ?? '')
            return `{n|${richSafe(shortByName.get(name) ?? name)}}\n{v|${countByName.get(name) ?? 0}}`
          },
          rich: {
            n: { fontSize: px(15, s), color: C.text, lineHeight: px(19, s), textBorderColor: '#021024', textBorderWidth: px(3, s) },
            v: { fontSize: px(16, s), color: '#ffe08a', fontWeight: 'bold', fontFamily: NUMERIC_FONT, lineHeight: px(19, s), textBorderColor: '#021024', textBorderWidth: px(3, s) },
          },
        },
        emphasis: {
          itemStyle: { areaColor: '#2a7fd0', borderColor: C.accent, borderWidth: px(2, s) },
          label: { color: '#ffffff' },
        },
        select: {
          itemStyle: { areaColor: '#1296d8', borderColor: '#ffffff', borderWidth: px(2.5, s) },
          label: { color: '#ffffff' },
        },
        regions: TOWNS.map((t) => ({ name: t.name, selected: t.code === selectedTown })),
      },
      {
        // the glowing district outline on top
        id: 'outline',
        map: OUTLINE_MAP,
        ...layout,
        silent: true,
        z: 3,
        itemStyle: { areaColor: 'transparent', borderColor: C.accent, borderWidth: px(2.5, s), shadowColor: C.accent, shadowBlur: px(14, s) },
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
      {
        id: 'pulses',
        name: '新诉求',
        type: 'effectScatter',
        coordinateSystem: 'geo',
        geoIndex: 1,
        // own canvas layer: the ripple animation repaints only it, not the map
        zlevel: 1,
        showEffectOn: 'render',
        rippleEffect: { brushType: 'stroke', scale: 3.6, period: 2.6, number: 2 },
        data: pulses.map((p, i) => ({
          ...p,
          name: p.id,
          value: [p.lng, p.lat],
          // newest pulses largest
          symbolSize: px(7 + 9 * ((i + 1) / Math.max(1, n)), s),
          itemStyle: { color: p.color, shadowColor: p.color, shadowBlur: px(10, s) },
        })),
      },
    ],
  }
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

