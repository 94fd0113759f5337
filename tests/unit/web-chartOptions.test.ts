import { describe, expect, it } from 'vitest'
import { categoryRows, sourceConic, sourceSlices, trendOption } from '../../web/src/lib/chartOptions.ts'
import { STATUS_COLORS, ticketColor, ALERT_COLOR } from '../../shared/ui/palette.ts'
import { TICKET_STATUSES } from '../../shared/domain/types.ts'

const EVIL = '<img src=x onerror=alert(1)>'
type Fmt = (p: unknown) => string
const tooltipFormatter = (o: unknown): Fmt => (o as { tooltip: { formatter: Fmt } }).tooltip.formatter

describe('chart options', () => {
  it('escapes every tooltip value (ECharts tooltips are HTML)', () => {
    const trend = tooltipFormatter(trendOption([1], [2], 0, 1))
    expect(trend([{ name: EVIL, seriesName: EVIL, value: 1 }])).not.toContain('<img')
    expect(trend([{ name: EVIL, seriesName: EVIL, value: 1 }])).toContain('&lt;img')
  })

  it('scales sizes with the screen', () => {
    const a = JSON.stringify(trendOption([1], [1], 0, 1))
    const b = JSON.stringify(trendOption([1], [1], 0, 2))
    expect(a).toContain('"fontSize":15')
    expect(b).toContain('"fontSize":30')
  })

  it('ranks the level-1 categories, largest first, bars relative to the largest', () => {
    expect(categoryRows({ 交通运输: 2, 城乡建设: 8, 其他: 0, 环境保护: 2 })).toEqual([
      { name: '城乡建设', value: 8, share: 1 },
      { name: '交通运输', value: 2, share: 0.25 },
      { name: '环境保护', value: 2, share: 0.25 },
    ])
    expect(categoryRows({})).toEqual([])
  })

  it('draws the source ring as a conic gradient, grey when empty', () => {
    const ring = sourceConic(sourceSlices({ wechat: 3, qq: 1 }))
    expect(ring.startsWith('conic-gradient(')).toBe(true)
    expect(ring).toContain('#34d399 0.00deg')
    expect(ring).toContain('360.00deg')
    expect(sourceConic(sourceSlices({}))).toContain('rgba(120, 180, 255')
  })

  it('keeps every group type in the source breakdown, zeros included', () => {
    const slices = sourceSlices({ wechat: 3, qq: 1 })
    expect(slices.map((x) => x.label)).toEqual(['微信群', 'QQ群', '工作群', '网站', '政务新媒体', '媒体'])
    expect(slices[0]?.share).toBeCloseTo(0.75)
    expect(slices[5]?.value).toBe(0)
  })

  it('draws today only up to the current hour', () => {
    const o = trendOption(Array(24).fill(2), Array(24).fill(1), 5, 1) as { series: { data: (number | null)[] }[] }
    expect(o.series[0]?.data.filter((v) => v !== null)).toHaveLength(6)
    expect(o.series[1]?.data).toHaveLength(24)
  })
})

describe('state palette', () => {
  it('has a colour for every state and red for overdue or supervised cases', () => {
    for (const s of TICKET_STATUSES) expect(STATUS_COLORS[s]).toMatch(/^#[0-9a-f]{6}$/)
    expect(STATUS_COLORS.invalid).toBe(STATUS_COLORS.merged)
    expect(ticketColor({ status: 'dispatched' })).toBe(STATUS_COLORS.dispatched)
    expect(ticketColor({ status: 'dispatched', overdue: true })).toBe(ALERT_COLOR)
    expect(ticketColor({ status: 'accepted', supervise: 1 })).toBe(ALERT_COLOR)
  })
})
