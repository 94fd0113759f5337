/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

/** Read-only probes for the browser tests and the benchmark (bench/wall.ts). */
interface WallProbe {
  seq: () => number
  applied: () => number
  tickets: () => number
  flow: () => number
  pulses: () => number
  connection: () => string
}

interface Window {
  /** performance.now() when the snapshot was applied and every chart had drawn */
  __wallReady?: number
  __wall?: WallProbe
}
