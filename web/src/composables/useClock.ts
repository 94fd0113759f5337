import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/**
 * A clock ticking on the second. `offsetMs` corrects the kiosk PC's clock with the server's
 * (from the snapshot), so every screen shows the same time.
 */
export function useClock(offsetMs: () => number = () => 0, periodMs = 1000): Ref<number> {
  const now = ref(Date.now() + offsetMs())
  let timer: ReturnType<typeof setTimeout> | null = null
  const tick = () => {
    const t = Date.now() + offsetMs()
    now.value = t
    // align to the next boundary so the seconds change together with the wall clock
    timer = setTimeout(tick, periodMs - (t % periodMs) + 5)
  }
  onMounted(tick)
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer)
    timer = null
  })
  return now
}
