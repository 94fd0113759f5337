/**
 * Training for the level-1 classifier: char n-gram + word TF-IDF (sublinear tf, l2 norm) and linear
 * models. Every method ends as one linear map (weights per n-gram and label + bias), so the run
 * time in model.ts is the same whatever was chosen. Pure and deterministic (seeded RNG).
 */
import { DEFAULT_FEATURES, WORD_MARK, forEachFeature, icuWords, isIdeograph, lexiconTrie, normalizeText, sublinearTf, type FeatureOptions, type LexiconNode } from './features.ts'
import { evaluate, seededRandom, shuffleInPlace, stratifiedFolds, type Evaluation } from './metrics.ts'
import { MODEL_FORMAT, classify, loadModel, type ModelJson } from './model.ts'

export interface TrainRow {
  label: string
  text: string
}

/** A linear learner. 'ensemble' sums the calibrated logits of `members` (a product of experts). */
export type Method = 'centroid' | 'cnb' | 'softmax' | 'svm' | 'nbsvm' | 'ensemble'
export type BaseMethod = Exclude<Method, 'ensemble'>

export interface TrainOptions {
  method: Method
  members: BaseMethod[]
  features: FeatureOptions
  /** n-grams seen in fewer training messages are dropped before training. */
  minDf: number
  /**
   * Words Intl.Segmenter cuts from at least this many training messages form the lexicon the
   * model ships and cuts words with (training and run time alike); 0 = cut with Intl.Segmenter
   * at run time (the ICU-dependent, slower scheme of earlier models).
   */
  lexiconMinDf: number
  /** Features kept in the shipped model (by weight × idf); 0 keeps all. Pruning retrains. */
  maxFeatures: number
  /** Reweights rows so every label carries the same total weight (helps macro-F1). */
  balanced: boolean
  /** SVM cost (also for NB-SVM): higher fits the training rows harder. */
  svmC: number
  softmaxL2: number
  softmaxIterations: number
  /** Additive smoothing of the naive Bayes counts (complement NB and the NB-SVM ratios). */
  nbAlpha: number
  /** Folds of the internal cross-validation that fits the softmax temperature(s); 0 = no calibration. */
  calibrationFolds: number
  seed: number
  origin: string
}

/**
 * The configuration chosen by cross-validation (bench/classify.ts --compare): linear SVM and
 * NB-SVM on char 1–3-grams, their calibrated logits summed. NB-SVM alone came second; over 7
 * seeds of 5-fold CV the pair won 6/7 on accuracy and 7/7 on macro-F1. Title n-grams, 1–4-grams,
 * softmax and complement NB did not help. Run time is the same: the sum is one linear map.
 * Adding the words of the first 300 characters (idf × 1.5) and pruning to 8,000 features won
 * 6/6 seeds on both figures (+0.6 points each); words without the harder pruning gained half of
 * that, and the harder pruning without words nothing. Cutting the words with a shipped lexicon
 * (ICU's words of ≥ 2 training messages, forward maximum matching) instead of Intl.Segmenter at
 * run time scored the same over seeds 1–6 (accuracy 0.9160 vs 0.9155, macro-F1 0.9089 vs 0.9088)
 * at a third of the latency, and the same on every ICU; a lexicon of words in ≥ 3 messages 0.9155 / 0.9085.
 */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  method: 'ensemble',
  members: ['svm', 'nbsvm'],
  features: DEFAULT_FEATURES,
  minDf: 2,
  lexiconMinDf: 2,
  maxFeatures: 8000,
  balanced: true,
  svmC: 1,
  softmaxL2: 1e-4,
  softmaxIterations: 100,
  nbAlpha: 1,
  calibrationFolds: 3,
  seed: 20201,
  origin: '',
}

// ---------------------------------------------------------------------------------------------
// Vectors

export interface SparseVec {
  idx: Int32Array
  val: Float64Array
}

/** Texts as n-gram id → count, over one shared term table (each text is cut into n-grams once). */
export interface Corpus {
  terms: string[]
  docs: { ids: Int32Array; counts: Float64Array }[]
}

/**
 * The distinct multi-ideograph words Intl.Segmenter cuts from each text (the whole normalised
 * text: more words seen, a better lexicon). Single characters need no lexicon entry.
 */
export function icuWordSets(texts: readonly string[], features: FeatureOptions): Set<string>[] {
  return texts.map((text) => new Set(icuWords(normalizeText(text, features)).filter((w) => w.length > 1 && [...w].every((ch) => isIdeograph(ch.charCodeAt(0))))))
}

