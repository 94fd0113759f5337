import { onBeforeUnmount, onMounted } from 'vue'

/**
 * Escape closes the topmost layer only (image zoom → dialog → detail panel): layers register on a
 * stack, one window listener serves them all, and it is removed with the last layer.
 */
const stack: (() => void)[] = []

const onKey = (e: KeyboardEvent) => {
  if (e.key !== 'Escape' || stack.length === 0) return
  e.preventDefault()
  stack[stack.length - 1]?.()
}

export function pushEscape(handler: () => void): () => void {
  if (stack.length === 0) window.addEventListener('keydown', onKey)
  stack.push(handler)
  return () => {
    const i = stack.lastIndexOf(handler)
    if (i >= 0) stack.splice(i, 1)
    if (stack.length === 0) window.removeEventListener('keydown', onKey)
  }
}

/** Registers `handler` for Escape while the component is mounted. */
export function useEscape(handler: () => void): void {
  let pop: (() => void) | null = null
  onMounted(() => {
    pop = pushEscape(handler)
  })
  onBeforeUnmount(() => pop?.())
}
