/**
 * Sending one delivery (the `webhooks.deliver` job). A delivery is claimed
 * first (one sender at a time, for 30 s), then POSTed through the guarded
 * client (https only, no redirects, private and rebinding addresses refused
 * at connect time, 5 s), signed (signature.ts). A 2xx delivers it; anything
 * else is recorded (status code, first 1 KB of the answer, or what went
 * wrong) and the job throws, so the queue retries it with doubling delays
 * (WEBHOOK_RETRY_DELAY_SECONDS, WEBHOOK_RETRY_LIMIT: about a day) until the
 * last attempt marks it failed. An endpoint that fails
 * WEBHOOK_PAUSE_AFTER_FAILURES attempts in a row is paused and its
 * workspace's owners and admins are notified.
 */
import { sql } from 'drizzle-orm'
import { config } from '@/lib/config'
import { open } from '@/lib/crypto/secret-box'
import { database, rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { enqueueMany } from '@/lib/jobs/queue'
import { signal } from '@/lib/live/signals'
import { log } from '@/lib/log'
import { guardedFetch, OutboundRequestError } from '@/lib/net/guarded-fetch'
import { notify } from '@/lib/notifications/notify'
import { DELIVER_JOB } from './emit'
import { SIGNATURE_HEADER, signatureHeader } from './signature'

export const SECRET_PURPOSE = 'webhook-secret'
export const EXCERPT_BYTES = 1024

export class DeliveryFailed extends Error {}

type Claimed = { attempts: number; endpoint_id: string; url: string; secret: string; event_id: string; type: string; payload: string }

const excerptOf = (text: string) => {
  const buf = Buffer.from(text, 'utf8')
  return buf.length <= EXCERPT_BYTES ? text : buf.subarray(0, EXCERPT_BYTES).toString('utf8')
}

/** Sends one delivery if it is still pending and nobody else holds it; throws DeliveryFailed for the queue to retry. */
export async function deliverOne(workspaceId: string, deliveryId: string): Promise<'delivered' | 'failed' | 'skipped' | 'not_pending'> {
  const cfg = config()
  const claimed = await inWorkspace(workspaceId, null, async (tx) => {
    const [c] = rowsOf<Claimed>(
      await tx.execute(sql`
        update webhook_deliveries d set locked_until = now() + interval '30 seconds', attempts = d.attempts + 1, last_attempt_at = now()
        from webhook_endpoints e, webhook_events ev
        where d.id = ${deliveryId} and d.workspace_id = ${workspaceId} and e.id = d.endpoint_id and ev.id = d.event_id
          and d.status = 'pending' and (d.locked_until is null or d.locked_until < now()) and e.paused_at is null
        returning d.attempts, e.id as endpoint_id, e.url, e.secret, ev.id as event_id, ev.type, ev.payload::text as payload`),
    )
    if (c) return c
    // A paused endpoint's pending deliveries are skipped (an admin can redeliver them after resuming).
    await tx.execute(sql`
      update webhook_deliveries d set status = 'skipped', locked_until = null
      from webhook_endpoints e where d.id = ${deliveryId} and d.workspace_id = ${workspaceId} and e.id = d.endpoint_id and e.paused_at is not null and d.status = 'pending'`)
    return null
  })
  if (!claimed) return 'not_pending'

  const body = claimed.payload
  let code: number | null = null
  let excerpt = ''
  let ok = false
  let secret: string | null = null
  try {
    secret = open(claimed.secret, SECRET_PURPOSE)
  } catch {
    excerpt = 'The signing secret could not be read (was AUTH_SECRET changed?): make a new secret for this webhook'
    log.error('webhooks: a signing secret could not be unsealed', { workspaceId, endpointId: claimed.endpoint_id })
  }
  if (secret !== null) try {
    const res = await guardedFetch(
      claimed.url,
      {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Touchmap-Webhooks/1',
          'touchmap-event': claimed.type,
          'touchmap-event-id': claimed.event_id,
          'touchmap-delivery': deliveryId,
          [SIGNATURE_HEADER]: signatureHeader(secret, body),
        },
      },
      { allowHttpLoopback: cfg.webhookAllowHttpLoopback },
    )
    code = res.status
    excerpt = excerptOf(await res.text().catch(() => ''))
    ok = res.status >= 200 && res.status < 300
  } catch (err) {
    if (!(err instanceof OutboundRequestError)) log.warn('webhooks: a delivery failed unexpectedly', { workspaceId, deliveryId, err: String(err) })
    excerpt = excerptOf(err instanceof OutboundRequestError ? err.message : 'The request failed')
  }
  const final = !ok && claimed.attempts > cfg.webhookRetryLimit
  const status = ok ? 'delivered' : final ? 'failed' : 'pending'

  const paused = await inWorkspace(workspaceId, null, async (tx) => {
    await tx.execute(sql`
      update webhook_deliveries set status = ${status}, response_code = ${code}, response_excerpt = ${excerpt}, locked_until = null,
        delivered_at = ${ok ? sql`now()` : sql`null`}
      where id = ${deliveryId} and workspace_id = ${workspaceId}`)
    if (ok) {
      await tx.execute(sql`update webhook_endpoints set consecutive_failures = 0 where id = ${claimed.endpoint_id} and consecutive_failures <> 0`)
      return null
    }
    const [ep] = rowsOf<{ consecutive_failures: number; paused_at: string | null; url: string }>(
      await tx.execute(sql`update webhook_endpoints set consecutive_failures = consecutive_failures + 1 where id = ${claimed.endpoint_id} returning consecutive_failures, paused_at, url`),
    )
    if (ep && !ep.paused_at && ep.consecutive_failures >= cfg.webhookPauseAfterFailures) {
      const reason = `Paused after ${ep.consecutive_failures} failed attempts in a row (last: ${code ? `HTTP ${code}` : excerpt})`
      await tx.execute(sql`update webhook_endpoints set paused_at = now(), paused_reason = ${reason} where id = ${claimed.endpoint_id}`)
      return { url: ep.url, reason }
    }
    return null
  })
  signal(workspaceId, 'webhooks')
  if (paused) await tellAdmins(workspaceId, paused.url, paused.reason)
  if (!ok && !final) throw new DeliveryFailed(`Delivery ${deliveryId} failed (${code ? `HTTP ${code}` : excerpt}); it will be retried`)
  return ok ? 'delivered' : 'failed'
}

