/**
 * Reading KPIs: a touchpoint's metrics with their trend against the target,
 * the badge values of a map's cards, and the v1 API's keyset-paginated
 * lists. Every read is in the member's workspace (RLS) and 'maps.read'.
 */
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ValidationError } from '@/lib/errors'
import { statusOf, type Direction, type Metric, type MetricPreset, type MetricStatus } from './model'

export type TrendPoint = { periodStart: string; periodEnd: string; value: number }
export type TouchpointKpi = Metric & { latest: (TrendPoint & { status: MetricStatus }) | null; points: TrendPoint[]; segments: string[] }

type MetricRowSql = { id: string; name: string; unit: string; direction: Direction; target: number; alert_at: number | null; preset: string | null; description: string }
const metricOfSql = (r: MetricRowSql): Metric => ({
  id: r.id,
  name: r.name,
  unit: r.unit,
  direction: r.direction,
  target: Number(r.target),
  alertAt: r.alert_at === null ? null : Number(r.alert_at),
  preset: (r.preset as MetricPreset | null) ?? null,
  description: r.description,
})

export const TREND_RANGES = { '3m': 92, '12m': 366, '2y': 731 } as const
export type TrendRange = keyof typeof TREND_RANGES

const iso = (v: string | Date) => new Date(v).toISOString()

/** The points of one series (a metric on a touchpoint, one segment) whose period starts within the last `days` days, oldest first. */
export async function trendOf(ctx: MemberContext, touchpointId: string, metricId: string, opts: { days?: number; segment?: string } = {}): Promise<TrendPoint[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) =>
    rowsOf<{ period_start: string; period_end: string; value: number }>(
      await tx.execute(sql`
        select period_start, period_end, value from metric_values
        where workspace_id = ${ctx.workspaceId} and metric_id = ${metricId} and touchpoint_id = ${touchpointId} and segment = ${opts.segment ?? ''}
          and period_start >= now() - make_interval(days => ${opts.days ?? TREND_RANGES['12m']})
        order by period_start, period_end`),
    ).map((r) => ({ periodStart: iso(r.period_start), periodEnd: iso(r.period_end), value: Number(r.value) })),
  )
}

/** Every metric attached to a touchpoint, each with its latest value (any time) and its points in the range, for one segment ('' = all customers). */
export async function touchpointKpis(ctx: MemberContext, touchpointId: string, opts: { range?: TrendRange; segment?: string } = {}): Promise<TouchpointKpi[]> {
  assertCan(ctx, 'maps.read')
  const days = TREND_RANGES[opts.range ?? '12m']
  const segment = opts.segment ?? ''
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const metrics = rowsOf<MetricRowSql>(
      await tx.execute(sql`
        select m.id, m.name, m.unit, m.direction, m.target, m.alert_at, m.preset, m.description
        from touchpoint_metrics tm join metrics m on m.id = tm.metric_id
        where tm.workspace_id = ${ctx.workspaceId} and tm.touchpoint_id = ${touchpointId}
        order by lower(m.name), m.id`),
    ).map(metricOfSql)
    if (!metrics.length) return []
    const ids = metrics.map((m) => m.id)
    const points = rowsOf<{ metric_id: string; period_start: string; period_end: string; value: number }>(
      await tx.execute(sql`
        select metric_id, period_start, period_end, value from metric_values
        where workspace_id = ${ctx.workspaceId} and touchpoint_id = ${touchpointId} and segment = ${segment}
          and metric_id = any(${sql.param(ids)}::uuid[]) and period_start >= now() - make_interval(days => ${days})
        order by metric_id, period_start, period_end`),
    )
    const latest = rowsOf<{ metric_id: string; period_start: string; period_end: string; value: number }>(
      await tx.execute(sql`
        select k.id as metric_id, l.period_start, l.period_end, l.value from unnest(${sql.param(ids)}::uuid[]) as k(id)
        cross join lateral (select period_start, period_end, value from metric_values v
          where v.workspace_id = ${ctx.workspaceId} and v.metric_id = k.id and v.touchpoint_id = ${touchpointId} and v.segment = ${segment}
          order by period_start desc, period_end desc limit 1) l`),
    )
    const segments = rowsOf<{ metric_id: string; segment: string }>(
      await tx.execute(sql`select distinct metric_id, segment from metric_values where workspace_id = ${ctx.workspaceId} and touchpoint_id = ${touchpointId} and segment <> '' order by segment`),
    )
    return metrics.map((m) => {
      const l = latest.find((r) => r.metric_id === m.id)
      return {
        ...m,
        latest: l ? { periodStart: iso(l.period_start), periodEnd: iso(l.period_end), value: Number(l.value), status: statusOf(m, Number(l.value)) } : null,
        points: points.filter((p) => p.metric_id === m.id).map((p) => ({ periodStart: iso(p.period_start), periodEnd: iso(p.period_end), value: Number(p.value) })),
        segments: segments.filter((s) => s.metric_id === m.id).map((s) => s.segment),
      }
    })
  })
}

