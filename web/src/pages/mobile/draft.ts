import type { Community, Point, Town } from '../../../../shared/domain/types.ts'

/** Where the report is about; all empty = the group's own grid (the server's default). */
export interface PlaceChoice {
  townCode: string
  communityCode: string
  gridId: string
  location: Point | null
}

export const emptyPlace = (): PlaceChoice => ({ townCode: '', communityCode: '', gridId: '', location: null })

export interface ReportDraft {
  content: string
  title: string
  contact: string
  place: PlaceChoice
  mediaIds: string[]
  idempotencyKey: string
}

export interface ReportBody {
  content: string
  title?: string
  contact?: string
  townCode?: string
  communityCode?: string
  gridId?: string
  location?: Point
  mediaIds?: string[]
  idempotencyKey: string
}

/** The POST /api/reports body: only what was filled in (an omitted place means the group's grid). */
export function reportBody(d: ReportDraft): ReportBody {
  const title = d.title.trim()
  const contact = d.contact.trim()
  const p = d.place
  return {
    content: d.content.trim(),
    ...(title ? { title } : {}),
    ...(contact ? { contact } : {}),
    // the most specific choice wins on the server; send the town too so it can check consistency
    ...(p.townCode ? { townCode: p.townCode } : {}),
    ...(p.communityCode ? { communityCode: p.communityCode } : {}),
    ...(p.gridId ? { gridId: p.gridId } : {}),
    ...(p.location ? { location: { lng: round6(p.location.lng), lat: round6(p.location.lat) } } : {}),
    ...(d.mediaIds.length ? { mediaIds: [...d.mediaIds] } : {}),
    idempotencyKey: d.idempotencyKey,
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6

/** What still blocks sending, or null. */
export function draftProblem(d: Pick<ReportDraft, 'content'>, uploads: { uploading: boolean; failed: number }): string | null {
  if (!d.content.trim()) return '请填写诉求内容'
  if (uploads.uploading) return '附件上传中，请稍候'
  if (uploads.failed > 0) return '有附件上传失败，请重试或移除'
  return null
}

const dist2 = (a: Point, b: Point) => {
  const k = Math.cos((a.lat * Math.PI) / 180)
  return ((a.lng - b.lng) * k) ** 2 + (a.lat - b.lat) ** 2
}

/**
 * The town and community nearest to a dropped point (town by its seat, then the nearest community
 * with a known point in that town), the same proxy the server uses without official borders.
 */
export function nearestPlace(p: Point, towns: readonly Town[], communities: readonly Community[]): { townCode: string; communityCode: string } | null {
  let town: Town | null = null
  for (const t of towns) if (!town || dist2(p, t.seat) < dist2(p, town.seat)) town = t
  if (!town) return null
  let best: Community | null = null
  for (const c of communities) {
    if (c.townCode !== town.code || !c.point) continue
    if (!best?.point || dist2(p, c.point) < dist2(p, best.point)) best = c
  }
  return { townCode: town.code, communityCode: best?.code ?? '' }
}
