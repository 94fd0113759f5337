import { onBeforeUnmount, shallowRef, watch, type Ref, type ShallowRef } from 'vue'

/**
 * Follows `source` at most once every `ms` (first change at once, then the latest at the end of
 * the window). For views that gain nothing from changing ten times a second, like the flow's rows.
 */
export function useThrottled<T>(source: Ref<T>, ms: number): ShallowRef<T> {
  const out = shallowRef(source.value) as ShallowRef<T>
  let timer: ReturnType<typeof setTimeout> | null = null
  let last = 0
  const stop = watch(source, () => {
    if (timer) return
    const wait = Math.max(0, last + ms - performance.now())
    timer = setTimeout(() => {
      timer = null
      last = performance.now()
      out.value = source.value
    }, wait)
  })
  onBeforeUnmount(() => {
    stop()
    if (timer) clearTimeout(timer)
    timer = null
  })
  return out
}
