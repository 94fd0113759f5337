import { computed, markRaw, shallowRef, type ComputedRef, type Ref } from 'vue'
import type { Ticket } from '../../../../shared/domain/types.ts'
import type { BroadcastProgress } from '../../../../shared/events.ts'
import type { LiveStats } from '../../../../shared/stats.ts'
import { useSocket, type ConnectionState } from '../../composables/useSocket.ts'
import type { Session } from './session.ts'
import { userSocketAuth } from './socketAuth.ts'
import { createFeed, feedEvent, feedResumeSeq, feedSnapshot, upsertTicket } from './ticketFeed.ts'

export interface TicketFeed {
  /** every visible case (recomputed when anything changed) */
  tickets: ComputedRef<Ticket[]>
  ready: ComputedRef<boolean>
  connection: Ref<ConnectionState>
  serverOffsetMs: ComputedRef<number>
  /** puts the answer of an action in at once (the socket event follows and changes nothing) */
  put: (t: Ticket) => void
  get: (id: string) => Ticket | undefined
}

export interface FeedOptions {
  onBroadcast?: (b: BroadcastProgress) => void
  onStats?: (s: LiveStats) => void
}

/**
 * The signed-in user's cases, live over Socket.IO (snapshot, then events; resumed by seq after a
 * drop). Mount it only while logged in: a refused token ends the session, and the page's login shows.
 */
export function useTicketFeed(session: Session, expire: () => void, opts: FeedOptions = {}): TicketFeed {
  const state = markRaw(createFeed(session.user))
  const revision = shallowRef(0)
  const bump = (changed: boolean) => {
    if (changed) revision.value++
  }
  const socket = useSocket({
    ...userSocketAuth(session.token, expire),
    lastSeq: () => feedResumeSeq(state),
    handlers: {
      snapshot: (s) => {
        feedSnapshot(state, s)
        bump(true)
      },
      ticket: (e) => bump(feedEvent(state, e)),
      broadcast: (b) => opts.onBroadcast?.(b),
      stats: (s) => opts.onStats?.(s),
    },
  })
  const view = <T,>(read: () => T) => computed<T>(() => {
    void revision.value
    return read()
  })
  return {
    tickets: view(() => [...state.tickets.values()]),
    ready: view(() => state.ready),
    serverOffsetMs: view(() => state.serverOffsetMs),
    connection: socket.state,
    put: (t) => bump(upsertTicket(state, t)),
    get: (id) => {
      void revision.value
      return state.tickets.get(id)
    },
  }
}
