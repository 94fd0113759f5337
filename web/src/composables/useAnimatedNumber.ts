import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

const easeOutCubic = (x: number) => 1 - (1 - x) ** 3

/**
 * A number that counts to each new value (KPI counters). The animation frame loop runs only while
 * counting, and is cancelled on unmount. null stays null ("no data").
 */
export function useAnimatedNumber(source: () => number | null | undefined, durationMs = 900): Ref<number | null> {
  const shown = ref<number | null>(null)
  let frame = 0
  let from = 0
  let to = 0
  let start = 0
  const step = (t: number) => {
    const k = Math.min(1, (t - start) / durationMs)
    shown.value = from + (to - from) * easeOutCubic(k)
    frame = k < 1 ? requestAnimationFrame(step) : 0
  }
  watch(
    source,
    (v) => {
      if (v === null || v === undefined || !Number.isFinite(v)) {
        if (frame) cancelAnimationFrame(frame)
        frame = 0
        shown.value = null
        return
      }
      if (shown.value === null || typeof requestAnimationFrame === 'undefined') {
        shown.value = v
        return
      }
      from = shown.value
      to = v
      if (from === to) return
      start = performance.now()
      if (!frame) frame = requestAnimationFrame(step)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => {
    if (frame) cancelAnimationFrame(frame)
    frame = 0
  })
  return shown
}
