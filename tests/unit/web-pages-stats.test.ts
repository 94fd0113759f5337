import { describe, expect, it } from 'vitest'
import { fileNameFrom } from '../../web/src/pages/common/download.ts'
import { attentionList } from '../../web/src/pages/stats/attention.ts'
import { toBars } from '../../web/src/pages/stats/breakdowns.ts'
import { presetRange, rangeLabel, rangeProblem, rangeQuery } from '../../web/src/pages/stats/range.ts'
import type { Ticket } from '../../shared/domain/types.ts'

describe('date ranges (Asia/Shanghai days, inclusive)', () => {
  const today = '2026-11-27'
  it('今日 / 近7天 / 近30天 end today', () => {
    expect(presetRange('today', today)).toEqual({ from: today, to: today })
    expect(presetRange('7d', today)).toEqual({ from: '2026-11-21', to: today })
    expect(presetRange('30d', today)).toEqual({ from: '2026-10-29', to: today })
    expect(presetRange('7d', '2026-03-02')).toEqual({ from: '2026-02-24', to: '2026-03-02' })
  })
  it('checks a custom range before asking the server', () => {
    expect(rangeProblem({ from: '2026-11-01', to: '2026-11-27' }, today)).toBeNull()
    expect(rangeProblem({ from: '2026-11-28', to: '2026-11-27' }, today)).toContain('晚于结束')
    expect(rangeProblem({ from: '2026-11-28', to: '2026-11-29' }, today)).toContain('晚于今天')
    expect(rangeProblem({ from: '2026-02-30', to: '2026-03-01' }, today)).toContain('请选择')
    expect(rangeProblem({ from: '2024-01-01', to: '2026-11-27' }, today)).toContain('366')
  })
  it('writes the query and the label', () => {
    expect(rangeQuery({ from: '2026-11-21', to: '2026-11-27' })).toBe('from=2026-11-21&to=2026-11-27')
    expect(rangeLabel({ from: '2026-11-27', to: '2026-11-27' })).toBe('2026-11-27')
    expect(rangeLabel({ from: '2026-11-21', to: '2026-11-27' })).toBe('2026-11-21 至 2026-11-27')
  })
})

describe('breakdowns and the attention list', () => {
  it('keeps the API keys and counts, with names for display', () => {
    expect(toBars({ 500120001: 3, 500120004: 1 }, (k) => (k === '500120001' ? '璧城街道' : k))).toEqual([
      { key: '500120001', label: '璧城街道', value: 3 },
      { key: '500120004', label: '500120004', value: 1 },
    ])
  })

  it('lists supervised cases first, then the latest overdue, each once', () => {
    const now = Date.parse('2026-11-27T10:00:00.000Z')
    const t = (id: string, over: Partial<Ticket>) => ({ id, status: 'accepted', supervise: 0, overdue: false, handleDeadline: '2026-12-01T00:00:00.000Z', ...over }) as Ticket
    const overdue = [t('late-1h', { overdue: true, handleDeadline: '2026-11-27T09:00:00.000Z' }), t('late-5h', { overdue: true, handleDeadline: '2026-11-27T05:00:00.000Z' })]
    const open = [t('fine', {}), t('sup', { supervise: 1 }), t('late-1h', { overdue: true, handleDeadline: '2026-11-27T09:00:00.000Z' }), t('unflagged', { status: 'dispatched', signDeadline: '2026-11-27T08:00:00.000Z' })]
    expect(attentionList(overdue, open, now).map((x) => x.id)).toEqual(['sup', 'late-5h', 'unflagged', 'late-1h'])
  })
})

describe('export file names', () => {
  it('reads Content-Disposition (RFC 5987 first)', () => {
    expect(fileNameFrom('attachment; filename="echo365-stats-2026-11-21_2026-11-27.xlsx"')).toBe('echo365-stats-2026-11-21_2026-11-27.xlsx')
    expect(fileNameFrom("attachment; filename=\"x.csv\"; filename*=UTF-8''%E7%BB%9F%E8%AE%A1.csv")).toBe('统计.csv')
    expect(fileNameFrom(null)).toBeNull()
  })
})
