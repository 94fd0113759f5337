import ExcelJS from 'exceljs'
import { RATE_DEFINITIONS } from '../../shared/domain/rates.ts'
import { STATUS_LABELS } from '../../shared/domain/stateMachine.ts'
import { COMMUNITY_BY_CODE, DEPARTMENT_BY_ID, TOWN_BY_CODE } from '../../shared/domain/taxonomy.ts'
import { dateRange, shanghaiDate, shanghaiDateTime } from '../../shared/domain/time.ts'
import type { Ticket } from '../../shared/domain/types.ts'
import { GROUP_TYPE_LABELS, SATISFACTION_LABELS, SUPERVISE_LABELS } from '../../shared/ui/labels.ts'
import type { RangeStats } from '../../shared/stats.ts'
import type { Store } from '../store/types.ts'
import type { Directory } from './directory.ts'


/** Cases filed in the range (Asia/Shanghai dates), from the live file and the monthly archives. */
export async function casesInRange(store: Store, from: string, to: string): Promise<Ticket[]> {
  const inRange = (t: Ticket) => {
    const d = shanghaiDate(t.createdAt)
    return d >= from && d <= to
  }
  const byId = new Map<string, Ticket>()
  const months = [...new Set(dateRange(from, to).map((d) => d.slice(0, 7)))]
  for (const m of months) for (const t of await store.archivedTickets(m)) if (inRange(t)) byId.set(t.id, t)
  for (const t of store.liveTickets()) if (inRange(t)) byId.set(t.id, t)
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)
const time = (iso?: string) => (iso ? shanghaiDateTime(iso) : '')

/** The figures as rows: [指标, 数值, 说明]. */
export function figureRows(s: RangeStats): (string | number)[][] {
  return [
    ['统计区间', `${s.from} 至 ${s.to}`, '日期按北京时间'],
    ['受理', s.totals.reported, '区间内上报的诉求'],
    ['派单', s.totals.dispatched, ''],
    ['答复', s.totals.replied, ''],
    ['办结', s.totals.closed, '含 7 天未回访自动办结'],
    ['办结·已解决', s.totals.closedSolved, ''],
    ['办结·未解决', s.totals.closedUnsolved, ''],
    ['未回访自动办结', s.totals.noFollowUp, '不计入三率'],
    ['退单', s.totals.returned, ''],
    ['无效', s.totals.invalid, ''],
    ['并单', s.totals.merged, ''],
    ['当前在办', s.totals.open, ''],
    ['当前超时', s.totals.overdueNow, ''],
    ['响应率', pct(s.rates.response), RATE_DEFINITIONS.response],
    ['解决率', pct(s.rates.resolution), RATE_DEFINITIONS.resolution],
    ['满意率', pct(s.rates.satisfaction), RATE_DEFINITIONS.satisfaction],
    ['按时签收率', pct(s.process.signedOnTime), ''],
    ['按时办结率', pct(s.process.finishedOnTime), ''],
    ['有效回访', s.followUps.valid, ''],
  ]
}

function breakdowns(s: RangeStats): { title: string; rows: (string | number)[][] }[] {
  const entries = (c: Record<string, number>, label: (k: string) => string) =>
    Object.entries(c).sort((a, b) => b[1] - a[1]).map(([k, n]) => [label(k), n])
  return [
    { title: '按一级分类', rows: entries(s.byLevel1, (k) => k) },
    { title: '按二级分类', rows: entries(s.byLevel2, (k) => k) },
    { title: '按镇街', rows: entries(s.byTown, (k) => TOWN_BY_CODE.get(k)?.name ?? k) },
    { title: '按承办部门（派单数）', rows: entries(s.byDepartment, (k) => DEPARTMENT_BY_ID.get(k)?.name ?? k) },
    { title: '按来源群类型', rows: entries(s.bySource, (k) => GROUP_TYPE_LABELS[k as keyof typeof GROUP_TYPE_LABELS] ?? k) },
  ]
}

