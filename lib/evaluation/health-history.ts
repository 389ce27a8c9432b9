/**
 * The health history: each touchpoint's health (model.ts healthOf) recorded
 * once a day by the `health.record` job, so the Analysis page can show its
 * trend per stage. Scores and insight statuses keep no past, so a day's
 * health is what was known that day; a backfill (the demo) may replay the
 * KPI part from the values' history (`kpisAsOf`).
 */
import { sql } from 'drizzle-orm'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { database, rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { log } from '@/lib/log'
import { rawFor, weightsIn } from './evaluation'
import { healthOf, weightedScore } from './model'

export const HEALTH_JOB = 'health.record'
export const TREND_WEEKS = 12

const dayOf = (d: Date) => d.toISOString().slice(0, 10)

/** Records every active touchpoint's health of `day` (today by default) in one workspace; a second run the same day replaces it. */
export async function recordHealth(workspaceId: string, opts: { day?: Date; kpisAsOf?: Date } = {}): Promise<number> {
  const [raw, weights] = await Promise.all([rawFor(workspaceId, null, undefined, { kpisAsOf: opts.kpisAsOf }), inWorkspace(workspaceId, null, (tx) => weightsIn(tx, workspaceId))])
  const rows: [string, string][] = []
  for (const r of raw.values()) {
    if (r.status !== 'active') continue
    const h = healthOf({ kpis: r.kpis, score: weightedScore(r.means, weights), negativeInsights: r.negativeInsights }, weights)
    if (h != null) rows.push([r.id, String(h)])
  }
  if (!rows.length) return 0
  const day = dayOf(opts.day ?? new Date())
  await inWorkspace(workspaceId, null, (tx) =>
    tx.execute(sql`
      insert into touchpoint_health_daily (workspace_id, touchpoint_id, day, health)
      select ${workspaceId}::uuid, x.t, ${day}::date, x.h::real from unnest(${sql.param(rows.map((r) => r[0]))}::text[], ${sql.param(rows.map((r) => r[1]))}::text[]) as x(t, h)
      on conflict (workspace_id, touchpoint_id, day) do update set health = excluded.health`),
  )
  return rows.length
}

/** The daily job: every workspace with touchpoints. */
export async function recordAllHealth(): Promise<number> {
  const db = await database()
  const ids = rowsOf<{ workspace_id: string }>(await db.execute(sql`select workspace_id from touchmap_workspaces_with_touchpoints()`)).map((r) => r.workspace_id)
  let n = 0
  for (const id of ids) {
    try {
      n += await recordHealth(id)
    } catch (err) {
      log.error('health: not recorded', { workspaceId: id, err: String(err) })
    }
  }
  return n
}

export type StageHealthTrend = { weeks: string[]; stages: { id: string; name: string; values: (number | null)[] }[] }

/** The mean health of the touchpoints now on each stage of a map, week by week (Mondays, UTC), the last TREND_WEEKS weeks. */
export async function healthTrendByStage(ctx: MemberContext, mapId: string): Promise<StageHealthTrend> {
  assertCan(ctx, 'maps.read')
  const now = new Date()
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * 86_400_000
  const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => dayOf(new Date(monday - (TREND_WEEKS - 1 - i) * 7 * 86_400_000)))
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const stages = rowsOf<{ id: string; name: string }>(await tx.execute(sql`select id, name from map_stages where workspace_id = ${ctx.workspaceId} and map_id = ${mapId} order by position`))
    const rows = rowsOf<{ stage_id: string; week: string; health: number }>(
      await tx.execute(sql`
        select p.stage_id, to_char(date_trunc('week', h.day), 'YYYY-MM-DD') as week, avg(h.health)::float8 as health
        from (select distinct stage_id, touchpoint_id from placements where workspace_id = ${ctx.workspaceId} and map_id = ${mapId}) p
        join touchpoint_health_daily h on h.workspace_id = ${ctx.workspaceId} and h.touchpoint_id = p.touchpoint_id
        where h.day >= ${weeks[0]!}::date
        group by 1, 2`),
    )
    const at = new Map(rows.map((r) => [`${r.stage_id}|${r.week}`, Math.round(Number(r.health) * 10) / 10]))
    return { weeks, stages: stages.map((s) => ({ id: s.id, name: s.name, values: weeks.map((w) => at.get(`${s.id}|${w}`) ?? null) })) }
  })
}
