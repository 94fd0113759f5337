import { markRaw, onBeforeUnmount, shallowRef, type ShallowRef } from 'vue'
import type { Alert, BroadcastProgress } from '../../../shared/events.ts'
import type { LiveStats } from '../../../shared/stats.ts'
import {
  applyAlert, applyBroadcast, applyEvent, applySnapshot, applyStats, createLiveState, needsResync, resumeSeq,
  type LiveCaps, type LiveState, type Snapshot, type TicketEvent,
} from '../lib/liveStore.ts'

type Message =
  | { kind: 'snapshot'; data: Snapshot }
  | { kind: 'ticket'; data: TicketEvent }
  | { kind: 'stats'; data: LiveStats }
  | { kind: 'broadcast'; data: BroadcastProgress }
  | { kind: 'alert'; data: Alert }

export interface LiveStore {
  /** the plain state (not reactive: read it inside computeds that depend on `revision`) */
  state: LiveState
  /** bumps once per applied batch; every view depends on it */
  revision: ShallowRef<number>
  /** Socket.IO handlers that feed the store */
  handlers: {
    snapshot: (s: Snapshot) => void
    ticket: (e: TicketEvent) => void
    stats: (s: LiveStats) => void
    broadcast: (b: BroadcastProgress) => void
    alert: (a: Alert) => void
  }
  lastSeq: () => number | undefined
  /** set by the socket: called when events wait past a gap for too long */
  onResyncNeeded: (fn: () => void) => void
}

/**
 * The live store: socket messages are queued and applied in arrival order, in batches at most every
 * `batchMs`, so a burst of 100 events/s costs a handful of renders per second rather than 100.
 */
export function useLiveStore(caps: Partial<LiveCaps> = {}, batchMs = 100): LiveStore {
  const state = markRaw(createLiveState(caps))
  const revision = shallowRef(0)
  const queue: Message[] = []
  let timer: ReturnType<typeof setTimeout> | null = null
  let lastFlush = 0
  let resyncFn: (() => void) | null = null
  let lastResync = 0
  let disposed = false

  const flush = () => {
    timer = null
    lastFlush = performance.now()
    const before = state.revision
    for (const m of queue.splice(0, queue.length)) {
      switch (m.kind) {
        case 'snapshot':
          applySnapshot(state, m.data)
          if (typeof performance.mark === 'function') performance.mark('wall-snapshot')
          break
        case 'ticket':
          applyEvent(state, m.data)
          break
        case 'stats':
          applyStats(state, m.data)
          break
        case 'broadcast':
          applyBroadcast(state, m.data)
          break
        case 'alert':
          applyAlert(state, m.data)
          break
      }
    }
    if (state.revision !== before) revision.value++
    const now = Date.now()
    if (needsResync(state, now) && resyncFn && now - lastResync > 5000) {
      lastResync = now
      resyncFn()
    }
  }

  const push = (m: Message) => {
    if (disposed) return
    queue.push(m)
    // the first snapshot is applied at once: the screen has nothing better to show meanwhile
    if (m.kind === 'snapshot' && !state.ready) {
      if (timer) clearTimeout(timer)
      flush()
      return
    }
    if (timer) return
    timer = setTimeout(flush, Math.max(0, lastFlush + batchMs - performance.now()))
  }

  onBeforeUnmount(() => {
    disposed = true
    if (timer) clearTimeout(timer)
    timer = null
    queue.length = 0
  })

  return {
    state,
    revision,
    handlers: {
      snapshot: (data) => push({ kind: 'snapshot', data }),
      ticket: (data) => push({ kind: 'ticket', data }),
      stats: (data) => push({ kind: 'stats', data }),
      broadcast: (data) => push({ kind: 'broadcast', data }),
      alert: (data) => push({ kind: 'alert', data }),
    },
    // what has been applied, not what is queued: queued events are replayed by the server anyway
    lastSeq: () => resumeSeq(state),
    onResyncNeeded: (fn) => {
      resyncFn = fn
    },
  }
}
