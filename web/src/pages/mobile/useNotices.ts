import { computed, ref, shallowRef } from 'vue'
import type { BroadcastForGroup } from '../../../../shared/domain/broadcast.ts'
import type { BroadcastProgress } from '../../../../shared/events.ts'
import { apiRequest } from '../../lib/api.ts'
import { errorView } from '../../lib/errorView.ts'

/**
 * 通知: the broadcasts that target this group, each with whether the group has forwarded it.
 * Every broadcast's progress is pushed to everyone over the socket; one we have not seen may be
 * for this group, so it triggers a reload (the server knows the scope).
 */
export function useNotices(token: string, expire: () => void) {
  const items = shallowRef<BroadcastForGroup[]>([])
  const loaded = ref(false)
  const error = ref<string | null>(null)
  const acking = ref<string | null>(null)
  const seen = new Set<string>()
  let loading: Promise<void> | null = null

  const load = (): Promise<void> => {
    loading ??= apiRequest<{ items: BroadcastForGroup[] }>('GET', '/api/broadcasts', { token })
      .then((r) => {
        items.value = r.items
        for (const b of r.items) seen.add(b.id)
        loaded.value = true
        error.value = null
      })
      .catch((err: unknown) => {
        const v = errorView(err, '通知加载失败')
        if (v.status === 401) expire()
        error.value = v.message
      })
      .finally(() => {
        loading = null
      })
    return loading
  }

  const onBroadcast = (b: BroadcastProgress) => {
    if (seen.has(b.id)) return
    seen.add(b.id)
    void load()
  }

  const ack = async (id: string) => {
    acking.value = id
    error.value = null
    try {
      const r = await apiRequest<{ broadcast: BroadcastForGroup }>('POST', `/api/broadcasts/${encodeURIComponent(id)}/ack`, { token, body: {} })
      items.value = items.value.map((b) => (b.id === id ? r.broadcast : b))
    } catch (err) {
      const v = errorView(err, '确认失败，请重试')
      if (v.status === 401) expire()
      error.value = v.message
    } finally {
      acking.value = null
    }
  }

  void load()
  return { items, loaded, error, acking, load, ack, onBroadcast, unacked: computed(() => items.value.filter((b) => !b.acked).length) }
}

export type Notices = ReturnType<typeof useNotices>
