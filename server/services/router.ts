import { readFileSync } from 'node:fs'
import { loadModel, type Model } from '../../shared/routing/classifier/model.ts'
import { route, type Correction, type PastCase, type Route } from '../../shared/routing/router.ts'
import { textVector, type TextVector } from '../../shared/routing/similarity.ts'
import type { Ticket } from '../../shared/domain/types.ts'
import type { CorrectionRecord, Store } from '../store/types.ts'

export interface RouteFallback { townCode: string; communityCode?: string }

/** Proposes category, department and place for a text. */
export interface Router {
  suggest(text: string, fallback: RouteFallback, placeGiven?: boolean): Route
  /** vectors for duplicate detection, cached per case */
  vectorOf?(t: Pick<Ticket, 'id' | 'title' | 'content'>): TextVector
}

/** The core's rule: the knowledge base's terms only (no model, no learning). */
export const keywordRouter: Router = { suggest: (text, fallback, placeGiven) => route(text, fallback, { placeGiven: Boolean(placeGiven) }) }

export const MODEL_FILE = new URL('../assets/classifier-model.json', import.meta.url)

/** Loads the shipped level-1 model, or undefined when it is missing (routing falls back to terms). */
export function loadShippedModel(file: URL = MODEL_FILE): Model | undefined {
  try {
    return loadModel(JSON.parse(readFileSync(file, 'utf8')))
  } catch {
    return undefined
  }
}

/**
 * Smart routing: the trained level-1 model plus the knowledge base, the chief's corrections (read
 * from the store, so they survive restarts) and similar recent cases for the explanation.
 */
export class SmartRouter implements Router {
  #vectors = new Map<string, TextVector>()
  #correctionVectors = new Map<string, Correction>()

  constructor(private readonly store: Store, readonly model: Model | undefined = loadShippedModel()) {}

  vectorOf(t: Pick<Ticket, 'id' | 'title' | 'content'>): TextVector {
    let v = this.#vectors.get(t.id)
    if (!v) {
      v = textVector(`${t.title} ${t.content}`)
      if (this.#vectors.size > 5000) this.#vectors.clear()
      this.#vectors.set(t.id, v)
    }
    return v
  }

  #corrections(): Correction[] {
    return this.store.corrections().map((c: CorrectionRecord) => {
      const key = `${c.ticketId}|${c.at}`
      let v = this.#correctionVectors.get(key)
      if (!v) {
        v = { vector: textVector(c.text), departmentId: c.departmentId, level2: c.level2, ticketId: c.ticketId }
        this.#correctionVectors.set(key, v)
      }
      return v
    })
  }

  #pastCases(): PastCase[] {
    const out: PastCase[] = []
    for (const t of this.store.liveTickets()) {
      if (!t.departmentId || t.status === 'invalid' || t.status === 'merged') continue
      out.push({ id: t.id, vector: this.vectorOf(t), departmentId: t.departmentId, level2: t.level2 })
    }
    return out.slice(-400)
  }

  suggest(text: string, fallback: RouteFallback, placeGiven = false): Route {
    return route(text, fallback, {
      placeGiven,
      ...(this.model ? { model: this.model } : {}),
      corrections: this.#corrections(),
      pastCases: this.#pastCases(),
    })
  }
}
