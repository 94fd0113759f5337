import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadShippedModel, MODEL_FILE } from '../../server/services/router.ts'

describe('the shipped classifier model', () => {
  it('records the ICU its words were cut with, and the server warns when its own differs', async () => {
    const json = JSON.parse(await readFile(MODEL_FILE, 'utf8')) as { segmenterIcu?: string }
    expect(json.segmenterIcu).toBe(process.versions.icu)
    const same: string[] = []
    expect(loadShippedModel(MODEL_FILE, (m) => same.push(m))).toBeDefined()
    expect(same).toEqual([])

    const dir = await mkdtemp(path.join(os.tmpdir(), 'echo365-model-'))
    try {
      const file = path.join(dir, 'model.json')
      await writeFile(file, JSON.stringify({ ...json, segmenterIcu: '1.0' }))
      const warnings: string[] = []
      // still usable: a few words may split differently, the char n-grams are the same
      expect(loadShippedModel(pathToFileURL(file), (m) => warnings.push(m))?.labels).toHaveLength(7)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain('ICU 1.0')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
