import { Router } from 'express'
import { rateLimit } from 'express-rate-limit'
import { loginSchema } from '../../../shared/schemas.ts'
import type { AppContext } from '../../context.ts'
import { ApiError, unauthorized } from '../errors.ts'
import { currentUser } from '../auth.ts'
import { parse } from '../validate.ts'

export function authRoutes(ctx: AppContext): Router {
  const r = Router()
  // against password guessing, independent of the general API limit
  const loginLimiter = rateLimit({
    windowMs: 60_000,
    limit: ctx.config.LOGIN_RATE_LIMIT,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new ApiError('rate_limited', '登录尝试过于频繁，请稍后再试')),
  })
  r.post('/auth/login', loginLimiter, async (req, res) => {
    const body = parse(loginSchema, req.body)
    const result = await ctx.auth.login(body.username, body.password)
    if (!result) throw unauthorized('用户名或密码错误')
    res.json(result)
  })
  r.post('/auth/logout', ctx.auth.required, async (req, res) => {
    const token = (req.headers.authorization ?? '').slice(7).trim()
    await ctx.auth.revoke(token)
    res.json({ ok: true })
  })
  r.get('/auth/me', ctx.auth.required, (req, res) => {
    res.json({ user: ctx.directory.publicUser(currentUser(req)) })
  })
  /** Kiosk mode: the wall page gets a read-only display token without login. */
  r.get('/wall/token', (_req, res) => {
    if (ctx.config.WALL_KIOSK !== 'on') throw new ApiError('forbidden', '大屏未开启免登录模式，请使用 /?token=')
    const issued = ctx.auth.issueDisplayToken()
    if (!issued) throw new ApiError('unavailable', '没有大屏账号（display），请用管理命令创建')
    res.json(issued)
  })
  return r
}
