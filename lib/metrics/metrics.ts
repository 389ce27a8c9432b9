/**
 * KPI definitions: list, create, change, delete; which touchpoints each one
 * measures; and the KPI a map's cards show. Reading takes membership
 * ('maps.read'); defining takes 'metrics.manage' (managers and up); attaching
 * a metric to a touchpoint and choosing a map's badge take 'metrics.record'
 * (editors and up, and API keys).
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import { mapKpiBadges, maps, metrics, touchpointMetrics } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ConflictError, NotFoundError, pgCode, ValidationError } from '@/lib/errors'
import { signal } from '@/lib/live/signals'
import { METRIC_LIMITS, type Direction, type Metric, type MetricInput, type MetricPreset } from './model'

type Row = typeof metrics.$inferSelect
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const metricOf = (r: Row): Metric => ({
  id: r.id,
  name: r.name,
  unit: r.unit,
  direction: r.direction as Direction,
  target: r.target,
  alertAt: r.alertAt,
  preset: (r.preset as MetricPreset | null) ?? null,
  description: r.description,
})

export type MetricSummary = Metric & { touchpoints: number; values: number }

/** The workspace's metrics by name, with how many touchpoints each measures and how many values it has. */
export async function listMetrics(ctx: MemberContext): Promise<MetricSummary[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = await tx.select().from(metrics).where(eq(metrics.workspaceId, ctx.workspaceId)).orderBy(asc(sql`lower(${metrics.name})`), asc(metrics.id))
    const counts = rowsOf<{ metric_id: string; touchpoints: number; values: number }>(
      await tx.execute(sql`
        select m.id as metric_id,
               (select count(*)::int from touchpoint_metrics t where t.metric_id = m.id) as touchpoints,
               (select count(*)::int from metric_values v where v.metric_id = m.id) as values
        from metrics m where m.workspace_id = ${ctx.workspaceId}`),
    )
    const by = new Map(counts.map((c) => [c.metric_id, c]))
    return rows.map((r) => ({ ...metricOf(r), touchpoints: by.get(r.id)?.touchpoints ?? 0, values: by.get(r.id)?.values ?? 0 }))
  })
}

export async function metricIn(tx: Tx, workspaceId: string, id: string): Promise<Metric> {
  if (!UUID.test(id)) throw new NotFoundError('Metric not found')
  const [r] = await tx.select().from(metrics).where(and(eq(metrics.workspaceId, workspaceId), eq(metrics.id, id)))
  if (!r) throw new NotFoundError('Metric not found')
  return metricOf(r)
}

const taken = (name: string) => new ConflictError(`There is already a metric called “${name}”`, 'name')

export async function createMetric(ctx: MemberContext, input: MetricInput): Promise<Metric> {
  assertCan(ctx, 'metrics.manage')
  try {
    const m = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
      const [{ n }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from metrics where workspace_id = ${ctx.workspaceId}`)) as [{ n: number }]
      if (n >= METRIC_LIMITS.perWorkspace) throw new ValidationError({ name: [`A workspace has at most ${METRIC_LIMITS.perWorkspace} metrics; delete one you no longer use`] })
      const [row] = await tx
        .insert(metrics)
        .values({ workspaceId: ctx.workspaceId, ...input, createdBy: ctx.userId })
        .returning()
      await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'metric.created', subject: input.name, data: { metricId: row!.id } })
      return metricOf(row!)
    })
    signal(ctx.workspaceId, 'metrics')
    return m
  } catch (err) {
    if (pgCode(err) === '23505') throw taken(input.name)
    throw err
  }
}

/** Changes a metric's definition. Its unit cannot change once it has values (they were measured in the old one). */
export async function updateMetric(ctx: MemberContext, id: string, input: MetricInput): Promise<Metric> {
  assertCan(ctx, 'metrics.manage')
  try {
    const m = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
      const before = await metricIn(tx, ctx.workspaceId, id)
      if (before.unit !== input.unit) {
        const [{ n }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from metric_values where metric_id = ${id}`)) as [{ n: number }]
        if (n > 0) throw new ValidationError({ unit: [`The unit cannot change: ${n.toLocaleString('en')} values were measured in ${before.unit}. Define a new metric instead.`] })
      }
      const [row] = await tx
        .update(metrics)
        .set({ ...input, updatedAt: new Date() })
        .where(and(eq(metrics.workspaceId, ctx.workspaceId), eq(metrics.id, id)))
        .returning()
      await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'metric.updated', subject: input.name, data: { metricId: id } })
      return metricOf(row!)
    })
    signal(ctx.workspaceId, 'metrics')
    return m
  } catch (err) {
    if (pgCode(err) === '23505') throw taken(input.name)
    throw err
  }
}