/** The lexicon of the given rows: words in ≥ minDf of them, sorted (no trace of the texts' order). */
export function buildLexicon(wordSets: readonly Set<string>[], rows: readonly number[], minDf: number): string[] {
  const df = new Map<string, number>()
  for (const r of rows) for (const w of wordSets[r] ?? []) df.set(w, (df.get(w) ?? 0) + 1)
  return [...df].flatMap(([w, n]) => (n >= minDf ? [w] : [])).sort()
}

export function buildCorpus(texts: readonly string[], features: FeatureOptions, lexicon?: LexiconNode): Corpus {
  const termIds = new Map<string, number>()
  const terms: string[] = []
  const docs = texts.map((text) => {
    const counts = new Map<number, number>()
    forEachFeature(normalizeText(text, features), features, (g) => {
      let id = termIds.get(g)
      if (id === undefined) {
        id = terms.length
        termIds.set(g, id)
        terms.push(g)
      }
      counts.set(id, (counts.get(id) ?? 0) + 1)
    }, lexicon)
    return { ids: Int32Array.from(counts.keys()), counts: Float64Array.from(counts.values()) }
  })
  return { terms, docs }
}

/** The model's features: a subset of the corpus terms, with their idf. */
export interface Vocab {
  /** Model feature j is corpus term termOf[j]. */
  termOf: Int32Array
  /** Corpus term → model feature, or -1. */
  featureOf: Int32Array
  idf: Float64Array
}

/**
 * Vocabulary and smoothed idf, ln((1+n)/(1+df)) + 1, counted over the training rows only; word
 * features' idf × wordWeight (the run time reads the product from the model, nothing else).
 */
export function buildVocab(corpus: Corpus, rows: readonly number[], minDf: number, wordWeight: number, keep?: (term: number) => boolean): Vocab {
  const df = new Int32Array(corpus.terms.length)
  for (const r of rows) for (const id of corpus.docs[r]?.ids ?? []) df[id] = (df[id] ?? 0) + 1
  const termOf: number[] = []
  for (let id = 0; id < df.length; id++) if ((df[id] ?? 0) >= minDf && (!keep || keep(id))) termOf.push(id)
  // Sorted by the n-gram itself: the order then depends on neither the row order nor the texts'
  // word order (first-seen order would spell out the opening of the first message).
  termOf.sort((a, b) => {
    const ta = corpus.terms[a] ?? ''
    const tb = corpus.terms[b] ?? ''
    return ta < tb ? -1 : ta > tb ? 1 : 0
  })
  const featureOf = new Int32Array(corpus.terms.length).fill(-1)
  termOf.forEach((id, j) => (featureOf[id] = j))
  const weightOf = (id: number): number => ((corpus.terms[id] ?? '').startsWith(WORD_MARK) ? wordWeight : 1)
  const idf = Float64Array.from(termOf, (id) => (Math.log((1 + rows.length) / (1 + (df[id] ?? 0))) + 1) * weightOf(id))
  return { termOf: Int32Array.from(termOf), featureOf, idf }
}

/** Sublinear-tf × idf, l2-normalised, restricted to the vocabulary. */
export function vectorize(doc: Corpus['docs'][number], vocab: Vocab): SparseVec {
  const idx: number[] = []
  const val: number[] = []
  let norm = 0
  doc.ids.forEach((id, k) => {
    const j = vocab.featureOf[id] ?? -1
    if (j < 0) return
    const v = sublinearTf(doc.counts[k] ?? 0) * (vocab.idf[j] ?? 0)
    idx.push(j)
    val.push(v)
    norm += v * v
  })
  norm = Math.sqrt(norm) || 1
  return { idx: Int32Array.from(idx), val: Float64Array.from(val, (v) => v / norm) }
}

// ---------------------------------------------------------------------------------------------
// Linear learners. W is label-major: W[c * dim + j].

export interface Linear {
  W: Float64Array
  b: Float64Array
  dim: number
  nLabels: number
}

interface Problem {
  X: SparseVec[]
  y: Int32Array
  nLabels: number
  dim: number
  /** Per-row weight (balanced classes or 1). */
  rowWeight: Float64Array
}

function emptyLinear(nLabels: number, dim: number): Linear {
  return { W: new Float64Array(nLabels * dim), b: new Float64Array(nLabels), dim, nLabels }
}

