import { textVector, type TextVector } from '../../shared/routing/similarity.ts'
import type { Ticket } from '../../shared/domain/types.ts'

/** Text vectors of cases, computed once per case text (bounded: cleared when it grows past the limit). */
export class VectorCache {
  #byId = new Map<string, { text: string; vector: TextVector }>()

  constructor(private readonly limit = 5000) {}

  of(t: Pick<Ticket, 'id' | 'title' | 'content'>): TextVector {
    const text = `${t.title} ${t.content}`
    const hit = this.#byId.get(t.id)
    if (hit && hit.text === text) return hit.vector
    if (this.#byId.size >= this.limit) this.#byId.clear()
    const vector = textVector(text)
    this.#byId.set(t.id, { text, vector })
    return vector
  }
}
