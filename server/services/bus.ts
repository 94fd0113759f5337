import { EventEmitter } from 'node:events'
import type { Alert, BroadcastProgress, TicketEvent } from '../../shared/events.ts'

/** In-process fan-out of durable changes to the realtime gateway, metrics and notifiers. */
export interface BusEvents {
  tickets: [TicketEvent[]]
  alert: [Alert]
  broadcast: [BroadcastProgress]
}

export class Bus extends EventEmitter<BusEvents> {}