export type KpiBadge = { value: number; status: MetricStatus }
export type MapKpi = { metric: Pick<Metric, 'id' | 'name' | 'unit'>; touchpoints: Record<string, KpiBadge> } | null

/** The KPI a map shows on its cards: the metric chosen for the map, and each measured touchpoint's latest value (all customers) and status. */
export async function mapKpiBadges(ctx: MemberContext, mapId: string): Promise<MapKpi> {
  assertCan(ctx, 'maps.read')
  if (!/^[0-9a-f-]{36}$/i.test(mapId)) return null
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [m] = rowsOf<MetricRowSql>(
      await tx.execute(sql`select m.id, m.name, m.unit, m.direction, m.target, m.alert_at, m.preset, m.description
                           from map_kpi_badges b join metrics m on m.id = b.metric_id where b.workspace_id = ${ctx.workspaceId} and b.map_id = ${mapId}`),
    )
    if (!m) return null
    const metric = metricOfSql(m)
    const rows = rowsOf<{ touchpoint_id: string; value: number }>(
      await tx.execute(sql`
        select tm.touchpoint_id, l.value from touchpoint_metrics tm
        cross join lateral (select value from metric_values v where v.workspace_id = ${ctx.workspaceId} and v.metric_id = tm.metric_id and v.touchpoint_id = tm.touchpoint_id and v.segment = ''
                            order by period_start desc, period_end desc limit 1) l
        where tm.workspace_id = ${ctx.workspaceId} and tm.metric_id = ${metric.id}`),
    )
    const touchpoints: Record<string, KpiBadge> = {}
    for (const r of rows) touchpoints[r.touchpoint_id] = { value: Number(r.value), status: statusOf(metric, Number(r.value)) }
    return { metric: { id: metric.id, name: metric.name, unit: metric.unit }, touchpoints }
  })
}

// ---- v1 API lists (keyset pagination: `cursor` is the last item's key, opaque) ----

export const API_PAGE_MAX = 1_000
const cursorOf = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url')
function partsOf(cursor: string | undefined, n: number): string[] | null {
  if (!cursor) return null
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (Array.isArray(p) && p.length === n && p.every((x) => typeof x === 'string')) return p as string[]
  } catch {
    /* below */
  }
  throw new ValidationError({ cursor: ['This cursor is not valid: start again without one'] })
}

export const pageQuerySchema = z.object({
  cursor: z.string().max(500, 'This cursor is not valid').optional(),
  limit: z.coerce.number({ error: 'limit is a number' }).int('limit is a whole number').min(1, 'limit is at least 1').max(API_PAGE_MAX, `limit is at most ${API_PAGE_MAX}`).default(100),
})

export const metricValuesQuerySchema = pageQuerySchema.extend({
  metricId: z.string().uuid('metricId is not a metric id').optional(),
  touchpointId: z.string().max(200).optional(),
  from: z.string().datetime({ offset: true, error: 'from is an ISO 8601 time (2026-01-01T00:00:00Z)' }).optional(),
  to: z.string().datetime({ offset: true, error: 'to is an ISO 8601 time (2026-01-01T00:00:00Z)' }).optional(),
})

/** GET /api/v1/metrics: the definitions, by id. */
export async function apiListMetrics(ctx: MemberContext, q: z.infer<typeof pageQuerySchema>) {
  const after = partsOf(q.cursor, 1)
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = rowsOf<MetricRowSql>(
      await tx.execute(sql`select id, name, unit, direction, target, alert_at, preset, description from metrics
                           where workspace_id = ${ctx.workspaceId} ${after ? sql`and id > ${after[0]}::uuid` : sql``} order by id limit ${q.limit + 1}`),
    )
    const page = rows.slice(0, q.limit)
    return { metrics: page.map(metricOfSql), nextCursor: rows.length > q.limit ? cursorOf([page[page.length - 1]!.id]) : null }
  })
}

