import { FALLBACK_KIND, KIND_BY_NAME, TOWNS, defaultDepartment, type Kind } from '../domain/taxonomy.ts'
import type { Suggestion } from '../domain/types.ts'
import { kindHits } from './kindHits.ts'

/**
 * The core's simple keyword rule: score each level-2 kind by the knowledge-base terms found in the
 * text (longer terms weigh more), pick the best. Smart routing replaces this with a trained model.
 */
export function suggestByKeywords(text: string, townCode: string): Suggestion & { priority: Kind['priority'] } {
  const best = kindHits(text)[0]
  const kind = best?.kind ?? (KIND_BY_NAME.get(FALLBACK_KIND) as Kind)
  const hits = best?.hits ?? []
  let departmentId = defaultDepartment(kind, townCode)
  const byTerm = kind.departmentByTerm
  if (byTerm) {
    const term = hits.find((h) => byTerm[h])
    if (term) departmentId = byTerm[term] ?? departmentId
  }
  const reasons = hits.length
    ? [`关键词：${hits.join('、')}`, `「${kind.name}」默认承办部门`]
    : ['未命中知识库关键词，按属地由镇街兜底']
  const confidence = best ? Math.min(0.95, 0.4 + 0.12 * best.score) : 0.2
  return { level1: kind.level1, level2: kind.name, departmentId, confidence: Math.round(confidence * 100) / 100, reasons, priority: kind.priority }
}

/** Finds a Bishan town named in the text (full name or short form such as 来凤 → 来凤街道). */
export function townInText(text: string): string | undefined {
  for (const t of TOWNS) if (text.includes(t.name)) return t.code
  for (const t of TOWNS) if (text.includes(t.short)) return t.code
  return undefined
}
