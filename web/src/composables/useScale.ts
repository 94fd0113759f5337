import { computed, inject, onBeforeUnmount, onMounted, ref, type ComputedRef, type InjectionKey, type Ref } from 'vue'
import { fitStage, type StageBox } from '../lib/scale.ts'

export const SCALE_KEY: InjectionKey<Ref<number>> = Symbol('wall-scale')

/**
 * Scale-to-fit without transforms: computes s = min(w/1920, h/1080) and exposes `--u` (one design
 * pixel in CSS pixels) for the stylesheet, so text and canvases are laid out at real size and stay crisp.
 */
export function useScale(): { box: ComputedRef<StageBox>; scale: ComputedRef<number>; style: ComputedRef<Record<string, string>> } {
  const vw = ref(typeof window === 'undefined' ? 1920 : window.innerWidth)
  const vh = ref(typeof window === 'undefined' ? 1080 : window.innerHeight)
  let frame = 0
  const onResize = () => {
    if (frame) return
    frame = requestAnimationFrame(() => {
      frame = 0
      vw.value = document.documentElement.clientWidth || window.innerWidth
      vh.value = document.documentElement.clientHeight || window.innerHeight
    })
  }
  onMounted(() => {
    window.addEventListener('resize', onResize)
    onResize()
  })
  onBeforeUnmount(() => {
    window.removeEventListener('resize', onResize)
    if (frame) cancelAnimationFrame(frame)
  })
  const box = computed(() => fitStage(vw.value, vh.value))
  const scale = computed(() => box.value.s)
  const style = computed(() => ({
    width: `${box.value.width}px`,
    height: `${box.value.height}px`,
    left: `${box.value.left}px`,
    top: `${box.value.top}px`,
    '--u': `${box.value.s}px`,
  }))
  return { box, scale, style }
}

/** The current scale inside the wall (1 outside it). */
export function useScaleFactor(): Ref<number> {
  return inject(SCALE_KEY, ref(1))
}
