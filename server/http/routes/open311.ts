import express, { Router, type Request } from 'express'
import { z } from 'zod'
import { KINDS, DEPARTMENT_BY_ID, nearestTown } from '../../../shared/domain/taxonomy.ts'
import { maskTicket } from '../../../shared/domain/mask.ts'
import { isOpen } from '../../../shared/domain/stateMachine.ts'
import type { Ticket } from '../../../shared/domain/types.ts'
import type { AppContext } from '../../context.ts'
import { ApiError, forbidden, notFound, unauthorized } from '../errors.ts'
import { parse } from '../validate.ts'

/** Open311 GeoReport v2: services are the level-2 kinds, requests are cases (public reads are masked). */
const serviceCode = (i: number) => `K${String(i + 1).padStart(2, '0')}`
const SERVICES = KINDS.map((k, i) => ({
  service_code: serviceCode(i), service_name: k.name, description: `${k.level1} · ${k.name}`,
  metadata: false, type: 'realtime', keywords: k.terms.join(','), group: k.level1,
}))
const KIND_BY_CODE = new Map(SERVICES.map((s) => [s.service_code, s.service_name]))

const postSchema = z.object({
  api_key: z.string().min(1),
  service_code: z.string().refine((c) => KIND_BY_CODE.has(c), '未知 service_code'),
  description: z.string().trim().min(1).max(5000),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  address_string: z.string().max(200).optional(),
  first_name: z.string().max(50).optional(),
  last_name: z.string().max(50).optional(),
  phone: z.string().max(30).optional(),
})

function toRequest(t: Ticket) {
  const m = maskTicket(t)
  return {
    service_request_id: t.id,
    status: isOpen(t.status) ? 'open' : 'closed',
    status_notes: m.reply?.content ?? null,
    service_name: t.level2,
    service_code: serviceCode(KINDS.findIndex((k) => k.name === t.level2)),
    description: m.content,
    agency_responsible: DEPARTMENT_BY_ID.get(t.departmentId ?? '')?.name ?? null,
    service_notice: null,
    requested_datetime: t.createdAt,
    updated_datetime: t.updatedAt,
    expected_datetime: t.handleDeadline ?? null,
    address: null,
    address_id: null,
    zipcode: null,
    lat: t.point?.lat ?? null,
    long: t.point?.lng ?? null,
    media_url: null,
  }
}

export function open311Routes(ctx: AppContext): Router {
  const r = Router()
  r.use(express.urlencoded({ extended: false, limit: '64kb' }), express.json({ limit: '64kb' }))
  const fmt = (req: Request) => {
    if (String(req.params.format) !== 'json') throw new ApiError('bad_request', '仅支持 JSON 格式（.json）')
  }
  r.get('/services.:format', (req, res) => {
    fmt(req)
    res.json(SERVICES)
  })
  r.get('/requests.:format', (req, res) => {
    fmt(req)
    const q = parse(z.object({ status: z.enum(['open', 'closed']).optional(), service_code: z.string().optional() }), req.query)
    const kind = q.service_code ? KIND_BY_CODE.get(q.service_code) : undefined
    const items = [...ctx.store.liveTickets()]
      .filter((t) => t.status !== 'invalid' && (!q.status || (q.status === 'open') === isOpen(t.status)) && (!kind || t.level2 === kind))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, 1000)
    res.json(items.map(toRequest))
  })
  r.get('/requests/:id.:format', async (req, res) => {
    fmt(req)
    const t = await ctx.store.getTicket(String(req.params.id))
    if (!t || t.status === 'invalid') throw notFound('未找到该诉求')
    res.json([toRequest(t)])
  })
  r.post('/requests.:format', async (req, res) => {
    fmt(req)
    const body = parse(postSchema, req.body)
    const user = ctx.auth.userForToken(body.api_key)
    if (!user) throw unauthorized('api_key 无效')
    if (user.role !== 'reporter' && user.role !== 'chief') throw forbidden()
    const point = body.lat !== undefined && body.long !== undefined ? { lat: body.lat, lng: body.long } : undefined
    const contact = [body.last_name, body.first_name].filter(Boolean).join('') + (body.phone ? ` ${body.phone}` : '')
    const { ticket } = await ctx.tickets.report(user, {
      content: body.address_string ? `${body.description}（地点：${body.address_string}）` : body.description,
      title: `${KIND_BY_CODE.get(body.service_code)}`,
      ...(point ? { location: point, townCode: nearestTown(point).code } : {}),
      ...(contact.trim() ? { contact: contact.trim() } : {}),
      // a city system files on behalf of the district's website channel
      ...(user.role === 'chief' ? { groupId: ctx.directory.groups.find((g) => g.type === 'website')?.id ?? '' } : {}),
    })
    res.status(201).json([{ service_request_id: ticket.id, service_notice: '已受理，将由指挥中心分拨办理', account_id: null }])
  })
  r.use((_req, _res, next) => next(new ApiError('not_found', '接口不存在')))
  return r
}
