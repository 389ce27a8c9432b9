/**
 * Emitting webhook events: inside the transaction that made the change, the
 * event is stored once (webhook_events) with one pending delivery per active
 * endpoint that takes its type; after the commit the deliveries are queued
 * (lib/jobs: `webhooks.deliver`). A delivery whose queueing was lost (the
 * process stopped between commit and queue) is queued by the sweep job a
 * minute later. Nothing is stored when no endpoint takes the type.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { enqueueMany } from '@/lib/jobs/queue'
import { log } from '@/lib/log'
import { WEBHOOK_PAYLOAD_VERSION, type WebhookEvent, type WebhookPayload } from './events'

export const DELIVER_JOB = 'webhooks.deliver'
export const SWEEP_JOB = 'webhooks.sweep'

export type QueuedDeliveries = { workspaceId: string; deliveryIds: string[] }

/** Stores `events` and their deliveries in the caller's transaction; pass the answer to `dispatch` after the commit. */
export async function emitEvents(tx: Tx, workspaceId: string, events: WebhookEvent[]): Promise<QueuedDeliveries> {
  const none = { workspaceId, deliveryIds: [] }
  if (!events.length) return none
  const endpoints = rowsOf<{ id: string; events: string[] }>(
    await tx.execute(sql`select id, events from webhook_endpoints where workspace_id = ${workspaceId} and paused_at is null`),
  )
  const wanted = events.map((e) => ({ e, to: endpoints.filter((ep) => ep.events.includes(e.type)).map((ep) => ep.id) })).filter((w) => w.to.length)
  if (!wanted.length) return none
  const now = new Date()
  const stored = wanted.map((w) => {
    const id = randomUUID()
    const payload: WebhookPayload = { version: WEBHOOK_PAYLOAD_VERSION, id, type: w.e.type, created: now.toISOString(), workspace: { id: workspaceId }, data: w.e.data }
    return { id, type: w.e.type, payload: JSON.stringify(payload), to: w.to }
  })
  for (let i = 0; i < stored.length; i += 2_000) {
    const part = stored.slice(i, i + 2_000)
    await tx.execute(sql`
      insert into webhook_events (id, workspace_id, type, payload, created_at)
      select e.id, ${workspaceId}::uuid, e.type, e.payload::jsonb, ${now.toISOString()}::timestamptz
      from unnest(${sql.param(part.map((p) => p.id))}::uuid[], ${sql.param(part.map((p) => p.type))}::text[], ${sql.param(part.map((p) => p.payload))}::text[]) as e(id, type, payload)`)
  }
  const pairs = stored.flatMap((s) => s.to.map((endpointId) => ({ id: randomUUID(), eventId: s.id, endpointId })))
  for (let i = 0; i < pairs.length; i += 5_000) {
    const part = pairs.slice(i, i + 5_000)
    await tx.execute(sql`
      insert into webhook_deliveries (id, workspace_id, endpoint_id, event_id)
      select d.id, ${workspaceId}::uuid, d.endpoint_id, d.event_id
      from unnest(${sql.param(part.map((p) => p.id))}::uuid[], ${sql.param(part.map((p) => p.endpointId))}::uuid[], ${sql.param(part.map((p) => p.eventId))}::uuid[]) as d(id, endpoint_id, event_id)`)
  }
  return { workspaceId, deliveryIds: pairs.map((p) => p.id) }
}

/** Queues the deliveries `emitEvents` stored (after the commit). Never throws: the sweep job queues what this could not. */
export async function dispatch(queued: QueuedDeliveries | QueuedDeliveries[]): Promise<void> {
  const list = Array.isArray(queued) ? queued : [queued]
  const items = list.flatMap((q) => q.deliveryIds.map((deliveryId) => ({ data: { workspaceId: q.workspaceId, deliveryId } })))
  if (!items.length) return
  try {
    await enqueueMany(DELIVER_JOB, items)
  } catch (err) {
    log.warn('webhooks: deliveries not queued now (the sweep queues them within a minute)', { err: String(err) })
  }
}

/** Emits in a transaction of its own and queues at once: for changes whose own transaction is out of reach. Never throws. */
export async function emitNow(workspaceId: string, events: WebhookEvent[]): Promise<void> {
  if (!events.length) return
  try {
    await dispatch(await inWorkspace(workspaceId, null, (tx) => emitEvents(tx, workspaceId, events)))
  } catch (err) {
    log.error('webhooks: events not stored', { workspaceId, types: events.map((e) => e.type), err: String(err) })
  }
}
