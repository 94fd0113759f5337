/** Character-bigram vectors and cosine similarity: cheap, language-agnostic "close in meaning". */
export interface TextVector { terms: Map<string, number>; norm: number }

const NOISE = /[\s\d\p{P}\p{S}a-zA-Z]+/gu

export function textVector(text: string, maxChars = 600): TextVector {
  const clean = text.slice(0, maxChars).replace(NOISE, '')
  const terms = new Map<string, number>()
  for (let i = 0; i + 1 < clean.length; i++) {
    const g = clean.slice(i, i + 2)
    terms.set(g, (terms.get(g) ?? 0) + 1)
  }
  let sq = 0
  for (const v of terms.values()) sq += v * v
  return { terms, norm: Math.sqrt(sq) }
}

export function cosine(a: TextVector, b: TextVector): number {
  if (a.norm === 0 || b.norm === 0) return 0
  const [small, large] = a.terms.size <= b.terms.size ? [a, b] : [b, a]
  let dot = 0
  for (const [g, v] of small.terms) dot += v * (large.terms.get(g) ?? 0)
  return dot / (a.norm * b.norm)
}