export const CASE_HEADERS = [
  '工单编号', '标题', '诉求内容', '一级分类', '二级分类', '镇街', '村居', '来源群', '群类型', '状态', '承办部门',
  '上报时间', '派单时间', '签收时间', '答复时间', '办结时间', '是否超时', '督办', '退单次数', '回访·已联系', '回访·已解决', '回访·满意度', '答复内容',
]

export function caseRow(t: Ticket, dir: Directory): (string | number)[] {
  return [
    t.id, t.title, t.content, t.level1, t.level2, TOWN_BY_CODE.get(t.townCode)?.name ?? '', COMMUNITY_BY_CODE.get(t.communityCode)?.name ?? '',
    dir.groupById.get(t.groupId)?.name ?? t.groupId, GROUP_TYPE_LABELS[t.groupType],
    t.noFollowUp ? '已办结（未回访）' : STATUS_LABELS[t.status], DEPARTMENT_BY_ID.get(t.departmentId ?? '')?.name ?? '',
    time(t.createdAt), time(t.dispatchedAt), time(t.acceptedAt), time(t.repliedAt), time(t.closedAt),
    t.overdue ? '是' : '否', SUPERVISE_LABELS[t.supervise], t.returnCount,
    t.followUp ? (t.followUp.contacted ? '是' : '否') : '', t.followUp ? (t.followUp.solved ? '是' : '否') : '',
    t.followUp ? SATISFACTION_LABELS[t.followUp.satisfaction] : '', t.reply?.content ?? '',
  ]
}

/** A cell that a spreadsheet would read as a formula is prefixed with ' (CSV injection). */
function csvCell(v: string | number): string {
  let s = String(v)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** UTF-8 with a BOM so that Excel opens the Chinese correctly: figures, breakdowns, then the cases. */
export function toCsv(s: RangeStats, cases: Ticket[], dir: Directory): string {
  const lines: string[] = []
  const row = (cells: (string | number)[]) => lines.push(cells.map(csvCell).join(','))
  row(['璧山区网长制诉求统计'])
  row(['指标', '数值', '说明'])
  for (const r of figureRows(s)) row(r)
  for (const b of breakdowns(s)) {
    lines.push('')
    row([b.title, '件数'])
    for (const r of b.rows) row(r)
  }
  lines.push('')
  row(['诉求清单'])
  row(CASE_HEADERS)
  for (const t of cases) row(caseRow(t, dir))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

export async function toXlsx(s: RangeStats, cases: Ticket[], dir: Directory): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Echo365'
  wb.created = new Date()
  const header = (ws: ExcelJS.Worksheet) => {
    ws.getRow(1).font = { bold: true }
    ws.views = [{ state: 'frozen', ySplit: 1 }]
  }
  const fig = wb.addWorksheet('概况')
  fig.addRow(['指标', '数值', '说明'])
  for (const r of figureRows(s)) fig.addRow(r)
  fig.columns = [{ width: 18 }, { width: 16 }, { width: 60 }]
  header(fig)
  for (const b of breakdowns(s)) {
    const ws = wb.addWorksheet(b.title.replace('按', '').replace(/（.*）/, ''))
    ws.addRow([b.title.replace('按', ''), '件数'])
    for (const r of b.rows) ws.addRow(r)
    ws.columns = [{ width: 28 }, { width: 10 }]
    header(ws)
  }
  const daily = wb.addWorksheet('逐日')
  daily.addRow(['日期', '受理', '办结'])
  for (const d of s.byDay) daily.addRow([d.date, d.reported, d.closed])
  header(daily)
  const list = wb.addWorksheet('诉求清单')
  list.addRow(CASE_HEADERS)
  for (const t of cases) list.addRow(caseRow(t, dir))
  list.columns = CASE_HEADERS.map((h) => ({ width: h === '诉求内容' || h === '答复内容' ? 50 : h === '来源群' ? 28 : 14 }))
  header(list)
  return Buffer.from(await wb.xlsx.writeBuffer())
}
