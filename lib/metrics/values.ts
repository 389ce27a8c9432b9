/**
 * Recording KPI values: the one write path for the form, the CSV import and
 * the API. Every value is checked against the database (the metric exists in
 * this workspace, its unit matches, the touchpoint exists and is not
 * retired); one bad value writes nothing. Values are upserted by period and
 * segment in one statement per 1,000 (sending a period again replaces its
 * value), the metric is attached to each touchpoint it measures, and a
 * value that moves a touchpoint's latest status across a threshold (green,
 * amber, red) emits `metric.threshold.crossed`.
 */
import { sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ValidationError, type FieldErrors } from '@/lib/errors'
import { signal } from '@/lib/live/signals'
import { dispatch, emitEvents, type QueuedDeliveries } from '@/lib/webhooks/emit'
import type { WebhookEvent } from '@/lib/webhooks/events'
import { statusOf, type Direction, type MetricStatus, type MetricValueInput } from './model'

export type ValueAuthor = { workspaceId: string; userId: string | null; apiKeyId?: string }
export type RecordResult = { recorded: number; created: number; replaced: number; crossings: number }

type MetricLite = { id: string; name: string; unit: string; direction: Direction; target: number; alert_at: number | null }
type Latest = { m: string; t: string; s: string; value: number; period_start: string; period_end: string }

const CHUNK = 1_000
const key = (m: string, t: string, s: string) => `${m}\u0000${t}\u0000${s}`

/** Records values (already parsed with metricValueInputSchema) in one transaction; after it commits, open pages are signalled and webhooks queued. */
export async function recordValues(author: ValueAuthor, inputs: MetricValueInput[], via: 'form' | 'csv' | 'api'): Promise<RecordResult> {
  const { result, queued } = await inWorkspace(author.workspaceId, author.userId, (tx) => insertValues(tx, author, inputs, via))
  signal(author.workspaceId, 'metrics')
  await dispatch(queued)
  return result
}

/**
 * recordValues inside the caller's open workspace transaction (with an
 * idempotency record, say). The caller signals 'metrics' and dispatches
 * `queued` after its commit.
 */
export async function insertValues(tx: Tx, author: ValueAuthor, inputs: MetricValueInput[], via: 'form' | 'csv' | 'api'): Promise<{ result: RecordResult; queued: QueuedDeliveries }> {
  const ws = author.workspaceId
  const none = { result: { recorded: 0, created: 0, replaced: 0, crossings: 0 }, queued: { workspaceId: ws, deliveryIds: [] } }
  if (!inputs.length) return none
  const { problems, metrics, touchpoints } = await checkValues(tx, ws, inputs)
  if (problems.length) {
    const errors: FieldErrors = {}
    for (const p of problems) (errors[inputs.length > 1 ? `${p.index}.${p.field}` : p.field] ??= []).push(p.message)
    throw new ValidationError(errors, inputs.length > 1 ? `${Object.keys(errors).length} values need attention; nothing was recorded` : 'This value needs attention')
  }

  // The last of several values for the same period and segment wins (as if sent one after another).
  const unique = new Map<string, MetricValueInput>()
  for (const v of inputs) unique.set(`${key(v.metricId, v.touchpointId, v.segment)}\u0000${v.periodStart.toISOString()}\u0000${v.periodEnd.toISOString()}`, v)
  const values = [...unique.values()]
  const series = [...new Map(values.map((v) => [key(v.metricId, v.touchpointId, v.segment), { m: v.metricId, t: v.touchpointId, s: v.segment }])).values()]

  const before = await latestOf(tx, ws, series)
  let created = 0
  for (let i = 0; i < values.length; i += CHUNK) {
    const part = values.slice(i, i + CHUNK)
    const rows = rowsOf<{ inserted: boolean }>(
      await tx.execute(sql`
        insert into metric_values (workspace_id, metric_id, touchpoint_id, period_start, period_end, segment, value, source, created_by, api_key_id)
        select ${ws}::uuid, x.m, x.t, x.ps, x.pe, x.s, x.v, x.src, ${author.userId}::text, ${author.apiKeyId ?? null}::uuid
        from unnest(${sql.param(part.map((v) => v.metricId))}::uuid[], ${sql.param(part.map((v) => v.touchpointId))}::text[],
                    ${sql.param(part.map((v) => v.periodStart.toISOString()))}::text[]::timestamptz[], ${sql.param(part.map((v) => v.periodEnd.toISOString()))}::text[]::timestamptz[],
                    ${sql.param(part.map((v) => v.segment))}::text[], ${sql.param(part.map((v) => String(v.value)))}::text[]::float8[],
                    ${sql.param(part.map((v) => v.source || via))}::text[]) as x(m, t, ps, pe, s, v, src)
        on conflict (workspace_id, metric_id, touchpoint_id, segment, period_start, period_end)
        do update set value = excluded.value, source = excluded.source, created_by = excluded.created_by, api_key_id = excluded.api_key_id, created_at = now()
        returning (xmax = 0) as inserted`),
    )
    created += rows.filter((r) => r.inserted).length
  }
  const pairs = [...new Map(values.map((v) => [`${v.metricId}|${v.touchpointId}`, v])).values()]
  await tx.execute(sql`
    insert into touchpoint_metrics (workspace_id, touchpoint_id, metric_id)
    select ${ws}::uuid, x.t, x.m from unnest(${sql.param(pairs.map((p) => p.touchpointId))}::text[], ${sql.param(pairs.map((p) => p.metricId))}::uuid[]) as x(t, m)
    on conflict do nothing`)

  const after = await latestOf(tx, ws, series)
  const events: WebhookEvent[] = []
  for (const s of series) {
    const k = key(s.m, s.t, s.s)
    const was = before.get(k)
    const now = after.get(k)
    const m = metrics.get(s.m)!
    if (!was || !now) continue
    const metric = { direction: m.direction, target: m.target, alertAt: m.alert_at }
    const from: MetricStatus = statusOf(metric, was.value)
    const to: MetricStatus = statusOf(metric, now.value)
    if (from === to) continue
    const tp = touchpoints.get(s.t)!
    events.push({
      type: 'metric.threshold.crossed',
      data: {
        metric: { id: m.id, name: m.name, unit: m.unit, direction: m.direction, target: m.target, alertAt: m.alert_at },
        touchpoint: { id: tp.id, name: tp.name },
        segment: s.s || null,
        from: { status: from, value: was.value, periodStart: new Date(was.period_start).toISOString(), periodEnd: new Date(was.period_end).toISOString() },
        to: { status: to, value: now.value, periodStart: new Date(now.period_start).toISOString(), periodEnd: new Date(now.period_end).toISOString() },
      },
    })
  }
  const queued = await emitEvents(tx, ws, events)
  return { result: { recorded: values.length, created, replaced: values.length - created, crossings: events.length }, queued }
}

