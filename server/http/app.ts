import express, { type NextFunction, type Request, type Response } from 'express'
import helmet from 'helmet'
import { rateLimit } from 'express-rate-limit'
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { AppContext } from '../context.ts'
import { ApiError } from './errors.ts'
import { authRoutes } from './routes/auth.ts'
import { mediaRoutes } from './routes/media.ts'
import { referenceRoutes } from './routes/reference.ts'
import { ticketRoutes } from './routes/tickets.ts'
import { open311Routes } from './routes/open311.ts'
import { broadcastRoutes } from './routes/broadcasts.ts'
import { routingRoutes } from './routes/routing.ts'
import { wallPage } from './wallPage.ts'

/** Pages of the single-page app, served with index.html (the wall at `/` by wallPage). */
const PAGES = ['/m', '/dept', '/stats', '/push']

export function createApp(ctx: AppContext, webDir?: string) {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', 'loopback')
  app.use(helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        // the wall is opened over plain http on the LAN: upgrading would break every asset there
        upgradeInsecureRequests: null,
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
      },
    },
    strictTransportSecurity: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
  }))

  app.use((req, res, next) => {
    const end = ctx.metrics.httpDuration.startTimer()
    res.on('finish', () => {
      const route = routeLabel(req)
      ctx.metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) })
      end({ method: req.method, route })
    })
    next()
  })

  app.get('/healthz', (_req, res) => {
    if (!ctx.ready()) return res.status(503).json({ status: 'starting' })
    res.json({ status: 'ok', seq: ctx.store.seq, demo: ctx.config.demo })
  })
  app.get('/metrics', async (_req, res) => {
    const s = ctx.store.stats()
    ctx.metrics.liveTickets.set(s.liveTickets)
    ctx.metrics.storeWrites.set(s.writes)
    ctx.metrics.eventSeq.set(ctx.store.seq)
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics())
  })

  const api = express.Router()
  if (ctx.config.RATE_LIMIT !== 'off') {
    api.use(rateLimit({
      windowMs: 60_000,
      limit: ctx.config.RATE_LIMIT,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new ApiError('rate_limited', '请求过于频繁，请稍后再试')),
    }))
  }
  api.use((_req, _res, next) => (ctx.ready() ? next() : next(new ApiError('unavailable', '服务启动中'))))
  api.use(express.json({ limit: '256kb' }))
  api.use(authRoutes(ctx))
  api.use(referenceRoutes(ctx))
  api.use(ticketRoutes(ctx))
  api.use(mediaRoutes(ctx))
  api.use(broadcastRoutes(ctx))
  api.use(routingRoutes(ctx))
  api.use((_req, _res, next) => next(new ApiError('not_found', '接口不存在')))
  app.use('/api', api)
  app.use('/open311/v2', open311Routes(ctx))

  if (webDir && existsSync(path.join(webDir, 'index.html'))) {
    app.use(express.static(webDir, { index: false, maxAge: '1h' }))
    app.get('/', wallPage(ctx, webDir))
    app.get(PAGES, (_req, res) => res.sendFile(path.join(webDir, 'index.html')))
  }

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = toApiError(err)
    if (e.status >= 500) ctx.logger.error({ err, url: req.originalUrl }, 'request failed')
    res.status(e.status).json(e.toJSON())
  })
  return app
}

function routeLabel(req: Request): string {
  const route = (req.route as { path?: string } | undefined)?.path
  return route ? `${req.baseUrl}${route}` : req.baseUrl || 'unmatched'
}

/** Maps body-parser and other errors onto the API's error shape; never leaks internals. */
function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  const e = err as { type?: string; status?: number; message?: string }
  if (e?.type === 'entity.too.large') return new ApiError('too_large', '请求体过大')
  if (e?.type === 'entity.parse.failed') return new ApiError('bad_request', '请求体不是合法的 JSON')
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new ApiError('bad_request', '不支持的编码')
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new ApiError('bad_request', e.message ?? '请求不合法')
  return new ApiError('internal', '服务器内部错误')
}
