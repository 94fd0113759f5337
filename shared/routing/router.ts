import {
  DEPARTMENT_BY_ID, FALLBACK_KIND, GENERIC_KIND_BY_LEVEL1, KIND_BY_NAME, LOCAL_TERMS, defaultDepartment, townOfficeId, type Kind,
} from '../domain/taxonomy.ts'
import type { Priority, Suggestion } from '../domain/types.ts'
import { classify, type Model } from './classifier/model.ts'
import { kindHits, type KindHit } from './kindHits.ts'
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
/** A kind's weight is its term weight × (this + the model's probability of the kind's class). */
const KIND_PRIOR = 0.25
/** Below this class probability a text with no knowledge-base term goes to the town office (属地). */
const GENERIC_MIN_CONFIDENCE = 0.5

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

  // level 1 from the model; level 2 from the knowledge base's terms
  let kind: Kind
  let level1: string
  let level1Confidence: number
  if (model) {
    // Each kind whose terms were found, weighed by how plausible the model finds its class: the
    // knowledge base knows the matter (and so the department), the model the class. A kind the
    // terms found beats the model's generic kind (物业乱收费 is a property matter even when the
    // model files it under prices).
    const weight = (h: KindHit) => h.score * (KIND_PRIOR + (model.scores[h.kind.level1] ?? 0))
    const top = hits.reduce<KindHit | undefined>((a, h) => (!a || weight(h) > weight(a) ? h : a), undefined)
    // a class the model cannot know (社会治安) or an unsure model yields to the kind's class
    const known = o.model?.labels.includes(top?.kind.level1 ?? '') ?? false
    // no term found: the model's class decides only when it is fairly sure; otherwise the town
    // office of the place takes it first (属地) rather than a department picked on a guess
    const generic = model.confidence >= GENERIC_MIN_CONFIDENCE ? GENERIC_KIND_BY_LEVEL1.get(model.label) : undefined
    kind = top?.kind ?? generic ?? (KIND_BY_NAME.get(FALLBACK_KIND) as Kind)
    level1 = top && (!known || model.confidence < 0.55) ? top.kind.level1 : model.label
    level1Confidence = level1 === model.label ? model.confidence : Math.min(0.9, 0.45 + 0.1 * (top?.score ?? 0))
    reasons.push(level1 === model.label
      ? `一级分类：${level1}（模型置信度 ${pct(model.confidence)}，依据「${model.topFeatures.slice(0, 4).join('」「')}」）`
      : `一级分类：${level1}（关键词「${top?.hits.join('、')}」，模型倾向${model.label} ${pct(model.confidence)}）`)
    const kindHit = hits.find((h) => h.kind === kind)
    const otherClass = kind.level1 !== level1 && kind.name !== FALLBACK_KIND ? `，属${kind.level1}` : ''
    reasons.push(kindHit ? `二级分类：${kind.name}（关键词「${kindHit.hits.join('、')}」${otherClass}）` : `二级分类：${kind.name}（未命中具体事项关键词）`)
  } else {
    const best = hits[0]
    kind = best?.kind ?? (KIND_BY_NAME.get(FALLBACK_KIND) as Kind)
    level1 = kind.level1
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
  // two independent evidences, the class and the kind's terms, combine as a noisy-or
  const termEvidence = Math.min(0.9, 0.15 * (kindScore(kind) ?? 0))
  let confidence = kindScore(kind) ? 1 - (1 - level1Confidence) * (1 - termEvidence) : level1Confidence * 0.75

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
    level1,
    level2: kind.name,
    departmentId,
    confidence: Math.round(Math.min(0.99, confidence) * 100) / 100,
    reasons,
    priority: kind.priority,
    place,
  }
}
