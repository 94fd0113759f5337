/**
 * Run time of the level-1 classifier: load the shipped JSON, classify a message. Pure, no I/O,
 * works in the browser and in Node. The model is linear over char n-gram TF-IDF, so a message
 * costs one pass over its (capped) n-grams whatever method produced the weights.
 */
import { forEachFeature, normalizeText, sublinearTf, type FeatureOptions } from './features.ts'

export const MODEL_FORMAT = 'echo365-level1-classifier'

/** The shipped file (server/assets/classifier-model.json). */
export interface ModelJson {
  format: typeof MODEL_FORMAT
  version: 1
  /** Where the training data came from (credited, texts not included). */
  origin: string
  method: string
  trainedRows: number
  labels: string[]
  features: FeatureOptions
  /** Vocabulary, space-separated (normalised n-grams never contain a space). */
  terms: string
  idf: number[]
  /** weights[j * labels.length + c] × scale is the weight of term j for label c. */
  scale: number
  weights: number[]
  bias: number[]
}

export interface Model {
  labels: readonly string[]
  features: FeatureOptions
  index: ReadonlyMap<string, number>
  terms: readonly string[]
  idf: Float64Array
  /** Feature-major, already multiplied by scale. */
  weights: Float64Array
  bias: Float64Array
  origin: string
  method: string
}

export interface Classification {
  label: string
  /** Softmax probability of the label (temperature fitted by cross-validation in training). */
  confidence: number
  /** Probability per label. */
  scores: Record<string, number>
  /** N-grams that pushed the winning label most, for a human-readable "why". */
  topFeatures: string[]
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function numberArray(v: unknown, name: string, length?: number): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new Error(`classifier model: ${name} must be an array of numbers`)
  if (length !== undefined && v.length !== length) throw new Error(`classifier model: ${name} has ${v.length} entries, expected ${length}`)
  return v as number[]
}

function checkFeatures(v: unknown): FeatureOptions {
  if (!isRecord(v)) throw new Error('classifier model: features missing')
  const { minN, maxN, maxChars, digits, headChars } = v
  if (typeof minN !== 'number' || typeof maxN !== 'number' || typeof maxChars !== 'number' || minN < 1 || maxN < minN) throw new Error('classifier model: bad n-gram range')
  if (digits !== 'keep' && digits !== 'collapse') throw new Error('classifier model: bad digits option')
  if (typeof headChars !== 'number' || headChars < 0) throw new Error('classifier model: bad headChars')
  return { minN, maxN, maxChars, digits, headChars }
}

/** Validates and indexes a parsed model file; throws with a reason if it is not one. */
export function loadModel(json: unknown): Model {
  if (!isRecord(json) || json.format !== MODEL_FORMAT || json.version !== 1) throw new Error('classifier model: unknown format')
  const labels = json.labels
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((l) => typeof l === 'string')) throw new Error('classifier model: labels missing')
  if (typeof json.terms !== 'string') throw new Error('classifier model: terms missing')
  const terms = json.terms === '' ? [] : json.terms.split(' ')
  const scale = typeof json.scale === 'number' ? json.scale : NaN
  if (!(scale > 0)) throw new Error('classifier model: bad scale')
  const idf = numberArray(json.idf, 'idf', terms.length)
  const weights = numberArray(json.weights, 'weights', terms.length * labels.length)
  const bias = numberArray(json.bias, 'bias', labels.length)
  return {
    labels: labels as string[],
    features: checkFeatures(json.features),
    index: new Map(terms.map((t, j) => [t, j])),
    terms,
    idf: Float64Array.from(idf),
    weights: Float64Array.from(weights, (w) => w * scale),
    bias: Float64Array.from(bias),
    origin: typeof json.origin === 'string' ? json.origin : '',
    method: typeof json.method === 'string' ? json.method : '',
  }
}

/** Term index → raw count for the in-vocabulary n-grams of a text. */
function termCounts(model: Model, text: string): Map<number, number> {
  const counts = new Map<number, number>()
  forEachFeature(normalizeText(text, model.features), model.features, (g) => {
    const j = model.index.get(g)
    if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1)
  })
  return counts
}

function softmax(z: Float64Array): Float64Array {
  let max = -Infinity
  for (const v of z) max = Math.max(max, v)
  const e = Float64Array.from(z, (v) => Math.exp(v - max))
  const sum = e.reduce((s, v) => s + v, 0)
  return e.map((v) => v / sum)
}

const TOP_FEATURES = 5

/** Strongest positive contributions to one label, skipping n-grams inside an already listed one. */
function explain(model: Model, x: Map<number, number>, label: number): string[] {
  const L = model.labels.length
  const contributions: [number, number][] = []
  for (const [j, v] of x) {
    const c = v * (model.weights[j * L + label] ?? 0)
    if (c > 0) contributions.push([c, j])
  }
  contributions.sort((a, b) => b[0] - a[0] || a[1] - b[1])
  const out: string[] = []
  for (const [, j] of contributions) {
    const term = model.terms[j] ?? ''
    if (out.some((t) => t.includes(term) || term.includes(t))) continue
    out.push(term)
    if (out.length === TOP_FEATURES) break
  }
  return out
}

/** Classifies one message. Deterministic; empty text falls back to the label priors. */
export function classify(model: Model, text: string): Classification {
  const L = model.labels.length
  const x = termCounts(model, text)
  let norm = 0
  for (const [j, count] of x) {
    const v = sublinearTf(count) * (model.idf[j] ?? 0)
    x.set(j, v)
    norm += v * v
  }
  norm = Math.sqrt(norm) || 1
  const z = Float64Array.from(model.bias)
  for (const [j, v] of x) {
    const xv = v / norm
    x.set(j, xv)
    for (let c = 0; c < L; c++) z[c] = (z[c] ?? 0) + xv * (model.weights[j * L + c] ?? 0)
  }
  const p = softmax(z)
  let best = 0
  for (let c = 1; c < L; c++) if ((p[c] ?? 0) > (p[best] ?? 0)) best = c
  const scores: Record<string, number> = {}
  model.labels.forEach((l, c) => (scores[l] = p[c] ?? 0))
  return { label: model.labels[best] ?? '', confidence: p[best] ?? 0, scores, topFeatures: explain(model, x, best) }
}