/** GET /api/v1/metrics/values: recorded values, by id (the order they were first recorded), filtered by metric, touchpoint and period start. */
export async function apiListValues(ctx: MemberContext, q: z.infer<typeof metricValuesQuerySchema>) {
  const after = partsOf(q.cursor, 1)
  if (after && !/^\d{1,19}$/.test(after[0]!)) throw new ValidationError({ cursor: ['This cursor is not valid: start again without one'] })
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = rowsOf<{ vid: string; metric_id: string; touchpoint_id: string; period_start: string; period_end: string; segment: string; value: number; source: string; created_at: string }>(
      await tx.execute(sql`
        select id::text as vid, metric_id, touchpoint_id, period_start, period_end, segment, value, source, created_at from metric_values
        where workspace_id = ${ctx.workspaceId}
          ${after ? sql`and id > ${after[0]}::bigint` : sql``}
          ${q.metricId ? sql`and metric_id = ${q.metricId}` : sql``}
          ${q.touchpointId ? sql`and touchpoint_id = ${q.touchpointId}` : sql``}
          ${q.from ? sql`and period_start >= ${q.from}::timestamptz` : sql``}
          ${q.to ? sql`and period_start < ${q.to}::timestamptz` : sql``}
        order by id limit ${q.limit + 1}`),
    )
    const page = rows.slice(0, q.limit)
    return {
      values: page.map((r) => ({
        metricId: r.metric_id,
        touchpointId: r.touchpoint_id,
        periodStart: iso(r.period_start),
        periodEnd: iso(r.period_end),
        segment: r.segment,
        value: Number(r.value),
        source: r.source,
        recordedAt: iso(r.created_at),
      })),
      nextCursor: rows.length > q.limit ? cursorOf([page[page.length - 1]!.vid]) : null,
    }
  })
}

export const touchpointsQuerySchema = pageQuerySchema.extend({
  status: z.enum(['active', 'retired'], { error: 'status is active or retired' }).optional(),
})

/** GET /api/v1/touchpoints: the catalog, by id. */
export async function apiListTouchpoints(ctx: MemberContext, q: z.infer<typeof touchpointsQuerySchema>) {
  const after = partsOf(q.cursor, 1)
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = rowsOf<{ id: string; name: string; kind: string; ownership: string; control: string; channel: string; status: string; description: string; owner_user_id: string | null; owner_department_id: string | null; updated_at: string }>(
      await tx.execute(sql`
        select id, name, kind, ownership, control, channel, status, description, owner_user_id, owner_department_id, updated_at from touchpoints
        where workspace_id = ${ctx.workspaceId} ${after ? sql`and id collate "C" > ${after[0]}` : sql``} ${q.status ? sql`and status = ${q.status}` : sql``}
        order by id collate "C" limit ${q.limit + 1}`),
    )
    const page = rows.slice(0, q.limit)
    return {
      touchpoints: page.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        ownership: r.ownership,
        control: r.control,
        channel: r.channel,
        status: r.status,
        description: r.description,
        ownerUserId: r.owner_user_id,
        ownerDepartmentId: r.owner_department_id,
        updatedAt: iso(r.updated_at),
      })),
      nextCursor: rows.length > q.limit ? cursorOf([page[page.length - 1]!.id]) : null,
    }
  })
}

/**
 * The latest status (all customers) of every KPI of each touchpoint, for
 * their health (lib/evaluation/model.ts healthOf): one index probe per
 * touchpoint and KPI. `asOf`: the latest value whose period started by then
 * (the health history's backfill).
 */
export async function kpiStatusesIn(tx: Tx, workspaceId: string, ids?: readonly string[], asOf?: Date): Promise<Map<string, MetricStatus[]>> {
  const out = new Map<string, MetricStatus[]>()
  if (ids && ids.length === 0) return out
  const rows = rowsOf<{ touchpoint_id: string; direction: Direction; target: number; alert_at: number | null; value: number }>(
    await tx.execute(sql`
      select tm.touchpoint_id, m.direction, m.target, m.alert_at, l.value
      from touchpoint_metrics tm
      join metrics m on m.id = tm.metric_id
      cross join lateral (select v.value from metric_values v where v.workspace_id = tm.workspace_id and v.metric_id = tm.metric_id and v.touchpoint_id = tm.touchpoint_id and v.segment = ''
                          ${asOf ? sql`and v.period_start <= ${asOf.toISOString()}::timestamptz` : sql``}
                          order by v.period_start desc, v.period_end desc limit 1) l
      where tm.workspace_id = ${workspaceId} ${ids ? sql`and tm.touchpoint_id = any(${sql.param([...ids])}::text[])` : sql``}`),
  )
  for (const r of rows) {
    const status = statusOf({ direction: r.direction, target: Number(r.target), alertAt: r.alert_at === null ? null : Number(r.alert_at) }, Number(r.value))
    out.set(r.touchpoint_id, [...(out.get(r.touchpoint_id) ?? []), status])
  }
  return out
}
