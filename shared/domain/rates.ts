import type { FollowUp } from './types.ts'

/** Tally of follow-ups (回访). Cases closed as "no follow-up", invalid or merged never enter it. */
export interface FollowUpTally {
  valid: number
  contacted: number
  solved: number
  satisfied: number
  basic: number
  dissatisfied: number
}

export const emptyFollowUpTally = (): FollowUpTally => ({
  valid: 0, contacted: 0, solved: 0, satisfied: 0, basic: 0, dissatisfied: 0,
})

export function addFollowUp(tally: FollowUpTally, f: Pick<FollowUp, 'contacted' | 'solved' | 'satisfaction'>, sign: 1 | -1 = 1): void {
  tally.valid += sign
  if (f.contacted) tally.contacted += sign
  if (f.solved) tally.solved += sign
  tally[f.satisfaction] += sign
}

export function mergeTally(into: FollowUpTally, from: FollowUpTally): FollowUpTally {
  into.valid += from.valid
  into.contacted += from.contacted
  into.solved += from.solved
  into.satisfied += from.satisfied
  into.basic += from.basic
  into.dissatisfied += from.dissatisfied
  return into
}

export interface Rates {
  /** null when there is no valid follow-up yet: "no data" is not 0 % */
  response: number | null
  resolution: number | null
  satisfaction: number | null
}

/** The three rates of 12345 practice, as fractions 0–1. Each definition is shown on hover on screen. */
export const RATE_DEFINITIONS: Record<keyof Rates, string> = {
  response: '响应率 = 回访中表示“已联系”的件数 ÷ 有效回访件数',
  resolution: '解决率 = 回访中表示“已解决”的件数 ÷ 有效回访件数（“办结未解决”不计入）',
  satisfaction: '满意率 = (满意 + 0.9 × 基本满意) ÷ 有效回访件数',
}

export const VALID_FOLLOW_UP_NOTE = '有效回访：已办结且完成回访的诉求；7 天无回访自动办结、无效件、并单件不计入。'

export function computeRates(t: FollowUpTally): Rates {
  if (t.valid <= 0) return { response: null, resolution: null, satisfaction: null }
  return {
    // 响应率: contacted ÷ valid follow-ups
    response: t.contacted / t.valid,
    // 解决率: solved ÷ valid follow-ups
    resolution: t.solved / t.valid,
    // 满意率: (satisfied + 0.9 × basically satisfied) ÷ valid follow-ups
    satisfaction: (t.satisfied + 0.9 * t.basic) / t.valid,
  }
}

/** Process figures beside the rates. */
export const PROCESS_DEFINITIONS = {
  signedOnTime: '按时签收率 = 在签收时限内签收的件数 ÷ 已签收件数',
  finishedOnTime: '按时办结率 = 在办理时限内答复的件数 ÷ 已答复件数',
  overdueNow: '当前超时 = 仍在办理且已超过签收或办理时限的件数',
} as const

export function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null
}
