import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_FEATURES, HEAD_MARK, NO_WORDS, WORD_MARK, forEachLexiconWord, forEachNgram, forEachWord, lexiconTrie, ngramCounts, normalizeText, readableFeature, sublinearTf } from '../../shared/routing/classifier/features.ts'
import { accuracy, confusionMatrix, evaluate, macroF1, percentile, seededRandom, stratifiedFolds, stratifiedSplit } from '../../shared/routing/classifier/metrics.ts'
import { classify, loadModel, vectorizeText, type ModelJson } from '../../shared/routing/classifier/model.ts'
import { DEFAULT_TRAIN_OPTIONS, crossValidate, parseTrainingTsv, train, type TrainOptions, type TrainRow } from '../../shared/routing/classifier/train.ts'

// Invented fixture (not the real messages): topic phrases × sentence frames, per label.
const TOPICS: Record<string, string[]> = {
  城乡建设: ['小区物业不作为', '人行道井盖破损', '路灯晚上不亮', '楼顶违章搭建', '新房墙体开裂漏水', '拆迁补偿不到位', '老旧小区改造', '燃气管道入户难'],
  环境保护: ['化工厂排放黑烟', '河道污水直排', '夜间施工噪音扰民', '工厂废气刺鼻', '养殖场粪便污染水源', '工地扬尘严重', '非法采砂破坏河床', '废水偷排进小河'],
  交通运输: ['公交车不按站停靠', '出租车不打表', '客运大巴超载', '驾驶证换证排队', '网约车司机绕路', '公路收费站收费', '货车超限上路', '乡村班车停运'],
  教育文体: ['学校招生入学', '幼儿园乱收费', '老师体罚学生', '学区划分不合理', '课外培训班退费', '体育馆不对外开放', '图书馆开放时间短', '中考加分政策'],
  劳动和社会保障: ['公司拖欠工资', '单位不交社保', '养老保险转移', '劳动合同到期不续签', '退休金计算有误', '失业金领取手续', '工伤认定太慢', '农民工讨薪无门'],
  商贸旅游: ['商场虚假打折', '景区门票涨价', '网购退款难', '旅行社强制购物', '商家预付卡跑路', '酒店价格欺诈', '农贸市场缺斤少两', '导游辱骂游客'],
  卫生计生: ['医院挂号难', '医生收受红包', '二孩生育登记', '疫苗接种预约', '药店出售假药', '诊所无证行医', '计划生育奖励金', '急诊科排队太久'],
}
const FRAMES = ['{t}，希望有关部门尽快处理', '反映{t}的问题', '关于{t}的投诉', '我们这里{t}，请领导关注', '{t}一直没有人管']
const HELD_OUT_FRAMES = ['请问{t}怎么解决？', '{t}！！！']

function fixture(frames: readonly string[]): TrainRow[] {
  return Object.entries(TOPICS).flatMap(([label, topics]) => topics.flatMap((t) => frames.map((f) => ({ label, text: f.replace('{t}', t) }))))
}

const FAST: Partial<TrainOptions> = { maxFeatures: 0, calibrationFolds: 3 }
const fixtureJson = train(fixture(FRAMES), FAST)
const fixtureModel = loadModel(fixtureJson)
const charFeatures = { ...DEFAULT_FEATURES, ...NO_WORDS }
const charOnlyJson = train(fixture(FRAMES), { ...FAST, features: charFeatures })
const pairsJson = train(fixture(FRAMES), { ...FAST, features: { ...DEFAULT_FEATURES, wordMaxN: 2, wordChars: 20, wordMinLength: 1, wordWeight: 1.5 } })
/** Words cut by Intl.Segmenter at run time: how models were trained before they shipped a lexicon. */
const icuJson = train(fixture(FRAMES), { ...FAST, lexiconMinDf: 0 })

/** Reference vector built the slow, obvious way from ngramCounts (what training sees). */
function referenceVector(json: ModelJson, text: string): Map<number, number> {
  const model = loadModel(json)
  const index = new Map(model.terms.map((t, j) => [t, j]))
  const raw = new Map<number, number>()
  const lexicon = json.lexicon === undefined ? undefined : lexiconTrie(json.lexicon.split(' '))
  for (const [g, c] of ngramCounts(text, model.features, lexicon)) {
    const j = index.get(g)
    if (j !== undefined) raw.set(j, sublinearTf(c) * (model.idf[j] ?? 0))
  }
  const norm = Math.sqrt([...raw.values()].reduce((s, v) => s + v * v, 0)) || 1
  return new Map([...raw].map(([j, v]) => [j, v / norm]))
}

