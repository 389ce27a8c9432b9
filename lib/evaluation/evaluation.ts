/**
 * Evaluation services: each member's scores, the touchpoint's importance and
 * effort estimates, the workspace's weights, and what they add up to
 * (aggregates, priority, the "improve next" ranking). Definitions: model.ts.
 *
 * Permissions: scoring AND estimating importance and effort take
 * 'touchpoints.score' (editor and up). Estimates are one value per touchpoint,
 * so the last estimate wins; the activity log keeps who changed it from what.
 * Weights take 'scoring.configure' (manager and up). Reading takes membership
 * (every role, 'maps.read'). Viewers never write.
 *
 * Touchpoints come from the read model (`touchpoints`); one that is not in the
 * workspace's read model is 404, exactly like another workspace's.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { insights, insightTouchpoints, mapStages, maps, placements, scoringWeights, touchpointAssessments, touchpointRaters, touchpoints, touchpointScores, touchpointScoreStats } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { assertCan, can, type MemberContext } from '@/lib/auth/membership'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError } from '@/lib/errors'
import { signal } from '@/lib/live/signals'
import { kpiStatusesIn } from '@/lib/metrics/read'
import { journeyPlacesIn } from './journey'
import { improveNextOf, inputOf, type AnalysisData, type RankedTouchpoint, type Raw } from './ranking'
import { mapNotDeleted } from '@/lib/maps/visibility'
import {
  aggregate,
  CRITERIA,
  priorityOf,
  reasonsFor,
  resolveWeights,
  valueOf,
  type Criterion,
  type CriterionAggregate,
  type Reason,
  type Weights,
} from './model'

const OPEN_STATUSES = ['new', 'in_review']

// ---- reads ---------------------------------------------------------------------

export async function weightsIn(tx: Tx, workspaceId: string): Promise<Weights> {
  const [row] = await tx.select({ weights: scoringWeights.weights }).from(scoringWeights).where(eq(scoringWeights.workspaceId, workspaceId))
  return resolveWeights(row?.weights)
}


/** Runs one read: inside the caller's transaction, or in a transaction of its own (so several run at once on PostgreSQL). */
type Run = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>

/** Everything the aggregates need, per touchpoint of the read model (all of them, or `ids`), in a few grouped queries. */
async function rawIn(tx: Tx, workspaceId: string, ids?: readonly string[]): Promise<Map<string, Raw>> {
  return rawWith((fn) => fn(tx), workspaceId, ids)
}

/**
 * rawIn with each grouped query in a transaction of its own, run at once: on
 * PostgreSQL they use several connections, so the whole takes as long as the
 * slowest (aggregating hundreds of thousands of scores and insights), not
 * their sum. Each transaction sets the same workspace and user.
 */
export function rawFor(workspaceId: string, userId: string | null, ids?: readonly string[], opts: { kpisAsOf?: Date } = {}): Promise<Map<string, Raw>> {
  return rawWith((fn) => inWorkspace(workspaceId, userId, fn), workspaceId, ids, opts)
}

