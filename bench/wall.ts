/**
 * Benchmark of the wall (the page at `/`) in real headless Chromium.
 *   npx tsx bench/wall.ts            (about 2 minutes)
 * Builds the web app, starts the real server in-process on a temporary data dir with the demo
 * history, then measures: JS size (gzip), map data size (gzip), time to first full render,
 * frame rate and longest main-thread task while 100 ticket events per second arrive for 30 s, and
 * the JS heap before and after 100,000 events played at high speed. The events are real: reports and
 * dispatches made through the REST API of a second server instance, recorded from its event bus,
 * then played on the wall's server through its bus (seq continued, ids made unique per round). The
 * API itself is not in the loop, so the server's CPU does not compete with the browser's on this
 * machine; the wall receives exactly what the gateway sends for real changes. Prints a table and writes
 * artifacts/bench-wall.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import type { Ticket } from '../shared/domain/types.ts'
import type { TicketEvent } from '../shared/events.ts'
import { buildWeb, hasChromium, launchChromium, NAME_SHIM, REPO_ROOT } from '../tests/browser/harness.ts'
import { client, login, startTestServer } from '../tests/helpers/server.ts'

const VIEWPORT = { width: 1920, height: 1080 }
const LOAD_RATE = 100 // events per second
// WALL_BENCH_SECONDS / WALL_BENCH_BURST shorten a run while tuning; WALL_BENCH_PROFILE=1 prints
// where the page's main thread spends its time under load (CPU profile, top self times)
const LOAD_SECONDS = Number(process.env.WALL_BENCH_SECONDS ?? 30)
const BURST_EVENTS = Number(process.env.WALL_BENCH_BURST ?? 100_000)
const PROFILE = process.env.WALL_BENCH_PROFILE === '1'
const RECORDED_EVENTS = 3000
const TARGETS = { jsGzipKB: 350, mapGzipKB: 150, firstRenderMs: 1500, fps: 55, longestTaskMs: 50, heapGrowthMB: 20 }

const CONTENTS = [
  '小区门口的垃圾桶满了三天没人清运，气味很大',
  '路口红绿灯坏了，早晚高峰车辆乱成一团',
  '楼下烧烤店油烟太大，晚上十二点还很吵',
  '人行道上的行道树歪了，刮风担心倒下来砸人',
  '电梯又坏了，老人上下楼很不方便',
  '在建工地老板拖欠农民工工资两个月了',
  '菜市场门口乱停车，堵得公交车过不去',
  '河边有人往河里倒建筑垃圾',
  '学校门口的减速带坏了，车速很快很危险',
  '自来水发黄，已经停水两次了',
]

function log(msg: string) {
  process.stdout.write(`${msg}\n`)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  await sleep(300)
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  await cdp.detach()
  return usedSize / 1024 / 1024
}

/** Installs a frame counter and a long-task observer in the page. */
async function startProbe(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __probe?: { frames: number; start: number; worstFrame: number; tasks: number[]; stop: () => void } }
    const probe = { frames: 0, start: performance.now(), worstFrame: 0, tasks: [] as number[], stop: () => {} }
    let last = probe.start
    let running = true
    const tick = (t: number) => {
      if (!running) return
      probe.frames++
      probe.worstFrame = Math.max(probe.worstFrame, t - last)
      last = t
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
    const po = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.tasks.push(e.duration)
    })
    po.observe({ type: 'longtask', buffered: false })
    probe.stop = () => {
      running = false
      po.disconnect()
    }
    w.__probe = probe
  })
}

async function stopProbe(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __probe: { frames: number; start: number; worstFrame: number; tasks: number[]; stop: () => void } }
    const p = w.__probe
    p.stop()
    const seconds = (performance.now() - p.start) / 1000
    return { fps: p.frames / seconds, worstFrameMs: p.worstFrame, longTasks: p.tasks.length, longestTaskMs: Math.max(0, ...p.tasks) }
  })
}

