/**
 * Trains the level-1 classifier on every row of the TSV and writes the shipped model.
 *   npx tsx scripts/train.ts [path/to/train.tsv]
 * Default data: ../shared/data/complaints/train.tsv next to the repository. Only weights and
 * statistics are written; the texts stay outside the repo (see the data's SOURCE.md).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_TRAIN_OPTIONS, parseTrainingTsv, train } from '../shared/routing/classifier/train.ts'

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DEFAULT_DATA = resolve(REPO_ROOT, '../shared/data/complaints/train.tsv')
const MODEL_PATH = resolve(REPO_ROOT, 'server/assets/classifier-model.json')
const DATA_ORIGIN =
  'trained on 2020 TipDM Cup (泰迪杯) problem C attachment 2 sample (MarsW20/Teddy-Cup-Data-Mining-Competition, val.txt @6129570); texts not included'

function main(): void {
  const dataPath = resolve(process.argv[2] ?? DEFAULT_DATA)
  const rows = parseTrainingTsv(readFileSync(dataPath, 'utf8'))
  const started = process.hrtime.bigint()
  const model = train(rows, { ...DEFAULT_TRAIN_OPTIONS, origin: DATA_ORIGIN })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const json = JSON.stringify(model)
  mkdirSync(dirname(MODEL_PATH), { recursive: true })
  writeFileSync(MODEL_PATH, json + '\n')
  const kb = (Buffer.byteLength(json) / 1024).toFixed(0)
  const words = model.lexicon === undefined ? 0 : model.lexicon.split(' ').length
  console.log(`trained ${model.method} on ${rows.length} rows in ${seconds.toFixed(1)} s: ${model.idf.length} features (char n-grams and words), lexicon of ${words} words, ${kb} KB → ${MODEL_PATH}`)
}

main()
