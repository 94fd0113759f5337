import { KINDS, type Kind } from '../domain/taxonomy.ts'

export interface KindHit { kind: Kind; score: number; hits: string[] }

/**
 * The knowledge base's level-2 kinds whose terms the text contains, best first (longer terms weigh
 * more; ties keep the knowledge base's order). A kind's context terms add weight only beside one of
 * its own terms.
 */
export function kindHits(text: string): KindHit[] {
  const out: KindHit[] = []
  for (const kind of KINDS) {
    const own = kind.terms.filter((t) => text.includes(t))
    if (!own.length) continue
    const hits = [...own, ...(kind.contextTerms ?? []).filter((t) => text.includes(t))]
    out.push({ kind, score: hits.reduce((s, t) => s + t.length, 0), hits })
  }
  return out.sort((a, b) => b.score - a.score)
}