function dot(W: Float64Array, offset: number, x: SparseVec): number {
  let s = 0
  for (let k = 0; k < x.idx.length; k++) s += (W[offset + (x.idx[k] ?? 0)] ?? 0) * (x.val[k] ?? 0)
  return s
}

function addScaled(W: Float64Array, offset: number, x: SparseVec, scale: number): void {
  for (let k = 0; k < x.idx.length; k++) {
    const j = offset + (x.idx[k] ?? 0)
    W[j] = (W[j] ?? 0) + scale * (x.val[k] ?? 0)
  }
}

export function linearScores(m: Linear, x: SparseVec): Float64Array {
  const s = new Float64Array(m.nLabels)
  for (let c = 0; c < m.nLabels; c++) s[c] = (m.b[c] ?? 0) + dot(m.W, c * m.dim, x)
  return s
}

/** Nearest centroid: cosine to each label's l2-normalised mean vector (the baseline). */
function fitCentroid(p: Problem): Linear {
  const m = emptyLinear(p.nLabels, p.dim)
  p.X.forEach((x, i) => addScaled(m.W, (p.y[i] ?? 0) * p.dim, x, 1))
  for (let c = 0; c < p.nLabels; c++) {
    const row = m.W.subarray(c * p.dim, (c + 1) * p.dim)
    const norm = Math.sqrt(row.reduce((s, v) => s + v * v, 0)) || 1
    for (let j = 0; j < row.length; j++) row[j] = (row[j] ?? 0) / norm
  }
  return m
}

/**
 * Complement naive Bayes (Rennie et al. 2003): a label's weights come from the term mass of all
 * OTHER labels, which is far less skewed by label size than plain multinomial NB.
 */
function fitCnb(p: Problem, alpha: number): Linear {
  const m = emptyLinear(p.nLabels, p.dim)
  const total = new Float64Array(p.dim)
  const perLabel = new Float64Array(p.nLabels * p.dim)
  p.X.forEach((x, i) => {
    addScaled(perLabel, (p.y[i] ?? 0) * p.dim, x, 1)
    addScaled(total, 0, x, 1)
  })
  for (let c = 0; c < p.nLabels; c++) {
    let sum = 0
    for (let j = 0; j < p.dim; j++) sum += (total[j] ?? 0) - (perLabel[c * p.dim + j] ?? 0) + alpha
    for (let j = 0; j < p.dim; j++) {
      const comp = (total[j] ?? 0) - (perLabel[c * p.dim + j] ?? 0) + alpha
      m.W[c * p.dim + j] = -Math.log(comp / sum)
    }
  }
  return m
}

/**
 * Binary linear SVM (squared hinge) by dual coordinate descent (Hsieh et al. 2008, the liblinear
 * default). The bias is an extra constant feature, regularised like the others. Writes w into
 * W at offset and returns the bias.
 */
function fitBinarySvm(X: readonly SparseVec[], positive: (i: number) => boolean, cost: Float64Array, W: Float64Array, offset: number, random: () => number): number {
  const n = X.length
  const qii = Float64Array.from(X, (x) => x.val.reduce((s, v) => s + v * v, 0) + 1)
  const alpha = new Float64Array(n)
  const order = Array.from({ length: n }, (_, i) => i)
  let bias = 0
  for (let epoch = 0; epoch < 200; epoch++) {
    shuffleInPlace(order, random)
    let maxPg = -Infinity
    let minPg = Infinity
    for (const i of order) {
      const x = X[i] as SparseVec
      const yi = positive(i) ? 1 : -1
      const diag = 0.5 / (cost[i] ?? 1)
      const ai = alpha[i] ?? 0
      const g = yi * (dot(W, offset, x) + bias) - 1 + diag * ai
      const pg = ai === 0 ? Math.min(g, 0) : g
      maxPg = Math.max(maxPg, pg)
      minPg = Math.min(minPg, pg)
      if (pg === 0) continue
      const next = Math.max(ai - g / ((qii[i] ?? 1) + diag), 0)
      const delta = (next - ai) * yi
      alpha[i] = next
      addScaled(W, offset, x, delta)
      bias += delta
    }
    if (maxPg - minPg < 0.01) break
  }
  return bias
}

/** One-vs-rest linear SVM; class balance through per-row costs. */
function fitSvm(p: Problem, C: number, seed: number): Linear {
  const m = emptyLinear(p.nLabels, p.dim)
  const random = seededRandom(seed)
  const cost = p.rowWeight.map((w) => C * w)
  for (let c = 0; c < p.nLabels; c++) m.b[c] = fitBinarySvm(p.X, (i) => p.y[i] === c, cost, m.W, c * p.dim, random)
  return m
}

