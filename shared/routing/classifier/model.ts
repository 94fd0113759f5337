/**
 * Run time of the level-1 classifier: load the shipped JSON, classify a message. Pure, no I/O,
 * works in the browser and in Node. The model is linear over char n-gram and word TF-IDF, so a
 * message costs one pass over its (capped) features whatever method produced the weights.
 */
import { HEAD_MARK, NO_WORDS, WORD_MARK, forEachLexiconWord, forEachWord, lexiconNodeAt, lexiconTrie, normalizeInto, readableFeature, sublinearTf, type FeatureOptions, type LexiconNode } from './features.ts'

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
  /** Vocabulary, space-separated (normalised n-grams and words never contain a space). */
  terms: string
  idf: number[]
  /** weights[j * labels.length + c] × scale is the weight of term j for label c. */
  scale: number
  weights: number[]
  bias: number[]
  /**
   * Models with word features but no lexicon (before the lexicon) cut words with Intl.Segmenter at
   * run time; this is the ICU version that cut their training texts, for the server's mismatch warning.
   */
  segmenterIcu?: string
  /**
   * Words the word features are cut with, space-separated (forward maximum matching, see
   * forEachLexiconWord). Absent in older models with word features: they cut with Intl.Segmenter.
   */
  lexicon?: string
}

/** Segment separator of normalised text (n-grams never span it). */
const SPACE = 0x20

/** A vocabulary trie over UTF-16 units: n-grams are matched without cutting a string per n-gram. */
interface TrieNode {
  /** Feature index of the n-gram ending here, or -1 when it is only a prefix. */
  term: number
  next: Map<number, TrieNode> | undefined
}

export interface Model {
  labels: readonly string[]
  features: FeatureOptions
  terms: readonly string[]
  idf: Float64Array
  /** Feature-major, already multiplied by scale. */
  weights: Float64Array
  bias: Float64Array
  origin: string
  method: string
  /** Internal: the char n-gram vocabulary as a trie, the word features by name, and scratch space. */
  trie: TrieNode
  words: Map<string, number>
  /** The lexicon trie, its nodes carrying the single-word features' indices; undefined = cut with ICU. */
  lexicon: LexiconNode | undefined
  /** Reused per call (classify is synchronous, so calls never overlap): no allocation per n-gram. */
  scratch: { values: Float64Array; touched: number[]; text: Uint16Array }
}

