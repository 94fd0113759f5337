import { groupInScope, type Broadcast, type BroadcastForGroup } from '../../shared/domain/broadcast.ts'
import { shanghaiDate } from '../../shared/domain/time.ts'
import type { BroadcastProgress } from '../../shared/events.ts'
import type { z } from 'zod'
import type { broadcastSchema } from '../../shared/schemas.ts'
import { ApiError, forbidden, notFound } from '../http/errors.ts'
import type { BroadcastRecord, Store, UserRecord } from '../store/types.ts'
import type { Bus } from './bus.ts'
import type { Directory } from './directory.ts'

type BroadcastBody = z.infer<typeof broadcastSchema>

/**
 * Downward broadcast (信息推送): the chief sends a message to all groups or a scope; each target
 * group's 网长 confirms forwarding it, counted once per group; reach is live on the wall.
 */
export class BroadcastService {
  constructor(
    private readonly store: Store,
    private readonly dir: Directory,
    private readonly bus: Bus,
    private readonly now: () => number = Date.now,
  ) {}

  /** The same service on another clock (the demo replays history with it). */
  withClock(now: () => number): BroadcastService {
    return new BroadcastService(this.store, this.dir, this.bus, now)
  }

  #targets(b: Pick<BroadcastRecord, 'scope'>) {
    return this.dir.groups.filter((g) => groupInScope(g, b.scope))
  }

  targetGroupIds(id: string): string[] {
    const b = this.store.getBroadcast(id)
    return b ? this.#targets(b).map((g) => g.id) : []
  }

  /** The live figures of a broadcast. */
  figures(b: BroadcastRecord): Broadcast {
    const targets = this.#targets(b)
    let reachedGroups = 0
    let reachedPeople = 0
    let targetPeople = 0
    for (const g of targets) {
      targetPeople += g.members
      if (b.acks[g.id]) {
        reachedGroups++
        reachedPeople += g.members
      }
    }
    const { acks: _acks, ...rest } = b
    return { ...rest, targetGroups: targets.length, targetPeople, reachedGroups, reachedPeople }
  }

  progress(b: BroadcastRecord): BroadcastProgress {
    const f = this.figures(b)
    return { id: f.id, title: f.title, targetGroups: f.targetGroups, targetPeople: f.targetPeople, reachedGroups: f.reachedGroups, reachedPeople: f.reachedPeople, sentAt: f.sentAt }
  }

  recentProgress(limit = 5): BroadcastProgress[] {
    return this.store.broadcasts().slice(0, limit).map((b) => this.progress(b))
  }

  async send(user: UserRecord, body: BroadcastBody): Promise<Broadcast> {
    if (user.role !== 'chief') throw forbidden('只有总网长可以推送信息')
    const scope = body.scope && (body.scope.townCodes?.length || body.scope.groupTypes?.length) ? body.scope : undefined
    if (scope && this.#targets({ scope }).length === 0) throw new ApiError('bad_request', '请求内容不合法', { scope: '范围内没有任何群' })
    let record: BroadcastRecord | undefined
    await this.store.commit((tx) => {
      const now = this.now()
      record = {
        id: tx.nextBroadcastId(shanghaiDate(now)),
        title: body.title,
        content: body.content,
        ...(body.url ? { url: body.url } : {}),
        ...(scope ? { scope } : {}),
        sentAt: new Date(now).toISOString(),
        sentBy: user.id,
        acks: {},
      }
      tx.putBroadcast(record)
    })
    const saved = record as BroadcastRecord
    this.bus.emit('broadcast', this.progress(saved))
    return this.figures(saved)
  }

  /** A target group's 网长 confirms forwarding; repeating it changes nothing. */
  async ack(user: UserRecord, id: string): Promise<BroadcastForGroup> {
    if (user.role !== 'reporter') throw forbidden('只有群网长可以确认转发')
    const b = this.store.getBroadcast(id)
    const group = user.groupId ? this.dir.groupById.get(user.groupId) : undefined
    if (!b || !group || !groupInScope(group, b.scope)) throw notFound('未找到该推送')
    if (!b.acks[group.id]) {
      await this.store.commit((tx) => {
        if (b.acks[group.id]) return
        b.acks[group.id] = new Date(this.now()).toISOString()
        tx.putBroadcast(b)
      })
      this.bus.emit('broadcast', this.progress(b))
    }
    return this.#forGroup(b, group.id)
  }

  get(user: UserRecord, id: string): Broadcast | BroadcastForGroup {
    const b = this.store.getBroadcast(id)
    if (!b) throw notFound('未找到该推送')
    if (user.role === 'reporter') {
      const group = user.groupId ? this.dir.groupById.get(user.groupId) : undefined
      if (!group || !groupInScope(group, b.scope)) throw notFound('未找到该推送')
      return this.#forGroup(b, group.id)
    }
    if (user.role === 'dept') throw forbidden()
    return this.figures(b)
  }

  list(user: UserRecord): (Broadcast | BroadcastForGroup)[] {
    const all = this.store.broadcasts()
    if (user.role === 'reporter') {
      const group = user.groupId ? this.dir.groupById.get(user.groupId) : undefined
      if (!group) return []
      return all.filter((b) => groupInScope(group, b.scope)).map((b) => this.#forGroup(b, group.id))
    }
    if (user.role === 'dept') throw forbidden()
    return all.map((b) => this.figures(b))
  }

  #forGroup(b: BroadcastRecord, groupId: string): BroadcastForGroup {
    const at = b.acks[groupId]
    return { ...this.figures(b), acked: Boolean(at), ...(at ? { ackedAt: at } : {}) }
  }

  /** For the demo: acknowledge on behalf of some not-yet-acknowledged target groups. */
  async demoAcks(fraction: number, rng: () => number): Promise<number> {
    const open = this.store.broadcasts().slice(0, 3).some((b) => this.#targets(b).some((g) => !b.acks[g.id]))
    if (!open) return 0
    let n = 0
    const touched: BroadcastRecord[] = []
    await this.store.commit((tx) => {
      const at = new Date(this.now()).toISOString()
      for (const b of this.store.broadcasts().slice(0, 3)) {
        const pending = this.#targets(b).filter((g) => !b.acks[g.id])
        if (!pending.length) continue
        for (const g of pending) {
          if (rng() < fraction) {
            b.acks[g.id] = at
            n++
          }
        }
        tx.putBroadcast(b)
        touched.push(b)
      }
    })
    for (const b of touched) this.bus.emit('broadcast', this.progress(b))
    return n
  }
}

