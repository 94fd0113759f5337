/**
 * Hotspots (热点): an unusual rise of one level-2 kind in one town against its own recent baseline.
 * With λ the kind's mean daily count over the previous 7 days, the last 24 hours are a hotspot when
 * they hold at least MIN_CASES cases and P(X ≥ current | Poisson(λ)) < P_MAX.
 */
export const MIN_CASES = 3
export const P_MAX = 0.01
/** A kind never seen before still has a small expected rate. */
export const BASELINE_FLOOR = 0.2

export function poissonTail(k: number, lambda: number): number {
  // P(X ≥ k) = 1 − Σ_{i<k} e^−λ λ^i / i!
  let term = Math.exp(-lambda)
  let cdf = 0
  for (let i = 0; i < k; i++) {
    cdf += term
    term *= lambda / (i + 1)
  }
  return Math.max(0, 1 - cdf)
}

export interface HotspotVerdict { hot: boolean; current: number; baseline: number; p: number }

export function judgeHotspot(current: number, baselinePerDay: number): HotspotVerdict {
  const lambda = Math.max(BASELINE_FLOOR, baselinePerDay)
  const p = poissonTail(current, lambda)
  return { hot: current >= MIN_CASES && p < P_MAX, current, baseline: baselinePerDay, p }
}
