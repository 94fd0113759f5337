/** Evaluation helpers: seeded splits and the usual multi-class metrics. Pure, no I/O. */

/** Small seeded PRNG (mulberry32) so splits and training are reproducible across runs and machines. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const tmp = items[i] as T
    items[i] = items[j] as T
    items[j] = tmp
  }
  return items
}

/**
 * Assigns every row to one of k folds, each label spread evenly over the folds, so small labels
 * (交通运输 has ~100 rows) are represented in every fold.
 */
export function stratifiedFolds(labels: readonly string[], k: number, seed: number): number[] {
  const random = seededRandom(seed)
  const byLabel = new Map<string, number[]>()
  labels.forEach((label, i) => {
    const list = byLabel.get(label) ?? []
    list.push(i)
    byLabel.set(label, list)
  })
  const fold = new Array<number>(labels.length).fill(0)
  let offset = 0
  for (const label of [...byLabel.keys()].sort()) {
    const rows = shuffleInPlace(byLabel.get(label) ?? [], random)
    // Rotating the starting fold per label keeps the fold sizes balanced overall.
    rows.forEach((row, j) => (fold[row] = (j + offset) % k))
    offset += rows.length
  }
  return fold
}

/** Stratified holdout: indices of the training and test rows, testShare of each label held out. */
export function stratifiedSplit(labels: readonly string[], testShare: number, seed: number): { train: number[]; test: number[] } {
  const random = seededRandom(seed)
  const byLabel = new Map<string, number[]>()
  labels.forEach((label, i) => byLabel.set(label, [...(byLabel.get(label) ?? []), i]))
  const train: number[] = []
  const test: number[] = []
  for (const label of [...byLabel.keys()].sort()) {
    const rows = shuffleInPlace(byLabel.get(label) ?? [], random)
    const nTest = Math.round(rows.length * testShare)
    test.push(...rows.slice(0, nTest))
    train.push(...rows.slice(nTest))
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) }
}

export interface LabelMetrics {
  precision: number
  recall: number
  f1: number
  support: number
}

export interface Evaluation {
  accuracy: number
  macroF1: number
  perLabel: Record<string, LabelMetrics>
  /** confusion[i][j] = rows of true label labels[i] predicted as labels[j]. */
  confusion: number[][]
  labels: string[]
}

export function accuracy(truth: readonly string[], predicted: readonly string[]): number {
  if (truth.length === 0) return 0
  let hits = 0
  truth.forEach((t, i) => (hits += t === predicted[i] ? 1 : 0))
  return hits / truth.length
}

export function confusionMatrix(truth: readonly string[], predicted: readonly string[], labels: readonly string[]): number[][] {
  const index = new Map(labels.map((l, i) => [l, i]))
  const m = labels.map(() => labels.map(() => 0))
  truth.forEach((t, i) => {
    const r = index.get(t)
    const c = index.get(predicted[i] ?? '')
    const row = r === undefined ? undefined : m[r]
    if (row && c !== undefined) row[c] = (row[c] ?? 0) + 1
  })
  return m
}

function safeDiv(a: number, b: number): number {
  return b === 0 ? 0 : a / b
}

/** Precision / recall / F1 per label from a confusion matrix. */
export function perLabelMetrics(confusion: readonly number[][], labels: readonly string[]): Record<string, LabelMetrics> {
  const out: Record<string, LabelMetrics> = {}
  labels.forEach((label, i) => {
    const tp = confusion[i]?.[i] ?? 0
    const support = (confusion[i] ?? []).reduce((s, v) => s + v, 0)
    const predicted = confusion.reduce((s, row) => s + (row[i] ?? 0), 0)
    const precision = safeDiv(tp, predicted)
    const recall = safeDiv(tp, support)
    out[label] = { precision, recall, f1: safeDiv(2 * precision * recall, precision + recall), support }
  })
  return out
}

/** Unweighted mean of per-label F1: every label counts the same, however rare. */
export function macroF1(truth: readonly string[], predicted: readonly string[], labels: readonly string[]): number {
  const per = perLabelMetrics(confusionMatrix(truth, predicted, labels), labels)
  return safeDiv(labels.reduce((s, l) => s + (per[l]?.f1 ?? 0), 0), labels.length)
}

export function evaluate(truth: readonly string[], predicted: readonly string[], labels: readonly string[]): Evaluation {
  const confusion = confusionMatrix(truth, predicted, labels)
  const perLabel = perLabelMetrics(confusion, labels)
  const f1 = safeDiv(labels.reduce((s, l) => s + (perLabel[l]?.f1 ?? 0), 0), labels.length)
  return { accuracy: accuracy(truth, predicted), macroF1: f1, perLabel, confusion, labels: [...labels] }
}

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? 0
}
