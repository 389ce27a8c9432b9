/**
 * KPIs on the real database: definitions (validation, roles, other
 * workspaces), values through the v1 API as a client sends them (every bad
 * value named, nothing half-written, idempotent retries, replacing a
 * period), the touchpoint's trend and the map badge, and the threshold
 * event it emits for webhooks.
 */
import { sql } from 'drizzle-orm'
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type * as Y from 'yjs'
import { createApiKey } from '@/lib/api-keys/keys'
import type { CurrentSession } from '@/lib/auth/current-session'
import { config } from '@/lib/config'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { improveNext, setMyScores, setWeights, touchpointEvaluation } from '@/lib/evaluation/evaluation'
import { DEFAULT_WEIGHTS } from '@/lib/evaluation/model'
import { addTouchpoint, catalogDocName, updateTouchpoint } from '@/lib/maps/doc-schema'
import { createMap } from '@/lib/maps/maps'
import { projectCatalog } from '@/lib/maps/projection'
import { createMetric, setMapBadgeMetric } from '@/lib/metrics/metrics'
import { METRIC_PRESETS, statusOf } from '@/lib/metrics/model'
import { importValues } from '@/lib/metrics/import'
import { mapKpiBadges, touchpointKpis } from '@/lib/metrics/read'
import { recordValues } from '@/lib/metrics/values'
import { createEndpoint } from '@/lib/webhooks/endpoints'
import * as valuesRoute from '@/app/api/v1/metrics/values/route'
import * as metricsRoute from '@/app/api/v1/metrics/route'
import * as touchpointsRoute from '@/app/api/v1/touchpoints/route'
import { createMetricAction } from '@/app/w/[slug]/settings/metrics/actions'
import { ctxOf, sessionOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

type Team = Awaited<ReturnType<typeof teamWorkspace>>
let env: LiveEnv
let A: Team
let B: Team
let keyA: string
let keyB: string
const tp: Record<string, string> = {}
let csat: string
let response: string
let theirMetric: string

const url = (path: string) => `${config().appUrl}${path}`
const noParams = { params: Promise.resolve({}) }
// "__HUGE__" stands for the JSON number 1e400, which JSON.parse reads as Infinity (JSON.stringify cannot write it).
const post = (key: string, body: unknown, headers: Record<string, string> = {}) =>
  valuesRoute.POST(
    new NextRequest(url('/api/v1/metrics/values'), {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body).replaceAll('"__HUGE__"', '1e400'),
    }),
    noParams,
  )
const get = (mod: { GET: (r: NextRequest, c: typeof noParams) => Promise<Response> }, path: string, key: string) =>
  mod.GET(new NextRequest(url(path), { headers: { authorization: `Bearer ${key}` } }), noParams)
const count = async (ws: string) => Number(rowsOf<{ n: number }>(await inWorkspace(ws, null, (tx) => tx.execute(sql`select count(*)::int as n from metric_values where workspace_id = ${ws}`)))[0]!.n)

/** Edits workspace A's catalog document and projects it into the read model at once. */
async function setCatalog(edit: (d: Y.Doc) => void) {
  const doc = await withDocument(A.ws.id, catalogDocName(A.ws.id), (d) => {
    edit(d)
    return d
  })
  await projectCatalog(A.ws.id, doc)
}

beforeAll(async () => {
  env = await openLiveEnvironment()
  A = await teamWorkspace('Alpha KPIs')
  B = await teamWorkspace('Beta KPIs')
  keyA = (await createApiKey(await ctxOf(A.admin.id, A.ws.id), { name: 'Alpha BI' })).key
  keyB = (await createApiKey(await ctxOf(B.admin.id, B.ws.id), { name: 'Beta BI' })).key
  await setCatalog((d) => {
    tp.hotline = addTouchpoint(d, { name: 'Hotline', channel: 'phone' }, A.owner.id)
    tp.invoice = addTouchpoint(d, { name: 'Invoice email', channel: 'email' }, A.owner.id)
    tp.fax = addTouchpoint(d, { name: 'Fax order form', status: 'retired' }, A.owner.id)
  })
  const manager = await ctxOf(A.manager.id, A.ws.id)
  csat = (await createMetric(manager, { ...METRIC_PRESETS.csat, preset: 'csat', description: '' })).id
  response = (await createMetric(manager, { ...METRIC_PRESETS.response_time, preset: 'response_time', description: '' })).id
  theirMetric = (await createMetric(await ctxOf(B.manager.id, B.ws.id), { ...METRIC_PRESETS.nps, preset: 'nps', description: '' })).id
})
afterAll(async () => {
  await env?.close()
})