/**
 * NB-SVM (Wang & Manning 2012): each one-vs-rest SVM sees the features scaled by their naive
 * Bayes log-count ratio for that label, which helps a lot on small text sets. The ratio folds
 * back into the weights, so the result is still one linear map.
 */
function fitNbSvm(p: Problem, C: number, alpha: number, seed: number): Linear {
  const m = emptyLinear(p.nLabels, p.dim)
  const random = seededRandom(seed)
  const cost = p.rowWeight.map((w) => C * w)
  const present = new Float64Array(p.nLabels * p.dim)
  const total = new Float64Array(p.dim)
  p.X.forEach((x, i) => {
    for (const j of x.idx) {
      const k = (p.y[i] ?? 0) * p.dim + j
      present[k] = (present[k] ?? 0) + 1
      total[j] = (total[j] ?? 0) + 1
    }
  })
  for (let c = 0; c < p.nLabels; c++) {
    const r = new Float64Array(p.dim)
    let pSum = 0
    let qSum = 0
    for (let j = 0; j < p.dim; j++) {
      pSum += (present[c * p.dim + j] ?? 0) + alpha
      qSum += (total[j] ?? 0) - (present[c * p.dim + j] ?? 0) + alpha
    }
    for (let j = 0; j < p.dim; j++) {
      const pj = ((present[c * p.dim + j] ?? 0) + alpha) / pSum
      const qj = ((total[j] ?? 0) - (present[c * p.dim + j] ?? 0) + alpha) / qSum
      r[j] = Math.log(pj / qj)
    }
    const scaled = p.X.map((x) => ({ idx: x.idx, val: x.val.map((v, k) => v * (r[x.idx[k] ?? 0] ?? 0)) }))
    m.b[c] = fitBinarySvm(scaled, (i) => p.y[i] === c, cost, m.W, c * p.dim, random)
    for (let j = 0; j < p.dim; j++) m.W[c * p.dim + j] = (m.W[c * p.dim + j] ?? 0) * (r[j] ?? 0)
  }
  return m
}

/**
 * Softmax loss + gradient for L-BFGS. Params are feature-major, theta[j * L + c], then the L
 * biases, so the labels of one n-gram share a cache line.
 */
function softmaxObjective(p: Problem, l2: number) {
  const L = p.nLabels
  const size = L * p.dim
  const totalWeight = p.rowWeight.reduce((s, v) => s + v, 0)
  const z = new Float64Array(L)
  return (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0)
    let loss = 0
    p.X.forEach((x, i) => {
      for (let c = 0; c < L; c++) z[c] = theta[size + c] ?? 0
      for (let k = 0; k < x.idx.length; k++) {
        const base = (x.idx[k] ?? 0) * L
        const v = x.val[k] ?? 0
        for (let c = 0; c < L; c++) z[c] = (z[c] ?? 0) + (theta[base + c] ?? 0) * v
      }
      let max = -Infinity
      for (let c = 0; c < L; c++) max = Math.max(max, z[c] ?? 0)
      let sum = 0
      for (let c = 0; c < L; c++) {
        z[c] = Math.exp((z[c] ?? 0) - max)
        sum += z[c] ?? 0
      }
      const yi = p.y[i] ?? 0
      const w = (p.rowWeight[i] ?? 1) / totalWeight
      loss -= w * Math.log((z[yi] ?? 0) / sum)
      // z becomes the gradient coefficient per label: w · (p_c − [c = y]).
      for (let c = 0; c < L; c++) {
        z[c] = w * ((z[c] ?? 0) / sum - (c === yi ? 1 : 0))
        grad[size + c] = (grad[size + c] ?? 0) + (z[c] ?? 0)
      }
      for (let k = 0; k < x.idx.length; k++) {
        const base = (x.idx[k] ?? 0) * L
        const v = x.val[k] ?? 0
        for (let c = 0; c < L; c++) grad[base + c] = (grad[base + c] ?? 0) + (z[c] ?? 0) * v
      }
    })
    for (let j = 0; j < size; j++) {
      const t = theta[j] ?? 0
      loss += 0.5 * l2 * t * t
      grad[j] = (grad[j] ?? 0) + l2 * t
    }
    return loss
  }
}

function vdot(a: Float64Array, b: Float64Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0)
  return s
}