describe('normalizeText', () => {
  it('maps full-width to half-width and lower-cases', () => {
    expect(normalizeText('ＡＢＣｄｅｆ　ＸＹＺ')).toBe('abcdef xyz')
  })
  it('collapses digit runs and turns punctuation runs into one space', () => {
    expect(normalizeText('3号楼，，，漏水！！2024年')).toBe('0号楼 漏水 0年')
    expect(normalizeText('12 345', { ...DEFAULT_FEATURES, digits: 'keep' })).toBe('12 345')
  })
  it('drops emoji and symbols, trims the ends', () => {
    expect(normalizeText('  😀垃圾🚮没人收😡  ')).toBe('垃圾 没人收')
    expect(normalizeText('😀😀😀')).toBe('')
    expect(normalizeText('')).toBe('')
  })
  it('caps the length at maxChars', () => {
    expect(normalizeText('垃'.repeat(5000))).toHaveLength(DEFAULT_FEATURES.maxChars)
    expect(normalizeText('路灯不亮，晚上很黑', { ...DEFAULT_FEATURES, maxChars: 4 })).toBe('路灯不亮')
  })
})

describe('n-gram features', () => {
  it('emits 1–3-grams within a segment, never across a separator', () => {
    const grams: string[] = []
    forEachNgram('垃圾 清运', { minN: 1, maxN: 3 }, (g) => grams.push(g))
    expect(grams).toEqual(['垃', '垃圾', '圾', '清', '清运', '运'])
  })
  it('counts repeated n-grams and marks head n-grams when asked', () => {
    const counts = ngramCounts('噪音，噪音', DEFAULT_FEATURES)
    expect(counts.get('噪音')).toBe(2)
    const withHead = ngramCounts('噪音扰民', { ...DEFAULT_FEATURES, headChars: 2 })
    expect(withHead.get(HEAD_MARK + '噪音')).toBe(1)
    expect(withHead.has(HEAD_MARK + '扰民')).toBe(false)
  })
  it('emits marked words and word pairs, never across a separator, within wordChars', () => {
    const words: string[] = []
    const options = { wordMaxN: 2, wordChars: 100, wordMinLength: 1 }
    forEachWord('小区门口 垃圾桶', options, (w) => words.push(w))
    expect(words).toEqual(['_小区', '_门口', '_小区_门口', '_垃圾桶'])
    const long: string[] = []
    forEachWord('小区门口 垃圾桶', { ...options, wordMaxN: 1, wordMinLength: 3 }, (w) => long.push(w))
    expect(long).toEqual(['_垃圾桶'])
    const cut: string[] = []
    forEachWord('小区门口 垃圾桶', { ...options, wordChars: 2 }, (w) => cut.push(w))
    expect(cut).toEqual(['_小区'])
    forEachWord('小区门口', { ...options, wordMaxN: 0 }, () => expect.unreachable())
    const lexicon: string[] = []
    forEachWord('小区门口 垃圾桶', options, (w) => lexicon.push(w), lexiconTrie(['小区', '小区门', '垃圾']))
    expect(lexicon).toEqual(['_小区门', '_口', '_小区门_口', '_垃圾', '_桶', '_垃圾_桶'])
    expect(readableFeature(`${WORD_MARK}小区${WORD_MARK}门口`)).toBe('小区门口')
    expect(readableFeature(`${HEAD_MARK}噪音`)).toBe('噪音')
  })
  it('cuts by forward maximum matching over the lexicon, ICU-free', () => {
    const cut = (text: string, words: string[]): string[] => {
      const out: string[] = []
      const codes = Array.from(text, (ch) => ch.charCodeAt(0))
      forEachLexiconWord(codes, codes.length, lexiconTrie(words), (from, to) => out.push(text.slice(from, to)))
      return out
    }
    // Longest match first (垃圾桶 over 垃圾), unknown ideographs alone, a prefix that is no word backs off.
    expect(cut('小区垃圾桶满了', ['小区', '垃圾', '垃圾桶', '满了吗'])).toEqual(['小区', '垃圾桶', '满', '了'])
    // Latin and digit runs are one word each; separators end words; a word never spans one.
    expect(cut('wifi0号 楼房', ['0号', '号楼', '楼房'])).toEqual(['wifi0', '号', '楼房'])
    expect(cut('小 区', ['小区'])).toEqual(['小', '区'])
    expect(cut('', ['小区'])).toEqual([])
  })
  it('uses sublinear term frequency', () => {
    expect(sublinearTf(0)).toBe(0)
    expect(sublinearTf(1)).toBe(1)
    expect(sublinearTf(3)).toBeCloseTo(1 + Math.log(3))
  })
})