async function rawWith(run: Run, workspaceId: string, ids?: readonly string[], opts: { kpisAsOf?: Date } = {}): Promise<Map<string, Raw>> {
  const only = (col: AnyPgColumn) => (ids ? inArray(col, [...ids]) : undefined)
  const out = new Map<string, Raw>()
  if (ids && ids.length === 0) return out
  const [tps, means, people, estimates, counts, journeys, kpis] = await Promise.all([
    run((tx) =>
      tx
        .select({ id: touchpoints.id, name: touchpoints.name, status: touchpoints.status })
        .from(touchpoints)
        .where(and(eq(touchpoints.workspaceId, workspaceId), only(touchpoints.id))),
    ),
    // Means and raters from the sums a trigger keeps (db/migrations/0007_score_stats.sql), not from every score.
    run((tx) =>
      tx
        .select({ id: touchpointScoreStats.touchpointId, criterion: touchpointScoreStats.criterion, mean: sql<string>`${touchpointScoreStats.total}::numeric / ${touchpointScoreStats.n}` })
        .from(touchpointScoreStats)
        .where(and(eq(touchpointScoreStats.workspaceId, workspaceId), only(touchpointScoreStats.touchpointId))),
    ),
    run((tx) =>
      tx
        .select({ id: touchpointRaters.touchpointId, people: touchpointRaters.people })
        .from(touchpointRaters)
        .where(and(eq(touchpointRaters.workspaceId, workspaceId), only(touchpointRaters.touchpointId))),
    ),
    run((tx) =>
      tx
        .select({ id: touchpointAssessments.touchpointId, importance: touchpointAssessments.importance, effort: touchpointAssessments.effort })
        .from(touchpointAssessments)
        .where(and(eq(touchpointAssessments.workspaceId, workspaceId), only(touchpointAssessments.touchpointId))),
    ),
    run((tx) =>
      tx
        .select({
          id: insightTouchpoints.touchpointId,
          all: sql<number>`count(*) filter (where ${insights.status} <> 'dismissed')::int`,
          open: sql<number>`count(*) filter (where ${inArray(insights.status, OPEN_STATUSES)})::int`,
          negative: sql<number>`count(*) filter (where ${inArray(insights.status, OPEN_STATUSES)} and ${insights.sentiment} = 'negative')::int`,
        })
        .from(insightTouchpoints)
        .innerJoin(insights, eq(insights.id, insightTouchpoints.insightId))
        .where(and(eq(insightTouchpoints.workspaceId, workspaceId), isNull(insights.mergedInto), only(insightTouchpoints.touchpointId)))
        .groupBy(insightTouchpoints.touchpointId),
    ),
    run((tx) => journeyPlacesIn(tx, workspaceId, ids)),
    run((tx) => kpiStatusesIn(tx, workspaceId, ids, opts.kpisAsOf)),
  ])
  for (const t of tps) {
    out.set(t.id, {
      ...t,
      means: Object.fromEntries(CRITERIA.map((c) => [c, null])) as Record<Criterion, number | null>,
      people: 0,
      importance: null,
      effort: null,
      insights: 0,
      openInsights: 0,
      journey: journeys.get(t.id) ?? null,
      kpis: kpis.get(t.id) ?? [],
      negativeInsights: 0,
    })
  }
  if (out.size === 0) return out
  for (const m of means) {
    const r = out.get(m.id)
    if (r && (CRITERIA as readonly string[]).includes(m.criterion)) r.means[m.criterion as Criterion] = Number(m.mean)
  }
  for (const p of people) {
    const r = out.get(p.id)
    if (r) r.people = Number(p.people)
  }
  for (const e of estimates) {
    const r = out.get(e.id)
    if (r) Object.assign(r, { importance: e.importance, effort: e.effort })
  }
  for (const c of counts) {
    const r = out.get(c.id)
    if (r) Object.assign(r, { insights: Number(c.all), openInsights: Number(c.open), negativeInsights: Number(c.negative) })
  }
  return out
}


export type EvaluationSummary = { mean: number | null; count: number; priority: number | null; importance: number | null; effort: number | null; insights: number; openInsights: number; appeal: number | null }

/**
 * Per touchpoint (all of the workspace's, or `touchpointIds`): the weighted
 * score (`mean`, 1-5), how many people scored, the priority (0-100), the
 * estimates and the number of insights (not dismissed or merged). Unknown ids
 * are absent. Opens its own transaction: never call it inside one (use
 * evaluationsIn there). The caller has checked membership.
 */
export async function evaluationsFor(workspaceId: string, userId: string, touchpointIds?: readonly string[]): Promise<Map<string, EvaluationSummary>> {
  const [w, raw] = await Promise.all([inWorkspace(workspaceId, userId, (tx) => weightsIn(tx, workspaceId)), rawFor(workspaceId, userId, touchpointIds)])
  return summaries(w, raw)
}

