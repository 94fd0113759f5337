/**
 * An idempotency key for a draft. crypto.randomUUID exists only in secure contexts, and phones on
 * the district LAN often open the page over plain http, so fall back to getRandomValues (always there).
 */
export function newIdempotencyKey(c: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = crypto): string {
  if (typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID()
    } catch {
      // insecure context in some browsers: throws instead of being undefined
    }
  }
  const b = c.getRandomValues(new Uint8Array(16))
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