describe('metrics', () => {
  it('computes accuracy, confusion matrix and macro-F1', () => {
    const truth = ['a', 'a', 'b', 'b']
    const predicted = ['a', 'b', 'b', 'b']
    expect(accuracy(truth, predicted)).toBe(0.75)
    expect(confusionMatrix(truth, predicted, ['a', 'b'])).toEqual([[1, 1], [0, 2]])
    // F1(a) = 2/3, F1(b) = 0.8
    expect(macroF1(truth, predicted, ['a', 'b'])).toBeCloseTo((2 / 3 + 0.8) / 2)
    expect(evaluate(truth, predicted, ['a', 'b']).perLabel.a?.recall).toBe(0.5)
  })
  it('makes seeded, stratified and disjoint splits', () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 'rare' : 'common'))
    const folds = stratifiedFolds(labels, 5, 1)
    expect(folds).toEqual(stratifiedFolds(labels, 5, 1))
    for (let f = 0; f < 5; f++) expect(labels.filter((l, i) => l === 'rare' && folds[i] === f)).toHaveLength(5)
    const { train: tr, test } = stratifiedSplit(labels, 0.2, 3)
    expect(test).toHaveLength(20)
    expect(new Set([...tr, ...test]).size).toBe(100)
    expect(seededRandom(9)()).toBe(seededRandom(9)())
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3)
  })
})

describe('training on an invented fixture', () => {
  it('separates the labels, also on sentences it has not seen', () => {
    const seen = fixture(FRAMES)
    expect(seen.filter((r) => classify(fixtureModel, r.text).label === r.label).length / seen.length).toBe(1)
    const unseen = fixture(HELD_OUT_FRAMES)
    expect(unseen.filter((r) => classify(fixtureModel, r.text).label === r.label).length / unseen.length).toBeGreaterThanOrEqual(0.9)
  })
  it('is deterministic: same rows, same model JSON', () => {
    expect(JSON.stringify(train(fixture(FRAMES), FAST))).toBe(JSON.stringify(fixtureJson))
  })
  it('cross-validates every method without errors', () => {
    for (const method of ['centroid', 'cnb', 'svm', 'nbsvm', 'softmax', 'ensemble'] as const) {
      const cv = crossValidate(fixture(FRAMES), { ...FAST, method, softmaxIterations: 30, calibrationFolds: 0 }, 3, 5)
      expect(cv.folds).toHaveLength(3)
      expect(cv.mean.accuracy).toBeGreaterThan(0.8)
    }
  })
  it('prunes to maxFeatures and records the settings', () => {
    const json = train(fixture(FRAMES), { ...FAST, maxFeatures: 200 })
    expect(json.idf).toHaveLength(200)
    expect(json.weights).toHaveLength(200 * json.labels.length)
    expect(json.method).toBe(`ensemble(${DEFAULT_TRAIN_OPTIONS.members.join('+')})`)
  })
  it('parses the training TSV', () => {
    expect(parseTrainingTsv('id\tlabel\ttext\nm1\t教育文体\t学校\t招生\n')).toEqual([{ label: '教育文体', text: '学校\t招生' }])
  })
})