async function tellAdmins(workspaceId: string, url: string, reason: string) {
  try {
    const rows = await inWorkspace(workspaceId, null, async (tx) =>
      rowsOf<{ user_id: string; slug: string }>(
        await tx.execute(sql`select m.user_id, w.slug from memberships m join workspaces w on w.id = m.workspace_id where m.workspace_id = ${workspaceId} and m.role_key in ('owner', 'admin')`),
      ),
    )
    if (!rows.length) return
    await notify({
      workspaceId,
      recipients: rows.map((r) => r.user_id),
      actorId: null,
      kind: 'webhook',
      title: `A webhook was paused: ${url}`,
      body: `${reason}. Nothing more is sent to it until an admin resumes it; the deliveries it missed can be sent again from its log.`,
      link: `/w/${rows[0]!.slug}/settings/webhooks`,
    })
  } catch (err) {
    log.error('webhooks: admins not told of a pause', { workspaceId, err: String(err) })
  }
}

/** The sweep job: queues deliveries that were stored but never queued (the process stopped between commit and queue). */
export async function sweepUnqueued(): Promise<number> {
  const db = await database()
  const rows = rowsOf<{ workspace_id: string; delivery_id: string }>(await db.execute(sql`select workspace_id, delivery_id from touchmap_webhook_deliveries_unqueued(now() - interval '1 minute')`))
  if (rows.length) await enqueueMany(DELIVER_JOB, rows.map((r) => ({ data: { workspaceId: r.workspace_id, deliveryId: r.delivery_id } })))
  return rows.length
}
