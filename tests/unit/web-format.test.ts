import { describe, expect, it } from 'vitest'
import {
  escapeHtml, formatAgo, formatClock, formatConfidence, formatCount, formatDateTime, formatDeadline, formatElapsed,
  formatHours, formatLongDate, formatPeople, formatRate, formatShortDateTime, formatTime,
} from '../../web/src/lib/format.ts'
import { fitStage } from '../../web/src/lib/scale.ts'
import { toApiError, mediaUrl } from '../../web/src/lib/api.ts'

describe('wall formatters', () => {
  it('escapes every HTML metacharacter', () => {
    expect(escapeHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;')
    expect(escapeHtml(`"a" & 'b'`)).toBe('&quot;a&quot; &amp; &#39;b&#39;')
    expect(escapeHtml(null)).toBe('')
    expect(escapeHtml(42)).toBe('42')
  })

  it('formats counts with grouping and "—" for no data', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(-1200)).toBe('-1,200')
    expect(formatCount(12.6)).toBe('13')
    expect(formatCount(null)).toBe('—')
    expect(formatCount(Number.NaN)).toBe('—')
  })

  it('shows a null rate as "—", never as 0 %', () => {
    expect(formatRate(null)).toBe('—')
    expect(formatRate(undefined)).toBe('—')
    expect(formatRate(0)).toBe('0.0%')
    expect(formatRate(0.96969)).toBe('97.0%')
    expect(formatRate(1)).toBe('100.0%')
    expect(formatRate(0.5, 0)).toBe('50%')
    expect(formatRate(1.2)).toBe('100.0%')
  })

  it('formats hours, people and confidence', () => {
    expect(formatHours(null)).toBe('—')
    expect(formatHours(8.46)).toBe('8.5小时')
    expect(formatHours(12.4)).toBe('12小时')
    expect(formatHours(72)).toBe('3.0天')
    expect(formatPeople(382_140)).toBe('38.2万')
    expect(formatPeople(12_500)).toBe('1.25万')
    expect(formatPeople(20_000)).toBe('2万')
    expect(formatPeople(9_999)).toBe('9,999')
    expect(formatConfidence(0.954)).toBe('95%')
    expect(formatConfidence(null)).toBe('—')
  })

  it('shows times in Asia/Shanghai whatever the machine zone', () => {
    const at = '2026-11-27T16:05:09.000Z' // 00:05:09 on 28 Nov in Shanghai
    expect(formatTime(at)).toBe('00:05')
    expect(formatClock(at)).toBe('00:05:09')
    expect(formatShortDateTime(at)).toBe('11-28 00:05')
    expect(formatDateTime(at)).toBe('2026-11-28 00:05')
    expect(formatLongDate(at)).toBe('2026年11月28日 星期六')
    expect(formatTime('not a date')).toBe('—')
  })

  it('says how long ago in Chinese', () => {
    const now = Date.parse('2026-11-28T00:00:00Z')
    expect(formatAgo(now - 10_000, now)).toBe('刚刚')
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 分钟前')
    expect(formatAgo(now - 3 * 3600_000, now)).toBe('3 小时前')
    expect(formatAgo(now - 2 * 86_400_000, now)).toBe('2 天前')
    expect(formatElapsed(now - 30_000, now)).toBe('不足 1 分钟')
    expect(formatElapsed(now - 72 * 60_000, now)).toBe('1 小时 12 分')
    expect(formatDeadline(new Date(now + 3 * 3600_000).toISOString(), now)).toBe('剩 3 小时')
    expect(formatDeadline(new Date(now - 2 * 86_400_000).toISOString(), now)).toBe('超 2 天')
    expect(formatDeadline(undefined, now)).toBe('—')
  })
})

describe('scale to fit', () => {
  it('keeps 16:9 and letterboxes the rest', () => {
    expect(fitStage(1920, 1080)).toEqual({ s: 1, width: 1920, height: 1080, left: 0, top: 0 })
    const small = fitStage(1366, 768)
    expect(small.s).toBeCloseTo(768 / 1080, 5)
    expect(small.width).toBeLessThanOrEqual(1366)
    expect(small.height).toBeLessThanOrEqual(768)
    const uhd = fitStage(3840, 2160)
    expect(uhd.s).toBe(2)
    // a 2×2 wall of 1080p screens, and a portrait screen: never larger than the viewport
    for (const [w, h] of [[3840, 2160], [1080, 1920], [1280, 1024], [1, 1]] as const) {
      const b = fitStage(w, h)
      expect(b.width + b.left).toBeLessThanOrEqual(w)
      expect(b.height + b.top).toBeLessThanOrEqual(h)
    }
    const portrait = fitStage(1080, 1920)
    expect(portrait.left).toBe(0)
    expect(portrait.top).toBeGreaterThan(0)
  })
})

describe('api errors', () => {
  it('keeps the server message and field errors', () => {
    const e = toApiError(400, { error: { code: 'bad_request', message: '请求内容不合法', fields: { note: '不能为空' } } })
    expect(e.status).toBe(400)
    expect(e.code).toBe('bad_request')
    expect(e.message).toBe('请求内容不合法')
    expect(e.fields).toEqual({ note: '不能为空' })
    expect(toApiError(502, 'gateway').message).toBe('请求失败（502）')
  })

  it('puts the token on media URLs (tags cannot send headers)', () => {
    expect(mediaUrl('/api/media/abc', 't k')).toBe('/api/media/abc?token=t%20k')
    expect(mediaUrl('/api/media/abc?x=1', 'tok')).toBe('/api/media/abc?x=1&token=tok')
    expect(mediaUrl('/api/media/abc', null)).toBe('/api/media/abc')
  })
})
