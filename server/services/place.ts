import { COMMUNITY_BY_CODE, TOWN_BY_CODE } from '../../shared/domain/taxonomy.ts'
import type { Group, Point } from '../../shared/domain/types.ts'
import { ApiError } from '../http/errors.ts'
import type { Directory } from './directory.ts'

export interface Place { townCode: string; communityCode: string; gridId: string; point?: Point }

/**
 * Resolves where a report is about: explicit grid > community > town given in the body, checked for
 * consistency against the real divisions; otherwise the reporting group's grid.
 */
export function resolvePlace(
  dir: Directory,
  group: Group,
  body: { townCode?: string; communityCode?: string; gridId?: string; location?: Point },
): Place {
  const point = body.location ? { point: body.location } : {}
  if (body.gridId) {
    const grid = dir.gridById.get(body.gridId)
    if (!grid) throw new ApiError('bad_request', '请求内容不合法', { gridId: '未知网格' })
    return { townCode: grid.townCode, communityCode: grid.communityCode, gridId: grid.id, ...point }
  }
  if (body.communityCode) {
    const community = COMMUNITY_BY_CODE.get(body.communityCode)
    if (!community) throw new ApiError('bad_request', '请求内容不合法', { communityCode: '未知村居' })
    if (body.townCode && body.townCode !== community.townCode) {
      throw new ApiError('bad_request', '请求内容不合法', { communityCode: '村居不属于所选镇街' })
    }
    const grid = dir.grids.find((g) => g.communityCode === community.code)
    return { townCode: community.townCode, communityCode: community.code, gridId: grid?.id ?? group.gridId, ...point }
  }
  if (body.townCode) {
    if (!TOWN_BY_CODE.has(body.townCode)) throw new ApiError('bad_request', '请求内容不合法', { townCode: '未知镇街' })
    if (body.townCode === group.townCode) {
      return { townCode: group.townCode, communityCode: group.communityCode, gridId: group.gridId, ...point }
    }
    const grid = dir.grids.find((g) => g.townCode === body.townCode)
    return { townCode: body.townCode, communityCode: grid?.communityCode ?? '', gridId: grid?.id ?? '', ...point }
  }
  return { townCode: group.townCode, communityCode: group.communityCode, gridId: group.gridId, ...point }
}

/** The grid for a place found in the text: the group's own when it is the same place. */
export function placeOfResolved(dir: Directory, group: Group, r: { townCode: string; communityCode?: string }): Place {
  if (r.communityCode) {
    if (r.communityCode === group.communityCode) return { townCode: group.townCode, communityCode: group.communityCode, gridId: group.gridId }
    const grid = dir.grids.find((g) => g.communityCode === r.communityCode)
    return { townCode: r.townCode, communityCode: r.communityCode, gridId: grid?.id ?? '' }
  }
  if (r.townCode === group.townCode) return { townCode: group.townCode, communityCode: group.communityCode, gridId: group.gridId }
  // only the town is known: the case belongs to the town, not to a particular grid
  return { townCode: r.townCode, communityCode: '', gridId: '' }
}