export type ValueProblem = { index: number; field: 'metricId' | 'touchpointId' | 'unit'; message: string }

/** What the database says about values already parsed: each one's metric in this workspace and its unit, and its touchpoint there and not retired. */
export async function checkValues(tx: Tx, ws: string, inputs: MetricValueInput[]) {
  const metricIds = [...new Set(inputs.map((i) => i.metricId))]
  const touchpointIds = [...new Set(inputs.map((i) => i.touchpointId))]
  const metrics = new Map(
    rowsOf<MetricLite>(
      await tx.execute(sql`select id, name, unit, direction, target, alert_at from metrics where workspace_id = ${ws} and id = any(${sql.param(metricIds)}::uuid[])`),
    ).map((m) => [m.id, m]),
  )
  const touchpoints = new Map(
    rowsOf<{ id: string; name: string; status: string }>(
      await tx.execute(sql`select id, name, status from touchpoints where workspace_id = ${ws} and id = any(${sql.param(touchpointIds)}::text[])`),
    ).map((t) => [t.id, t]),
  )
  const problems: ValueProblem[] = []
  inputs.forEach((v, index) => {
    const m = metrics.get(v.metricId)
    if (!m) problems.push({ index, field: 'metricId', message: 'There is no such metric in this workspace' })
    else if (v.unit !== undefined && v.unit !== '' && v.unit.toLowerCase() !== m.unit.toLowerCase()) problems.push({ index, field: 'unit', message: `${m.name} is measured in ${m.unit}, not ${v.unit}` })
    const t = touchpoints.get(v.touchpointId)
    if (!t) problems.push({ index, field: 'touchpointId', message: 'There is no such touchpoint in this workspace' })
    else if (t.status === 'retired') problems.push({ index, field: 'touchpointId', message: `${t.name} is retired: it takes no new values` })
  })
  return { problems, metrics, touchpoints }
}

/** Each series' latest value (by period start, then end), one index probe per series. */
async function latestOf(tx: Tx, ws: string, series: { m: string; t: string; s: string }[]): Promise<Map<string, Latest>> {
  const out = new Map<string, Latest>()
  for (let i = 0; i < series.length; i += CHUNK) {
    const part = series.slice(i, i + CHUNK)
    const rows = rowsOf<Latest>(
      await tx.execute(sql`
        select k.m, k.t, k.s, l.value, l.period_start, l.period_end
        from unnest(${sql.param(part.map((p) => p.m))}::uuid[], ${sql.param(part.map((p) => p.t))}::text[], ${sql.param(part.map((p) => p.s))}::text[]) as k(m, t, s)
        cross join lateral (
          select v.value, v.period_start, v.period_end from metric_values v
          where v.workspace_id = ${ws} and v.metric_id = k.m and v.touchpoint_id = k.t and v.segment = k.s
          order by v.period_start desc, v.period_end desc limit 1
        ) l`),
    )
    for (const r of rows) out.set(key(r.m, r.t, r.s), { ...r, value: Number(r.value) })
  }
  return out
}