/** Deletes a metric with its values and attachments (the form asks first, naming how many values go). */
export async function deleteMetric(ctx: MemberContext, id: string): Promise<void> {
  assertCan(ctx, 'metrics.manage')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const m = await metricIn(tx, ctx.workspaceId, id)
    await tx.delete(metrics).where(and(eq(metrics.workspaceId, ctx.workspaceId), eq(metrics.id, id)))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'metric.deleted', subject: m.name, data: { metricId: id } })
  })
  signal(ctx.workspaceId, 'metrics')
}

async function touchpointIn(tx: Tx, workspaceId: string, touchpointId: string): Promise<{ name: string; status: string }> {
  const [r] = rowsOf<{ name: string; status: string }>(await tx.execute(sql`select name, status from touchpoints where workspace_id = ${workspaceId} and id = ${touchpointId}`))
  if (!r) throw new NotFoundError('Touchpoint not found')
  return r
}

/** Starts measuring a touchpoint with a metric (nothing happens when it already does). */
export async function attachMetric(ctx: MemberContext, touchpointId: string, metricId: string): Promise<void> {
  assertCan(ctx, 'metrics.record')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const tp = await touchpointIn(tx, ctx.workspaceId, touchpointId)
    if (tp.status === 'retired') throw new ValidationError({ metricId: ['This touchpoint is retired: it takes no new KPIs'] })
    await metricIn(tx, ctx.workspaceId, metricId)
    await tx.insert(touchpointMetrics).values({ workspaceId: ctx.workspaceId, touchpointId, metricId }).onConflictDoNothing()
  })
  signal(ctx.workspaceId, 'metrics')
}

/** Stops showing a metric on a touchpoint; its values stay (and come back when it is attached again). */
export async function detachMetric(ctx: MemberContext, touchpointId: string, metricId: string): Promise<void> {
  assertCan(ctx, 'metrics.record')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    await touchpointIn(tx, ctx.workspaceId, touchpointId)
    await metricIn(tx, ctx.workspaceId, metricId)
    await tx
      .delete(touchpointMetrics)
      .where(and(eq(touchpointMetrics.workspaceId, ctx.workspaceId), eq(touchpointMetrics.touchpointId, touchpointId), eq(touchpointMetrics.metricId, metricId)))
  })
  signal(ctx.workspaceId, 'metrics')
}

/** The metric a map's cards show as a badge, or null. */
export async function mapBadgeMetric(ctx: MemberContext, mapId: string): Promise<string | null> {
  if (!UUID.test(mapId)) return null
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [r] = await tx.select({ metricId: mapKpiBadges.metricId }).from(mapKpiBadges).where(and(eq(mapKpiBadges.workspaceId, ctx.workspaceId), eq(mapKpiBadges.mapId, mapId)))
    return r?.metricId ?? null
  })
}

/** Chooses (or with null, clears) the KPI a map's cards show; open editors follow at once (the 'metrics' signal). */
export async function setMapBadgeMetric(ctx: MemberContext, mapId: string, metricId: string | null): Promise<void> {
  assertCan(ctx, 'maps.edit')
  if (!UUID.test(mapId)) throw new NotFoundError('Map not found')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [m] = await tx.select({ id: maps.id }).from(maps).where(and(eq(maps.workspaceId, ctx.workspaceId), eq(maps.id, mapId), sql`${maps.deletedAt} is null`))
    if (!m) throw new NotFoundError('Map not found')
    if (metricId === null) {
      await tx.delete(mapKpiBadges).where(and(eq(mapKpiBadges.workspaceId, ctx.workspaceId), eq(mapKpiBadges.mapId, mapId)))
      return
    }
    await metricIn(tx, ctx.workspaceId, metricId)
    await tx
      .insert(mapKpiBadges)
      .values({ workspaceId: ctx.workspaceId, mapId, metricId })
      .onConflictDoUpdate({ target: mapKpiBadges.mapId, set: { metricId } })
  })
  signal(ctx.workspaceId, 'metrics')
}