export interface Classification {
  label: string
  /** Softmax probability of the label (temperature fitted by cross-validation in training). */
  confidence: number
  /** Probability per label. */
  scores: Record<string, number>
  /** N-grams and words that pushed the winning label most, for a human-readable "why". */
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

function checkFeatures(v: unknown, hasLexicon: boolean): FeatureOptions {
  if (!isRecord(v)) throw new Error('classifier model: features missing')
  const { minN, maxN, maxChars, digits, headChars } = v
  if (typeof minN !== 'number' || typeof maxN !== 'number' || typeof maxChars !== 'number' || minN < 1 || maxN < minN) throw new Error('classifier model: bad n-gram range')
  if (digits !== 'keep' && digits !== 'collapse') throw new Error('classifier model: bad digits option')
  if (typeof headChars !== 'number' || headChars < 0) throw new Error('classifier model: bad headChars')
  // Models from before word features have none of these fields: they still load, without words.
  const { wordMaxN = NO_WORDS.wordMaxN, wordChars = NO_WORDS.wordChars, wordMinLength = NO_WORDS.wordMinLength, wordWeight = NO_WORDS.wordWeight } = v
  if (typeof wordMaxN !== 'number' || typeof wordChars !== 'number' || typeof wordMinLength !== 'number' || typeof wordWeight !== 'number' || wordMaxN < 0 || wordMaxN > 2 || wordChars < 0) throw new Error('classifier model: bad word options')
  // Without a lexicon, words come from the ICU dictionary behind Intl.Segmenter; without it they would all be missing.
  if (wordMaxN > 0 && !hasLexicon && typeof Intl.Segmenter !== 'function') throw new Error('classifier model: needs Intl.Segmenter for word features')
  return { minN, maxN, maxChars, digits, headChars, wordMaxN, wordChars, wordMinLength, wordWeight }
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
  if (json.lexicon !== undefined && typeof json.lexicon !== 'string') throw new Error('classifier model: bad lexicon')
  const features = checkFeatures(json.features, json.lexicon !== undefined)
  return {
    labels: labels as string[],
    features,
    terms,
    idf: Float64Array.from(idf),
    weights: Float64Array.from(weights, (w) => w * scale),
    bias: Float64Array.from(bias),
    origin: typeof json.origin === 'string' ? json.origin : '',
    method: typeof json.method === 'string' ? json.method : '',
    trie: buildTrie(terms.flatMap((t, j) => (t.startsWith(WORD_MARK) ? [] : [[t, j] as const]))),
    words: new Map(terms.flatMap((t, j) => (t.startsWith(WORD_MARK) ? [[t, j] as const] : []))),
    lexicon: json.lexicon === undefined ? undefined : buildLexicon(json.lexicon, terms),
    scratch: { values: new Float64Array(terms.length), touched: [], text: new Uint16Array(0) },
  }
}

/**
 * The lexicon trie, plus the path of every single-word feature (a word the lexicon lacks, like a
 * Latin run or one ideograph) marked with its index: a cut word's feature is then found by
 * walking its characters, without building a string.
 */
function buildLexicon(lexicon: string, terms: readonly string[]): LexiconNode {
  const root = lexiconTrie(lexicon === '' ? [] : lexicon.split(' '))
  terms.forEach((t, j) => {
    if (!t.startsWith(WORD_MARK) || t.indexOf(WORD_MARK, 1) >= 0) return
    const codes = Array.from(t, (ch) => ch.charCodeAt(0))
    const node = lexiconNodeAt(root, codes, 1, codes.length, true)
    if (node) node.term = j
  })
  return root
}

/** The trie of the char n-grams; feature indices are positions in the full term list. */
function buildTrie(terms: readonly (readonly [string, number])[]): TrieNode {
  const root: TrieNode = { term: -1, next: undefined }
  terms.forEach(([t, j]) => {
    let node = root
    for (let i = 0; i < t.length; i++) {
      node.next ??= new Map()
      const code = t.charCodeAt(i)
      let child = node.next.get(code)
      if (!child) {
        child = { term: -1, next: undefined }
        node.next.set(code, child)
      }
      node = child
    }
    node.term = j
  })
  return root
}

/**
 * Adds 1 to scratch.values[j] for every occurrence of an in-vocabulary n-gram of text[0, end),
 * walking from `start` (the root, or the head-mark node for title n-grams). Same n-grams as
 * forEachNgram in features.ts: per space-separated segment, lengths minN..maxN.
 */
function countNgrams(model: Model, start: TrieNode, text: Uint16Array, end: number): void {
  const { minN, maxN } = model.features
  const { values, touched } = model.scratch
  let segStart = 0
  while (segStart < end) {
    let segEnd = text.indexOf(SPACE, segStart)
    if (segEnd < 0 || segEnd > end) segEnd = end
    for (let i = segStart; i < segEnd; i++) {
      const longest = Math.min(maxN, segEnd - i)
      let node: TrieNode | undefined = start
      for (let n = 1; n <= longest && node; n++) {
        node = node.next?.get(text[i + n - 1] ?? 0)
        if (!node || n < minN || node.term < 0) continue
        if (values[node.term] === 0) touched.push(node.term)
        values[node.term] = (values[node.term] ?? 0) + 1
      }
    }
    segStart = segEnd + 1
  }
}

/** Adds 1 to scratch.values[j] for every in-vocabulary word feature of text[0, end) (see forEachWord). */
function countWords(model: Model, text: Uint16Array, end: number): void {
  const { values, touched } = model.scratch
  const length = Math.min(end, model.features.wordChars)
  const lexicon = model.lexicon
  if (lexicon && model.features.wordMaxN === 1) {
    // The fast path: cut in place, find each word's feature by walking the same trie.
    const minLength = model.features.wordMinLength
    forEachLexiconWord(text, length, lexicon, (from, to) => {
      const j = to - from >= minLength ? (lexiconNodeAt(lexicon, text, from, to, false)?.term ?? -1) : -1
      if (j < 0) return
      if (values[j] === 0) touched.push(j)
      values[j] = (values[j] ?? 0) + 1
    })
    return
  }
  let normalized = ''
  const CHUNK = 4096 // stays far below the engine's limit on call arguments
  for (let i = 0; i < length; i += CHUNK) normalized += String.fromCharCode(...text.subarray(i, Math.min(length, i + CHUNK)))
  forEachWord(normalized, model.features, (feature) => {
    const j = model.words.get(feature)
    if (j === undefined) return
    if (values[j] === 0) touched.push(j)
    values[j] = (values[j] ?? 0) + 1
  }, lexicon)
}

/**
 * The l2-normalised sublinear-tf × idf vector of a text, left in scratch.values at the returned
 * feature indices: the same vector training used. The caller must release it with clearScratch.
 */
function vectorizeInto(model: Model, text: string): number[] {
  const scratch = model.scratch
  if (scratch.text.length < model.features.maxChars) scratch.text = new Uint16Array(model.features.maxChars)
  const length = normalizeInto(text, model.features, scratch.text)
  const { values, touched } = scratch
  countNgrams(model, model.trie, scratch.text, length)
  const head = model.trie.next?.get(HEAD_MARK.charCodeAt(0))
  if (model.features.headChars > 0 && head) countNgrams(model, head, scratch.text, Math.min(length, model.features.headChars))
  if (model.features.wordMaxN > 0) countWords(model, scratch.text, length)
  let norm = 0
  for (const j of touched) {
    const v = sublinearTf(values[j] ?? 0) * (model.idf[j] ?? 0)
    values[j] = v
    norm += v * v
  }
  norm = Math.sqrt(norm) || 1
  for (const j of touched) values[j] = (values[j] ?? 0) / norm
  return touched
}

function clearScratch(model: Model): void {
  for (const j of model.scratch.touched) model.scratch.values[j] = 0
  model.scratch.touched.length = 0
}

/** The TF-IDF vector classify() sees for a text (feature index → value); for tests and tooling. */
export function vectorizeText(model: Model, text: string): Map<number, number> {
  const touched = vectorizeInto(model, text)
  const out = new Map(touched.map((j) => [j, model.scratch.values[j] ?? 0]))
  clearScratch(model)
  return out
}

function softmax(z: Float64Array): Float64Array {
  let max = -Infinity
  for (const v of z) max = Math.max(max, v)
  const e = Float64Array.from(z, (v) => Math.exp(v - max))
  const sum = e.reduce((s, v) => s + v, 0)
  return e.map((v) => v / sum)
}

const TOP_FEATURES = 5
/** Candidates ranked before overlapping n-grams are joined (拖欠 + 欠工资 → 拖欠工资). */
const TOP_CANDIDATES = 6 * TOP_FEATURES

/** The n-grams with the strongest positive contribution to one label, as readable phrases. */
function explain(model: Model, touched: readonly number[], label: number): string[] {
  const L = model.labels.length
  // Bounded insertion into a short sorted list: cheaper than sorting every contribution.
  const best: { c: number; j: number }[] = []
  for (const j of touched) {
    const c = (model.scratch.values[j] ?? 0) * (model.weights[j * L + label] ?? 0)
    if (c <= 0 || (best.length === TOP_CANDIDATES && c <= (best[best.length - 1]?.c ?? 0))) continue
    let at = best.length
    while (at > 0 && ((best[at - 1]?.c ?? 0) < c || ((best[at - 1]?.c ?? 0) === c && (best[at - 1]?.j ?? 0) > j))) at--
    best.splice(at, 0, { c, j })
    if (best.length > TOP_CANDIDATES) best.pop()
  }
  return mergeOverlapping(best.map(({ j }) => readableFeature(model.terms[j] ?? '')))
}

/** a and b as one phrase when one contains the other or they overlap by ≥ 2 characters (医院挂 + 院挂号 → 医院挂号). */
function joinPhrases(a: string, b: string): string | undefined {
  if (a.includes(b)) return a
  if (b.includes(a)) return b
  for (let k = Math.min(a.length, b.length) - 1; k >= 2; k--) {
    if (a.endsWith(b.slice(0, k))) return a + b.slice(k)
    if (b.endsWith(a.slice(0, k))) return b + a.slice(k)
  }
  return undefined
}

const MAX_PHRASE = 8

/**
 * Reads better for people than raw n-grams: overlapping n-grams are joined into one phrase, and
 * single characters only fill the places words left. Input is ranked, strongest first.
 */
function mergeOverlapping(ranked: readonly string[]): string[] {
  const ordered = [...ranked.filter((t) => t.length > 1), ...ranked.filter((t) => t.length === 1)]
  const out: string[] = []
  for (const term of ordered) {
    let phrase = term
    // Absorb every listed phrase this one joins with, keeping the earliest (strongest) place.
    let at = -1
    for (let k = 0; k < out.length; k++) {
      const joined = joinPhrases(out[k] ?? '', phrase)
      if (joined === undefined || joined.length > MAX_PHRASE) continue
      phrase = joined
      if (at < 0) at = k
      else out.splice(k--, 1)
    }
    if (at >= 0) out[at] = phrase
    else if (out.length < TOP_FEATURES && term !== '') out.push(term)
  }
  return out
}

/** Classifies one message. Deterministic; empty text falls back to the label priors (bias). */
export function classify(model: Model, text: string): Classification {
  const L = model.labels.length
  const touched = vectorizeInto(model, text)
  const z = Float64Array.from(model.bias)
  for (const j of touched) {
    const v = model.scratch.values[j] ?? 0
    for (let c = 0; c < L; c++) z[c] = (z[c] ?? 0) + v * (model.weights[j * L + c] ?? 0)
  }
  const p = softmax(z)
  let best = 0
  for (let c = 1; c < L; c++) if ((p[c] ?? 0) > (p[best] ?? 0)) best = c
  const topFeatures = explain(model, touched, best)
  clearScratch(model)
  const scores: Record<string, number> = {}
  model.labels.forEach((l, c) => (scores[l] = p[c] ?? 0))
  return { label: model.labels[best] ?? '', confidence: p[best] ?? 0, scores, topFeatures }
}
