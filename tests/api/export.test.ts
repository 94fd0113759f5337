import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cast, startTestServer, type TestServer, type TicketBody } from '../helpers/server.ts'
import type { RangeStats } from '../../shared/stats.ts'

let server: TestServer
let c: Awaited<ReturnType<typeof cast>>
beforeAll(async () => {
  server = await startTestServer()
  c = await cast(server.url)
  for (const [i, text] of ['=cmd|calc 垃圾没人清运', '路灯不亮，电话13812345678', '井盖丢了'].entries()) {
    const t = (await c.reporter.post<TicketBody>('/api/reports', { content: text })).body.ticket
    await c.chief.post(`/api/tickets/${t.id}/dispatch`, { departmentId: 'urban-mgmt' })
    if (i < 2) {
      await c.dept.post(`/api/tickets/${t.id}/accept`, {})
      await c.dept.post(`/api/tickets/${t.id}/reply`, { content: '已处理' })
      await c.reporter.post(`/api/tickets/${t.id}/close`, { contacted: true, solved: i === 0, satisfaction: i === 0 ? 'satisfied' : 'basic' })
    }
  }
})
afterAll(async () => server.stop())

async function download(format: string, query = '') {
  const res = await fetch(`${server.url}/api/stats/export?format=${format}${query}`, { headers: { authorization: `Bearer ${c.tokens.leadership}` } })
  return { res, buf: Buffer.from(await res.arrayBuffer()) }
}

describe('statistics export', () => {
  it('CSV: UTF-8 with a BOM, the same figures as /api/stats, the case list, formulas defused', async () => {
    const stats = (await c.leadership.get<RangeStats>('/api/stats')).body
    const { res, buf } = await download('csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = buf.toString('utf8')
    expect(text).toContain(`受理,${stats.totals.reported},`)
    expect(text).toContain(`办结,${stats.totals.closed},`)
    expect(text).toContain(`满意率,${((stats.rates.satisfaction ?? 0) * 100).toFixed(1)}%`)
    expect(text).toContain('工单编号,标题,诉求内容')
    expect(text).toContain("'=cmd|calc")
    expect(text.split('\r\n').filter((l) => /^BS\d{8}-\d{4},/.test(l))).toHaveLength(3)
  })

  it('xlsx with Chinese headers; a range; roles', async () => {
    const { res, buf } = await download('xlsx')
    expect(res.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(buf as unknown as ArrayBuffer)
    const fig = wb.getWorksheet('概况')
    expect(fig?.getRow(1).values).toEqual([undefined, '指标', '数值', '说明'])
    const reported = fig?.getRows(1, 30)?.find((r) => r.getCell(1).value === '受理')
    expect(reported?.getCell(2).value).toBe(3)
    const list = wb.getWorksheet('诉求清单')
    expect(list?.rowCount).toBe(4)
    expect(list?.getRow(1).getCell(1).value).toBe('工单编号')
    const empty = await download('csv', '&from=2020-01-01&to=2020-01-31')
    expect(empty.buf.toString('utf8')).toContain('受理,0,')
    const bad = await download('pdf')
    expect(bad.res.status).toBe(400)
    const denied = await fetch(`${server.url}/api/stats/export`, { headers: { authorization: `Bearer ${c.tokens.department}` } })
    expect(denied.status).toBe(403)
  })
})
