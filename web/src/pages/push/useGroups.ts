import { ref, shallowRef } from 'vue'
import type { Group } from '../../../../shared/domain/types.ts'
import { apiRequest } from '../../lib/api.ts'
import { errorView } from '../../lib/errorView.ts'

interface GroupPage { items: Group[]; total: number; nextCursor: string | null }

/**
 * Every group (2,413, a few hundred KB), read once in pages of 500, so the preview of any scope is
 * exact — groups and people — without a request per choice.
 */
export function useGroups(token: string, expire: () => void) {
  const groups = shallowRef<Group[] | null>(null)
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    error.value = null
    try {
      const all: Group[] = []
      let cursor: string | null = null
      for (let i = 0; i < 50; i++) {
        const q: string = `/api/groups?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
        const page: GroupPage = await apiRequest<GroupPage>('GET', q, { token })
        all.push(...page.items)
        cursor = page.nextCursor
        if (!cursor) break
      }
      groups.value = all
    } catch (err) {
      const v = errorView(err, '群名录加载失败，发送后显示实际覆盖')
      if (v.status === 401) expire()
      error.value = v.message
    }
  }
  void load()
  return { groups, error, load }
}