function axpy(y: Float64Array, a: number, x: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = (y[i] ?? 0) + a * (x[i] ?? 0)
}

/** Limited-memory BFGS with Armijo backtracking: deterministic, no step-size tuning. */
export function lbfgs(f: (x: Float64Array, g: Float64Array) => number, x0: Float64Array, maxIter: number, memory = 6): Float64Array {
  const n = x0.length
  let x = Float64Array.from(x0)
  let g = new Float64Array(n)
  let fx = f(x, g)
  // Ring buffers of the last `memory` steps s and gradient changes y (reused, no per-step allocation).
  const S = Array.from({ length: memory }, () => new Float64Array(n))
  const Y = Array.from({ length: memory }, () => new Float64Array(n))
  const rho = new Float64Array(memory)
  const a = new Float64Array(memory)
  let stored = 0
  let head = 0
  let xNew = new Float64Array(n)
  let gNew = new Float64Array(n)
  const d = new Float64Array(n)
  for (let iter = 0; iter < maxIter; iter++) {
    // Two-loop recursion: d = -H g.
    for (let i = 0; i < n; i++) d[i] = -(g[i] ?? 0)
    for (let k = 0; k < stored; k++) {
      const slot = (head - 1 - k + memory) % memory
      a[slot] = (rho[slot] ?? 0) * vdot(S[slot] as Float64Array, d)
      axpy(d, -(a[slot] ?? 0), Y[slot] as Float64Array)
    }
    const newest = (head - 1 + memory) % memory
    const yy = stored > 0 ? vdot(Y[newest] as Float64Array, Y[newest] as Float64Array) : 0
    const gamma = stored > 0 && yy > 0 ? 1 / ((rho[newest] ?? 1) * yy) : 1 / Math.sqrt(vdot(g, g) || 1)
    for (let i = 0; i < n; i++) d[i] = (d[i] ?? 0) * gamma
    for (let k = stored - 1; k >= 0; k--) {
      const slot = (head - 1 - k + memory) % memory
      const b = (rho[slot] ?? 0) * vdot(Y[slot] as Float64Array, d)
      axpy(d, (a[slot] ?? 0) - b, S[slot] as Float64Array)
    }
    const slope = vdot(g, d)
    if (slope >= 0) break
    let step = 1
    let fNew = Infinity
    for (let tries = 0; tries < 30; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = (x[i] ?? 0) + step * (d[i] ?? 0)
      fNew = f(xNew, gNew)
      if (fNew <= fx + 1e-4 * step * slope) break
      step *= 0.5
    }
    if (!(fNew < fx)) break
    const s = S[head] as Float64Array
    const y = Y[head] as Float64Array
    for (let i = 0; i < n; i++) {
      s[i] = (xNew[i] ?? 0) - (x[i] ?? 0)
      y[i] = (gNew[i] ?? 0) - (g[i] ?? 0)
    }
    const sy = vdot(s, y)
    if (sy > 1e-12) {
      rho[head] = 1 / sy
      head = (head + 1) % memory
      stored = Math.min(stored + 1, memory)
    }
    const improvement = fx - fNew
    ;[x, xNew] = [xNew, x]
    ;[g, gNew] = [gNew, g]
    fx = fNew
    if (improvement < 1e-6 * Math.max(1, Math.abs(fx))) break
  }
  return x
}

/** Multinomial logistic regression (softmax), L2-regularised, fitted with L-BFGS. */
function fitSoftmax(p: Problem, l2: number, iterations: number): Linear {
  const L = p.nLabels
  const theta = lbfgs(softmaxObjective(p, l2), new Float64Array((p.dim + 1) * L), iterations)
  const m = emptyLinear(L, p.dim)
  for (let j = 0; j < p.dim; j++) for (let c = 0; c < L; c++) m.W[c * p.dim + j] = theta[j * L + c] ?? 0
  for (let c = 0; c < L; c++) m.b[c] = theta[p.dim * L + c] ?? 0
  return m
}

function fitBase(method: BaseMethod, p: Problem, o: TrainOptions): Linear {
  switch (method) {
    case 'centroid':
      return fitCentroid(p)
    case 'cnb':
      return fitCnb(p, o.nbAlpha)
    case 'svm':
      return fitSvm(p, o.svmC, o.seed)
    case 'nbsvm':
      return fitNbSvm(p, o.svmC, o.nbAlpha, o.seed)
    case 'softmax':
      return fitSoftmax(p, o.softmaxL2, o.softmaxIterations)
  }
}

