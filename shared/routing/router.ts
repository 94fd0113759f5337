import {
  DEPARTMENT_BY_ID, FALLBACK_KIND, GENERIC_KIND_BY_LEVEL1, KINDS, KIND_BY_NAME, LOCAL_TERMS, defaultDepartment, townOfficeId, type Kind,
} from '../domain/taxonomy.ts'
import type { Priority, Suggestion } from '../domain/types.ts'
import { classify, type Model } from './classifier/model.ts'
import { resolvePlaceFromText, type ResolvedPlace } from './places.ts'
import { cosine, textVector, type TextVector } from './similarity.ts'

/** A correction the chief made: a text like this one belongs to that department. */
export interface Correction { vector: TextVector; departmentId: string; level2?: string; ticketId: string }
/** A recent case, for "similar past cases" in the reasons. */
export interface PastCase { id: string; vector: TextVector; departmentId?: string; level2: string }

export interface RouteOptions {
  model?: Model
  /** the place was given explicitly (picked in a form): do not look for one in the text */
  placeGiven?: boolean
  corrections?: readonly Correction[]
  pastCases?: readonly PastCase[]
}

export interface Route extends Suggestion {
  priority: Priority
  place: ResolvedPlace
}

/** Similarity above which a chief's correction decides the department of a new text. */
export const CORRECTION_SIMILARITY = 0.55
const SIMILAR_CASE_MIN = 0.4

interface KindHit { kind: Kind; score: number; hits: string[] }

function kindHits(text: string): KindHit[] {
  const out: KindHit[] = []
  for (const kind of KINDS) {
    const hits = kind.terms.filter((t) => text.includes(t))
    if (hits.length) out.push({ kind, score: hits.reduce((s, t) => s + t.length, 0), hits })
  }
  return out.sort((a, b) => b.score - a.score)
}

const pct = (x: number) => x.toFixed(2)

/**
 * Routes a resident's text: the level-1 class from the trained model (when loaded), the level-2 kind
 * and department from the knowledge base, the place from the gazetteer, the chief's corrections on
 * similar texts, and similar past cases — each step leaving a reason a person can read on the wall.
 */
export function route(text: string, fallback: { townCode: string; communityCode?: string }, o: RouteOptions = {}): Route {
  const reasons: string[] = []
  const place: ResolvedPlace = o.placeGiven
    ? { ...fallback, source: 'body', matched: [], reason: '地点：上报时选定' }
    : resolvePlaceFromText(text, fallback)
  const hits = kindHits(text)
  const model = o.model ? classify(o.model, text) : undefined

  // level 1 and level 2
  let kind: Kind
  let level1Confidence: number
  const best = hits[0]
  if (model) {
    const inClass = hits.find((h) => h.kind.level1 === model.label)
    // a strong term of a class the model does not know (社会治安) or a weak model defers to the terms
    const overrule = best && !inClass && best.score >= 2 && (!o.model?.labels.includes(best.kind.level1) || model.confidence < 0.55)
    if (overrule && best) {
      kind = best.kind
      level1Confidence = Math.min(0.9, 0.45 + 0.1 * best.score)
      reasons.push(`一级分类：${kind.level1}（关键词「${best.hits.join('、')}」，模型倾向${model.label} ${pct(model.confidence)}）`)
    } else {
      kind = inClass?.kind ?? GENERIC_KIND_BY_LEVEL1.get(model.label) ?? (KIND_BY_NAME.get(FALLBACK_KIND) as Kind)
      level1Confidence = model.confidence
      reasons.push(`一级分类：${model.label}（模型置信度 ${pct(model.confidence)}，依据「${model.topFeatures.slice(0, 4).join('」「')}」）`)
    }
    const kindHit = hits.find((h) => h.kind === kind)
    reasons.push(kindHit ? `二级分类：${kind.name}（关键词「${kindHit.hits.join('、')}」）` : `二级分类：${kind.name}（未命中具体事项关键词）`)
  } else {
    kind = best?.kind ?? (KIND_BY_NAME.get(FALLBACK_KIND) as Kind)
    level1Confidence = best ? Math.min(0.9, 0.4 + 0.12 * best.score) : 0.2
    reasons.push(best ? `分类：${kind.level1} / ${kind.name}（关键词「${best.hits.join('、')}」）` : '未命中知识库关键词')
  }

  const kindScore = (k: Kind) => hits.find((h) => h.kind === k)?.score
  // department: the kind's default, refined by a term, 属地 for local matters (unless the kind's own terms weigh more)
  let departmentId = defaultDepartment(kind, place.townCode)
  const termHit = kind.departmentByTerm ? Object.keys(kind.departmentByTerm).find((t) => text.includes(t)) : undefined
  const localHit = LOCAL_TERMS.find((t) => text.includes(t))
  if (termHit && kind.departmentByTerm?.[termHit]) {
    departmentId = kind.departmentByTerm[termHit] as string
    reasons.push(`承办：${DEPARTMENT_BY_ID.get(departmentId)?.short}（「${termHit}」）`)
  } else if (localHit && (kind.generic || kind.department === 'town' || (kindScore(kind) ?? 0) < localHit.length)) {
    departmentId = townOfficeId(place.townCode)
    reasons.push(`承办：${DEPARTMENT_BY_ID.get(departmentId)?.short}（属地事项「${localHit}」）`)
  } else {
    reasons.push(`承办：${DEPARTMENT_BY_ID.get(departmentId)?.short}（「${kind.name}」${kind.department === 'town' ? '由属地镇街办理' : '默认承办部门'}）`)
  }
  let confidence = level1Confidence * (hits.some((h) => h.kind === kind) ? 1 : 0.75)

  // the chief's corrections on similar texts win
  const vector = o.corrections?.length || o.pastCases?.length ? textVector(text) : undefined
  if (vector && o.corrections?.length) {
    let top: { c: Correction; sim: number } | undefined
    for (const c of o.corrections) {
      const sim = cosine(vector, c.vector)
      if (sim >= CORRECTION_SIMILARITY && (!top || sim > top.sim)) top = { c, sim }
    }
    if (top && top.c.departmentId !== departmentId) {
      departmentId = top.c.departmentId
      confidence = Math.max(confidence, top.sim)
      reasons.push(`学习：总网长曾将相似诉求 ${top.c.ticketId} 改派至${DEPARTMENT_BY_ID.get(departmentId)?.short}（相似度 ${pct(top.sim)}）`)
    }
  }
  reasons.push(place.reason)
  if (vector && o.pastCases?.length) {
    const similar = o.pastCases
      .map((p) => ({ p, sim: cosine(vector, p.vector) }))
      .filter((x) => x.sim >= SIMILAR_CASE_MIN)
      .sort((a, b) => b.sim - a.sim)
      .slice(0, 2)
    for (const { p, sim } of similar) {
      reasons.push(`相似案例：${p.id}（${p.level2}${p.departmentId ? `，${DEPARTMENT_BY_ID.get(p.departmentId)?.short}办理` : ''}，相似度 ${pct(sim)}）`)
    }
  }
  return {
    level1: kind.level1,
    level2: kind.name,
    departmentId,
    confidence: Math.round(Math.min(0.99, confidence) * 100) / 100,
    reasons,
    priority: kind.priority,
    place,
  }
}
