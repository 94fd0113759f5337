import { readFileSync } from 'node:fs'
import { loadModel, type Model, type ModelJson } from '../../shared/routing/classifier/model.ts'
import { route, type Correction, type PastCase, type Route } from '../../shared/routing/router.ts'
import { textVector } from '../../shared/routing/similarity.ts'
import { VectorCache } from './vectorCache.ts'
import type { CorrectionRecord, Store } from '../store/types.ts'

export interface RouteFallback { townCode: string; communityCode?: string }

/** Proposes category, department and place for a text. */
export interface Router {
  suggest(text: string, fallback: RouteFallback, placeGiven?: boolean): Route
  /** the router's cache of case vectors, shared with duplicate detection */
  readonly vectors?: VectorCache
}

/** The core's rule: the knowledge base's terms only (no model, no learning). */
export const keywordRouter: Router = { suggest: (text, fallback, placeGiven) => route(text, fallback, { placeGiven: Boolean(placeGiven) }) }

/** How many recent routed cases are compared for "similar past cases". */
const PAST_CASES = 300

export const MODEL_FILE = new URL('../assets/classifier-model.json', import.meta.url)

/**
 * Loads the shipped level-1 model, or undefined when it is missing (routing falls back to terms).
 * `warn` hears when an older model without a lexicon (its words cut by this Node's Intl.Segmenter)
 * was trained under another ICU. Models that ship a lexicon cut the same way everywhere.
 */
export function loadShippedModel(file: URL = MODEL_FILE, warn?: (message: string) => void): Model | undefined {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as ModelJson
    const icu = process.versions.icu
    if (json.lexicon === undefined && json.segmenterIcu && icu && json.segmenterIcu !== icu) {
      warn?.(`classifier words were cut with ICU ${json.segmenterIcu}, this Node has ICU ${icu}: some words may split differently (npm run train rebuilds the model)`)
    }
    return loadModel(json)
  } catch {
    return undefined
  }
}

/**
 * Smart routing: the trained level-1 model plus the knowledge base, the chief's corrections (read
 * from the store, so they survive restarts) and similar recent cases for the explanation.
 */
export class SmartRouter implements Router {
  readonly vectors = new VectorCache()
  #correctionVectors = new Map<string, Correction>()

  constructor(private readonly store: Store, readonly model: Model | undefined = loadShippedModel()) {}

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

  /** The most recent routed cases (vectors only for those), for "similar past cases" in the reasons. */
  #pastCases(): PastCase[] {
    const routed = [...this.store.liveTickets()].filter((t) => t.departmentId && t.status !== 'invalid' && t.status !== 'merged').slice(-PAST_CASES)
    return routed.map((t) => ({ id: t.id, vector: this.vectors.of(t), departmentId: t.departmentId, level2: t.level2 }))
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