// ---------------------------------------------------------------------------------------------
// Calibration: softmax temperatures fitted on out-of-fold scores.

function softmaxNll(scores: readonly Float64Array[], y: Int32Array, inverseT: number): number {
  let nll = 0
  scores.forEach((s, i) => {
    let max = -Infinity
    for (const v of s) max = Math.max(max, v * inverseT)
    let sum = 0
    for (const v of s) sum += Math.exp(v * inverseT - max)
    nll += Math.log(sum) + max - (s[y[i] ?? 0] ?? 0) * inverseT
  })
  return nll / Math.max(1, scores.length)
}

/** 1/T minimising the log-loss, golden-section search on log(1/T). */
export function fitInverseTemperature(scores: readonly Float64Array[], y: Int32Array): number {
  let lo = Math.log(1e-3)
  let hi = Math.log(1e5)
  const phi = (Math.sqrt(5) - 1) / 2
  for (let k = 0; k < 80; k++) {
    const a = hi - phi * (hi - lo)
    const b = lo + phi * (hi - lo)
    if (softmaxNll(scores, y, Math.exp(a)) < softmaxNll(scores, y, Math.exp(b))) hi = b
    else lo = a
  }
  return Math.exp((lo + hi) / 2)
}

// ---------------------------------------------------------------------------------------------
// Putting it together

/** Row weights so every label has the same total weight (n / (labels × count)). */
function rowWeights(y: Int32Array, nLabels: number, balanced: boolean): Float64Array {
  const counts = new Float64Array(nLabels)
  for (const c of y) counts[c] = (counts[c] ?? 0) + 1
  return Float64Array.from(y, (c) => (balanced ? y.length / (nLabels * (counts[c] || 1)) : 1))
}

function makeProblem(corpus: Corpus, rows: readonly number[], y: Int32Array, nLabels: number, vocab: Vocab, balanced: boolean): Problem {
  return {
    X: rows.map((r) => vectorize(corpus.docs[r] ?? { ids: new Int32Array(0), counts: new Float64Array(0) }, vocab)),
    y,
    nLabels,
    dim: vocab.termOf.length,
    rowWeight: rowWeights(y, nLabels, balanced),
  }
}

/**
 * Corpus terms of the k most important features: spread of the weight over the labels × idf. A
 * weight shared by every label moves no decision (complement NB weights are all large and
 * positive, so plain |w| would keep the wrong ones).
 */
function topTerms(m: Linear, vocab: Vocab, k: number): Set<number> {
  const order = Array.from(vocab.termOf, (_, j) => {
    let lo = Infinity
    let hi = -Infinity
    for (let c = 0; c < m.nLabels; c++) {
      const w = m.W[c * m.dim + j] ?? 0
      lo = Math.min(lo, w)
      hi = Math.max(hi, w)
    }
    return [(hi - lo) * (vocab.idf[j] ?? 0), j] as const
  }).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  return new Set(order.slice(0, k).map(([, j]) => vocab.termOf[j] ?? -1))
}

export interface Fitted {
  model: Linear
  vocab: Vocab
  terms: readonly string[]
}

function methodsOf(o: TrainOptions): BaseMethod[] {
  return o.method === 'ensemble' ? o.members : [o.method]
}

function sumLinear(parts: readonly Linear[], scales: readonly number[]): Linear {
  const first = parts[0]
  const out = emptyLinear(first?.nLabels ?? 0, first?.dim ?? 0)
  parts.forEach((m, k) => {
    const scale = scales[k] ?? 1
    for (let j = 0; j < m.W.length; j++) out.W[j] = (out.W[j] ?? 0) + scale * (m.W[j] ?? 0)
    for (let c = 0; c < m.nLabels; c++) out.b[c] = (out.b[c] ?? 0) + scale * (m.b[c] ?? 0)
  })
  return out
}

interface Members {
  vocab: Vocab
  members: Linear[]
}

/** Vocabulary (pruned if asked) and the uncalibrated member models on the given rows. */
function fitMembers(corpus: Corpus, rows: readonly number[], y: Int32Array, nLabels: number, o: TrainOptions): Members {
  let vocab = buildVocab(corpus, rows, o.minDf, o.features.wordWeight)
  let problem = makeProblem(corpus, rows, y, nLabels, vocab, o.balanced)
  let members = methodsOf(o).map((method) => fitBase(method, problem, o))
  if (o.maxFeatures > 0 && vocab.termOf.length > o.maxFeatures) {
    // Retrain on the kept n-grams only, so the l2 norm at run time matches the one in training.
    const keep = topTerms(sumLinear(members, []), vocab, o.maxFeatures)
    vocab = buildVocab(corpus, rows, o.minDf, o.features.wordWeight, (id) => keep.has(id))
    problem = makeProblem(corpus, rows, y, nLabels, vocab, o.balanced)
    members = methodsOf(o).map((method) => fitBase(method, problem, o))
  }
  return { vocab, members }
}

