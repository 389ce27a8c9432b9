/**
 * Making maps from something: a built-in stage template, a workspace
 * template (any map saved with its stages, rows and optionally its cards),
 * and starter touchpoints ticked before the map is made (lib/maps/starters.ts).
 * Saving and using templates take 'maps.edit'.
 */
import { and, asc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { maps, mapTemplates, touchpoints } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { NotFoundError, ValidationError } from '@/lib/errors'
import {
  addSegment,
  addStage,
  addTouchpoint,
  catalogDocName,
  initMap,
  listTouchpoints,
  mapDocName,
  metaOf,
  placeTouchpoint,
  readMap,
  restoreMapSnapshot,
  type MapSnapshot,
} from './doc-schema'
import { lanesFromJson } from './lanes'
import { MAP_TEMPLATES, STRATEGIC_GOALS, type MapTemplate } from './model'
import { newMapWith } from './maps'
import { projectCatalog } from './projection'
import { matchStarters, stageForPhase, STARTERS } from './starters'

/** A workspace template's content: a map snapshot without its name (validated when read back: it is JSON in the database). */
const contentSchema = z.object({
  template: z.string().max(40),
  stages: z.array(z.object({ id: z.string().max(64), name: z.string().max(60), description: z.string().max(500), weight: z.number().int().min(0).max(5), order: z.string().max(200) })).max(100),
  segments: z
    .array(
      z.object({
        id: z.string().max(64),
        name: z.string().max(60),
        profile: z.string().max(1000),
        goal: z.enum(STRATEGIC_GOALS),
        priority: z.number().int().min(1).max(5),
        order: z.string().max(200),
        personaId: z.string().max(64).nullable(),
      }),
    )
    .max(100),
  placements: z.array(z.object({ id: z.string().max(64), touchpointId: z.string().max(64), stageId: z.string().max(64), segmentId: z.string().max(64), order: z.string().max(200) })).max(20_000),
  /** Templates saved before the lanes existed have none. */
  lanes: z.unknown().optional(),
})
type Content = z.infer<typeof contentSchema>

export type TemplateSummary = { id: string; name: string; stages: number; segments: number; cards: number; withTouchpoints: boolean; createdAt: Date }

export async function listTemplates(ctx: MemberContext): Promise<TemplateSummary[]> {
  const rows = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx.select().from(mapTemplates).where(eq(mapTemplates.workspaceId, ctx.workspaceId)).orderBy(asc(mapTemplates.name), asc(mapTemplates.id)),
  )
  return rows.map((r) => {
    const c = contentSchema.safeParse(r.content)
    return {
      id: r.id,
      name: r.name,
      stages: c.success ? c.data.stages.length : 0,
      segments: c.success ? c.data.segments.length : 0,
      cards: c.success ? c.data.placements.length : 0,
      withTouchpoints: r.withTouchpoints,
      createdAt: r.createdAt,
    }
  })
}

/** Saves a map as a workspace template: its stages and rows (library personas stay linked), and its cards with `withTouchpoints`. */
export async function saveTemplate(ctx: MemberContext, mapId: string, input: { name: string; withTouchpoints: boolean }): Promise<{ id: string }> {
  assertCan(ctx, 'maps.edit')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [m] = await tx.select({ id: maps.id }).from(maps).where(and(eq(maps.workspaceId, ctx.workspaceId), eq(maps.id, mapId)))
    if (!m) throw new NotFoundError('Map not found')
  })
  const snap = await withDocument(ctx.workspaceId, mapDocName(ctx.workspaceId, mapId), (d) => readMap(d))
  const content: Content = { template: snap.template, stages: snap.stages, segments: snap.segments, placements: input.withTouchpoints ? snap.placements : [], lanes: snap.lanes }
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [row] = await tx
      .insert(mapTemplates)
      .values({ workspaceId: ctx.workspaceId, name: input.name, content, withTouchpoints: input.withTouchpoints, createdBy: ctx.userId })
      .returning({ id: mapTemplates.id })
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'template.saved', subject: input.name, data: { templateId: row!.id, mapId, withTouchpoints: input.withTouchpoints } })
    return row!
  })
}

export async function deleteTemplate(ctx: MemberContext, templateId: string): Promise<void> {
  assertCan(ctx, 'maps.edit')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [row] = await tx.delete(mapTemplates).where(and(eq(mapTemplates.workspaceId, ctx.workspaceId), eq(mapTemplates.id, templateId))).returning({ name: mapTemplates.name })
    if (!row) throw new NotFoundError('Template not found')
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'template.deleted', subject: row.name, data: { templateId } })
  })
}

