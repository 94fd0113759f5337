import type { Counts } from '../../../../shared/stats.ts'
import { GROUP_TYPE_LABELS } from '../../../../shared/ui/labels.ts'
import { GROUP_TYPE_COLORS, SERIES_COLORS } from '../../../../shared/ui/palette.ts'
import type { GroupType } from '../../../../shared/domain/types.ts'

export interface BarItem {
  key: string
  label: string
  value: number
  color?: string
}

/** Counts → bar rows, keys kept as the API gives them (the page shows names, the tests read keys). */
export function toBars(counts: Counts, label: (key: string) => string = (k) => k, color?: (key: string, i: number) => string | undefined): BarItem[] {
  return Object.entries(counts).map(([key, value], i) => {
    const c = color?.(key, i)
    return { key, label: label(key), value, ...(c ? { color: c } : {}) }
  })
}

export const groupTypeLabel = (k: string) => GROUP_TYPE_LABELS[k as GroupType] ?? k
export const groupTypeColor = (k: string) => GROUP_TYPE_COLORS[k as GroupType]
/** Level-1 classes keep one colour each, in the order the API lists them. */
export const seriesColor = (_k: string, i: number) => SERIES_COLORS[i % SERIES_COLORS.length]
