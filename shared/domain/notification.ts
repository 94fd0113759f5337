/** An outbound notification to a group's robot (feedback back to the group), queued durably. */
export interface OutboundNotification {
  id: string
  ticketId: string
  groupId: string
  event: 'ticket.replied' | 'ticket.closed'
  title: string
  text: string
  departmentId?: string
  status: string
  createdAt: string
  attempts: number
  nextAt: number
  lastError?: string
}

export type WebhookFormat = 'json' | 'wecom'
export interface GroupWebhook { url: string; format: WebhookFormat }

/** Backoff between attempts: 1 s, 2 s, 4 s … capped at a minute (the first retry within 2 s). */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1))
}