/** Reports and dispatches through the API of a fresh server; returns the events its bus emitted. */
async function recordRealEvents(count: number): Promise<TicketEvent[]> {
  const rec = await startTestServer({ LOGIN_RATE_LIMIT: '1000' })
  const events: TicketEvent[] = []
  rec.ctx.bus.on('tickets', (list) => events.push(...list))
  try {
    const chief = client(rec.url, await login(rec.url, 'chief'))
    const reporters = await Promise.all(Array.from({ length: 12 }, (_, i) => login(rec.url, `grp-${String(i * 197 + 1).padStart(4, '0')}`).then((t) => client(rec.url, t))))
    for (let i = 0; events.length < count; i++) {
      const jobs = reporters.map(async (reporter, k) => {
        const r = await reporter.post<{ ticket: Ticket }>('/api/reports', { content: `${CONTENTS[(i + k) % CONTENTS.length]}（${i}-${k}）` })
        // every other report is dispatched to its suggested department
        if (r.status === 201 && k % 2 === 0) await chief.post(`/api/tickets/${r.body.ticket.id}/dispatch`, { departmentId: r.body.ticket.suggestion.departmentId })
      })
      await Promise.all(jobs)
    }
  } finally {
    await rec.stop()
  }
  return events.slice(0, count)
}

/**
 * Plays recorded events on another server as its bus would carry them: seq continues the server's
 * own, ids get a per-round suffix so every round brings new cases, times are now.
 */
function replayer(server: { ctx: { store: { seq: number } } }, recorded: TicketEvent[]) {
  let seq = server.ctx.store.seq
  let i = 0
  return {
    seq: () => seq,
    next(): TicketEvent {
      const e = recorded[i % recorded.length] as TicketEvent
      const round = Math.floor(i / recorded.length)
      i++
      const at = new Date().toISOString()
      const id = `${e.ticket.id}-${round}`
      const ticket: Ticket = { ...e.ticket, id, updatedAt: at, ...(e.type === 'created' ? { createdAt: at } : {}) }
      return { ...e, seq: ++seq, at, ticket }
    },
  }
}

interface CpuProfile { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] }

function printProfile(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  let total = 0
  ;(profile.samples ?? []).forEach((id, i) => {
    const n = byId.get(id)
    const d = profile.timeDeltas?.[i] ?? 0
    total += d
    if (!n) return
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber}`
    self.set(key, (self.get(key) ?? 0) + d)
  })
  log(`CPU profile of the page under load (${(total / 1e6).toFixed(1)} s), top self times:`)
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`)
}

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tid: number; args?: { name?: string } }

