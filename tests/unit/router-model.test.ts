import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadShippedModel, MODEL_FILE } from '../../server/services/router.ts'

describe('the shipped classifier model', () => {
  it('ships its lexicon, so its words do not depend on ICU; a lexicon-less model from another ICU warns', async () => {
    const json = JSON.parse(await readFile(MODEL_FILE, 'utf8')) as { lexicon?: string; segmenterIcu?: string }
    expect(json.lexicon?.length).toBeGreaterThan(0)
    expect(json.segmenterIcu).toBeUndefined()
    const same: string[] = []
    expect(loadShippedModel(MODEL_FILE, (m) => same.push(m))).toBeDefined()
    expect(same).toEqual([])

    const dir = await mkdtemp(path.join(os.tmpdir(), 'echo365-model-'))
    try {
      const file = path.join(dir, 'model.json')
      // A lexicon under another ICU is no concern: the lexicon, not ICU, cuts the words.
      await writeFile(file, JSON.stringify({ ...json, segmenterIcu: '1.0' }))
      const quiet: string[] = []
      expect(loadShippedModel(pathToFileURL(file), (m) => quiet.push(m))?.labels).toHaveLength(7)
      expect(quiet).toEqual([])
      // An older model cuts with this Node's Intl.Segmenter: still usable, a few words may split differently.
      const { lexicon: _lexicon, ...older } = json
      await writeFile(file, JSON.stringify({ ...older, segmenterIcu: '1.0' }))
      const warnings: string[] = []
      expect(loadShippedModel(pathToFileURL(file), (m) => warnings.push(m))?.labels).toHaveLength(7)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain('ICU 1.0')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
