import { ref, shallowRef } from 'vue'
import type { Broadcast } from '../../../../shared/domain/broadcast.ts'
import type { BroadcastProgress } from '../../../../shared/events.ts'
import { apiRequest } from '../../lib/api.ts'
import { errorView } from '../../lib/errorView.ts'
import { applyProgress } from './scope.ts'

/** Sent broadcasts (GET /api/broadcasts), kept live by the `broadcast` progress events. */
export function useBroadcasts(token: string, expire: () => void) {
  const items = shallowRef<Broadcast[]>([])
  const loaded = ref(false)
  const error = ref<string | null>(null)
  let loading: Promise<void> | null = null

  const load = (): Promise<void> => {
    loading ??= apiRequest<{ items: Broadcast[] }>('GET', '/api/broadcasts', { token })
      .then((r) => {
        items.value = r.items
        loaded.value = true
        error.value = null
      })
      .catch((err: unknown) => {
        const v = errorView(err, '推送记录加载失败')
        if (v.status === 401) expire()
        error.value = v.message
      })
      .finally(() => {
        loading = null
      })
    return loading
  }

  const onProgress = (p: BroadcastProgress) => {
    const next = applyProgress(items.value, p)
    if (next) items.value = next
    // sent from another console (or before our list loaded): read the list again
    else void load()
  }

  const add = (b: Broadcast) => {
    if (!items.value.some((x) => x.id === b.id)) items.value = [b, ...items.value]
  }

  void load()
  return { items, loaded, error, load, onProgress, add }
}
