import type { Config } from './config.ts'
import type { Logger } from './logger.ts'
import type { Auth } from './http/auth.ts'
import type { Metrics } from './metrics.ts'
import type { Bus } from './services/bus.ts'
import type { Directory } from './services/directory.ts'
import type { StatsService } from './services/stats.ts'
import type { TicketService } from './services/tickets.ts'
import type { Store } from './store/types.ts'
import type { BroadcastService } from './services/broadcasts.ts'
import type { Notifier } from './services/notifier.ts'
import type { Router } from './services/router.ts'
import type { HotspotService } from './services/hotspots.ts'

/** Everything a route needs, injected (no module-level singletons), so tests build their own. */
export interface AppContext {
  config: Config
  logger: Logger
  store: Store
  directory: Directory
  tickets: TicketService
  broadcasts: BroadcastService
  notifier: Notifier
  router: Router
  hotspots: HotspotService
  stats: StatsService
  auth: Auth
  bus: Bus
  metrics: Metrics
  ready: () => boolean
}
