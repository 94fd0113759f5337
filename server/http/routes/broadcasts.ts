import { Router } from 'express'
import { broadcastSchema, webhookSchema } from '../../../shared/schemas.ts'
import type { AppContext } from '../../context.ts'
import { allow, currentUser } from '../auth.ts'
import { notFound } from '../errors.ts'
import { parse } from '../validate.ts'

export function broadcastRoutes(ctx: AppContext): Router {
  const r = Router()
  r.use(['/broadcasts', '/groups/:id/webhook'], ctx.auth.required)

  r.post('/broadcasts', allow('chief'), async (req, res) => {
    const broadcast = await ctx.broadcasts.send(currentUser(req), parse(broadcastSchema, req.body))
    res.status(201).json({ broadcast })
  })
  r.get('/broadcasts', allow('chief', 'leadership', 'display', 'reporter'), (req, res) => {
    res.json({ items: ctx.broadcasts.list(currentUser(req)) })
  })
  r.get('/broadcasts/:id', allow('chief', 'leadership', 'display', 'reporter'), (req, res) => {
    res.json({ broadcast: ctx.broadcasts.get(currentUser(req), String(req.params.id)) })
  })
  r.post('/broadcasts/:id/ack', allow('reporter'), async (req, res) => {
    res.json({ broadcast: await ctx.broadcasts.ack(currentUser(req), String(req.params.id)) })
  })

  /** A group's own robot URL for feedback (WeCom group robot or any JSON endpoint). */
  r.put('/groups/:id/webhook', allow('chief'), async (req, res) => {
    const groupId = String(req.params.id)
    if (!ctx.directory.groupById.has(groupId)) throw notFound('未找到该群')
    const body = parse(webhookSchema, req.body)
    await ctx.store.commit((tx) => tx.setWebhook(groupId, body.url ? { url: body.url, format: body.format } : null))
    res.json({ groupId, webhook: ctx.store.webhook(groupId) ?? null })
  })
  return r
}