/** evaluationsFor inside the caller's inWorkspace transaction. */
export async function evaluationsIn(tx: Tx, workspaceId: string, touchpointIds?: readonly string[]): Promise<Map<string, EvaluationSummary>> {
  const [w, raw] = await Promise.all([weightsIn(tx, workspaceId), rawIn(tx, workspaceId, touchpointIds)])
  return summaries(w, raw)
}

function summaries(w: Weights, raw: Map<string, Raw>): Map<string, EvaluationSummary> {
  const out = new Map<string, EvaluationSummary>()
  for (const r of raw.values()) {
    const input = inputOf(r, w)
    out.set(r.id, { mean: input.score, count: r.people, priority: priorityOf(input, w), importance: r.importance, effort: r.effort, insights: r.insights, openInsights: r.openInsights, appeal: r.means.appeal })
  }
  return out
}

export type TouchpointEvaluation = {
  touchpointId: string
  name: string
  status: string
  criteria: Record<Criterion, CriterionAggregate>
  /** The signed-in person's own scores. */
  mine: Record<Criterion, number | null>
  people: number
  importance: number | null
  effort: number | null
  estimatedAt: string | null
  insights: number
  openInsights: number
  weights: Weights
  score: number | null
  /** 0 to 100 (model.ts healthOf), or null without KPI values or scores. */
  health: number | null
  priority: number | null
  value: number | null
  reasons: Reason[]
  canScore: boolean
}

async function assertTouchpoint(tx: Tx, workspaceId: string, touchpointId: string): Promise<{ name: string }> {
  const [t] = await tx
    .select({ name: touchpoints.name })
    .from(touchpoints)
    .where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.id, touchpointId)))
  if (!t) throw new NotFoundError('Touchpoint not found')
  return t
}

async function evaluationIn(tx: Tx, ctx: MemberContext, touchpointId: string): Promise<TouchpointEvaluation> {
  await assertTouchpoint(tx, ctx.workspaceId, touchpointId)
  const [w, raw, scores, [est]] = await Promise.all([
    weightsIn(tx, ctx.workspaceId),
    rawIn(tx, ctx.workspaceId, [touchpointId]),
    tx
      .select({ userId: touchpointScores.userId, criterion: touchpointScores.criterion, score: touchpointScores.score })
      .from(touchpointScores)
      .where(and(eq(touchpointScores.workspaceId, ctx.workspaceId), eq(touchpointScores.touchpointId, touchpointId))),
    tx
      .select({ updatedAt: touchpointAssessments.updatedAt })
      .from(touchpointAssessments)
      .where(and(eq(touchpointAssessments.workspaceId, ctx.workspaceId), eq(touchpointAssessments.touchpointId, touchpointId))),
  ])
  const r = raw.get(touchpointId)!
  const criteria = {} as Record<Criterion, CriterionAggregate>
  const mine = {} as Record<Criterion, number | null>
  for (const c of CRITERIA) {
    criteria[c] = aggregate(scores.filter((s) => s.criterion === c).map((s) => s.score))
    mine[c] = scores.find((s) => s.criterion === c && s.userId === ctx.userId)?.score ?? null
  }
  const input = inputOf(r, w)
  return {
    touchpointId,
    name: r.name,
    status: r.status,
    criteria,
    mine,
    people: r.people,
    importance: r.importance,
    effort: r.effort,
    estimatedAt: est && (r.importance != null || r.effort != null) ? est.updatedAt.toISOString() : null,
    insights: r.insights,
    openInsights: r.openInsights,
    weights: w,
    score: input.score,
    health: input.health ?? null,
    priority: priorityOf(input, w),
    value: valueOf(input, w),
    reasons: reasonsFor(input, w),
    canScore: can(ctx, 'touchpoints.score'),
  }
}

