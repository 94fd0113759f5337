import { cosine, type TextVector } from './similarity.ts'

/** 疑似重复: an open case of the same place, filed within 72 h, this close in meaning (any group). */
export const DUPLICATE_WINDOW_MS = 72 * 3600_000
export const DUPLICATE_SIMILARITY = 0.4
const OPEN_FOR_MERGE = new Set(['reported', 'dispatched', 'accepted', 'returned'])

export interface DuplicateCandidate {
  id: string
  status: string
  townCode: string
  communityCode: string
  createdAt: string
  /** the vector, or a function computing it: only candidates of the same place and window need one */
  vector: TextVector | (() => TextVector)
}

export function findDuplicate(
  vector: TextVector,
  place: { townCode: string; communityCode?: string },
  candidates: Iterable<DuplicateCandidate>,
  now: number,
): { id: string; similarity: number } | undefined {
  let best: { id: string; similarity: number } | undefined
  for (const c of candidates) {
    if (!OPEN_FOR_MERGE.has(c.status) || c.townCode !== place.townCode) continue
    if (now - Date.parse(c.createdAt) > DUPLICATE_WINDOW_MS) continue
    // within a town, a different named community is a different place
    if (place.communityCode && c.communityCode && place.communityCode !== c.communityCode) continue
    const similarity = cosine(vector, typeof c.vector === 'function' ? c.vector() : c.vector)
    if (similarity >= DUPLICATE_SIMILARITY && (!best || similarity > best.similarity)) {
      best = { id: c.id, similarity: Math.round(similarity * 100) / 100 }
    }
  }
  return best
}
