import { describe, expect, it } from 'vitest'
import type { Broadcast } from '../../shared/domain/broadcast.ts'
import { TOWNS } from '../../shared/domain/taxonomy.ts'
import { buildGeography, GROUP_COUNT } from '../../server/seed/geography.ts'
import { applyProgress, previewScope, scopeOf, scopeText } from '../../web/src/pages/push/scope.ts'

const groups = buildGeography().groups

describe('the broadcast scope', () => {
  it('sends no scope for all groups (or an empty choice)', () => {
    expect(scopeOf({ all: true, townCodes: ['500120004'], groupTypes: [] })).toBeUndefined()
    expect(scopeOf({ all: false, townCodes: [], groupTypes: [] })).toBeUndefined()
    expect(scopeOf({ all: false, townCodes: ['500120004'], groupTypes: ['wechat'] })).toEqual({ townCodes: ['500120004'], groupTypes: ['wechat'] })
    expect(scopeOf({ all: false, townCodes: [], groupTypes: ['qq'] })).toEqual({ groupTypes: ['qq'] })
  })

  it('previews exactly the groups the server will target', () => {
    const all = previewScope(groups, undefined)
    expect(all.groups).toBe(GROUP_COUNT)
    expect(all.people).toBe(groups.reduce((s, g) => s + g.members, 0))
    const scope = { townCodes: ['500120004', '500120005'], groupTypes: ['wechat' as const, 'qq' as const] }
    const expected = groups.filter((g) => scope.townCodes.includes(g.townCode) && scope.groupTypes.includes(g.type as 'wechat' | 'qq'))
    expect(previewScope(groups, scope)).toEqual({ groups: expected.length, people: expected.reduce((s, g) => s + g.members, 0) })
  })

  it('describes a scope in words', () => {
    expect(scopeText(undefined, TOWNS)).toBe('全部群')
    expect(scopeText({ townCodes: ['500120004'], groupTypes: ['wechat', 'newmedia'] }, TOWNS)).toBe('来凤街道 · 微信群、政务新媒体')
  })
})

describe('live reach', () => {
  const b: Broadcast = { id: 'b1', title: 't', content: 'c', sentAt: '2026-11-27T01:00:00.000Z', sentBy: 'u-chief', targetGroups: 10, targetPeople: 1000, reachedGroups: 2, reachedPeople: 200 }
  const p = (reachedGroups: number) => ({ id: 'b1', title: 't', sentAt: b.sentAt, targetGroups: 10, targetPeople: 1000, reachedGroups, reachedPeople: reachedGroups * 100 })

  it('updates the figures of a known broadcast, and never takes them back', () => {
    expect(applyProgress([b], p(3))?.[0]).toMatchObject({ reachedGroups: 3, reachedPeople: 300, content: 'c' })
    expect(applyProgress([b], p(1))?.[0]?.reachedGroups).toBe(2)
  })
  it('says when a broadcast is unknown (the list must be read again)', () => {
    expect(applyProgress([b], { ...p(1), id: 'other' })).toBeNull()
  })
})