/** One touchpoint's evaluation as `ctx` sees it: aggregates per criterion, their own scores, estimates, priority. 404 for an unknown touchpoint. */
export async function touchpointEvaluation(ctx: MemberContext, touchpointId: string): Promise<TouchpointEvaluation> {
  return inWorkspace(ctx.workspaceId, ctx.userId, (tx) => evaluationIn(tx, ctx, touchpointId))
}

// ---- writes --------------------------------------------------------------------

/** Sets (a number) or clears (null) the person's own scores for the criteria given; the other criteria stay. */
export async function setMyScores(
  ctx: MemberContext,
  input: { touchpointId: string; scores: Partial<Record<Criterion, number | null>> },
): Promise<TouchpointEvaluation> {
  assertCan(ctx, 'touchpoints.score')
  const out = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const tp = await assertTouchpoint(tx, ctx.workspaceId, input.touchpointId)
    const changes: Record<string, number | null> = {}
    for (const c of CRITERIA) {
      const v = input.scores[c]
      if (v === undefined) continue
      const key = and(
        eq(touchpointScores.workspaceId, ctx.workspaceId),
        eq(touchpointScores.touchpointId, input.touchpointId),
        eq(touchpointScores.userId, ctx.userId),
        eq(touchpointScores.criterion, c),
      )
      if (v === null) {
        const gone = await tx.delete(touchpointScores).where(key).returning({ c: touchpointScores.criterion })
        if (gone.length) changes[c] = null
      } else {
        const [before] = await tx.select({ score: touchpointScores.score }).from(touchpointScores).where(key)
        if (before?.score === v) continue
        await tx
          .insert(touchpointScores)
          .values({ workspaceId: ctx.workspaceId, touchpointId: input.touchpointId, userId: ctx.userId, criterion: c, score: v })
          .onConflictDoUpdate({
            target: [touchpointScores.workspaceId, touchpointScores.touchpointId, touchpointScores.userId, touchpointScores.criterion],
            set: { score: v, updatedAt: new Date() },
          })
        changes[c] = v
      }
    }
    if (Object.keys(changes).length) {
      await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'touchpoint.scored', subject: tp.name, data: { touchpointId: input.touchpointId, scores: changes } })
    }
    return { evaluation: await evaluationIn(tx, ctx, input.touchpointId), changed: Object.keys(changes).length > 0 }
  })
  if (out.changed) signal(ctx.workspaceId, 'scores')
  return out.evaluation
}

/** Sets or clears (null) the touchpoint's importance and/or effort estimate (undefined leaves it as it is). */
export async function setEstimates(
  ctx: MemberContext,
  input: { touchpointId: string; importance?: number | null; effort?: number | null },
): Promise<TouchpointEvaluation> {
  assertCan(ctx, 'touchpoints.score')
  const out = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const tp = await assertTouchpoint(tx, ctx.workspaceId, input.touchpointId)
    const where = and(eq(touchpointAssessments.workspaceId, ctx.workspaceId), eq(touchpointAssessments.touchpointId, input.touchpointId))
    const [before] = await tx.select({ importance: touchpointAssessments.importance, effort: touchpointAssessments.effort }).from(touchpointAssessments).where(where)
    const patch: { importance?: number | null; effort?: number | null } = {}
    if (input.importance !== undefined && input.importance !== (before?.importance ?? null)) patch.importance = input.importance
    if (input.effort !== undefined && input.effort !== (before?.effort ?? null)) patch.effort = input.effort
    const changed = Object.keys(patch).length > 0
    if (changed) {
      // The row is shared with ownership's review state (reviewedAt): only these columns are written.
      await tx
        .insert(touchpointAssessments)
        .values({ workspaceId: ctx.workspaceId, touchpointId: input.touchpointId, ...patch, updatedBy: ctx.userId })
        .onConflictDoUpdate({ target: [touchpointAssessments.workspaceId, touchpointAssessments.touchpointId], set: { ...patch, updatedBy: ctx.userId, updatedAt: new Date() } })
      const from = Object.fromEntries(Object.keys(patch).map((k) => [k, before?.[k as 'importance' | 'effort'] ?? null]))
      await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'touchpoint.estimated', subject: tp.name, data: { touchpointId: input.touchpointId, ...patch, from } })
    }
    return { evaluation: await evaluationIn(tx, ctx, input.touchpointId), changed }
  })
  if (out.changed) signal(ctx.workspaceId, 'scores')
  return out.evaluation
}

