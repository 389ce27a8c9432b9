/**
 * What a share link shows (lib/sharing/share-links.ts): the map's stages,
 * rows and cards from the read model, and, when the sharer chose it, the
 * touchpoints' customer-facing details. Never insights, scores, owners,
 * people's names or member emails; no ids of anything but the map's own
 * stages and rows (which open nothing without the workspace).
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import { maps, mapSegments, mapStages, placements, touchpoints } from '@/db/schema'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { mapNotDeleted } from '@/lib/maps/visibility'
import type { OpenLink } from './share-links'

/** The details a viewer may see when the sharer shows details: what the customer meets, not who works on it. */
export const SHARED_DETAILS = ['interactions', 'desiredOutcome', 'optimalExperience', 'promises', 'emotions'] as const
type SharedDetail = (typeof SHARED_DETAILS)[number]

export type SharedCard = {
  key: string
  stageId: string
  segmentId: string
  name: string
  kind: string
  channel: string
  details?: { description: string; ownership: string; control: string } & Partial<Record<SharedDetail, string>>
}

export type SharedMap = {
  name: string
  showDetails: boolean
  stages: { id: string; name: string; description: string; weight: number }[]
  segments: { id: string; name: string; profile: string; goal: string }[]
  cards: SharedCard[]
  /** Changes whenever what the viewer sees may have changed (the events stream compares it). */
  version: string
}

export async function sharedMap(link: OpenLink): Promise<SharedMap | null> {
  return inWorkspace(link.workspaceId, null, async (tx) => {
    const [m] = await tx.select({ name: maps.name }).from(maps).where(and(eq(maps.workspaceId, link.workspaceId), eq(maps.id, link.mapId), mapNotDeleted()))
    if (!m) return null
    const [stages, segments, rows, version] = await Promise.all([
      tx.select({ id: mapStages.id, name: mapStages.name, description: mapStages.description, weight: mapStages.weight }).from(mapStages).where(eq(mapStages.mapId, link.mapId)).orderBy(asc(mapStages.position)),
      tx.select({ id: mapSegments.id, name: mapSegments.name, profile: mapSegments.profile, goal: mapSegments.goal }).from(mapSegments).where(eq(mapSegments.mapId, link.mapId)).orderBy(asc(mapSegments.position)),
      tx
        .select({ id: placements.id, stageId: placements.stageId, segmentId: placements.segmentId, t: touchpoints })
        .from(placements)
        .innerJoin(touchpoints, and(eq(touchpoints.workspaceId, placements.workspaceId), eq(touchpoints.id, placements.touchpointId)))
        .where(and(eq(placements.mapId, link.mapId), eq(touchpoints.status, 'active')))
        .orderBy(asc(placements.stageId), asc(placements.segmentId), asc(placements.position)),
      versionIn(tx, link),
    ])
    const cards: SharedCard[] = rows.map((r, i) => {
      const card: SharedCard = { key: String(i), stageId: r.stageId, segmentId: r.segmentId, name: r.t.name, kind: r.t.kind, channel: r.t.channel }
      if (link.showDetails) {
        const d = JSON.parse(r.t.details || '{}') as Record<string, string>
        card.details = { description: r.t.description, ownership: r.t.ownership, control: r.t.control, ...Object.fromEntries(SHARED_DETAILS.map((k) => [k, String(d[k] ?? '')])) }
      }
      return card
    })
    return { name: m.name, showDetails: link.showDetails, stages, segments, cards, version }
  })
}

async function versionIn(tx: Tx, link: OpenLink): Promise<string> {
  // The map's row moves with every projection of its document; the touchpoints on it move with the catalog's.
  const [v] = rowsOf<{ map: string | Date; tps: string | Date | null }>(
    await tx.execute(sql`
      select m.updated_at as map,
             (select max(t.updated_at) from placements p join touchpoints t on t.workspace_id = p.workspace_id and t.id = p.touchpoint_id where p.map_id = m.id) as tps
      from maps m where m.workspace_id = ${link.workspaceId} and m.id = ${link.mapId}`),
  )
  return v ? `${new Date(v.map).getTime()}:${v.tps ? new Date(v.tps).getTime() : 0}` : ''
}

/** The current version of what a link shows, or null when its map is gone. */
export async function sharedVersion(link: OpenLink): Promise<string | null> {
  const v = await inWorkspace(link.workspaceId, null, (tx) => versionIn(tx, link))
  return v || null
}
