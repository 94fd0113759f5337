import { SHANGHAI_OFFSET_MS } from '../../../shared/domain/time.ts'

/** Pure formatters for the screens (no DOM): tested in tests/unit/web-format.test.ts. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** For the few places that build HTML strings (ECharts tooltips): every value goes through here. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)
}

/** 12345 → '12,345'; non-finite → '—'. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  const rounded = Math.round(n)
  const sign = rounded < 0 ? '-' : ''
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** A fraction 0–1 as a percentage with one decimal; null ("no data", not 0 %) → '—'. */
export function formatRate(r: number | null | undefined, digits = 1): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '—'
  return `${(Math.min(Math.max(r, 0), 1) * 100).toFixed(digits)}%`
}

/** Median hours: '8.5h', '2.1d' past two days; null → '—'. */
export function formatHours(h: number | null | undefined): string {
  if (h === null || h === undefined || !Number.isFinite(h)) return '—'
  if (h >= 48) return `${(h / 24).toFixed(1)}天`
  return `${h < 10 ? h.toFixed(1) : Math.round(h)}小时`
}

/** 382140 → '38.2万' (people reached). */
export function formatPeople(n: number): string {
  if (!Number.isFinite(n)) return '—'
  if (n >= 10_000) return `${(n / 10_000).toFixed(n >= 100_000 ? 1 : 2).replace(/\.?0+$/, '')}万`
  return formatCount(n)
}

/** Elapsed time since an instant, in Chinese: 刚刚 / N 分钟前 / N 小时前 / N 天前. */
export function formatAgo(at: string | number, now: number): string {
  const t = typeof at === 'number' ? at : Date.parse(at)
  if (!Number.isFinite(t)) return '—'
  const s = Math.max(0, Math.floor((now - t) / 1000))
  if (s < 60) return '刚刚'
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} 分钟前`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h} 小时前`
  return `${Math.floor(h / 24)} 天前`
}

/** Elapsed duration for a broadcast: '1 小时 12 分' / '8 分钟' / '不足 1 分钟'. */
export function formatElapsed(from: string | number, now: number): string {
  const t = typeof from === 'number' ? from : Date.parse(from)
  if (!Number.isFinite(t)) return '—'
  const m = Math.max(0, Math.floor((now - t) / 60_000))
  if (m < 1) return '不足 1 分钟'
  if (m < 60) return `${m} 分钟`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h} 小时 ${m % 60} 分`
  return `${Math.floor(h / 24)} 天`
}

const shanghaiIso = (at: string | number | Date): string | null => {
  const t = new Date(at).getTime()
  return Number.isFinite(t) ? new Date(t + SHANGHAI_OFFSET_MS).toISOString() : null
}

/** 'HH:mm' in Asia/Shanghai. */
export function formatTime(at: string | number | Date): string {
  return shanghaiIso(at)?.slice(11, 16) ?? '—'
}

/** 'HH:mm:ss' in Asia/Shanghai. */
export function formatClock(at: string | number | Date): string {
  return shanghaiIso(at)?.slice(11, 19) ?? '—'
}

/** 'MM-DD HH:mm' in Asia/Shanghai. */
export function formatShortDateTime(at: string | number | Date): string {
  const iso = shanghaiIso(at)
  return iso ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : '—'
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai. */
export function formatDateTime(at: string | number | Date): string {
  const iso = shanghaiIso(at)
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '—'
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** '2026年11月28日 星期六' in Asia/Shanghai. */
export function formatLongDate(at: string | number | Date): string {
  const t = new Date(at).getTime()
  if (!Number.isFinite(t)) return '—'
  const d = new Date(t + SHANGHAI_OFFSET_MS)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 星期${WEEKDAYS[d.getUTCDay()] ?? ''}`
}

/** A classifier confidence 0–1 → '95%'. */
export function formatConfidence(c: number | null | undefined): string {
  if (c === null || c === undefined || !Number.isFinite(c)) return '—'
  return `${Math.round(Math.min(Math.max(c, 0), 1) * 100)}%`
}

/** Time left until a deadline, or how long it has been exceeded: '剩 3 小时' / '超 2 小时'. */
export function formatDeadline(deadline: string | undefined, now: number): string {
  if (!deadline) return '—'
  const t = Date.parse(deadline)
  if (!Number.isFinite(t)) return '—'
  const diff = t - now
  const abs = Math.abs(diff)
  const text = abs >= 86_400_000 ? `${Math.floor(abs / 86_400_000)} 天` : abs >= 3_600_000 ? `${Math.floor(abs / 3_600_000)} 小时` : `${Math.max(1, Math.floor(abs / 60_000))} 分钟`
  return diff >= 0 ? `剩 ${text}` : `超 ${text}`
}
