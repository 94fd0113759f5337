import { describe, expect, it } from 'vitest'
import { findPlaces, resolvePlaceFromText } from '../../shared/routing/places.ts'
import { route } from '../../shared/routing/router.ts'
import { cosine, textVector } from '../../shared/routing/similarity.ts'
import { findDuplicate } from '../../shared/routing/duplicates.ts'
import { judgeHotspot, poissonTail } from '../../shared/routing/hotspot.ts'
import { KINDS, defaultDepartment, townOfficeId } from '../../shared/domain/taxonomy.ts'
import { loadShippedModel } from '../../server/services/router.ts'

const BICHENG = { townCode: '500120001' }

describe('place extraction', () => {
  it('recognises towns by full name and short form', () => {
    expect(resolvePlaceFromText('来凤街道的路灯坏了', BICHENG)).toMatchObject({ townCode: '500120004', source: 'text' })
    expect(resolvePlaceFromText('来凤这边的路灯坏了', BICHENG)).toMatchObject({ townCode: '500120004', source: 'text', matched: ['来凤'] })
    expect(resolvePlaceFromText('健龙镇场镇上积水', BICHENG).townCode).toBe('500120108')
    expect(resolvePlaceFromText('八塘的老街', BICHENG).townCode).toBe('500120100')
  })
  it('recognises communities by full and short name, which pins their town', () => {
    const r = resolvePlaceFromText('大旺社区门口垃圾', { townCode: '500120004' })
    expect(r).toMatchObject({ townCode: '500120001', communityCode: '500120001001' })
    expect(r.reason).toContain('大旺社区')
    expect(resolvePlaceFromText('北门这边停车乱', { townCode: '500120004' })).toMatchObject({ communityCode: '500120001002' })
  })
  it('recognises estates of the seed gazetteer', () => {
    const r = resolvePlaceFromText('美的世界城电梯又坏了', { townCode: '500120004' })
    expect(r.communityCode).toBe('500120001001')
  })
  it('prefers the most specific place and falls back to the group', () => {
    expect(resolvePlaceFromText('璧城街道大旺社区', { townCode: '500120004' }).communityCode).toBe('500120001001')
    expect(resolvePlaceFromText('没有说在哪里', { townCode: '500120005', communityCode: '500120005001' })).toMatchObject({ townCode: '500120005', communityCode: '500120005001', source: 'group' })
    expect(findPlaces('')).toEqual([])
  })
})

describe('knowledge routing of every level-2 kind (terms only)', () => {
  for (const kind of KINDS.filter((k) => !k.generic && k.terms.length > 0)) {
    it(`${kind.name} → ${kind.department}`, () => {
      const text = `${kind.terms.join('，')}的问题请处理`
      const r = route(text, BICHENG)
      expect(r.level2).toBe(kind.name)
      expect(r.level1).toBe(kind.level1)
      const byTerm = kind.departmentByTerm ? Object.keys(kind.departmentByTerm).find((t) => text.includes(t)) : undefined
      expect(r.departmentId).toBe(byTerm ? kind.departmentByTerm?.[byTerm] : defaultDepartment(kind, BICHENG.townCode))
      expect(r.reasons.join(' ')).toContain(kind.terms[0] as string)
    })
  }
  it('refines water/power/gas by the term', () => {
    expect(route('小区停电了一整天', BICHENG).departmentId).toBe('power')
    expect(route('楼道里有很大的燃气味道，怀疑漏气', BICHENG).departmentId).toBe('gas')
    expect(route('小区停水两天了', BICHENG).departmentId).toBe('water-supply')
  })
  it('sends local matters and unknown matters to the town office of the place (属地)', () => {
    const r = route('来凤村道上两家人邻里纠纷吵了好几天', BICHENG)
    expect(r.departmentId).toBe(townOfficeId('500120004'))
    expect(route('有个事情想反映一下', { townCode: '500120006' }).departmentId).toBe(townOfficeId('500120006'))
  })
})

