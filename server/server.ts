import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Config } from './config.ts'
import { createLogger, type Logger } from './logger.ts'
import { TokenSigner } from './auth/tokens.ts'
import { Auth } from './http/auth.ts'
import { createApp } from './http/app.ts'
import { createMetrics } from './metrics.ts'
import { Gateway } from './realtime/gateway.ts'
import { Bus } from './services/bus.ts'
import { Directory } from './services/directory.ts'
import { loadShippedModel, MODEL_FILE, SmartRouter, type Router } from './services/router.ts'
import { HotspotService } from './services/hotspots.ts'
import { StatsService } from './services/stats.ts'
import { TicketService } from './services/tickets.ts'
import { LowdbStore } from './store/lowdbStore.ts'
import type { Store } from './store/types.ts'
import type { AppContext } from './context.ts'
import { DemoFeed } from './demo/feed.ts'
import { BroadcastService } from './services/broadcasts.ts'
import { Notifier } from './services/notifier.ts'

/** Suggestions this sure are dispatched without the chief when AUTO_DISPATCH=on. */
export const AUTO_DISPATCH_MIN_CONFIDENCE = 0.85

export interface RunningServer {
  url: string
  port: number
  ctx: AppContext
  http: HttpServer
  gateway: Gateway
  feed: DemoFeed | null
  close(): Promise<void>
}

export interface StartOptions {
  logger?: Logger
  store?: Store
  router?: Router
  webDir?: string
  now?: () => number
}

/** Builds and starts the whole server: store, services, HTTP, realtime, timers, demo feed. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL)
  let ready = false
  const store = opts.store ?? new LowdbStore(config.dataDir)
  await store.init()
  const bus = new Bus()
  const directory = new Directory(store)
  if (config.demo) await directory.enableDemo(config.DEMO_PASSWORD)
  const signer = await TokenSigner.fromDataDir(config.dataDir, config.TOKEN_TTL_HOURS * 3600_000)
  const auth = new Auth(signer, directory, store)
  const now = opts.now ?? Date.now
  const notifier = new Notifier({
    store, bus, logger, now,
    ...(config.GROUP_WEBHOOK_URL ? { defaultWebhook: { url: config.GROUP_WEBHOOK_URL, format: config.GROUP_WEBHOOK_FORMAT } } : {}),
  })
  const router = opts.router ?? new SmartRouter(store, loadShippedModel(MODEL_FILE, (m) => logger.warn(m)))
  const tickets = new TicketService({
    store, directory, router, bus, now, notifier,
    ...(config.AUTO_DISPATCH === 'on' ? { autoDispatch: { minConfidence: AUTO_DISPATCH_MIN_CONFIDENCE } } : {}),
  })
  const hotspots = new HotspotService(store, bus, now)
  const broadcasts = new BroadcastService(store, directory, bus, now)
  const stats = new StatsService(store, now)
  const metrics = createMetrics()
  const ctx: AppContext = { config, logger, store, directory, tickets, broadcasts, notifier, router, hotspots, stats, auth, bus, metrics, ready: () => ready }
  bus.on('tickets', (events) => {
    for (const e of events) metrics.ticketEvents.inc({ type: e.type })
  })

  const app = createApp(ctx, opts.webDir)
  const http = createServer(app)
  const gateway = new Gateway({ httpServer: http, auth, store, stats, bus, logger, demo: config.demo, broadcasts: () => broadcasts.recentProgress(), broadcastTargets: (id) => broadcasts.targetGroupIds(id) })
  gateway.io.on('connection', (s) => {
    metrics.sockets.inc()
    s.on('disconnect', () => metrics.sockets.dec())
  })

  // periodic work: overdue flags and alerts, the 7-day no-follow-up close, archiving
  let scanning = false
  const scanTimer = setInterval(() => {
    if (scanning) return
    scanning = true
    tickets.scan()
      .then(async () => {
        const live = await stats.live()
        metrics.openTickets.set(live.open)
        metrics.overdueTickets.set(live.overdue)
      })
      .catch((err: unknown) => logger.error({ err }, 'scan failed'))
      .finally(() => { scanning = false })
  }, config.SCAN_SECONDS * 1000)
  const archiveTimer = setInterval(() => {
    store.archive().catch((err: unknown) => logger.error({ err }, 'archive failed'))
  }, 3600_000)
  await store.archive()

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(config.PORT, config.HOST, () => resolve())
  })
  const port = (http.address() as AddressInfo).port
  const feed = config.demoFeed ? new DemoFeed({ tickets, broadcasts, directory, store, logger, ratePerMinute: config.DEMO_RATE, now }) : null
  if (feed) {
    await feed.start()
    // the history it may have played leaves finished cases to move out of the live file
    await store.archive()
  }
  notifier.start()
  hotspots.start()
  ready = true
  logger.info({ port, dataDir: config.dataDir, demo: config.demo, demoFeed: config.demoFeed }, 'Echo365 is serving')

  let closing: Promise<void> | null = null
  const close = () => (closing ??= (async () => {
    ready = false
    clearInterval(scanTimer)
    clearInterval(archiveTimer)
    feed?.stop()
    notifier.stop()
    hotspots.stop()
    await gateway.close()
    await new Promise<void>((resolve) => http.close(() => resolve()))
    // finish in-flight writes before the process may exit
    await store.close()
  })())

  return { url: `http://127.0.0.1:${port}`, port, ctx, http, gateway, feed, close }
}
