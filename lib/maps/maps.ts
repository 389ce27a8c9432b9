import { randomUUID } from 'node:crypto'
import { and, asc, count, eq, inArray } from 'drizzle-orm'
import { mapSegments, mapStages, maps, personas, placements, touchpoints, users } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import type * as Y from 'yjs'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { signal } from '@/lib/live/signals'
import { NotFoundError } from '@/lib/errors'
import { withDocument } from '@/lib/documents/live-documents'
import { initMap, mapDocName } from './doc-schema'
import type { MapTemplate, SegmentFields } from './model'
import { lanesFromJson, type Lanes } from './lanes'
import { projectMap } from './projection'
import { mapNotDeleted } from '@/lib/maps/visibility'

export type MapSummary = {
  id: string
  name: string
  template: string
  doc: string
  stages: number
  segments: number
  placements: number
  updatedAt: Date
  archived: boolean
  createdBy: { id: string; name: string } | null
  /** Library personas its rows stand for. */
  personas: { id: string; name: string }[]
}

/**
 * Makes a new map: its row (and whatever `withRow` records in the same
 * transaction), then its live document, filled by `fill` in one Yjs
 * transaction (one stored update: all of it or nothing), through the realtime
 * engine so it is stored like any edit, then its read model. If the document
 * or the projection fails, the row is removed again: no half-made map stays.
 */
export async function newMapWith(
  ctx: MemberContext,
  row: { name: string; template: string },
  fill: (doc: Y.Doc) => void,
  withRow?: (tx: Tx, id: string) => Promise<unknown>,
): Promise<{ id: string; doc: string }> {
  const id = randomUUID()
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    await tx.insert(maps).values({ id, workspaceId: ctx.workspaceId, name: row.name, template: row.template, createdBy: ctx.userId })
    await withRow?.(tx, id)
  })
  const doc = mapDocName(ctx.workspaceId, id)
  try {
    const ydoc = await withDocument(ctx.workspaceId, doc, (d) => {
      d.transact(() => fill(d))
      return d
    })
    await projectMap(ctx.workspaceId, id, ydoc)
  } catch (err) {
    await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => tx.delete(maps).where(and(eq(maps.workspaceId, ctx.workspaceId), eq(maps.id, id)))).catch(() => {})
    throw err
  }
  signal(ctx.workspaceId, 'maps')
  return { id, doc }
}

/** Creates a map from a built-in stage template (and optional segments). */
export function createMap(ctx: MemberContext, input: { name: string; template: MapTemplate; segments?: Array<Partial<SegmentFields> & { name: string }> }): Promise<{ id: string; doc: string }> {
  return newMapWith(ctx, input, (d) => initMap(d, input))
}

/** The workspace's maps (not deleted) with their sizes, creators and personas, from the read model. */
export async function listMaps(ctx: MemberContext): Promise<MapSummary[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = await tx
      .select({ m: maps, creator: { id: users.id, name: users.name, email: users.email } })
      .from(maps)
      .leftJoin(users, eq(users.id, maps.createdBy))
      .where(and(eq(maps.workspaceId, ctx.workspaceId), mapNotDeleted()))
      .orderBy(asc(maps.name))
    if (!rows.length) return []
    const ids = rows.map((r) => r.m.id)
    const countBy = async (table: typeof mapStages | typeof mapSegments | typeof placements) => {
      const r = await tx.select({ mapId: table.mapId, n: count() }).from(table).where(inArray(table.mapId, ids)).groupBy(table.mapId)
      return new Map(r.map((x) => [x.mapId, x.n]))
    }
    const [st, sg, pl] = [await countBy(mapStages), await countBy(mapSegments), await countBy(placements)]
    const used = await tx
      .selectDistinct({ mapId: mapSegments.mapId, id: personas.id, name: personas.name })
      .from(mapSegments)
      .innerJoin(personas, and(eq(personas.workspaceId, mapSegments.workspaceId), eq(personas.id, mapSegments.personaId)))
      .where(inArray(mapSegments.mapId, ids))
    return rows.map(({ m, creator }) => ({
      id: m.id,
      name: m.name,
      template: m.template,
      doc: mapDocName(ctx.workspaceId, m.id),
      stages: st.get(m.id) ?? 0,
      segments: sg.get(m.id) ?? 0,
      placements: pl.get(m.id) ?? 0,
      updatedAt: m.updatedAt,
      archived: m.archivedAt != null,
      createdBy: creator?.id ? { id: creator.id, name: creator.name || creator.email || '' } : null,
      personas: used.filter((u) => u.mapId === m.id).map((u) => ({ id: u.id, name: u.name })),
    }))
  })
}

export type MapDetail = {
  id: string
  name: string
  template: string
  doc: string
  stages: { id: string; name: string; description: string; weight: number }[]
  segments: { id: string; name: string; profile: string; goal: string; priority: number }[]
  placements: { id: string; stageId: string; segmentId: string; position: number; touchpoint: { id: string; name: string; kind: string; status: string; channel: string } }[]
  /** The lanes around the touchpoints (lib/maps/lanes.ts), of the stages and rows above. */
  lanes: Lanes
}

/** One map with its stages, segments and placed (active) touchpoints, from the read model. */
export async function getMap(ctx: MemberContext, mapId: string): Promise<MapDetail> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [m] = await tx.select().from(maps).where(and(eq(maps.workspaceId, ctx.workspaceId), eq(maps.id, mapId), mapNotDeleted()))
    if (!m) throw new NotFoundError('Map not found')
    const stages = await tx.select().from(mapStages).where(eq(mapStages.mapId, mapId)).orderBy(asc(mapStages.position))
    const segments = await tx.select().from(mapSegments).where(eq(mapSegments.mapId, mapId)).orderBy(asc(mapSegments.position))
    const placed = await tx
      .select({ p: placements, t: { id: touchpoints.id, name: touchpoints.name, kind: touchpoints.kind, status: touchpoints.status, channel: touchpoints.channel } })
      .from(placements)
      .innerJoin(touchpoints, and(eq(touchpoints.workspaceId, placements.workspaceId), eq(touchpoints.id, placements.touchpointId)))
      .where(and(eq(placements.mapId, mapId), eq(touchpoints.status, 'active')))
      .orderBy(asc(placements.stageId), asc(placements.segmentId), asc(placements.position))
    return {
      id: m.id,
      name: m.name,
      template: m.template,
      doc: mapDocName(ctx.workspaceId, m.id),
      stages: stages.map((s) => ({ id: s.id, name: s.name, description: s.description, weight: s.weight })),
      segments: segments.map((s) => ({ id: s.id, name: s.name, profile: s.profile, goal: s.goal, priority: s.priority })),
      placements: placed.map(({ p, t }) => ({ id: p.id, stageId: p.stageId, segmentId: p.segmentId, position: p.position, touchpoint: t })),
      lanes: lanesFromJson(m.lanes),
    }
  })
}
