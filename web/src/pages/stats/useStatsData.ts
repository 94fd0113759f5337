import { ref, shallowRef } from 'vue'
import type { Ticket } from '../../../../shared/domain/types.ts'
import type { RangeStats } from '../../../../shared/stats.ts'
import { apiRequest } from '../../lib/api.ts'
import { errorView } from '../../lib/errorView.ts'
import { attentionList } from './attention.ts'
import { rangeQuery, type DateRange } from './range.ts'

interface Page { items: Ticket[]; total: number }

/**
 * GET /api/stats for a range, plus the overdue and supervised cases (which are "now", not ranged).
 * Only the latest request's answer is shown, so a quick click through the presets never ends on
 * an older range's figures.
 */
export function useStatsData(token: string, expire: () => void) {
  const stats = shallowRef<RangeStats | null>(null)
  const attention = shallowRef<Ticket[]>([])
  const loading = ref(false)
  const error = ref<string | null>(null)
  const loadedAt = ref<number | null>(null)
  let seq = 0

  async function load(range: DateRange): Promise<void> {
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const [s, overdue, open] = await Promise.all([
        apiRequest<RangeStats>('GET', `/api/stats?${rangeQuery(range)}`, { token }),
        apiRequest<Page>('GET', '/api/tickets?status=overdue&limit=500', { token }),
        apiRequest<Page>('GET', '/api/tickets?status=open&limit=500', { token }),
      ])
      if (mine !== seq) return
      stats.value = s
      attention.value = attentionList(overdue.items, open.items, Date.now())
      loadedAt.value = Date.now()
    } catch (err) {
      if (mine !== seq) return
      const v = errorView(err, '统计数据加载失败')
      if (v.status === 401) expire()
      error.value = v.message
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  return { stats, attention, loading, error, loadedAt, load }
}
