/**
 * Competitors on a map: who else the customer meets on this journey, their
 * equivalent touchpoints in the map's cells with a short rating, and the
 * cells where a competitor is present and we are not (no card of ours in
 * that stage and row). Reading takes 'maps.read'; writing 'maps.edit'.
 * Stages and rows are checked against the map's read model.
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { competitors, competitorTouchpoints, maps } from '@/db/schema'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ConflictError, NotFoundError, pgCode, ValidationError } from '@/lib/errors'
import { signal } from '@/lib/live/signals'
import { mapNotDeleted } from '@/lib/maps/visibility'

export const MAX_COMPETITORS = 12
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const competitorNameSchema = z.string({ error: 'Name the competitor' }).trim().min(1, 'Name the competitor').max(60, 'A competitor’s name has at most 60 characters')

export const competitorTouchpointSchema = z.object({
  competitorId: z.string().regex(UUID, 'Choose a competitor'),
  stageId: z.string().trim().min(1, 'Choose a stage').max(64),
  segmentId: z.string().trim().min(1, 'Choose a row').max(64),
  name: z.string().trim().min(1, 'Name their touchpoint').max(80, 'A touchpoint name has at most 80 characters'),
  rating: z.preprocess((v) => (v === '' || v === undefined || v === null ? null : Number(v)), z.number({ error: 'A rating is 1 to 5' }).int('A rating is 1 to 5').min(1, 'A rating is 1 to 5').max(5, 'A rating is 1 to 5').nullable()),
  note: z.string().trim().max(300, 'A note has at most 300 characters').default(''),
})
export type CompetitorTouchpointInput = z.infer<typeof competitorTouchpointSchema>

export type CompetitorEntry = { id: string; competitorId: string; competitor: string; stageId: string; segmentId: string; name: string; rating: number | null; note: string }
export type CompetitorGap = { stageId: string; stage: string; segmentId: string; segment: string; competitors: { name: string; touchpoint: string; rating: number | null }[] }
export type CompetitorView = {
  map: { id: string; name: string }
  stages: { id: string; name: string }[]
  segments: { id: string; name: string }[]
  competitors: { id: string; name: string; entries: number }[]
  entries: CompetitorEntry[]
  /** Our cards per cell, `${stageId}|${segmentId}` → count. */
  ours: Record<string, number>
  /** Cells where a competitor has a touchpoint and we have no card, in map order. */
  gaps: CompetitorGap[]
}

async function mapIn(tx: Tx, workspaceId: string, mapId: string) {
  if (!UUID.test(mapId)) throw new NotFoundError('Map not found')
  const [m] = await tx.select({ id: maps.id, name: maps.name }).from(maps).where(and(eq(maps.workspaceId, workspaceId), eq(maps.id, mapId), mapNotDeleted()))
  if (!m) throw new NotFoundError('Map not found')
  return m
}

/** The map's competitors, their touchpoints, our cards per cell and the gaps. */
export async function competitorView(ctx: MemberContext, mapId: string): Promise<CompetitorView> {
  assertCan(ctx, 'maps.read')
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const map = await mapIn(tx, ctx.workspaceId, mapId)
    const stages = rowsOf<{ id: string; name: string }>(await tx.execute(sql`select id, name from map_stages where map_id = ${mapId} order by position`))
    const segments = rowsOf<{ id: string; name: string }>(await tx.execute(sql`select id, name from map_segments where map_id = ${mapId} order by position`))
    const list = await tx.select().from(competitors).where(and(eq(competitors.workspaceId, ctx.workspaceId), eq(competitors.mapId, mapId))).orderBy(asc(sql`lower(${competitors.name})`))
    const entries = rowsOf<{ id: string; competitor_id: string; competitor: string; stage_id: string; segment_id: string; name: string; rating: number | null; note: string }>(
      await tx.execute(sql`
        select e.id, e.competitor_id, c.name as competitor, e.stage_id, e.segment_id, e.name, e.rating, e.note
        from competitor_touchpoints e join competitors c on c.id = e.competitor_id
        where e.workspace_id = ${ctx.workspaceId} and e.map_id = ${mapId}
        order by lower(c.name), e.created_at`),
    )
    const placed = rowsOf<{ stage_id: string; segment_id: string; n: number }>(
      await tx.execute(sql`
        select p.stage_id, p.segment_id, count(*)::int as n from placements p
        join touchpoints t on t.workspace_id = p.workspace_id and t.id = p.touchpoint_id and t.status = 'active'
        where p.map_id = ${mapId} group by 1, 2`),
    )
    const ours: Record<string, number> = {}
    for (const p of placed) ours[`${p.stage_id}|${p.segment_id}`] = p.n
    const gaps: CompetitorGap[] = []
    for (const st of stages) {
      for (const sg of segments) {
        const key = `${st.id}|${sg.id}`
        const theirs = entries.filter((e) => e.stage_id === st.id && e.segment_id === sg.id)
        if (theirs.length && !ours[key]) gaps.push({ stageId: st.id, stage: st.name, segmentId: sg.id, segment: sg.name, competitors: theirs.map((e) => ({ name: e.competitor, touchpoint: e.name, rating: e.rating })) })
      }
    }
    return {
      map,
      stages,
      segments,
      competitors: list.map((c) => ({ id: c.id, name: c.name, entries: entries.filter((e) => e.competitor_id === c.id).length })),
      entries: entries.map((e) => ({ id: e.id, competitorId: e.competitor_id, competitor: e.competitor, stageId: e.stage_id, segmentId: e.segment_id, name: e.name, rating: e.rating, note: e.note })),
      ours,
      gaps,
    }
  })
}

