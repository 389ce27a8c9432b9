/**
 * The events Touchmap tells other systems about, and the one body shape
 * every delivery carries (versioned: a receiver checks `version`).
 */
export const WEBHOOK_EVENTS = [
  'insight.created',
  'insight.triaged',
  'touchpoint.created',
  'touchpoint.updated',
  'touchpoint.retired',
  'owner.assigned',
  'audit.task.overdue',
  'metric.threshold.crossed',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number]

/** The body's format version; a change that could break a receiver gets a new one. */
export const WEBHOOK_PAYLOAD_VERSION = 1

export type WebhookEvent = { type: WebhookEventType; data: Record<string, unknown> }

export type WebhookPayload = {
  version: typeof WEBHOOK_PAYLOAD_VERSION
  /** The event's id: the same in every delivery and redelivery of it (receivers deduplicate by it). */
  id: string
  type: WebhookEventType
  /** When it happened (ISO 8601, UTC). */
  created: string
  workspace: { id: string }
  data: Record<string, unknown>
}

export const isWebhookEvent = (v: string): v is WebhookEventType => (WEBHOOK_EVENTS as readonly string[]).includes(v)
