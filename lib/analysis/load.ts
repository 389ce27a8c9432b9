/**
 * The distribution analysis's data, read from the read model in a handful of
 * grouped queries, then analysed by distribution.ts. One map (`mapId`) or the
 * whole workspace; an unknown map is 404, like another workspace's.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { mapSegments, mapStages, maps, placements, touchpoints } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError } from '@/lib/errors'
import { evaluationsFor } from '@/lib/evaluation/evaluation'
import type { Control, Ownership, TouchpointKind } from '@/lib/maps/model'
import { ownerOptionsIn } from '@/lib/ownership/queries'
import { analyseDistribution, PRESSURE_WEEKS, VOLUME_DAYS, type Distribution, type MapShape, type PressureFacts } from './distribution'
import { mapNotDeleted } from '@/lib/maps/visibility'

const WEEK_MS = 7 * 24 * 3600 * 1000

/** The Monday (UTC) that starts each of the last PRESSURE_WEEKS weeks, oldest first, the current week last. */
export function pressureWeeks(now: Date): Date[] {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 24 * 3600 * 1000)
  return Array.from({ length: PRESSURE_WEEKS }, (_, i) => new Date(monday.getTime() - (PRESSURE_WEEKS - 1 - i) * WEEK_MS))
}

async function pressureIn(tx: Tx, workspaceId: string, ids: readonly string[] | null, now: Date): Promise<{ weekStarts: string[]; rows: PressureFacts[] }> {
  const weeks = pressureWeeks(now)
  const start = weeks[0]!
  const only = ids ? sql`and it.touchpoint_id = any(${sql.param([...ids])}::text[])` : sql``
  const rows = rowsOf<{ touchpoint_id: string; week: number; n: number; negative: number }>(
    await tx.execute(sql`
      select it.touchpoint_id, floor(extract(epoch from (i.created_at - ${start.toISOString()}::timestamptz)) / 604800)::int as week,
             count(*)::int as n, (count(*) filter (where i.sentiment = 'negative'))::int as negative
      from insight_touchpoints it
      join insights i on i.id = it.insight_id
      where it.workspace_id = ${workspaceId} and i.workspace_id = ${workspaceId} and i.merged_into is null
        and i.created_at >= ${start.toISOString()}::timestamptz ${only}
      group by 1, 2`),
  )
  const by = new Map<string, PressureFacts>()
  for (const r of rows) {
    const w = Number(r.week)
    if (w < 0 || w >= PRESSURE_WEEKS) continue
    let p = by.get(r.touchpoint_id)
    if (!p) by.set(r.touchpoint_id, (p = { touchpointId: r.touchpoint_id, weeks: new Array<number>(PRESSURE_WEEKS).fill(0), negative: 0 }))
    p.weeks[w] = (p.weeks[w] ?? 0) + Number(r.n)
    p.negative += Number(r.negative)
  }
  return { weekStarts: weeks.map((d) => d.toISOString().slice(0, 10)), rows: [...by.values()] }
}

/** The distribution analysis of one map or (mapId null) the workspace, as `ctx` sees it. */
export async function distributionFor(ctx: MemberContext, opts: { mapId: string | null; now?: Date }): Promise<Distribution> {
  const ws = ctx.workspaceId
  const read = <T>(fn: (tx: Tx) => Promise<T>) => inWorkspace(ws, ctx.userId, fn)
  const { shapes, places } = await read(async (tx) => {
    const [mapRows, stageRows, segmentRows] = await Promise.all([
      tx.select({ id: maps.id, name: maps.name }).from(maps).where(and(eq(maps.workspaceId, ws), mapNotDeleted())).orderBy(maps.name, maps.id),
      tx.select({ mapId: mapStages.mapId, id: mapStages.id, name: mapStages.name, weight: mapStages.weight }).from(mapStages).where(eq(mapStages.workspaceId, ws)).orderBy(mapStages.position),
      tx.select({ mapId: mapSegments.mapId, id: mapSegments.id, name: mapSegments.name }).from(mapSegments).where(eq(mapSegments.workspaceId, ws)).orderBy(mapSegments.position),
    ])
    if (opts.mapId && !mapRows.some((m) => m.id === opts.mapId)) throw new NotFoundError('Map not found')
    const shapes: MapShape[] = mapRows.map((m) => ({
      ...m,
      stages: stageRows.filter((s) => s.mapId === m.id).map(({ id, name, weight }) => ({ id, name, weight })),
      segments: segmentRows.filter((s) => s.mapId === m.id).map(({ id, name }) => ({ id, name })),
    }))
    const places = await tx
      .select({ mapId: placements.mapId, stageId: placements.stageId, segmentId: placements.segmentId, touchpointId: placements.touchpointId })
      .from(placements)
      .where(and(eq(placements.workspaceId, ws), opts.mapId ? eq(placements.mapId, opts.mapId) : undefined))
    return { shapes, places }
  })
  const ids = opts.mapId ? [...new Set(places.map((p) => p.touchpointId))] : null
  // The heavy aggregates (scores, insight counts, insight pressure) each run in a transaction of their own, at once.
  const [tps, scores, owners, pressure, volumes] = await Promise.all([
    ids && ids.length === 0
      ? Promise.resolve([])
      : read((tx) =>
          tx
            .select({
              id: touchpoints.id,
              name: touchpoints.name,
              kind: touchpoints.kind,
              ownership: touchpoints.ownership,
              control: touchpoints.control,
              status: touchpoints.status,
              ownerUserId: touchpoints.ownerUserId,
              ownerDepartmentId: touchpoints.ownerDepartmentId,
              generatesData: sql<boolean>`coalesce(btrim((${touchpoints.details})::jsonb ->> 'dataGenerated'), '') <> ''`,
              passesDataOn: sql<boolean>`coalesce(btrim((${touchpoints.details})::jsonb ->> 'dataCaptured'), '') <> ''`,
            })
            .from(touchpoints)
            .where(and(eq(touchpoints.workspaceId, ws), ids ? inArray(touchpoints.id, ids) : undefined)),
        ),
    evaluationsFor(ws, ctx.userId, ids ?? undefined),
    read((tx) => ownerOptionsIn(tx, ws)),
    read((tx) => pressureIn(tx, ws, ids, opts.now ?? new Date())),
    read(async (tx) => {
      const since = new Date((opts.now ?? new Date()).getTime() - VOLUME_DAYS * 24 * 3600 * 1000).toISOString().slice(0, 10)
      const rows = rowsOf<{ touchpoint_id: string; n: number }>(
        await tx.execute(sql`select touchpoint_id, sum(count)::int as n from interaction_volumes where workspace_id = ${ws} and day >= ${since}::date group by 1`),
      )
      return new Map(rows.map((r) => [r.touchpoint_id, Number(r.n)]))
    }),
  ])
  return analyseDistribution({
    mapId: opts.mapId,
    maps: shapes,
    placements: places,
    touchpoints: tps.map((t) => ({
      ...t,
      kind: t.kind as TouchpointKind,
      ownership: t.ownership as Ownership,
      control: t.control as Control,
      generatesData: Boolean(t.generatesData),
      passesDataOn: Boolean(t.passesDataOn),
      score: scores.get(t.id)?.mean ?? null,
      openInsights: scores.get(t.id)?.openInsights ?? 0,
    })),
    people: owners.members,
    departments: owners.departments,
    pressure: pressure.rows,
    weekStarts: pressure.weekStarts,
    volumes,
  })
}
