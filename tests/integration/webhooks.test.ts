/**
 * Outgoing webhooks end to end on the real job queue: events stored with the
 * change, delivered to a real HTTP receiver on loopback with a signature the
 * receiver verifies, retried on failure with the log showing each attempt,
 * paused (and admins told) after failing too often, redelivered on request;
 * and the URL rules (https, loopback only where allowed, private addresses
 * refused at delivery).
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CurrentSession } from '@/lib/auth/current-session'
import { config, setConfig, type Config } from '@/lib/config'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { JOBS } from '@/lib/jobs/definitions'
import { startJobs, type JobRunner } from '@/lib/jobs/queue'
import { notificationMailIdle } from '@/lib/notifications/notify'
import { createEndpoint, listDeliveries, listEndpoints, redeliver, setPaused } from '@/lib/webhooks/endpoints'
import { emitNow } from '@/lib/webhooks/emit'
import { signatureHeader, verifySignature } from '@/lib/webhooks/signature'
import { createInsights } from '@/lib/insights/create'
import { setInsightStatus } from '@/lib/insights/triage'
import { withDocument } from '@/lib/documents/live-documents'
import { addTouchpoint, catalogDocName, updateTouchpoint } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'
import { WEBHOOK_EVENTS } from '@/lib/webhooks/events'
import { createWebhookAction } from '@/app/w/[slug]/settings/webhooks/actions'
import { ctxOf, sessionOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

type Team = Awaited<ReturnType<typeof teamWorkspace>>
let env: LiveEnv
let runner: JobRunner
let receiver: WebhookReceiver
let before: Config
let A: Team

beforeAll(async () => {
  env = await openLiveEnvironment()
  before = config()
  setConfig({ ...before, webhookAllowHttpLoopback: true, outboundAllowedAddresses: ['127.0.0.1'], webhookRetryDelaySeconds: 1, webhookRetryLimit: 2, webhookPauseAfterFailures: 6 })
  runner = await startJobs(env.t.jobs, JOBS, { pollingIntervalSeconds: 0.5 })
  receiver = await startWebhookReceiver()
  A = await teamWorkspace('Hooked Co')
})
afterAll(async () => {
  await runner?.stop()
  await receiver?.close()
  await notificationMailIdle()
  setConfig(before)
  await env?.close()
})

async function until<T>(check: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v) return v
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('webhook endpoints', () => {
  it('are added by owners and admins only, with https URLs (http only on loopback where the instance allows it)', async () => {
    who.session = sessionOf(A.manager)
    expect(await createWebhookAction({ workspaceId: A.ws.id, url: 'https://hooks.example.test/x', events: ['insight.created'] })).toMatchObject({ ok: false, status: 403 })
    who.session = sessionOf(A.admin)
    expect(await createWebhookAction({ workspaceId: A.ws.id, url: 'http://hooks.example.test/x', events: ['insight.created'] })).toMatchObject({
      ok: false,
      fieldErrors: { url: ['The URL must use https://'] },
    })
    expect(await createWebhookAction({ workspaceId: A.ws.id, url: 'https://hooks.example.test/x', events: [] })).toMatchObject({ ok: false, fieldErrors: { events: ['Choose at least one event'] } })
    expect(await createWebhookAction({ workspaceId: A.ws.id, url: 'https://hooks.example.test/x', events: ['insight.deleted'] })).toMatchObject({ ok: false, status: 422 })
    setConfig({ ...config(), webhookAllowHttpLoopback: false })
    try {
      expect(await createWebhookAction({ workspaceId: A.ws.id, url: receiver.url, events: ['insight.created'] })).toMatchObject({
        ok: false,
        fieldErrors: { url: ['The URL must use https:// (http:// on loopback is switched off on this instance)'] },
      })
    } finally {
      setConfig({ ...config(), webhookAllowHttpLoopback: true })
    }
  })
})

describe('deliveries', () => {
  let endpointId: string
  let secret: string
  beforeAll(async () => {
    const made = await createEndpoint(await ctxOf(A.admin.id, A.ws.id), { url: receiver.url, description: 'BI', events: ['insight.created', 'owner.assigned'] })
    endpointId = made.endpoint.id
    secret = made.secret
    expect(secret).toMatch(/^whsec_/)
  })

  it('sends a signed, versioned body the receiver can verify; the log says delivered with the code', async () => {
    await emitNow(A.ws.id, [{ type: 'insight.created', data: { insight: { id: 'i-1', title: 'Hotline waits' } } }])
    const [got] = await receiver.waitFor(1)
    expect(got!.headers['touchmap-event']).toBe('insight.created')
    expect(verifySignature(secret, got!.body, got!.headers['touchmap-signature'] as string)).toMatchObject({ ok: true })
    // A receiver refuses a body changed on the way, another secret, or an old timestamp (a replay).
    expect(verifySignature(secret, got!.body.replace('Hotline', 'Hotl1ne'), got!.headers['touchmap-signature'] as string)).toEqual({ ok: false, reason: 'mismatch' })
    expect(verifySignature('whsec_other', got!.body, got!.headers['touchmap-signature'] as string)).toEqual({ ok: false, reason: 'mismatch' })
    expect(verifySignature(secret, got!.body, signatureHeader(secret, got!.body, Math.floor(Date.now() / 1000) - 301))).toEqual({ ok: false, reason: 'stale' })
    const body = JSON.parse(got!.body) as { version: number; id: string; type: string; workspace: { id: string }; data: unknown }
    expect(body).toMatchObject({ version: 1, type: 'insight.created', workspace: { id: A.ws.id }, data: { insight: { title: 'Hotline waits' } } })
    expect(got!.headers['touchmap-event-id']).toBe(body.id)
    const log = await until(async () => {
      const l = await listDeliveries(await ctxOf(A.admin.id, A.ws.id), endpointId)
      return l.deliveries[0]?.status === 'delivered' ? l : null
    })
    expect(log.deliveries[0]).toMatchObject({ type: 'insight.created', status: 'delivered', attempts: 1, responseCode: 200, responseExcerpt: 'ok' })
  })

  it('retries a failed delivery with backoff and logs each answer (at most 1 KB of it)', async () => {
    receiver.failNext(1)
    const n = receiver.received.length
    await emitNow(A.ws.id, [{ type: 'owner.assigned', data: { touchpoint: { id: 't-1' } } }])
    await receiver.waitFor(n + 2)
    const [first, second] = receiver.received.slice(n)
    expect(first!.status).toBe(500)
    expect(second!.status).toBe(200)
    expect(second!.headers['touchmap-event-id']).toBe(first!.headers['touchmap-event-id'])
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900)
    const d = await until(async () => {
      const l = await listDeliveries(await ctxOf(A.admin.id, A.ws.id), endpointId)
      const x = l.deliveries.find((x) => x.type === 'owner.assigned')
      return x?.status === 'delivered' ? x : null
    })
    expect(d).toMatchObject({ attempts: 2, responseCode: 200 })
  })

  it('only sends the types an endpoint asked for', async () => {
    const n = receiver.received.length
    await emitNow(A.ws.id, [{ type: 'touchpoint.retired', data: {} }])
    await new Promise((r) => setTimeout(r, 1_500))
    expect(receiver.received.length).toBe(n)
  })

  it('gives up after the last retry, pauses an endpoint that keeps failing and tells the admins; redeliver sends it again', async () => {
    receiver.setStatus(503)
    const n = receiver.received.length
    await emitNow(A.ws.id, [
      { type: 'insight.created', data: { insight: { id: 'i-2' } } },
      { type: 'insight.created', data: { insight: { id: 'i-3' } } },
    ])
    // 2 events × 3 attempts each (the first and two retries), then each is given up; the 6th failure in a row pauses the endpoint.
    const ep = await until(async () => (await listEndpoints(await ctxOf(A.owner.id, A.ws.id))).find((e) => e.id === endpointId && e.pausedAt))
    expect(ep.pausedReason).toMatch(/^Paused after 6 failed attempts in a row \(last: HTTP 503\)/)
    // Each owner and admin finds it among their own notifications (they read only their own).
    const titlesOf = async (userId: string) =>
      rowsOf<{ title: string }>(await inWorkspace(A.ws.id, userId, (tx) => tx.execute(sql`select title from notifications where workspace_id = ${A.ws.id} and kind = 'webhook'`))).map((r) => r.title)
    for (const u of [A.owner, A.admin]) expect(await until(async () => (await titlesOf(u.id)).length && titlesOf(u.id))).toEqual([`A webhook was paused: ${receiver.url}`])
    expect(await titlesOf(A.manager.id)).toEqual([])
    const log = await until(async () => {
      const l = await listDeliveries(await ctxOf(A.admin.id, A.ws.id), endpointId)
      return l.deliveries.some((d) => d.status === 'pending') ? null : l
    })
    const sent = receiver.received.length - n
    expect(sent).toBe(6)
    const failedOnes = log.deliveries.filter((d) => d.status !== 'delivered')
    expect(failedOnes.map((d) => [d.status, d.attempts, d.responseCode])).toEqual([
      ['failed', 3, 503],
      ['failed', 3, 503],
    ])
    expect(failedOnes[0]!.responseExcerpt!.length).toBeLessThanOrEqual(1024)
    expect(failedOnes[0]!.responseExcerpt).toMatch(/^receiver says no \(503\)/)

    // Resuming and redelivering sends the same event id again.
    receiver.setStatus(200)
    await expect(redeliver(await ctxOf(A.admin.id, A.ws.id), failedOnes[0]!.id)).rejects.toMatchObject({ status: 422 })
    await setPaused(await ctxOf(A.admin.id, A.ws.id), endpointId, false)
    const m = receiver.received.length
    await redeliver(await ctxOf(A.admin.id, A.ws.id), failedOnes[0]!.id)
    const [again] = (await receiver.waitFor(m + 1)).slice(m)
    expect(again!.headers['touchmap-event-id']).toBe(failedOnes[0]!.eventId)
    // Another workspace's admin finds neither the endpoint nor the delivery.
    const B = await teamWorkspace('Other hooks')
    await expect(redeliver(await ctxOf(B.owner.id, B.ws.id), failedOnes[1]!.id)).rejects.toMatchObject({ status: 404 })
    await expect(listDeliveries(await ctxOf(B.owner.id, B.ws.id), endpointId)).rejects.toMatchObject({ status: 404 })
  })

  it('refuses to deliver to a private address, checked when it connects (a name that rebinds to one is caught the same way)', async () => {
    setConfig({ ...config(), outboundAllowedAddresses: [] })
    try {
      const B = await teamWorkspace('Rebind Co')
      const made = await createEndpoint(await ctxOf(B.owner.id, B.ws.id), { url: receiver.url, description: '', events: ['insight.created'] })
      const n = receiver.received.length
      await emitNow(B.ws.id, [{ type: 'insight.created', data: {} }])
      const d = await until(async () => (await listDeliveries(await ctxOf(B.owner.id, B.ws.id), made.endpoint.id)).deliveries.find((x) => x.attempts > 0 && x.responseExcerpt))
      expect(d.responseExcerpt).toBe('127.0.0.1:' + new URL(receiver.url).port + ' is a private, loopback or internal address, which Touchmap does not contact')
      expect(d.responseCode).toBeNull()
      expect(receiver.received.length).toBe(n)
    } finally {
      setConfig({ ...config(), outboundAllowedAddresses: ['127.0.0.1'] })
    }
  })
})

describe('events from the product', () => {
  it('insights created and triaged, touchpoints created, changed, given an owner and retired each store their event', async () => {
    const C = await teamWorkspace('Eventful Co')
    await createEndpoint(await ctxOf(C.owner.id, C.ws.id), { url: 'https://hooks.example.test/all', description: '', events: [...WEBHOOK_EVENTS] })
    const doc = await withDocument(C.ws.id, catalogDocName(C.ws.id), (d) => {
      addTouchpoint(d, { name: 'Hotline', channel: 'phone' }, C.owner.id, 'tp-hotline')
      return d
    })
    await projectCatalog(C.ws.id, doc)
    await withDocument(C.ws.id, catalogDocName(C.ws.id), (d) => void updateTouchpoint(d, 'tp-hotline', { description: 'Open 8 to 8', ownerUserId: C.editor.id }, C.owner.id))
    await projectCatalog(C.ws.id, doc)
    await withDocument(C.ws.id, catalogDocName(C.ws.id), (d) => void updateTouchpoint(d, 'tp-hotline', { status: 'retired' }, C.owner.id))
    await projectCatalog(C.ws.id, doc)
    const [insight] = await createInsights({ workspaceId: C.ws.id, userId: C.editor.id }, [{ title: 'Long waits', body: '', type: 'complaint', source: 'support', sentiment: 'negative', touchpointIds: ['tp-hotline'], segments: [], topics: [] }], 'form')
    await setInsightStatus(await ctxOf(C.manager.id, C.ws.id), insight!.id, 'actioned', 'More staff at lunch')
    const events = rowsOf<{ type: string; payload: { data: Record<string, unknown> } }>(
      await inWorkspace(C.ws.id, null, (tx) => tx.execute(sql`select type, payload from webhook_events where workspace_id = ${C.ws.id} order by created_at, type`)),
    )
    expect(events.map((e) => e.type).sort()).toEqual(['insight.created', 'insight.triaged', 'owner.assigned', 'touchpoint.created', 'touchpoint.retired', 'touchpoint.updated'].sort())
    expect(events.find((e) => e.type === 'touchpoint.updated')!.payload.data).toMatchObject({ touchpoint: { id: 'tp-hotline', name: 'Hotline' }, fields: expect.arrayContaining(['description', 'ownerUserId']) })
    expect(events.find((e) => e.type === 'owner.assigned')!.payload.data).toMatchObject({ touchpoint: { id: 'tp-hotline' }, owner: { userId: C.editor.id } })
    expect(events.find((e) => e.type === 'insight.triaged')!.payload.data).toMatchObject({ insight: { id: insight!.id, title: 'Long waits' }, from: 'new', to: 'actioned' })
    expect(events.find((e) => e.type === 'insight.created')!.payload.data).toMatchObject({ insight: { id: insight!.id, touchpointIds: ['tp-hotline'], via: 'form' } })
  })
})
