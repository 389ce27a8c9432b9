import { and, eq } from 'drizzle-orm'
import { maps, placements, touchpoints } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import type { PreviewTouchpoint } from '@/components/map-editor/catalog-index'

/**
 * What the editor page needs from the read model: that the map exists (in
 * this workspace), its name, and the touchpoints placed on it as the cards
 * show them (name, kind, owner). The editor draws the map from its live
 * document as soon as that syncs, with these for the cards' faces, and does
 * not wait for the whole catalog document (thousands of touchpoints) to load.
 */
export async function loadMapForEditor(ctx: MemberContext, mapId: string): Promise<{ id: string; name: string; placed: PreviewTouchpoint[] } | null> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [m] = await tx.select({ id: maps.id, name: maps.name }).from(maps).where(and(eq(maps.workspaceId, ctx.workspaceId), eq(maps.id, mapId)))
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
    return { id: m.id, name: m.name, placed: rows.map((r) => ({ ...r, kind: r.kind as PreviewTouchpoint['kind'], status: r.status === 'retired' ? 'retired' : 'active' })) }
  })
}
