/** Asia/Shanghai has had no DST since 1991: a fixed UTC+8 offset is exact and fast. */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000

/** 'YYYY-MM-DD' of the instant in Asia/Shanghai. */
export function shanghaiDate(at: Date | number | string = Date.now()): string {
  const t = new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS)
  return t.toISOString().slice(0, 10)
}

/** Hour 0–23 of the instant in Asia/Shanghai. */
export function shanghaiHour(at: Date | number | string = Date.now()): number {
  return new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).getUTCHours()
}

/** 'HH:mm:ss' in Asia/Shanghai. */
export function shanghaiClock(at: Date | number | string = Date.now()): string {
  return new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 19)
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai. */
export function shanghaiDateTime(at: Date | number | string = Date.now()): string {
  const iso = new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`
}

/** The UTC instant at which the given Shanghai date (YYYY-MM-DD) starts. */
export function shanghaiDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS)
}

/** Shanghai dates from..to inclusive. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = []
  let t = Date.parse(`${from}T00:00:00Z`)
  const end = Date.parse(`${to}T00:00:00Z`)
  while (t <= end && out.length < 3700) {
    out.push(new Date(t).toISOString().slice(0, 10))
    t += 86_400_000
  }
  return out
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

export const HOUR_MS = 3600_000
export const DAY_MS = 86_400_000
