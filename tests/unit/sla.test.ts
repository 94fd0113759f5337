import { describe, expect, it } from 'vitest'
import { DEFAULT_SLA, deadlines, isOverdue } from '../../shared/domain/sla.ts'
import { shanghaiDate, shanghaiHour, dateRange, shanghaiDayStart } from '../../shared/domain/time.ts'
import { maskPII, maskTicket } from '../../shared/domain/mask.ts'
import { computeRates } from '../../shared/domain/rates.ts'

describe('time limits', () => {
  const at = '2026-11-27T02:00:00.000Z'
  it('computes deadlines from dispatch by priority', () => {
    expect(deadlines(at, 'emergency').handleDeadline).toBe('2026-11-27T04:00:00.000Z')
    expect(deadlines(at, 'utility').handleDeadline).toBe('2026-11-28T02:00:00.000Z')
    expect(deadlines(at, 'general').handleDeadline).toBe('2026-12-04T02:00:00.000Z')
    expect(deadlines(at, 'complex').handleDeadline).toBe('2026-12-12T02:00:00.000Z')
    expect(deadlines(at, 'general').signDeadline).toBe('2026-11-27T04:00:00.000Z')
    expect(DEFAULT_SLA.returnMs).toBe(86_400_000)
  })
  it('flags overdue signing and handling, not finished cases', () => {
    const d = deadlines(at, 'general')
    const later = Date.parse(at) + 3 * 3600_000
    expect(isOverdue({ status: 'dispatched', ...d }, later)).toBe(true)
    expect(isOverdue({ status: 'accepted', ...d }, later)).toBe(false)
    expect(isOverdue({ status: 'accepted', ...d }, Date.parse(at) + 8 * 86_400_000)).toBe(true)
    expect(isOverdue({ status: 'replied', ...d }, Date.parse(at) + 30 * 86_400_000)).toBe(false)
  })
})

describe('Asia/Shanghai dates whatever the machine zone', () => {
  it('rolls the day at 16:00 UTC', () => {
    expect(shanghaiDate('2026-11-27T15:59:59Z')).toBe('2026-11-27')
    expect(shanghaiDate('2026-11-27T16:00:00Z')).toBe('2026-11-28')
    expect(shanghaiHour('2026-11-27T16:30:00Z')).toBe(0)
    expect(shanghaiDayStart('2026-11-28').toISOString()).toBe('2026-11-27T16:00:00.000Z')
    expect(dateRange('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'])
  })
})

describe('masking personal data for public screens', () => {
  it('masks mobiles, ID cards and plates', () => {
    expect(maskPII('电话13812345678')).toBe('电话138****5678')
    expect(maskPII('身份证500227199001011234')).toBe('身份证500227********1234')
    expect(maskPII('车牌渝A12345乱停')).toBe('车牌渝A1***5乱停')
    expect(maskPII('渝BD12345')).toBe('渝BD****5')
    expect(maskPII('没有个人信息')).toBe('没有个人信息')
  })
  it('masks every text of a ticket', () => {
    const t = maskTicket({ title: '13812345678', content: 'a 13812345678', contact: '张三', reply: { content: '回电13812345678' }, timeline: [{ note: '13812345678' }, {}] })
    expect(JSON.stringify(t)).not.toContain('12345678')
    expect(t.contact).toBe('张*')
  })
})

describe('rates', () => {
  it('is null, not zero, without follow-ups', () => {
    expect(computeRates({ valid: 0, contacted: 0, solved: 0, satisfied: 0, basic: 0, dissatisfied: 0 }).response).toBeNull()
  })
  it('weights basically satisfied at 0.9', () => {
    expect(computeRates({ valid: 10, contacted: 9, solved: 8, satisfied: 5, basic: 5, dissatisfied: 0 })).toEqual({ response: 0.9, resolution: 0.8, satisfaction: 0.95 })
  })
})
