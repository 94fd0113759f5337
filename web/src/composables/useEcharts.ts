import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref, type ShallowRef, type WatchStopHandle } from 'vue'
import { echarts, type ECharts, type EChartsCoreOption } from '../lib/echarts.ts'

export interface UseEchartsOptions {
  /** coalesce option updates to at most one per this many ms (charts fed by a busy stream) */
  throttleMs?: number
  /** bind chart events here (they die with the instance) */
  onInit?: (chart: ECharts) => void
  /** once, after the first frame drawn with real data (see `hasData`) */
  onFirstRender?: () => void
  /**
   * Whether the option carries real data (an option may be drawn before, e.g. an empty frame):
   * `onFirstRender` waits for it, and the throttle never holds it back.
   */
  hasData?: () => boolean
}

/**
 * Chart updates run one per task: several charts changing on the same `stats` event would otherwise
 * render in one long frame. Each job does its setOption and draws synchronously, then yields.
 */
const jobs: (() => void)[] = []
let pumping = false
function enqueue(job: () => void): void {
  jobs.push(job)
  if (pumping) return
  pumping = true
  setTimeout(pump, 0)
}
function pump(): void {
  const job = jobs.shift()
  job?.()
  if (jobs.length) setTimeout(pump, 0)
  else pumping = false
}

/**
 * Charts are created together: every container is measured first (one layout), then every chart is
 * initialised with that explicit size. Left to itself, each echarts.init reads its size after the
 * previous one inserted its canvas, forcing a fresh layout of the whole page each time.
 */
interface PendingInit { measure: () => { width: number; height: number }; init: (size: { width: number; height: number }) => void }
const inits: PendingInit[] = []
function scheduleInit(p: PendingInit): void {
  inits.push(p)
  if (inits.length === 1) queueMicrotask(runInits)
}
function runInits(): void {
  const batch = inits.splice(0)
  const sizes = batch.map((p) => p.measure())
  batch.forEach((p, i) => p.init(sizes[i] ?? { width: 0, height: 0 }))
}

/**
 * The one ECharts wrapper: init on mount at the element's real pixel size (crisp, never CSS-scaled),
 * `setOption` in place (merge) whenever the reactive option changes, `resize()` on ResizeObserver,
 * dispose on unmount. The chart is never re-created, so a long-running wall does not leak instances.
 */
export function useEcharts(
  el: Ref<HTMLElement | null>,
  option: () => EChartsCoreOption | null,
  opts: UseEchartsOptions = {},
): { chart: ShallowRef<ECharts | null> } {
  const chart = shallowRef<ECharts | null>(null)
  let stop: WatchStopHandle | null = null
  let observer: ResizeObserver | null = null
  let resizeFrame = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  /** the newest option not drawn yet (a queued job always draws the newest) */
  let latest: EChartsCoreOption | null = null
  let jobQueued = false
  let lastSet = 0
  let lastSignature = ''
  let firstRenderPending = Boolean(opts.onFirstRender)

  const draw = () => {
    jobQueued = false
    const c = chart.value
    const o = latest
    latest = null
    if (!c || !o) return
    // stats arrive twice a second but most figures do not change: skip identical options.
    // (Functions are left out of the signature: formatters must depend only on data in the option.)
    const signature = JSON.stringify(o)
    if (signature === lastSignature) return
    lastSignature = signature
    lastSet = performance.now()
    if (firstRenderPending && (opts.hasData?.() ?? true)) {
      firstRenderPending = false
      const once = () => {
        c.off('rendered', once)
        opts.onFirstRender?.()
      }
      c.on('rendered', once)
    }
    c.setOption(o, { notMerge: false, lazyUpdate: false })
  }

  const request = () => {
    if (jobQueued) return
    jobQueued = true
    enqueue(draw)
  }

  const schedule = (o: EChartsCoreOption) => {
    latest = o
    // the first option with real data is never held back by the throttle (it ends the empty frame)
    if (firstRenderPending && (opts.hasData?.() ?? true)) {
      if (timer) clearTimeout(timer)
      timer = null
      return request()
    }
    if (timer) return
    const wait = opts.throttleMs ? lastSet + opts.throttleMs - performance.now() : 0
    if (wait <= 0) return request()
    timer = setTimeout(() => {
      timer = null
      request()
    }, wait)
  }

  let disposed = false
  onMounted(() => {
    const node = el.value
    if (!node) return
    scheduleInit({
      measure: () => ({ width: node.clientWidth, height: node.clientHeight }),
      init: (size) => {
        if (disposed) return
        const c = echarts.init(node, null, { renderer: 'canvas', ...size })
        chart.value = c
        opts.onInit?.(c)
        stop = watch(option, (o) => o && schedule(o), { immediate: true })
        observer = new ResizeObserver((entries) => {
          const box = entries[entries.length - 1]?.contentRect
          if (!box || resizeFrame) return
          resizeFrame = requestAnimationFrame(() => {
            resizeFrame = 0
            const cur = chart.value
            const width = Math.round(node.clientWidth)
            const height = Math.round(node.clientHeight)
            // the observer also fires once on observe: a resize at the same size would redraw for nothing
            if (cur && (cur.getWidth() !== width || cur.getHeight() !== height)) {
              // explicit sizes: the chart was created with them, so it would not measure by itself
              cur.resize({ width, height, animation: { duration: 0 } })
            }
          })
        })
        observer.observe(node)
      },
    })
  })

  onBeforeUnmount(() => {
    disposed = true
    stop?.()
    observer?.disconnect()
    if (resizeFrame) cancelAnimationFrame(resizeFrame)
    if (timer) clearTimeout(timer)
    timer = null
    latest = null
    chart.value?.dispose()
    chart.value = null
  })

  return { chart }
}
