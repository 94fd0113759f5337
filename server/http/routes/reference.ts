import { Router } from 'express'
import { LEVEL1, KINDS } from '../../../shared/domain/taxonomy.ts'
import { STATUS_LABELS, TRANSITIONS } from '../../../shared/domain/stateMachine.ts'
import { RATE_DEFINITIONS, PROCESS_DEFINITIONS, VALID_FOLLOW_UP_NOTE } from '../../../shared/domain/rates.ts'
import { exportQuery, gridQuery, groupListQuery, statsQuery } from '../../../shared/schemas.ts'
import { casesInRange, toCsv, toXlsx } from '../../services/export.ts'
import type { AppContext } from '../../context.ts'
import { allow } from '../auth.ts'
import { ApiError } from '../errors.ts'
import { GEO_PAYLOAD_JSON } from '../geoPayload.ts'
import { parse } from '../validate.ts'

export function referenceRoutes(ctx: AppContext): Router {
  const r = Router()
  r.get('/meta', (_req, res) => {
    res.json({
      ...ctx.directory.meta(),
      demo: ctx.config.demo,
      taxonomy: { level1: LEVEL1, kinds: KINDS.map(({ name, level1, department, priority }) => ({ name, level1, department, priority })) },
      statuses: STATUS_LABELS,
      transitions: TRANSITIONS,
      definitions: { rates: RATE_DEFINITIONS, process: PROCESS_DEFINITIONS, validFollowUp: VALID_FOLLOW_UP_NOTE },
    })
  })

  /** The grids of a community (or a town), for place pickers. Public like the divisions. */
  r.get('/grids', (req, res) => {
    const q = parse(gridQuery, req.query)
    const items = ctx.directory.grids.filter((g) => (!q.communityCode || g.communityCode === q.communityCode) && (!q.townCode || g.townCode === q.townCode))
    res.json({ items: items.slice(0, 500), total: items.length })
  })

  r.get('/geo/bishan', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600')
    res.type('application/json').send(GEO_PAYLOAD_JSON)
  })

  r.get('/stats', ctx.auth.required, allow('chief', 'leadership', 'display'), async (req, res) => {
    const q = parse(statsQuery, req.query)
    if (q.from && q.to && q.from > q.to) throw new ApiError('bad_request', '请求内容不合法', { from: '开始日期不能晚于结束日期' })
    res.json(await ctx.stats.range(q.from, q.to))
  })

  /** The same figures as GET /api/stats plus the case list, as .xlsx or CSV (default: the last 30 days). */
  r.get('/stats/export', ctx.auth.required, allow('chief', 'leadership'), async (req, res) => {
    const q = parse(exportQuery, req.query)
    if (q.from && q.to && q.from > q.to) throw new ApiError('bad_request', '请求内容不合法', { from: '开始日期不能晚于结束日期' })
    const stats = await ctx.stats.range(q.from, q.to)
    const cases = await casesInRange(ctx.store, stats.from, stats.to)
    const name = `echo365-stats-${stats.from}_${stats.to}`
    if (q.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8')
      res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`)
      return res.send(toCsv(stats, cases, ctx.directory))
    }
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`)
    res.send(await toXlsx(stats, cases, ctx.directory))
  })

  r.get('/groups', ctx.auth.required, allow('chief', 'leadership'), (req, res) => {
    const q = parse(groupListQuery, req.query)
    const town = q.townCode ?? q.town
    const all = ctx.directory.groups.filter((g) => (!town || g.townCode === town) && (!q.type || g.type === q.type))
    const start = q.cursor ? all.findIndex((g) => g.id === q.cursor) + 1 : 0
    const items = all.slice(start, start + q.limit)
    const last = items.at(-1)
    res.json({ items, total: all.length, nextCursor: last && start + q.limit < all.length ? last.id : null })
  })
  return r
}