export async function getWeights(ctx: MemberContext): Promise<Weights> {
  return inWorkspace(ctx.workspaceId, ctx.userId, (tx) => weightsIn(tx, ctx.workspaceId))
}

/** Replaces the workspace's weights (validated by weightsSchema). */
export async function setWeights(ctx: MemberContext, weights: Weights): Promise<Weights> {
  assertCan(ctx, 'scoring.configure')
  const saved = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const before = await weightsIn(tx, ctx.workspaceId)
    const next = resolveWeights(weights)
    await tx
      .insert(scoringWeights)
      .values({ workspaceId: ctx.workspaceId, weights: next, updatedBy: ctx.userId })
      .onConflictDoUpdate({ target: scoringWeights.workspaceId, set: { weights: next, updatedBy: ctx.userId, updatedAt: new Date() } })
    const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => before[k as keyof Weights] !== v))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'scoring.weights_changed', data: { changed, from: before } })
    return next
  })
  signal(ctx.workspaceId, 'scores')
  return saved
}

// ---- the analysis page ------------------------------------------------------------

/** The analysis page's data: every touchpoint's figures, where it stands on the maps, and the weights. */
export async function analysisData(ctx: MemberContext): Promise<AnalysisData> {
  // The aggregates run in transactions of their own, alongside the rest (rawFor).
  const [raw, rest] = await Promise.all([
    rawFor(ctx.workspaceId, ctx.userId),
    inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
      Promise.all([
        weightsIn(tx, ctx.workspaceId),
        tx
          .selectDistinct({ touchpointId: placements.touchpointId, mapId: placements.mapId, stageId: placements.stageId })
          .from(placements)
          .where(eq(placements.workspaceId, ctx.workspaceId)),
        tx.select({ id: maps.id, name: maps.name }).from(maps).where(and(eq(maps.workspaceId, ctx.workspaceId), mapNotDeleted())).orderBy(maps.name, maps.id),
        tx
          .select({ mapId: mapStages.mapId, id: mapStages.id, name: mapStages.name })
          .from(mapStages)
          .where(eq(mapStages.workspaceId, ctx.workspaceId))
          .orderBy(mapStages.position),
      ]),
    ),
  ])
  const [weights, places, mapRows, stages] = rest
  const byTp = new Map<string, { mapId: string; stageId: string }[]>()
  for (const p of places) {
    const list = byTp.get(p.touchpointId) ?? []
    list.push({ mapId: p.mapId, stageId: p.stageId })
    byTp.set(p.touchpointId, list)
  }
  return {
    weights,
    rows: [...raw.values()].map((r) => ({ ...r, placements: byTp.get(r.id) ?? [] })),
    maps: mapRows.map((m) => ({ ...m, stages: stages.filter((s) => s.mapId === m.id).map((s) => ({ id: s.id, name: s.name })) })),
  }
}

/** Server-side ranking (tests, other services): improveNextOf over analysisData. */
export async function improveNext(ctx: MemberContext, opts: { mapId?: string; stageId?: string; limit?: number } = {}): Promise<RankedTouchpoint[]> {
  return improveNextOf(await analysisData(ctx), opts)
}

export type { AnalysisData, AnalysisRow, RankedTouchpoint } from './ranking'