describe('metric definitions', () => {
  it('validates the form with clear messages and refuses a second metric of the same name', async () => {
    who.session = sessionOf(A.manager)
    const base = { workspaceId: A.ws.id, name: 'Uptime', unit: '%', direction: 'higher' }
    expect(await createMetricAction({ ...base, target: 'lots' })).toMatchObject({ ok: false, status: 422, fieldErrors: { target: ['The target must be a number'] } })
    expect(await createMetricAction({ ...base, target: '99.9', alertAt: '100' })).toMatchObject({ ok: false, fieldErrors: { alertAt: ['Higher is better: the alert threshold must be at or below the target'] } })
    expect(await createMetricAction({ ...base, target: '99.9', alertAt: '99' })).toMatchObject({ ok: true })
    expect(await createMetricAction({ ...base, name: 'UPTIME', target: '99' })).toMatchObject({ ok: false, status: 409, error: 'There is already a metric called “UPTIME”' })
  })

  it('is defined by managers and up only', async () => {
    who.session = sessionOf(A.editor)
    expect(await createMetricAction({ workspaceId: A.ws.id, name: 'Editor’s', unit: '%', direction: 'higher', target: '1' })).toMatchObject({ ok: false, status: 403 })
  })

  it('the status rule: green at target, amber before the alert threshold, red at or past it, in both directions', () => {
    const higher = { direction: 'higher' as const, target: 85, alertAt: 70 }
    expect([statusOf(higher, 85), statusOf(higher, 84.9), statusOf(higher, 70.1), statusOf(higher, 70)]).toEqual(['green', 'amber', 'amber', 'red'])
    const lower = { direction: 'lower' as const, target: 60, alertAt: 240 }
    expect([statusOf(lower, 59), statusOf(lower, 61), statusOf(lower, 240), statusOf(lower, 300)]).toEqual(['green', 'amber', 'red', 'red'])
    const noAlert = { direction: 'higher' as const, target: 100, alertAt: null }
    expect([statusOf(noAlert, 100), statusOf(noAlert, 90), statusOf(noAlert, 89.9)]).toEqual(['green', 'amber', 'red'])
  })
})

