import { addDays } from '../../../../shared/domain/time.ts'

/** Date ranges of the statistics page; dates are Asia/Shanghai calendar days, both ends inclusive. */
export type Preset = 'today' | '7d' | '30d' | 'custom'

export interface DateRange {
  from: string
  to: string
}

export const PRESETS: readonly { key: Preset; label: string }[] = [
  { key: 'today', label: '今日' },
  { key: '7d', label: '近7天' },
  { key: '30d', label: '近30天' },
  { key: 'custom', label: '自定义' },
]

/** The range of a preset ending today ('custom' starts as the last 7 days, then the user edits it). */
export function presetRange(p: Preset, today: string): DateRange {
  switch (p) {
    case 'today':
      return { from: today, to: today }
    case '30d':
      return { from: addDays(today, -29), to: today }
    default:
      return { from: addDays(today, -6), to: today }
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const isDate = (d: string) => DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)

/** Why a custom range cannot be asked for, or null. */
export function rangeProblem(r: DateRange, today: string, maxDays = 366): string | null {
  if (!isDate(r.from) || !isDate(r.to)) return '请选择开始和结束日期'
  if (r.from > r.to) return '开始日期不能晚于结束日期'
  if (r.from > today) return '开始日期不能晚于今天'
  if (Date.parse(r.to) - Date.parse(r.from) >= maxDays * 86_400_000) return `时间跨度不能超过 ${maxDays} 天`
  return null
}

export const rangeQuery = (r: DateRange) => `from=${encodeURIComponent(r.from)}&to=${encodeURIComponent(r.to)}`

/** '2026-11-21 至 2026-11-27' / '2026-11-27'. */
export const rangeLabel = (r: DateRange) => (r.from === r.to ? r.from : `${r.from} 至 ${r.to}`)
