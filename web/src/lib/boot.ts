import type { WallBoot } from '../../../shared/events.ts'

/**
 * The wall's boot data, inlined by the server into the page in kiosk mode (server/http/wallPage.ts):
 * read once and removed from the DOM. Null when absent or not what the wall expects, in which case
 * the wall asks for a token and a snapshot over the network as usual.
 */
export function takeWallBoot(doc: Document = document): WallBoot | null {
  const el = doc.getElementById('echo365-boot')
  if (!el) return null
  el.remove()
  try {
    const boot = JSON.parse(el.textContent ?? '') as Partial<WallBoot> | null
    const snap = boot?.snapshot
    if (typeof boot?.token !== 'string' || typeof boot.expiresAt !== 'string') return null
    if (!snap || typeof snap.seq !== 'number' || !Array.isArray(snap.tickets) || !snap.stats) return null
    if (!boot.geo || !Array.isArray(boot.geo.outline?.features)) return null
    return boot as WallBoot
  } catch {
    return null
  }
}