export async function addCompetitor(ctx: MemberContext, mapId: string, name: string): Promise<{ id: string }> {
  assertCan(ctx, 'maps.edit')
  try {
    const out = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
      await mapIn(tx, ctx.workspaceId, mapId)
      const [{ n }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from competitors where map_id = ${mapId}`)) as [{ n: number }]
      if (n >= MAX_COMPETITORS) throw new ValidationError({ name: [`A map has at most ${MAX_COMPETITORS} competitors`] })
      const [c] = await tx.insert(competitors).values({ workspaceId: ctx.workspaceId, mapId, name, createdBy: ctx.userId }).returning({ id: competitors.id })
      return c!
    })
    signal(ctx.workspaceId, 'maps')
    return out
  } catch (err) {
    if (pgCode(err) === '23505') throw new ConflictError(`“${name}” is already a competitor on this map`, 'name')
    throw err
  }
}

export async function removeCompetitor(ctx: MemberContext, competitorId: string): Promise<void> {
  assertCan(ctx, 'maps.edit')
  if (!UUID.test(competitorId)) throw new NotFoundError('Competitor not found')
  const n = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) =>
    (await tx.delete(competitors).where(and(eq(competitors.workspaceId, ctx.workspaceId), eq(competitors.id, competitorId))).returning({ id: competitors.id })).length,
  )
  if (!n) throw new NotFoundError('Competitor not found')
  signal(ctx.workspaceId, 'maps')
}

/** Notes a competitor's equivalent touchpoint in a cell of its map. */
export async function addCompetitorTouchpoint(ctx: MemberContext, input: CompetitorTouchpointInput): Promise<{ id: string }> {
  assertCan(ctx, 'maps.edit')
  const out = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [c] = await tx.select().from(competitors).where(and(eq(competitors.workspaceId, ctx.workspaceId), eq(competitors.id, input.competitorId)))
    if (!c) throw new NotFoundError('Competitor not found')
    await mapIn(tx, ctx.workspaceId, c.mapId)
    const [stage] = rowsOf(await tx.execute(sql`select 1 from map_stages where map_id = ${c.mapId} and id = ${input.stageId}`))
    const [segment] = rowsOf(await tx.execute(sql`select 1 from map_segments where map_id = ${c.mapId} and id = ${input.segmentId}`))
    const errors: Record<string, string[]> = {}
    if (!stage) errors.stageId = ['This map has no such stage']
    if (!segment) errors.segmentId = ['This map has no such row']
    if (Object.keys(errors).length) throw new ValidationError(errors)
    const [e] = await tx
      .insert(competitorTouchpoints)
      .values({ workspaceId: ctx.workspaceId, competitorId: c.id, mapId: c.mapId, stageId: input.stageId, segmentId: input.segmentId, name: input.name, rating: input.rating, note: input.note, createdBy: ctx.userId })
      .returning({ id: competitorTouchpoints.id })
    return e!
  })
  signal(ctx.workspaceId, 'maps')
  return out
}

export async function removeCompetitorTouchpoint(ctx: MemberContext, id: string): Promise<void> {
  assertCan(ctx, 'maps.edit')
  if (!UUID.test(id)) throw new NotFoundError('Not found')
  const n = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) =>
    (await tx.delete(competitorTouchpoints).where(and(eq(competitorTouchpoints.workspaceId, ctx.workspaceId), eq(competitorTouchpoints.id, id))).returning({ id: competitorTouchpoints.id })).length,
  )
  if (!n) throw new NotFoundError('Not found')
  signal(ctx.workspaceId, 'maps')
}
