import type { ComposeOption } from 'echarts/core'
import type { LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import { GROUP_TYPES, type GroupType } from '../../../shared/domain/types.ts'
import type { Counts } from '../../../shared/stats.ts'
import { GROUP_TYPE_COLORS, SCREEN_COLORS } from '../../../shared/ui/palette.ts'
import { GROUP_TYPE_LABELS } from '../../../shared/ui/labels.ts'
import { CHART_TEXT, NUMERIC_FONT, px, TEXT_FONT } from './chartFonts.ts'
import { escapeHtml, formatCount } from './format.ts'

/**
 * ECharts options for the wall, built as plain data (no DOM, testable in node). Every size is
 * multiplied by the screen scale `s` so canvases are drawn at real size (crisp), never CSS-scaled.
 * Tooltips are HTML in ECharts: every formatter escapes what it interpolates.
 */

export type WallChartOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>

const C = SCREEN_COLORS

function tooltipBase(s: number): TooltipComponentOption {
  return {
    backgroundColor: 'rgba(3, 16, 40, 0.94)',
    borderColor: C.accent,
    borderWidth: 1,
    padding: [px(8, s), px(12, s)],
    textStyle: { color: C.text, fontSize: px(CHART_TEXT.tooltip, s) },
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
      textStyle: { color: C.muted, fontSize: px(CHART_TEXT.legend, s) },
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
      axisLabel: { color: C.muted, fontSize: px(CHART_TEXT.axis, s), interval: 2, margin: px(10, s) },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitNumber: 4,
      splitLine: { lineStyle: { color: C.grid, type: 'dashed' } },
      axisLabel: { color: C.muted, fontSize: px(CHART_TEXT.axis, s), fontFamily: NUMERIC_FONT },
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