/** What the main thread did inside each task over 50 ms (trace event names, summed). */
function printLongTasks(events: TraceEvent[]) {
  // the renderer's main thread is the one that runs animation frames
  const mains = new Set(events.filter((e) => e.name === 'FireAnimationFrame').map((e) => e.tid))
  const main = events.filter((e) => mains.has(e.tid) && e.ph === 'X')
  // top-level tasks: 'RunTask', or 'ThreadControllerImpl::RunTask' in newer builds
  const longs = main.filter((e) => /RunTask$/.test(e.name) && (e.dur ?? 0) > 50_000)
  const names = new Map<string, number>()
  for (const e of main) if ((e.dur ?? 0) > 50_000) names.set(e.name, (names.get(e.name) ?? 0) + 1)
  log(`events over 50 ms: ${[...names].map(([k, v]) => `${k}×${v}`).join(', ')}`)
  log(`long tasks: ${longs.length} (trace: ${events.length} events, ${main.length} on the main thread)`)
  for (const lt of longs.slice(0, 12)) {
    const end = lt.ts + (lt.dur ?? 0)
    const agg = new Map<string, number>()
    for (const e of main) if (e !== lt && e.ts >= lt.ts && e.ts + (e.dur ?? 0) <= end) agg.set(e.name, (agg.get(e.name) ?? 0) + (e.dur ?? 0))
    log(`  ${((lt.dur ?? 0) / 1000).toFixed(0)} ms: ${[...agg].sort((a, b) => b[1] - a[1]).slice(0, 7).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`).join(', ')}`)
  }
}

async function main() {
  if (!hasChromium) {
    log('Chromium not found at /usr/bin/chromium: install it (apt-get install -y chromium fonts-noto-cjk) to run this benchmark.')
    process.exitCode = 1
    return
  }
  log('Building the web app…')
  const web = await buildWeb()
  const jsGzip = web.js.reduce((n, f) => n + f.gzip, 0)
  const jsRaw = web.js.reduce((n, f) => n + f.bytes, 0)

  log('Starting the server with the demo history…')
  const server = await startTestServer({ DEMO_FEED: 'on', DEMO_RATE: '0.1', SCAN_SECONDS: '3600', LOGIN_RATE_LIMIT: '1000' }, { webDir: web.dir })
  server.feed?.stop() // history only: the benchmark drives the load itself
  const browser = await launchChromium()
  try {
    const geoText = await (await fetch(`${server.url}/api/geo/bishan`)).text()
    const mapGzip = gzipSync(Buffer.from(geoText)).length

    // 1. time to first full render, on fresh contexts (no cache), median of 3; which JS the wall loads
    const renders: number[] = []
    const wallFiles = new Set<string>()
    const marks: number[] = []
    for (let i = 0; i < 3; i++) {
      const ctx = await browser.newContext({ viewport: VIEWPORT })
      await ctx.addInitScript(NAME_SHIM)
      const page = await ctx.newPage()
      await page.goto(server.url + '/')
      await page.waitForFunction(() => window.__wallReady !== undefined, null, { timeout: 30_000 })
      renders.push(await page.evaluate(() => window.__wallReady ?? NaN))
      marks.push(await page.evaluate(() => performance.getEntriesByName('wall-snapshot')[0]?.startTime ?? NaN))
      for (const name of await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')))) {
        wallFiles.add(name.split('/').pop() ?? '')
      }
      await ctx.close()
    }
    const firstRenderRuns = [...renders]
    renders.sort((a, b) => a - b)
    const wallJs = web.js.filter((f) => wallFiles.has(f.file))
    const wallJsGzip = wallJs.reduce((n, f) => n + f.gzip, 0)
    const firstRender = renders[1] ?? NaN
    log(`first full render: ${firstRenderRuns.map((r) => r.toFixed(0)).join(' / ')} ms (snapshot applied at ${marks.map((r) => r.toFixed(0)).join(' / ')} ms)`)

    // 2. real ticket events: reports and dispatches made through the REST API of a second server
    //    instance (the real classifier, store and event pipeline), recorded from its event bus
    log('Recording real ticket events through the API…')
    const recorded = await recordRealEvents(RECORDED_EVENTS)
    log(`recorded ${recorded.length} events (${recorded.filter((e) => e.type === 'created').length} reports, the rest dispatches)`)

    //    … and replayed on the wall's server at 100 events/s for 30 s, each as the server would emit it
    const ctx = await browser.newContext({ viewport: VIEWPORT })
    await ctx.addInitScript(NAME_SHIM)
    const page = await ctx.newPage()
    await page.goto(server.url + '/')
    await page.waitForFunction(() => window.__wallReady !== undefined, null, { timeout: 30_000 })
    if (process.env.WALL_BENCH_CSS) await page.addStyleTag({ content: process.env.WALL_BENCH_CSS })
    await sleep(2000)
    const replay = replayer(server, recorded)
    const profiler = PROFILE ? await page.context().newCDPSession(page) : null
    const traceEvents: TraceEvent[] = []
    if (profiler) {
      await profiler.send('Profiler.enable')
      await profiler.send('Profiler.start')
      profiler.on('Tracing.dataCollected', (d) => traceEvents.push(...(d.value as unknown as TraceEvent[])))
      await profiler.send('Tracing.start', { categories: 'toplevel,devtools.timeline,v8.execute', transferMode: 'ReportEvents' })
    }
    await startProbe(page)
    const started = Date.now()
    let emitted = 0
    const perTick = LOAD_RATE / 10
    for (let tick = 0; Date.now() - started < LOAD_SECONDS * 1000; tick++) {
      const due = started + tick * 100
      if (due > Date.now()) await sleep(due - Date.now())
      for (let k = 0; k < perTick; k++) {
        server.ctx.bus.emit('tickets', [replay.next()])
        emitted++
      }
    }
    const loadSeconds = (Date.now() - started) / 1000
    await page.waitForFunction((seq) => (window.__wall?.seq() ?? 0) >= seq, replay.seq(), { timeout: 30_000 })
    const load = await stopProbe(page)
    if (profiler) {
      printProfile((await profiler.send('Profiler.stop')).profile)
      const done = new Promise((r) => profiler.once('Tracing.tracingComplete', r))
      await profiler.send('Tracing.end')
      await done
      printLongTasks(traceEvents)
    }
    const achievedRate = emitted / loadSeconds
    log(`load: ${emitted} events in ${loadSeconds.toFixed(1)} s (${achievedRate.toFixed(1)}/s)`)

    // 3. heap before and after 100,000 events at high speed (the recorded events again, fresh ids)
    await sleep(1500)
    const heapBefore = await heapMB(page)
    const burstStart = Date.now()
    const BATCH = 500
    for (let i = 0; i < BURST_EVENTS; i += BATCH) {
      const batch: TicketEvent[] = []
      for (let k = i; k < Math.min(BURST_EVENTS, i + BATCH); k++) batch.push(replay.next())
      server.ctx.bus.emit('tickets', batch)
      // let the socket drain between batches, as a busy server would
      await sleep(15)
    }
    await page.waitForFunction((s) => (window.__wall?.seq() ?? 0) >= s, replay.seq(), { timeout: 300_000, polling: 250 })
    const burstSeconds = (Date.now() - burstStart) / 1000
    await sleep(1500)
    const heapAfter = await heapMB(page)
    const counts = await page.evaluate(() => ({ tickets: window.__wall?.tickets(), flow: window.__wall?.flow(), pulses: window.__wall?.pulses() }))
    log(`burst: ${BURST_EVENTS} events applied in ${burstSeconds.toFixed(1)} s; store now holds ${JSON.stringify(counts)}`)
    await ctx.close()

    const result = {
      at: new Date().toISOString(),
      viewport: VIEWPORT,
      chromium: 'headless, --disable-gpu (software rendering)',
      wallJsGzipKB: wallJsGzip / 1024,
      wallJsFiles: wallJs,
      allPagesJsGzipKB: jsGzip / 1024,
      allPagesJsRawKB: jsRaw / 1024,
      jsFiles: web.js,
      mapGzipKB: mapGzip / 1024,
      mapRawKB: geoText.length / 1024,
      firstRenderMs: firstRender,
      firstRenderRunsMs: firstRenderRuns,
      snapshotAppliedMs: marks,
      load: { targetRate: LOAD_RATE, achievedRate, seconds: loadSeconds, recordedEvents: recorded.length, ...load },
      heap: { beforeMB: heapBefore, afterMB: heapAfter, growthMB: heapAfter - heapBefore, events: BURST_EVENTS, seconds: burstSeconds, store: counts },
      targets: TARGETS,
    }
    const rows: [string, string, string, boolean][] = [
      [`wall JS loaded (gzip, ${wallJs.length} files)`, `${result.wallJsGzipKB.toFixed(1)} KB (all pages ${result.allPagesJsGzipKB.toFixed(0)} KB)`, `≤ ${TARGETS.jsGzipKB} KB`, result.wallJsGzipKB <= TARGETS.jsGzipKB],
      ['map data /api/geo/bishan (gzip)', `${result.mapGzipKB.toFixed(1)} KB`, `≤ ${TARGETS.mapGzipKB} KB`, result.mapGzipKB <= TARGETS.mapGzipKB],
      ['first full render (median of 3)', `${firstRender.toFixed(0)} ms`, `≤ ${TARGETS.firstRenderMs} ms`, firstRender <= TARGETS.firstRenderMs],
      [`frame rate @ ${achievedRate.toFixed(0)} events/s`, `${load.fps.toFixed(1)} fps`, `≥ ${TARGETS.fps} fps`, load.fps >= TARGETS.fps],
      ['longest main-thread task', `${load.longestTaskMs.toFixed(0)} ms (${load.longTasks} tasks > 50 ms)`, `≤ ${TARGETS.longestTaskMs} ms`, load.longestTaskMs <= TARGETS.longestTaskMs],
      [`heap growth after ${BURST_EVENTS.toLocaleString('en')} events`, `${result.heap.growthMB.toFixed(1)} MB (${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)})`, `< ${TARGETS.heapGrowthMB} MB`, result.heap.growthMB < TARGETS.heapGrowthMB],
    ]
    const w0 = Math.max(...rows.map((r) => r[0].length))
    const w1 = Math.max(...rows.map((r) => r[1].length))
    log('')
    log(`${'metric'.padEnd(w0)}  ${'value'.padEnd(w1)}  target     ok`)
    for (const [name, value, target, ok] of rows) log(`${name.padEnd(w0)}  ${value.padEnd(w1)}  ${target.padEnd(9)}  ${ok ? 'yes' : 'NO'}`)
    const out = path.join(REPO_ROOT, 'artifacts/bench-wall.json')
    mkdirSync(path.dirname(out), { recursive: true })
    writeFileSync(out, JSON.stringify({ ...result, rows: rows.map(([metric, value, target, ok]) => ({ metric, value, target, ok })) }, null, 2))
    log(`\nwritten ${path.relative(REPO_ROOT, out)}`)
  } finally {
    await browser.close()
    await server.stop()
    await web.remove()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