describe('POST /api/v1/metrics/values', () => {
  const v = (extra: Record<string, unknown> = {}) => ({ metricId: csat, touchpointId: tp.hotline, value: 82, periodStart: '2026-11-01', periodEnd: '2026-11-30', ...extra })

  it('refuses each kind of bad value with a field error naming it, and records nothing', async () => {
    const res = await post(keyA, {
      values: [
        v({ value: 'NaN' }),
        v({ value: 'Infinity' }),
        v({ value: '__HUGE__' }),
        v({ value: 'lots' }),
        v({ periodStart: '2026-11-30', periodEnd: '2026-11-01' }),
        v({ periodStart: '30/11/2026' }),
        v(),
      ],
    })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { fieldErrors: Record<string, string[]> }
    expect(body.fieldErrors).toMatchObject({
      'values.0.value': ['value must be a finite number (not NaN or infinity)'],
      'values.1.value': ['value must be a finite number (not NaN or infinity)'],
      'values.2.value': ['value must be a finite number (not NaN or infinity)'],
      'values.3.value': ['value must be a number, not "lots"'],
      'values.4.periodEnd': ['The period ends before it starts'],
      'values.5.periodStart': ['periodStart must be a date (2026-03-01) or a time (2026-03-01T08:00:00Z)'],
    })
    expect(await count(A.ws.id)).toBe(0)
  })

  it('checks units, retired and unknown touchpoints and other workspaces’ metrics against the database', async () => {
    const res = await post(keyA, { values: [v({ unit: 'points' }), v({ touchpointId: tp.fax }), v({ touchpointId: 'nope' }), v({ metricId: theirMetric }), v()] })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { fieldErrors: Record<string, string[]> }
    expect(body.fieldErrors).toEqual({
      'values.0.unit': ['CSAT is measured in %, not points'],
      'values.1.touchpointId': ['Fax order form is retired: it takes no new values'],
      'values.2.touchpointId': ['There is no such touchpoint in this workspace'],
      'values.3.metricId': ['There is no such metric in this workspace'],
    })
    expect(await count(A.ws.id)).toBe(0)
    // Workspace B's key cannot write to A's touchpoints with B's metric either.
    const cross = await post(keyB, { values: [{ metricId: theirMetric, touchpointId: tp.hotline, value: 1, periodStart: '2026-11-01', periodEnd: '2026-11-01' }] })
    expect(cross.status).toBe(422)
    expect(await count(B.ws.id)).toBe(0)
  })

  it('reports all of 1,000 bad values and imports none of them', async () => {
    const bad = Array.from({ length: 1_000 }, (_, i) => v({ value: i % 2 ? 'NaN' : Number.POSITIVE_INFINITY.toString() }))
    const res = await post(keyA, { values: bad })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { fieldErrors: Record<string, string[]> }
    expect(Object.keys(body.fieldErrors)).toHaveLength(1_000)
    expect(await count(A.ws.id)).toBe(0)
    const tooMany = await post(keyA, { values: Array.from({ length: 1_001 }, () => v()) })
    expect(tooMany.status).toBe(422)
    expect(((await tooMany.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.values).toEqual(['Send at most 1000 values per request; split larger batches'])
  })

  it('records a batch, replaces a period sent again, and replays a retry with the same Idempotency-Key', async () => {
    const days = Array.from({ length: 30 }, (_, i) => v({ value: 80 + (i % 5), periodStart: `2026-10-${String(i + 1).padStart(2, '0')}`, periodEnd: `2026-10-${String(i + 1).padStart(2, '0')}` }))
    const first = await post(keyA, { values: days }, { 'Idempotency-Key': 'oct-csat' })
    expect(first.status).toBe(201)
    expect(await first.json()).toEqual({ recorded: 30, created: 30, replaced: 0, crossings: 0 })
    const again = await post(keyA, { values: days }, { 'Idempotency-Key': 'oct-csat' })
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await count(A.ws.id)).toBe(30)
    const fix = await post(keyA, { values: [v({ value: 90, periodStart: '2026-10-01', periodEnd: '2026-10-01' })] })
    expect(await fix.json()).toMatchObject({ recorded: 1, created: 0, replaced: 1 })
    expect(await count(A.ws.id)).toBe(30)
  })

  it('shows on the touchpoint: latest value, status against the target, the trend in order', async () => {
    const kpis = await touchpointKpis(await ctxOf(A.viewer.id, A.ws.id), tp.hotline!, { range: '2y' })
    const k = kpis.find((x) => x.id === csat)!
    expect(k.points).toHaveLength(30)
    expect(k.points[0]).toMatchObject({ periodStart: '2026-10-01T00:00:00.000Z', value: 90 })
    expect(k.latest).toMatchObject({ periodStart: '2026-10-30T00:00:00.000Z', value: 84, status: 'amber' })
    // Workspace B sees none of it.
    expect(await touchpointKpis(await ctxOf(B.owner.id, B.ws.id), tp.hotline!)).toEqual([])
  })

  it('a map shows the chosen KPI on its cards; a value crossing a threshold emits metric.threshold.crossed for webhooks', async () => {
    const owner = await ctxOf(A.owner.id, A.ws.id)
    const mapId = (await createMap(owner, { name: 'Support journey', template: 'lifecycle' })).id
    await setMapBadgeMetric(await ctxOf(A.editor.id, A.ws.id), mapId, csat)
    expect(await mapKpiBadges(owner, mapId)).toEqual({ metric: { id: csat, name: 'CSAT', unit: '%' }, touchpoints: { [tp.hotline!]: { value: 84, status: 'amber' } } })
    await expect(setMapBadgeMetric(await ctxOf(B.owner.id, B.ws.id), mapId, theirMetric)).rejects.toMatchObject({ status: 404 })

    await createEndpoint(await ctxOf(A.admin.id, A.ws.id), { url: 'https://hooks.example.test/touchmap', description: '', events: ['metric.threshold.crossed'] })
    const res = await post(keyA, { values: [v({ value: 65, periodStart: '2026-10-31', periodEnd: '2026-10-31' })] })
    expect(await res.json()).toMatchObject({ crossings: 1 })
    const [event] = rowsOf<{ type: string; payload: { version: number; data: Record<string, unknown> } }>(
      await inWorkspace(A.ws.id, null, (tx) => tx.execute(sql`select type, payload from webhook_events where workspace_id = ${A.ws.id}`)),
    )
    expect(event).toMatchObject({
      type: 'metric.threshold.crossed',
      payload: { version: 1, data: { metric: { id: csat, name: 'CSAT' }, touchpoint: { id: tp.hotline, name: 'Hotline' }, from: { status: 'amber', value: 84 }, to: { status: 'red', value: 65 } } },
    })
    const deliveries = rowsOf<{ status: string }>(await inWorkspace(A.ws.id, null, (tx) => tx.execute(sql`select status from webhook_deliveries where workspace_id = ${A.ws.id}`)))
    expect(deliveries).toEqual([{ status: 'pending' }])
    expect((await mapKpiBadges(owner, mapId))!.touchpoints[tp.hotline!]).toEqual({ value: 65, status: 'red' })
  })

  it('a retired touchpoint keeps its values but takes no new ones', async () => {
    await setCatalog((d) => void updateTouchpoint(d, tp.hotline!, { status: 'retired' }, A.owner.id))
    const res = await post(keyA, { values: [v({ periodStart: '2026-11-02', periodEnd: '2026-11-02' })] })
    expect(((await res.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors).toEqual({ 'values.0.touchpointId': ['Hotline is retired: it takes no new values'] })
    await setCatalog((d) => void updateTouchpoint(d, tp.hotline!, { status: 'active' }, A.owner.id))
  })
})

describe('CSV import of KPI values', () => {
  const header = 'metric,touchpoint,value,period_start,period_end,unit,segment,source'
  it('reports every one of 1,000 bad rows with its line and column and records nothing', async () => {
    const before = await count(A.ws.id)
    const rows = Array.from({ length: 1_000 }, (_, i) => (i % 4 === 0 ? `CSAT,Hotline,NaN,2026-09-01,,,,` : i % 4 === 1 ? `CSAT,Hotline,80,2026-09-02,2026-09-01,,,` : i % 4 === 2 ? `Churn,Hotline,80,2026-09-01,,,,` : `CSAT,Fax order form,80,2026-09-01,,,,`))
    const r = await importValues(await ctxOf(A.editor.id, A.ws.id), [header, ...rows].join('\n'), { commit: true })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toHaveLength(1_000)
    expect(r.moreErrors).toBe(0)
    expect(r.errors.slice(0, 4)).toEqual([
      { line: 2, column: 'value', reason: 'value must be a finite number (not NaN or infinity)' },
      { line: 3, column: 'period_end', reason: 'The period ends before it starts' },
      { line: 4, column: 'metric', reason: 'There is no KPI called Churn in this workspace' },
      { line: 5, column: 'touchpoint', reason: 'Fax order form is retired: it takes no new values' },
    ])
    expect(await count(A.ws.id)).toBe(before)
  })

  it('checks, previews, then records by name or id, all at once', async () => {
    const ctx = await ctxOf(A.editor.id, A.ws.id)
    const csv = [header, `csat,Invoice email,77,2026-09-01,2026-09-30,%,,survey`, `${response},${tp.invoice},45,2026-09-01,,min,Business,`].join('\r\n')
    const dry = await importValues(ctx, csv, { commit: false })
    expect(dry).toMatchObject({ ok: true, committed: false, summary: { rows: 2, values: 2 } })
    const before = await count(A.ws.id)
    expect(await importValues(ctx, csv, { commit: true })).toMatchObject({ ok: true, committed: true })
    expect(await count(A.ws.id)).toBe(before + 2)
    const kpis = await touchpointKpis(ctx, tp.invoice!, { range: '2y', segment: 'Business' })
    expect(kpis.find((k) => k.id === response)!.points).toEqual([{ periodStart: '2026-09-01T00:00:00.000Z', periodEnd: '2026-09-01T00:00:00.000Z', value: 45 }])
    // A viewer may not import.
    await expect(importValues(await ctxOf(A.viewer.id, A.ws.id), csv, { commit: true })).rejects.toMatchObject({ status: 403 })
  })
})

describe('pulling data: GET /api/v1/metrics, /metrics/values and /touchpoints, keyset-paginated', () => {
  it('walks every page once, in order, and only the key’s workspace', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await get(valuesRoute, `/api/v1/metrics/values?limit=7${cursor ? `&cursor=${cursor}` : ''}`, keyA)
      const body = (await res.json()) as { values: { periodStart: string }[]; nextCursor: string | null }
      seen.push(...body.values.map((x) => x.periodStart))
      cursor = body.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(await count(A.ws.id))
    expect(seen.length).toBeGreaterThanOrEqual(31)
    const tps = (await (await get(touchpointsRoute, '/api/v1/touchpoints?limit=2', keyA)).json()) as { touchpoints: { id: string }[]; nextCursor: string }
    const next = (await (await get(touchpointsRoute, `/api/v1/touchpoints?limit=2&cursor=${tps.nextCursor}`, keyA)).json()) as { touchpoints: { id: string }[]; nextCursor: string | null }
    expect([...tps.touchpoints, ...next.touchpoints].map((t) => t.id).sort()).toEqual(Object.values(tp).sort())
    expect(next.nextCursor).toBeNull()
    const mine = (await (await get(metricsRoute, '/api/v1/metrics', keyB)).json()) as { metrics: { id: string }[] }
    expect(mine.metrics.map((m) => m.id)).toEqual([theirMetric])
    expect((await get(metricsRoute, '/api/v1/metrics?cursor=garbage', keyA)).status).toBe(422)
    expect((await get(metricsRoute, `/api/v1/metrics?workspace=${B.ws.id}`, keyA)).status).toBe(404)
  })
})

describe('touchpoint health', () => {
  it('comes from KPIs against targets, scores and open complaints, and moves a touchpoint up "Improve next" when a KPI turns red', async () => {
    const T = await teamWorkspace('Health Co')
    const doc = await withDocument(T.ws.id, catalogDocName(T.ws.id), (d) => {
      addTouchpoint(d, { name: 'Red one' }, T.owner.id, 'tp-red')
      addTouchpoint(d, { name: 'Green one' }, T.owner.id, 'tp-green')
      return d
    })
    await projectCatalog(T.ws.id, doc)
    const manager = await ctxOf(T.manager.id, T.ws.id)
    for (const id of ['tp-red', 'tp-green']) await setMyScores(manager, { touchpointId: id, scores: { value: 3 } })
    const m = await createMetric(manager, { ...METRIC_PRESETS.csat, preset: 'csat', description: '' })
    const day = new Date('2026-11-01T00:00:00Z')
    await recordValues({ workspaceId: T.ws.id, userId: T.manager.id }, [
      { metricId: m.id, touchpointId: 'tp-red', value: 60, periodStart: day, periodEnd: day, segment: '' },
      { metricId: m.id, touchpointId: 'tp-green', value: 90, periodStart: day, periodEnd: day, segment: '' },
    ], 'form')
    // Hand-computed: red (3 x 0 + 2 x 0.5 + 1 x 1) / 6 = 33.3; green (3 x 1 + 2 x 0.5 + 1 x 1) / 6 = 83.3.
    expect((await touchpointEvaluation(manager, 'tp-red')).health).toBe(33.3)
    expect((await touchpointEvaluation(manager, 'tp-green')).health).toBe(83.3)
    const list = await improveNext(manager)
    expect(list.map((r) => [r.name, r.health])).toEqual([
      ['Red one', 33.3],
      ['Green one', 83.3],
    ])
    expect(list[0]!.reasons).toContainEqual({ kind: 'poorHealth', health: 33.3 })
    // Its weight 0 takes health out of the priority: both rank alike again.
    await setWeights(manager, { ...DEFAULT_WEIGHTS, health: 0 })
    const flat = await improveNext(manager)
    expect(flat[0]!.priority).toBe(flat[1]!.priority)
  })
})
