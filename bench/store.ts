/**
 * `npm run bench:store` — does ingest slow down as history grows?
 * Two stores with the same daily rate (≈ 274 cases a day, the live open load alike), one holding
 * 1,000 stored cases, one holding 100,000 (a year). Then the same burst of reports is filed through
 * the real service (smart routing, duplicate detection, durable coalesced writes) with 32 in flight. Target: the 100,000 store ingests
 * at ≥ 80 % of the speed of the 1,000 store.
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { LowdbStore } from '../server/store/lowdbStore.ts'
import { Directory } from '../server/services/directory.ts'
import { TicketService } from '../server/services/tickets.ts'
import { SmartRouter, keywordRouter } from '../server/services/router.ts'
import { Bus } from '../server/services/bus.ts'
import { mulberry32, pick } from '../server/seed/random.ts'
import { makeDemoReport } from '../server/demo/texts.ts'
import { emptyDay } from '../server/services/aggregates.ts'
import { DAY_MS, shanghaiDate } from '../shared/domain/time.ts'
import type { Ticket } from '../shared/domain/types.ts'

const PER_DAY = 274
const BURST = Number(process.env.BENCH_BURST ?? 3000)
const CONCURRENCY = 32

function historicCase(i: number, at: number, rng: () => number, groups: Directory['groups']): Ticket {
  const group = pick(rng, groups)
  const r = makeDemoReport(rng, group)
  const s = keywordRouter.suggest(r.content, { townCode: group.townCode })
  const iso = new Date(at).toISOString()
  const closed = new Date(at + 3 * DAY_MS).toISOString()
  const { priority, place: _place, ...suggestion } = s
  return {
    id: `BS${shanghaiDate(at).replaceAll('-', '')}-${String(i).padStart(4, '0')}`,
    title: r.title, content: r.content, level1: s.level1, level2: s.level2, suggestion,
    groupId: group.id, groupType: group.type, reporterId: `u-${group.id}`, townCode: group.townCode,
    communityCode: group.communityCode, gridId: group.gridId, media: [], priority, status: 'closed',
    departmentId: s.departmentId, createdAt: iso, updatedAt: closed, dispatchedAt: iso, acceptedAt: iso,
    repliedAt: closed, closedAt: closed, overdue: false, supervise: 0, returnCount: 0, reopenCount: 0, version: 5,
    reply: { content: '已处理完毕。', media: [], at: closed, by: `u-${s.departmentId}` },
    followUp: { contacted: true, solved: true, satisfaction: 'satisfied', by: 'reporter', at: closed },
    mergedFrom: [],
    timeline: [
      { at: iso, actor: `u-${group.id}`, actorName: '网长', action: 'report', to: 'reported' },
      { at: iso, actor: 'u-chief', actorName: '总网长', action: 'dispatch', to: 'dispatched', departmentId: s.departmentId },
      { at: closed, actor: `u-${group.id}`, actorName: '网长', action: 'close', to: 'closed' },
    ],
  }
}

async function scenario(stored: number) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `echo365-bench-${stored}-`))
  const store = new LowdbStore(dir)
  await store.init()
  const directory = new Directory(store)
  await directory.enableDemo('bench')
  const rng = mulberry32(stored)
  const now = Date.now()
  const days = Math.ceil(stored / PER_DAY)
  // history: finished cases in the archive, the day counters for every day
  const history: Ticket[] = []
  let perDay = 0
  for (let i = 0; i < stored; i++) {
    const at = now - days * DAY_MS + Math.floor((i / stored) * days * DAY_MS)
    perDay = (perDay % 9999) + 1
    history.push(historicCase(perDay, at, rng, directory.groups))
  }
  await store.importArchived(history)
  await store.commit((tx) => {
    for (const t of history) {
      const d = tx.day(shanghaiDate(t.createdAt))
      d.reported++
      d.closed++
      d.deptHandling[t.departmentId ?? ''] ??= { hours: [], followUps: emptyDay().followUps }
      d.deptHandling[t.departmentId ?? '']?.hours.push(72)
    }
  })
  await store.archive(now)
  const liveBytes = (await stat(path.join(dir, 'live.json'))).size
  // the server's own router: trained model, knowledge base, corrections, similar cases; duplicates on
  const svc = new TicketService({ store, directory, router: new SmartRouter(store), bus: new Bus() })
  const reporters = directory.groups.slice(0, 200).map((g) => directory.findUser(g.id)).filter((u) => u !== undefined)
  const texts = Array.from({ length: BURST }, () => makeDemoReport(rng, pick(rng, directory.groups)).content)

  const run = async (n: number) => {
    let next = 0
    const started = process.hrtime.bigint()
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++
        await svc.report(pick(rng, reporters), { content: texts[i % texts.length] as string })
      }
    }))
    return Number(process.hrtime.bigint() - started) / 1e9
  }
  await run(300) // warm-up
  const seconds = await run(BURST)
  const result = { stored, liveFileKB: Math.round(liveBytes / 1024), reports: BURST, seconds: +seconds.toFixed(2), perSecond: Math.round(BURST / seconds), writes: store.stats().writes }
  await rm(dir, { recursive: true, force: true })
  return result
}

const small = await scenario(1_000)
const large = await scenario(100_000)
const ratio = large.perSecond / small.perSecond
console.table([small, large])
console.log(`ingest with 100,000 stored cases runs at ${(ratio * 100).toFixed(1)} % of its speed with 1,000 (target ≥ 80 %): ${ratio >= 0.8 ? 'PASS' : 'MISS'}`)
await mkdir('artifacts', { recursive: true })
await writeFile('artifacts/bench-store.json', JSON.stringify({ at: new Date().toISOString(), small, large, ratio }, null, 2))
