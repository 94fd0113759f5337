import { describe, expect, it } from 'vitest'
import { COMMUNITIES, TOWNS } from '../../shared/domain/taxonomy.ts'
import { reportSchema } from '../../shared/schemas.ts'
import { draftProblem, emptyPlace, nearestPlace, reportBody } from '../../web/src/pages/mobile/draft.ts'
import { newIdempotencyKey } from '../../web/src/pages/common/uuid.ts'
import { kindOf, formatSize } from '../../web/src/pages/common/upload.ts'

const draft = (over = {}) => ({ content: '  路灯不亮  ', title: ' ', contact: '', place: emptyPlace(), mediaIds: [], idempotencyKey: 'k-123456789', ...over })

describe('the report body', () => {
  it('sends only what was filled in: no place means the group grid', () => {
    const body = reportBody(draft())
    expect(body).toEqual({ content: '路灯不亮', idempotencyKey: 'k-123456789' })
    expect(reportSchema.safeParse(body).success).toBe(true)
  })

  it('carries the chosen place, point, media and contact, and passes the server schema', () => {
    const body = reportBody(draft({
      title: '路灯', contact: '王女士 13800001234', mediaIds: ['m1', 'm2'],
      place: { townCode: '500120004', communityCode: '', gridId: '', location: { lng: 106.2201234567, lat: 29.5501234567 } },
    }))
    expect(body).toMatchObject({ title: '路灯', contact: '王女士 13800001234', townCode: '500120004', mediaIds: ['m1', 'm2'], location: { lng: 106.220123, lat: 29.550123 } })
    expect(body).not.toHaveProperty('communityCode')
    expect(reportSchema.safeParse(body).success).toBe(true)
  })

  it('blocks sending without text, while uploading, or with a failed upload', () => {
    expect(draftProblem({ content: ' ' }, { uploading: false, failed: 0 })).toBe('请填写诉求内容')
    expect(draftProblem({ content: 'x' }, { uploading: true, failed: 0 })).toContain('上传中')
    expect(draftProblem({ content: 'x' }, { uploading: false, failed: 1 })).toContain('重试')
    expect(draftProblem({ content: 'x' }, { uploading: false, failed: 0 })).toBeNull()
  })
})

describe('a point dropped on the map', () => {
  it('picks the town of the nearest seat and a community of that town', () => {
    const seat = TOWNS.find((t) => t.code === '500120004')?.seat
    expect(seat).toBeDefined()
    const near = nearestPlace({ lng: (seat?.lng ?? 0) + 0.001, lat: seat?.lat ?? 0 }, TOWNS, COMMUNITIES)
    expect(near?.townCode).toBe('500120004')
    expect(COMMUNITIES.find((c) => c.code === near?.communityCode)?.townCode).toBe('500120004')
  })
  it('answers null without towns', () => {
    expect(nearestPlace({ lng: 106, lat: 29 }, [], [])).toBeNull()
  })
})

describe('idempotency keys and uploads', () => {
  it('uses randomUUID when there is one, else builds a v4 UUID from getRandomValues (plain-http LAN)', () => {
    expect(newIdempotencyKey({ randomUUID: () => 'uuid-from-browser', getRandomValues: crypto.getRandomValues.bind(crypto) })).toBe('uuid-from-browser')
    // no randomUUID: what a phone has on a plain-http page
    const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) }
    const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey(insecure)))
    expect(keys.size).toBe(200)
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const throwing = { randomUUID: () => { throw new Error('insecure') }, getRandomValues: insecure.getRandomValues }
    expect(newIdempotencyKey(throwing)).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('tells the kind of a picked file', () => {
    expect(kindOf({ type: 'image/jpeg' }, 'video')).toBe('image')
    expect(kindOf({ type: 'audio/webm' }, 'image')).toBe('audio')
    expect(kindOf({ type: '' }, 'video')).toBe('video')
    expect(formatSize(1536)).toBe('2 KB')
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MB')
  })
})
