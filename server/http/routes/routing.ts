import { Router } from 'express'
import { classifySchema } from '../../../shared/schemas.ts'
import type { AppContext } from '../../context.ts'
import { allow } from '../auth.ts'
import { parse } from '../validate.ts'

/** The district seat: the fallback place of a text that names none and comes with no town. */
const DISTRICT_SEAT_TOWN = '500120001'

export function routingRoutes(ctx: AppContext): Router {
  const r = Router()
  r.post('/classify', ctx.auth.required, allow('chief', 'dept'), (req, res) => {
    const body = parse(classifySchema, req.body)
    const { priority: _priority, ...route } = ctx.router.suggest(body.text, { townCode: body.townCode ?? DISTRICT_SEAT_TOWN })
    res.json(route)
  })
  r.get('/hotspots', ctx.auth.required, allow('chief', 'leadership', 'display'), async (_req, res) => {
    res.json({ items: await ctx.hotspots.list() })
  })
  return r
}
