import type { Priority, Suggestion } from '../../shared/domain/types.ts'
import { suggestByKeywords } from '../../shared/routing/keywordRouter.ts'

/** Proposes category and department for a report. The core's keyword rule; smart routing plugs in here. */
export interface Router {
  suggest(text: string, townCode: string): Suggestion & { priority: Priority }
}

export const keywordRouter: Router = { suggest: suggestByKeywords }