describe('knowledge and model together', () => {
  const model = loadShippedModel()
  it('counts context terms only beside a kind\'s own terms', () => {
    expect(model).toBeDefined()
    // 乱收费 alone is no taxi matter; beside 出租车 it is
    expect(route('小区物业乱收费，业主意见很大', BICHENG).level2).toBe('物业纠纷')
    expect(route('出租车乱收费', BICHENG).level2).toBe('出租车乱收费')
    // a place name (秀湖社区) does not make an elevator a scenic-spot matter
    const r = route('秀湖社区协信星城3栋电梯困人，里面有小孩', BICHENG, { model })
    expect(r.level2).toBe('电梯故障')
    expect(r.departmentId).toBe('market')
  })
  it('lets the terms name the matter when the model files it under another class', () => {
    const r = route('小区物业乱收费，业主和物业纠纷不断', BICHENG, { model })
    expect(r.level2).toBe('物业纠纷')
    expect(r.departmentId).toBe('housing')
    if (r.level1 !== '城乡建设') expect(r.reasons.join(' ')).toContain('属城乡建设')
    expect(route('学校老师被拖欠工资三个月', BICHENG, { model }).level2).toBe('欠薪')
  })
  it('sends a text with no known term to the town office unless the model is fairly sure', () => {
    const r = route('有个事情想反映一下', { townCode: '500120006' }, { model })
    expect(r.level2).toBe('其他事项')
    expect(r.departmentId).toBe(townOfficeId('500120006'))
    expect(r.confidence).toBeLessThan(0.5)
  })
})

describe('similarity and duplicates', () => {
  const a = textVector('金科小区门口的垃圾三天没人清运了，臭气熏天')
  const b = textVector('金科小区门口垃圾好几天没清运，很臭')
  const c = textVector('学校门口早上交通拥堵，需要交警疏导')
  it('scores close texts high and unrelated low', () => {
    expect(cosine(a, b)).toBeGreaterThan(0.4)
    expect(cosine(a, c)).toBeLessThan(0.2)
    expect(cosine(a, textVector(''))).toBe(0)
  })
  it('finds an open case of the same place within 72 h, from any group', () => {
    const now = Date.parse('2026-11-27T08:00:00Z')
    const candidate = { id: 'BS20261127-0001', status: 'dispatched', townCode: '500120001', communityCode: '500120001001', createdAt: '2026-11-26T08:00:00Z', vector: a }
    expect(findDuplicate(b, { townCode: '500120001', communityCode: '500120001001' }, [candidate], now)?.id).toBe('BS20261127-0001')
    expect(findDuplicate(b, { townCode: '500120004' }, [candidate], now)).toBeUndefined()
    expect(findDuplicate(b, { townCode: '500120001', communityCode: '500120001002' }, [candidate], now)).toBeUndefined()
    expect(findDuplicate(b, { townCode: '500120001' }, [{ ...candidate, createdAt: '2026-11-23T07:00:00Z' }], now)).toBeUndefined()
    expect(findDuplicate(b, { townCode: '500120001' }, [{ ...candidate, status: 'closed' }], now)).toBeUndefined()
    expect(findDuplicate(c, { townCode: '500120001' }, [candidate], now)).toBeUndefined()
  })
})

describe('hotspot detector', () => {
  it('computes the Poisson tail', () => {
    expect(poissonTail(0, 2)).toBeCloseTo(1, 10)
    expect(poissonTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 10)
    expect(poissonTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * (1 + 1 + 0.5), 10)
  })
  it('flags a synthetic rise against the baseline, not ordinary days', () => {
    expect(judgeHotspot(6, 1).hot).toBe(true)
    expect(judgeHotspot(3, 0).hot).toBe(true)
    expect(judgeHotspot(2, 0).hot).toBe(false)
    expect(judgeHotspot(6, 5).hot).toBe(false)
    expect(judgeHotspot(12, 5).hot).toBe(true)
  })
})

describe('learning from the chief', () => {
  it('a correction changes the suggestion for similar texts, not for others', () => {
    const text = '小区旁边工地的塔吊半夜还在作业，噪声很大'
    const before = route(text, BICHENG)
    expect(before.departmentId).toBe('ecology')
    const corrections = [{ vector: textVector('小区旁边工地塔吊半夜作业，噪声扰民'), departmentId: 'housing', ticketId: 'BS20261126-0007' }]
    const after = route(text, BICHENG, { corrections })
    expect(after.departmentId).toBe('housing')
    expect(after.reasons.some((r) => r.includes('学习') && r.includes('BS20261126-0007'))).toBe(true)
    expect(route('广场舞音响太吵了', BICHENG, { corrections }).departmentId).toBe('ecology')
  })
})