describe('classify', () => {
  it('sees the same vector as training (trie matcher = n-gram reference)', () => {
    const random = seededRandom(11)
    const alphabet = [...new Set(Object.values(TOPICS).flat().join(''))].join('') + '，。！ ＡＢ１２😀'
    const sentences = fixture([...FRAMES, ...HELD_OUT_FRAMES]).map((r) => r.text)
    for (const json of [fixtureJson, charOnlyJson, pairsJson, icuJson]) {
      const model = loadModel(json)
      for (let k = 0; k < 50; k++) {
        // Random characters exercise the n-grams; real phrases run together exercise the words.
        const text = k % 2 === 0
          ? Array.from({ length: 5 + Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
          : Array.from({ length: 1 + Math.floor(random() * 4) }, () => sentences[Math.floor(random() * sentences.length)]).join('')
        const got = vectorizeText(model, text)
        const want = referenceVector(json, text)
        expect([...got.keys()].sort((a, b) => a - b)).toEqual([...want.keys()].sort((a, b) => a - b))
        for (const [j, v] of want) expect(got.get(j)).toBeCloseTo(v, 12)
      }
    }
  })
  it('still loads a model from before word features (no word options: char n-grams only)', () => {
    const json = train(fixture(FRAMES), { ...FAST, features: charFeatures })
    const { wordMaxN, wordChars, wordMinLength, wordWeight, ...old } = json.features
    expect([wordMaxN, wordChars, wordMinLength, wordWeight]).toEqual([0, 0, 1, 1])
    const text = '我们这里出租车不打表，请领导关注'
    expect(classify(loadModel({ ...json, features: old }), text)).toEqual(classify(loadModel(json), text))
  })
  it('ships a lexicon of words only, and still loads a model whose words Intl.Segmenter cuts', () => {
    const words = fixtureJson.lexicon?.split(' ') ?? []
    expect(words).toContain('小区')
    expect(words.every((w) => w.length > 1 && !/[\s，。]/.test(w))).toBe(true)
    expect(words).toEqual([...words].sort())
    expect(icuJson.lexicon).toBeUndefined()
    expect(icuJson.features.wordMaxN).toBe(1)
    expect(classify(loadModel(icuJson), '我们这里出租车不打表，请领导关注').label).toBe('交通运输')
  })
  it('is deterministic and survives a JSON round trip', () => {
    const text = '我们这里出租车不打表，请领导关注'
    const a = classify(fixtureModel, text)
    expect(classify(fixtureModel, text)).toEqual(a)
    expect(classify(loadModel(JSON.parse(JSON.stringify(fixtureJson)) as unknown), text)).toEqual(a)
    expect(a.label).toBe('交通运输')
    expect(a.topFeatures.length).toBeGreaterThan(0)
  })
  it('returns probabilities: scores sum to 1, confidence is the winner', () => {
    const r = classify(fixtureModel, '医院挂号难，希望有关部门尽快处理')
    const sum = Object.values(r.scores).reduce((s, v) => s + v, 0)
    expect(sum).toBeCloseTo(1, 9)
    expect(r.confidence).toBe(r.scores[r.label])
    expect(Math.max(...Object.values(r.scores))).toBe(r.confidence)
  })
  it('handles empty, emoji-only and 5,000-character input', () => {
    for (const text of ['', '   ', '😀😀🎉', '！？。']) {
      const r = classify(fixtureModel, text)
      expect(fixtureJson.labels).toContain(r.label)
      expect(r.topFeatures).toEqual([])
      expect(r.confidence).toBeGreaterThan(0)
      expect(r.confidence).toBeLessThanOrEqual(1)
    }
    const long = '公司拖欠工资😀，'.repeat(700).slice(0, 5000)
    // CPU time, not wall time: a busy CI machine must not fail this (bench/classify.ts measures latency).
    const started = process.cpuUsage()
    const r = classify(fixtureModel, long)
    const used = process.cpuUsage(started)
    expect((used.user + used.system) / 1000).toBeLessThan(50)
    expect(r.label).toBe('劳动和社会保障')
  })
  it('rejects files that are not a model', () => {
    expect(() => loadModel(null)).toThrow()
    expect(() => loadModel({ ...fixtureJson, format: 'other' })).toThrow(/format/)
    expect(() => loadModel({ ...fixtureJson, weights: fixtureJson.weights.slice(1) })).toThrow(/weights/)
    expect(() => loadModel({ ...fixtureJson, features: { ...fixtureJson.features, digits: 'x' } })).toThrow(/digits/)
    expect(() => loadModel({ ...fixtureJson, lexicon: ['小区'] })).toThrow(/lexicon/)
  })
})

describe('shipped model (server/assets/classifier-model.json)', () => {
  const json = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../server/assets/classifier-model.json'), 'utf8')) as ModelJson
  const model = loadModel(json)

  it('credits its data origin and carries no texts', () => {
    expect(json.origin).toMatch(/TipDM/)
    expect(json.origin).toMatch(/texts not included/)
    expect(json.labels).toEqual(['交通运输', '劳动和社会保障', '卫生计生', '商贸旅游', '城乡建设', '教育文体', '环境保护'])
    const charTerms = model.terms.filter((t) => !t.startsWith(WORD_MARK))
    expect(Math.max(...charTerms.map((t) => t.length))).toBeLessThanOrEqual(json.features.maxN + 1)
  })

  // Invented messages. In this labelling scheme 垃圾清运 is 城乡建设 (市容环卫), pollution is 环境保护.
  const cases: [string, string][] = [
    ['小区门口垃圾堆了好几天没人清运，臭气熏天', '城乡建设'],
    ['公司拖欠工资三个月了，老板一直不发', '劳动和社会保障'],
    ['请问孩子今年上小学，学校招生入学报名怎么办理', '教育文体'],
    ['医院挂号太难了，排队一上午都挂不上专家号', '卫生计生'],
    ['出租车司机不打表，乱收费', '交通运输'],
    ['化工厂夜里偷排废水，河水发黑发臭', '环境保护'],
    ['景区门票随意涨价，游客意见很大', '商贸旅游'],
  ]
  it.each(cases)('%s → %s', (text, label) => {
    const r = classify(model, text)
    expect(r.label).toBe(label)
    expect(r.confidence).toBeGreaterThan(0.5)
    expect(r.topFeatures.length).toBeGreaterThan(0)
    for (const f of r.topFeatures) expect(normalizeText(text, json.features)).toContain(f)
  })
})