/**
 * Softmax temperatures from an inner cross-validation that reruns the whole pipeline, pruning
 * included (choosing n-grams on rows that are then scored would make the fit overconfident).
 * Returns one scale per member, already multiplied by the joint scale of their sum: calibrated
 * experts added together are overconfident too.
 */
function calibrationScales(corpus: Corpus, rows: readonly number[], y: Int32Array, nLabels: number, o: TrainOptions): number[] {
  const nMembers = methodsOf(o).length
  const fold = stratifiedFolds(Array.from(y, String), o.calibrationFolds, o.seed + 7)
  const oof: Float64Array[][] = Array.from({ length: nMembers }, () => new Array<Float64Array>(rows.length))
  for (let f = 0; f < o.calibrationFolds; f++) {
    const inner = fold.flatMap((k, i) => (k === f ? [] : [i]))
    const fitted = fitMembers(corpus, inner.map((i) => rows[i] ?? 0), Int32Array.from(inner, (i) => y[i] ?? 0), nLabels, o)
    fold.forEach((k, i) => {
      if (k !== f) return
      const x = vectorize(corpus.docs[rows[i] ?? 0] ?? { ids: new Int32Array(0), counts: new Float64Array(0) }, fitted.vocab)
      fitted.members.forEach((m, mi) => ((oof[mi] as Float64Array[])[i] = linearScores(m, x)))
    })
  }
  const scales = oof.map((scores) => fitInverseTemperature(scores, y))
  if (nMembers === 1) return scales
  const summed = rows.map((_, i) => {
    const z = new Float64Array(nLabels)
    oof.forEach((scores, mi) => scores[i]?.forEach((v, c) => (z[c] = (z[c] ?? 0) + (scales[mi] ?? 1) * v)))
    return z
  })
  const joint = fitInverseTemperature(summed, y)
  return scales.map((v) => v * joint)
}

/** Trains on the given corpus rows (cross-validation reuses one corpus for every fold). */
export function fitRows(corpus: Corpus, rows: readonly number[], y: Int32Array, nLabels: number, o: TrainOptions): Fitted {
  const scales = o.calibrationFolds > 1 ? calibrationScales(corpus, rows, y, nLabels, o) : []
  const { vocab, members } = fitMembers(corpus, rows, y, nLabels, o)
  return { model: sumLinear(members, scales), vocab, terms: corpus.terms }
}

/** Rounds to `digits` significant digits (keeps the JSON small). */
export function roundSignificant(v: number, digits: number): number {
  if (v === 0 || !Number.isFinite(v)) return 0
  const p = Math.pow(10, digits - Math.ceil(Math.log10(Math.abs(v))))
  return Math.round(v * p) / p
}

/**
 * Serialises to the shipped format: weights feature-major and quantised to integers on one
 * scale (≈4 significant digits of the largest weight; tiny weights become 0 and cost 1 byte).
 */
export function toModelJson(fitted: Fitted, labels: readonly string[], o: TrainOptions, trainedRows: number, lexicon?: readonly string[]): ModelJson {
  const { model, vocab, terms } = fitted
  let maxAbs = 0
  for (const w of model.W) maxAbs = Math.max(maxAbs, Math.abs(w))
  const scale = roundSignificant((maxAbs || 1) / 9999, 4)
  const weights: number[] = []
  for (let j = 0; j < model.dim; j++) for (let c = 0; c < model.nLabels; c++) weights.push(Math.round((model.W[c * model.dim + j] ?? 0) / scale))
  return {
    format: MODEL_FORMAT,
    version: 1,
    origin: o.origin,
    method: o.method === 'ensemble' ? `ensemble(${o.members.join('+')})` : o.method,
    trainedRows,
    labels: [...labels],
    features: { ...o.features },
    terms: Array.from(vocab.termOf, (id) => terms[id] ?? '').join(' '),
    idf: Array.from(vocab.idf, (v) => roundSignificant(v, 4)),
    scale,
    weights,
    bias: Array.from(model.b, (v) => roundSignificant(v, 5)),
    ...(lexicon ? { lexicon: lexicon.join(' ') } : {}),
  }
}

