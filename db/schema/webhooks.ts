import { sql } from 'drizzle-orm'
import { check, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { workspaces } from './workspaces'

/**
 * Outgoing webhooks (lib/webhooks/): an admin registers an endpoint for some
 * event types; every event is stored once, and one delivery per subscribed
 * endpoint is sent by the job queue, signed, retried with backoff for a day.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** Event types it receives (lib/webhooks/events.ts WEBHOOK_EVENTS). */
    events: text('events').array().notNull(),
    /** The signing secret, sealed (lib/crypto/secret-box.ts). */
    secret: text('secret').notNull(),
    /** Paused (by an admin, or after failing too often): nothing is sent; new events are not queued. */
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    pausedReason: text('paused_reason'),
    /** Deliveries that failed for good in a row (reset by a success). */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_workspace_idx').on(t.workspaceId)],
)

export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    /** The body sent, whole (version, id, type, created, workspace, data). */
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_events_workspace_idx').on(t.workspaceId, t.createdAt)],
)

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id').notNull().references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull().references(() => webhookEvents.id, { onDelete: 'cascade' }),
    /** 'pending' (queued or between retries), 'delivered', 'failed' (gave up), 'skipped' (endpoint paused). */
    status: text('status').notNull().default('pending'),
    attempts: smallint('attempts').notNull().default(0),
    /** The last answer's HTTP status, or null when none came (timeout, refused address...). */
    responseCode: smallint('response_code'),
    /** The last answer's body, at most 1 KB, or what went wrong. */
    responseExcerpt: text('response_excerpt'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    /** A sender holds the delivery until then (so two processes never send it at once). */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_once_idx').on(t.endpointId, t.eventId),
    index('webhook_deliveries_log_idx').on(t.workspaceId, t.endpointId, t.createdAt),
    check('webhook_deliveries_status', sql`${t.status} in ('pending', 'delivered', 'failed', 'skipped')`),
  ],
)

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect
