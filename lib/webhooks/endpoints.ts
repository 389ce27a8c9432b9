/**
 * Webhook endpoints and their delivery log, for a workspace's owners and
 * admins ('webhooks.manage'). The signing secret is shown once, when the
 * endpoint is made or its secret rotated; it is stored sealed.
 */
import { and, desc, eq, lt, or, sql } from 'drizzle-orm'
import { z } from 'zod'
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { config } from '@/lib/config'
import { seal } from '@/lib/crypto/secret-box'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError, ValidationError } from '@/lib/errors'
import { enqueueMany } from '@/lib/jobs/queue'
import { signal } from '@/lib/live/signals'
import { outboundUrlProblem } from '@/lib/net/outbound-url'
import { SECRET_PURPOSE } from './deliver'
import { DELIVER_JOB } from './emit'
import { WEBHOOK_EVENTS, type WebhookEventType } from './events'
import { newWebhookSecret } from './signature'

export const MAX_ENDPOINTS = 20
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const endpointInputSchema = z.object({
  url: z
    .string({ error: 'Enter the URL to send events to' })
    .trim()
    .min(1, 'Enter the URL to send events to')
    .max(2_000, 'A URL has at most 2,000 characters')
    .superRefine((v, ctx) => {
      const problem = outboundUrlProblem(v, { query: true, allowHttpLoopback: config().webhookAllowHttpLoopback })
      if (problem) ctx.addIssue({ code: 'custom', message: `The URL ${problem}` })
    }),
  description: z.string().trim().max(200, 'A description has at most 200 characters').default(''),
  // A form sends one checkbox as a string, several as a list.
  events: z.preprocess(
    (v) => (typeof v === 'string' ? [v] : (v ?? [])),
    z
      .array(z.enum(WEBHOOK_EVENTS, { error: `An event is one of: ${WEBHOOK_EVENTS.join(', ')}` }), { error: 'Choose at least one event' })
      .min(1, 'Choose at least one event')
      .transform((l) => [...new Set(l)]),
  ),
})
export type EndpointInput = z.infer<typeof endpointInputSchema>

export type Endpoint = {
  id: string
  url: string
  description: string
  events: WebhookEventType[]
  pausedAt: string | null
  pausedReason: string | null
  consecutiveFailures: number
  createdAt: string
  /** The last 24 hours. */
  recent: { delivered: number; failed: number; pending: number }
}

const endpointOf = (r: typeof webhookEndpoints.$inferSelect, recent: Endpoint['recent']): Endpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events as WebhookEventType[],
  pausedAt: r.pausedAt?.toISOString() ?? null,
  pausedReason: r.pausedReason,
  consecutiveFailures: r.consecutiveFailures,
  createdAt: r.createdAt.toISOString(),
  recent,
})

async function rowIn(tx: Tx, workspaceId: string, id: string) {
  if (!UUID.test(id)) throw new NotFoundError('Webhook not found')
  const [r] = await tx.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
  if (!r) throw new NotFoundError('Webhook not found')
  return r
}

export async function listEndpoints(ctx: MemberContext): Promise<Endpoint[]> {
  assertCan(ctx, 'webhooks.manage')
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, ctx.workspaceId)).orderBy(webhookEndpoints.createdAt)
    const counts = rowsOf<{ endpoint_id: string; status: string; n: number }>(
      await tx.execute(sql`select endpoint_id, status, count(*)::int as n from webhook_deliveries
                           where workspace_id = ${ctx.workspaceId} and created_at > now() - interval '24 hours' group by endpoint_id, status`),
    )
    return rows.map((r) => {
      const mine = counts.filter((c) => c.endpoint_id === r.id)
      const n = (s: string) => mine.find((c) => c.status === s)?.n ?? 0
      return endpointOf(r, { delivered: n('delivered'), failed: n('failed'), pending: n('pending') })
    })
  })
}

/** Adds an endpoint; the answer carries its signing secret, shown this once. */
export async function createEndpoint(ctx: MemberContext, input: EndpointInput): Promise<{ endpoint: Endpoint; secret: string }> {
  assertCan(ctx, 'webhooks.manage')
  const secret = newWebhookSecret()
  const endpoint = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [{ n }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from webhook_endpoints where workspace_id = ${ctx.workspaceId}`)) as [{ n: number }]
    if (n >= MAX_ENDPOINTS) throw new ValidationError({ url: [`A workspace has at most ${MAX_ENDPOINTS} webhooks; delete one you no longer use`] })
    const [r] = await tx
      .insert(webhookEndpoints)
      .values({ workspaceId: ctx.workspaceId, url: input.url, description: input.description, events: input.events, secret: seal(secret, SECRET_PURPOSE), createdBy: ctx.userId })
      .returning()
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'webhook.created', subject: input.url, data: { webhookId: r!.id, events: input.events } })
    return endpointOf(r!, { delivered: 0, failed: 0, pending: 0 })
  })
  signal(ctx.workspaceId, 'webhooks')
  return { endpoint, secret }
}

export async function updateEndpoint(ctx: MemberContext, id: string, input: EndpointInput): Promise<void> {
  assertCan(ctx, 'webhooks.manage')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    await rowIn(tx, ctx.workspaceId, id)
    await tx
      .update(webhookEndpoints)
      .set({ url: input.url, description: input.description, events: input.events })
      .where(and(eq(webhookEndpoints.workspaceId, ctx.workspaceId), eq(webhookEndpoints.id, id)))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'webhook.updated', subject: input.url, data: { webhookId: id, events: input.events } })
  })
  signal(ctx.workspaceId, 'webhooks')
}

/** A new signing secret, shown this once; deliveries from now on are signed with it. */
export async function rotateSecret(ctx: MemberContext, id: string): Promise<{ secret: string }> {
  assertCan(ctx, 'webhooks.manage')
  const secret = newWebhookSecret()
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const r = await rowIn(tx, ctx.workspaceId, id)
    await tx.update(webhookEndpoints).set({ secret: seal(secret, SECRET_PURPOSE) }).where(eq(webhookEndpoints.id, id))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'webhook.updated', subject: r.url, data: { webhookId: id, secretRotated: true } })
  })
  return { secret }
}

export async function deleteEndpoint(ctx: MemberContext, id: string): Promise<void> {
  assertCan(ctx, 'webhooks.manage')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const r = await rowIn(tx, ctx.workspaceId, id)
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'webhook.deleted', subject: r.url, data: { webhookId: id } })
  })
  signal(ctx.workspaceId, 'webhooks')
}

/** Pauses (nothing is sent, new events are not queued for it) or resumes (the failure count starts again) an endpoint. */
export async function setPaused(ctx: MemberContext, id: string, paused: boolean): Promise<void> {
  assertCan(ctx, 'webhooks.manage')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const r = await rowIn(tx, ctx.workspaceId, id)
    if (Boolean(r.pausedAt) === paused) return
    await tx
      .update(webhookEndpoints)
      .set(paused ? { pausedAt: new Date(), pausedReason: 'Paused by an admin' } : { pausedAt: null, pausedReason: null, consecutiveFailures: 0 })
      .where(eq(webhookEndpoints.id, id))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: paused ? 'webhook.paused' : 'webhook.resumed', subject: r.url, data: { webhookId: id } })
  })
  signal(ctx.workspaceId, 'webhooks')
}

export type Delivery = {
  id: string
  eventId: string
  type: string
  status: 'pending' | 'delivered' | 'failed' | 'skipped'
  attempts: number
  responseCode: number | null
  responseExcerpt: string | null
  lastAttemptAt: string | null
  deliveredAt: string | null
  createdAt: string
}

export const DELIVERY_PAGE = 50

/** An endpoint's deliveries, newest first, 50 at a time (`before`: the last one's cursor). */
export async function listDeliveries(ctx: MemberContext, endpointId: string, before?: string | null): Promise<{ deliveries: Delivery[]; next: string | null }> {
  assertCan(ctx, 'webhooks.manage')
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    await rowIn(tx, ctx.workspaceId, endpointId)
    const cursor = decodeCursor(before)
    const rows = await tx
      .select({ d: webhookDeliveries, type: webhookEvents.type })
      .from(webhookDeliveries)
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(
        and(
          eq(webhookDeliveries.workspaceId, ctx.workspaceId),
          eq(webhookDeliveries.endpointId, endpointId),
          cursor ? or(lt(webhookDeliveries.createdAt, cursor.at), and(eq(webhookDeliveries.createdAt, cursor.at), lt(webhookDeliveries.id, cursor.id))) : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(DELIVERY_PAGE + 1)
    const page = rows.slice(0, DELIVERY_PAGE)
    const last = page[page.length - 1]
    return {
      deliveries: page.map(({ d, type }) => ({
        id: d.id,
        eventId: d.eventId,
        type,
        status: d.status as Delivery['status'],
        attempts: d.attempts,
        responseCode: d.responseCode,
        responseExcerpt: d.responseExcerpt,
        lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
        createdAt: d.createdAt.toISOString(),
      })),
      next: rows.length > DELIVERY_PAGE && last ? Buffer.from(`${last.d.createdAt.toISOString()}|${last.d.id}`).toString('base64url') : null,
    }
  })
}

function decodeCursor(c: string | null | undefined): { at: Date; id: string } | null {
  if (!c) return null
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|')
  const d = new Date(at ?? '')
  if (!id || !UUID.test(id) || Number.isNaN(d.getTime())) throw new ValidationError({ before: ['This page cursor is not valid'] })
  return { at: d, id }
}

/** Sends a delivery again (same event id, so receivers that saw it can tell), with a fresh round of retries. */
export async function redeliver(ctx: MemberContext, deliveryId: string): Promise<void> {
  assertCan(ctx, 'webhooks.manage')
  if (!UUID.test(deliveryId)) throw new NotFoundError('Delivery not found')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [d] = rowsOf<{ id: string; status: string; paused: boolean }>(
      await tx.execute(sql`select d.id, d.status, e.paused_at is not null as paused from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
                           where d.id = ${deliveryId} and d.workspace_id = ${ctx.workspaceId}`),
    )
    if (!d) throw new NotFoundError('Delivery not found')
    if (d.paused) throw new ValidationError({ _: ['This webhook is paused: resume it first'] })
    if (d.status === 'pending') throw new ValidationError({ _: ['This delivery is still being tried'] })
    await tx.update(webhookDeliveries).set({ status: 'pending', attempts: 0, lockedUntil: null, deliveredAt: null }).where(eq(webhookDeliveries.id, deliveryId))
  })
  await enqueueMany(DELIVER_JOB, [{ data: { workspaceId: ctx.workspaceId, deliveryId } }])
  signal(ctx.workspaceId, 'webhooks')
}