/** Whether the options cut words with a shipped lexicon (else with Intl.Segmenter, or no words). */
function usesLexicon(o: TrainOptions): boolean {
  return o.features.wordMaxN > 0 && o.lexiconMinDf > 0
}

function labelSet(rows: readonly TrainRow[]): string[] {
  return [...new Set(rows.map((r) => r.label))].sort()
}

/** Trains on all rows and returns the model JSON ready to ship. */
export function train(rows: readonly TrainRow[], options: Partial<TrainOptions> = {}): ModelJson {
  const o: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options }
  const labels = labelSet(rows)
  const index = new Map(labels.map((l, i) => [l, i]))
  const texts = rows.map((r) => r.text)
  const all = rows.map((_, i) => i)
  const lexicon = usesLexicon(o) ? buildLexicon(icuWordSets(texts, o.features), all, o.lexiconMinDf) : undefined
  const corpus = buildCorpus(texts, o.features, lexicon && lexiconTrie(lexicon))
  const y = Int32Array.from(rows, (r) => index.get(r.label) ?? 0)
  return toModelJson(fitRows(corpus, all, y, labels.length, o), labels, o, rows.length, lexicon)
}

export interface CrossValidation {
  folds: Evaluation[]
  mean: { accuracy: number; macroF1: number }
  std: { accuracy: number; macroF1: number }
}

function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length)
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length)
  return { mean, std: Math.sqrt(variance) }
}

/**
 * Stratified k-fold cross-validation of the whole pipeline (lexicon, vocabulary, idf, pruning and
 * calibration are refitted inside every fold; scoring goes through the shipped JSON format). The
 * calibration's inner folds share their outer fold's lexicon: it only moves a few word cuts.
 */
export function crossValidate(rows: readonly TrainRow[], options: Partial<TrainOptions> = {}, k = 5, seed = 42): CrossValidation {
  const o: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options }
  const labels = labelSet(rows)
  const index = new Map(labels.map((l, i) => [l, i]))
  const texts = rows.map((r) => r.text)
  // ICU's cuts do not depend on the fold, only which words make the lexicon does.
  const wordSets = usesLexicon(o) ? icuWordSets(texts, o.features) : undefined
  const sharedCorpus = wordSets ? undefined : buildCorpus(texts, o.features)
  const fold = stratifiedFolds(rows.map((r) => r.label), k, seed)
  const folds: Evaluation[] = []
  for (let f = 0; f < k; f++) {
    const trainIdx = fold.flatMap((v, i) => (v === f ? [] : [i]))
    const testIdx = fold.flatMap((v, i) => (v === f ? [i] : []))
    const y = Int32Array.from(trainIdx, (i) => index.get(rows[i]?.label ?? '') ?? 0)
    // The lexicon is fitted on the training fold like the vocabulary: held-out words stay unknown.
    const lexicon = wordSets && buildLexicon(wordSets, trainIdx, o.lexiconMinDf)
    const corpus = sharedCorpus ?? buildCorpus(texts, o.features, lexicon && lexiconTrie(lexicon))
    const fitted = fitRows(corpus, trainIdx, y, labels.length, o)
    const model = loadModel(toModelJson(fitted, labels, o, trainIdx.length, lexicon))
    const truth = testIdx.map((i) => rows[i]?.label ?? '')
    const predicted = testIdx.map((i) => classify(model, rows[i]?.text ?? '').label)
    folds.push(evaluate(truth, predicted, labels))
  }
  const acc = meanStd(folds.map((e) => e.accuracy))
  const f1 = meanStd(folds.map((e) => e.macroF1))
  return { folds, mean: { accuracy: acc.mean, macroF1: f1.mean }, std: { accuracy: acc.std, macroF1: f1.std } }
}

/** Parses the training TSV (header `id  label  text`); a text may itself contain tabs. */
export function parseTrainingTsv(tsv: string): TrainRow[] {
  const lines = tsv.split(/\r?\n/).filter((l) => l.trim() !== '')
  const header = (lines[0] ?? '').split('\t')
  const labelCol = header.indexOf('label')
  const textCol = header.indexOf('text')
  if (labelCol < 0 || textCol < 0) throw new Error('training TSV: needs label and text columns')
  return lines.slice(1).map((line) => {
    const cols = line.split('\t')
    return { label: cols[labelCol] ?? '', text: cols.slice(textCol).join('\t') }
  })
}
