import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** Prometheus metrics, one registry per server instance. */
export function createMetrics() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  return {
    registry,
    httpRequests: new Counter({ name: 'echo365_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'] as const, registers: [registry] }),
    httpDuration: new Histogram({ name: 'echo365_http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] }),
    ticketEvents: new Counter({ name: 'echo365_ticket_events_total', help: 'Ticket events published', labelNames: ['type'] as const, registers: [registry] }),
    openTickets: new Gauge({ name: 'echo365_open_tickets', help: 'Open cases', registers: [registry] }),
    overdueTickets: new Gauge({ name: 'echo365_overdue_tickets', help: 'Overdue open cases', registers: [registry] }),
    liveTickets: new Gauge({ name: 'echo365_live_store_tickets', help: 'Cases in the live store file', registers: [registry] }),
    storeWrites: new Gauge({ name: 'echo365_store_writes', help: 'Store file writes since start', registers: [registry] }),
    sockets: new Gauge({ name: 'echo365_socket_clients', help: 'Connected Socket.IO clients', registers: [registry] }),
    eventSeq: new Gauge({ name: 'echo365_event_seq', help: 'Last durable event sequence number', registers: [registry] }),
  }
}

export type Metrics = ReturnType<typeof createMetrics>