/** Which starters the catalog already has, and under what name (the new-map form says "already in your catalog as …"). */
export async function starterMatches(ctx: MemberContext): Promise<Record<string, string>> {
  const list = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx.select({ id: touchpoints.id, name: touchpoints.name, status: touchpoints.status }).from(touchpoints).where(eq(touchpoints.workspaceId, ctx.workspaceId)),
  )
  return Object.fromEntries([...matchStarters(list)].map(([k, v]) => [k, v.name]))
}

export type NewMap = { name: string; template: MapTemplate | `ws:${string}`; starters: string[] }

/**
 * Creates a map from a built-in template or a workspace template, with the
 * ticked starter touchpoints placed on its first row (the one already in the
 * catalog linked, the others added to it). The map is made by newMapWith
 * (all of it or nothing); touchpoints added to the catalog before stay there.
 */
export async function createMapFrom(ctx: MemberContext, input: NewMap): Promise<{ id: string; doc: string }> {
  assertCan(ctx, 'maps.edit')
  const unknown = input.starters.filter((k) => !STARTERS.some((s) => s.key === k))
  if (unknown.length) throw new ValidationError({ starters: [`Unknown starter touchpoint: ${unknown.join(', ')}`] })
  let content: Content | null = null
  if (input.template.startsWith('ws:')) {
    const templateId = input.template.slice(3)
    const [row] = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
      /^[0-9a-f-]{36}$/i.test(templateId) ? tx.select().from(mapTemplates).where(and(eq(mapTemplates.workspaceId, ctx.workspaceId), eq(mapTemplates.id, templateId))) : Promise.resolve([]),
    )
    if (!row) throw new ValidationError({ template: ['That template no longer exists'] })
    const parsed = contentSchema.safeParse(row.content)
    if (!parsed.success) throw new ValidationError({ template: ['That template cannot be read; save it again from a map'] })
    content = parsed.data
  }
  const builtin = (content ? 'blank' : input.template) as MapTemplate
  // Starters first: linked when the catalog has them, added otherwise (one catalog transaction).
  const chosen = STARTERS.filter((s) => input.starters.includes(s.key))
  const starterIds = new Map<string, string>()
  const catalogDoc = await withDocument(ctx.workspaceId, catalogDocName(ctx.workspaceId), (d) => {
    if (!chosen.length) return d
    const matches = matchStarters(listTouchpoints(d).map((t) => ({ id: t.id, name: t.name, status: t.status })))
    d.transact(() => {
      for (const s of chosen) {
        const hit = matches.get(s.key)
        starterIds.set(s.key, hit ? hit.id : addTouchpoint(d, { name: s.name, kind: s.kind, ownership: s.ownership, control: s.control, channel: s.channel }, ctx.userId))
      }
    })
    return d
  })
  if (chosen.length) await projectCatalog(ctx.workspaceId, catalogDoc)
  // A template's cards whose touchpoint is gone from the catalog are left out.
  const known = new Set(listTouchpoints(catalogDoc).map((t) => t.id))
  return newMapWith(ctx, { name: input.name, template: content ? 'custom' : builtin }, (d) => {
    if (content) {
      const snap: MapSnapshot = { name: input.name, template: 'custom', stages: content.stages, segments: content.segments, placements: content.placements, lanes: lanesFromJson(content.lanes) }
      restoreMapSnapshot(d, snap, (tid) => known.has(tid))
      metaOf(d).set('template', 'custom')
    } else {
      initMap(d, { name: input.name, template: builtin })
    }
    if (!chosen.length) return
    let m = readMap(d)
    if (!m.stages.length) for (const name of MAP_TEMPLATES.purchase) addStage(d, { name })
    if (!m.segments.length) addSegment(d, { name: 'Customers' })
    m = readMap(d)
    const stageIds = m.stages.map((st) => st.id)
    const row = m.segments[0]!.id
    const onMap = new Set(m.placements.map((p) => p.touchpointId))
    for (const s of chosen) {
      const touchpointId = starterIds.get(s.key)!
      if (onMap.has(touchpointId)) continue
      onMap.add(touchpointId)
      placeTouchpoint(d, { touchpointId, stageId: stageForPhase(stageIds, s.phase)!, segmentId: row })
    }
  })
}
