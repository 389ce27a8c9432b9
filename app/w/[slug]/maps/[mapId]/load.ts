import { and, asc, count, eq, inArray } from 'drizzle-orm'
import { maps, mapSegments, mapStages, placements, touchpoints } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import type { PreviewTouchpoint } from '@/components/map-editor/catalog-index'
import type { FirstView } from '@/components/map-editor/first-view'
import { mapNotDeleted } from '@/lib/maps/visibility'

/** The first view holds the first segments' cards up to about this many: what a screen shows, not the whole map. */
const FIRST_VIEW_CARDS = 120

/**
 * What the editor page needs from the read model: that the map exists (in
 * this workspace), its name, and the touchpoints placed on it as the cards
 * show them (name, kind, owner). The editor draws the map from its live
 * document as soon as that syncs, with these for the cards' faces, and does
 * not wait for the whole catalog document (thousands of touchpoints) to load.
 * `firstView`: the stages, segments and the first segments' cards in order,
 * which the page renders on the server while the live document connects.
 */
export async function loadMapForEditor(ctx: MemberContext, mapId: string): Promise<{ id: string; name: string; placed: PreviewTouchpoint[]; firstView: FirstView } | null> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [m] = await tx.select({ id: maps.id, name: maps.name }).from(maps).where(and(eq(maps.workspaceId, ctx.workspaceId), eq(maps.id, mapId), mapNotDeleted()))
    if (!m) return null
    const rows = await tx
      .selectDistinct({
        id: touchpoints.id,
        name: touchpoints.name,
        kind: touchpoints.kind,
        status: touchpoints.status,
        ownerUserId: touchpoints.ownerUserId,
        ownerDepartmentId: touchpoints.ownerDepartmentId,
      })
      .from(placements)
      .innerJoin(touchpoints, and(eq(touchpoints.workspaceId, placements.workspaceId), eq(touchpoints.id, placements.touchpointId)))
      .where(and(eq(placements.workspaceId, ctx.workspaceId), eq(placements.mapId, mapId)))
    const stages = await tx
      .select({ id: mapStages.id, name: mapStages.name, weight: mapStages.weight })
      .from(mapStages)
      .where(and(eq(mapStages.workspaceId, ctx.workspaceId), eq(mapStages.mapId, mapId)))
      .orderBy(asc(mapStages.position))
    const allSegments = await tx
      .select({ id: mapSegments.id, name: mapSegments.name, goal: mapSegments.goal, priority: mapSegments.priority })
      .from(mapSegments)
      .where(and(eq(mapSegments.workspaceId, ctx.workspaceId), eq(mapSegments.mapId, mapId)))
      .orderBy(asc(mapSegments.position))
    const counts = await tx
      .select({ segmentId: placements.segmentId, cards: count() })
      .from(placements)
      .where(and(eq(placements.workspaceId, ctx.workspaceId), eq(placements.mapId, mapId)))
      .groupBy(placements.segmentId)
    const perSegment = new Map(counts.map((c) => [c.segmentId, c.cards]))
    // The first segments, until about a screenful of cards.
    const segments: typeof allSegments = []
    let cards = 0
    for (const g of allSegments) {
      if (segments.length && cards >= FIRST_VIEW_CARDS) break
      segments.push(g)
      cards += perSegment.get(g.id) ?? 0
    }
    const cells = segments.length
      ? await tx
          .select({ id: placements.id, touchpointId: placements.touchpointId, stageId: placements.stageId, segmentId: placements.segmentId })
          .from(placements)
          .where(and(eq(placements.workspaceId, ctx.workspaceId), eq(placements.mapId, mapId), inArray(placements.segmentId, segments.map((g) => g.id))))
          .orderBy(asc(placements.position))
      : []
    return {
      id: m.id,
      name: m.name,
      placed: rows.map((r) => ({ ...r, kind: r.kind as PreviewTouchpoint['kind'], status: r.status === 'retired' ? 'retired' : 'active' })),
      firstView: { stages, segments, placements: cells, moreSegments: allSegments.length - segments.length },
    }
  })
}
