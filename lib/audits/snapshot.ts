/**
 * Reads an audit scope's state (state.ts AuditState) from the read model, and
 * the live documents' state for the frozen snapshot of a closing campaign.
 */
import { and, eq, inArray } from 'drizzle-orm'
import * as Y from 'yjs'
import { mapSegments, mapStages, maps, placements, touchpoints } from '@/db/schema'
import type { Tx } from '@/lib/db'
import { withDocument } from '@/lib/documents/live-documents'
import { evaluationsIn } from '@/lib/evaluation/evaluation'
import { catalogDocName, mapDocName } from '@/lib/maps/doc-schema'
import { ownerOptionsIn } from '@/lib/ownership/queries'
import type { AuditState } from './state'

/** The scope's state now: one map (and the touchpoints on it) or the whole workspace. */
export async function readState(tx: Tx, workspaceId: string, mapId: string | null, now = new Date()): Promise<AuditState> {
  const mapWhere = and(eq(maps.workspaceId, workspaceId), mapId ? eq(maps.id, mapId) : undefined)
  const [mapRows, stageRows, segmentRows, placeRows] = await Promise.all([
    tx.select({ id: maps.id, name: maps.name }).from(maps).where(mapWhere).orderBy(maps.name, maps.id),
    tx
      .select({ mapId: mapStages.mapId, id: mapStages.id, name: mapStages.name, weight: mapStages.weight })
      .from(mapStages)
      .where(and(eq(mapStages.workspaceId, workspaceId), mapId ? eq(mapStages.mapId, mapId) : undefined))
      .orderBy(mapStages.position),
    tx
      .select({ mapId: mapSegments.mapId, id: mapSegments.id, name: mapSegments.name })
      .from(mapSegments)
      .where(and(eq(mapSegments.workspaceId, workspaceId), mapId ? eq(mapSegments.mapId, mapId) : undefined))
      .orderBy(mapSegments.position),
    tx
      .select({ mapId: placements.mapId, stageId: placements.stageId, segmentId: placements.segmentId, touchpointId: placements.touchpointId })
      .from(placements)
      .where(and(eq(placements.workspaceId, workspaceId), mapId ? eq(placements.mapId, mapId) : undefined))
      .orderBy(placements.mapId, placements.stageId, placements.segmentId, placements.position),
  ])
  const ids = mapId ? [...new Set(placeRows.map((p) => p.touchpointId))] : null
  const [tps, figures, owners] = await Promise.all([
    ids && ids.length === 0
      ? Promise.resolve([])
      : tx
          .select({
            id: touchpoints.id,
            name: touchpoints.name,
            kind: touchpoints.kind,
            ownership: touchpoints.ownership,
            control: touchpoints.control,
            channel: touchpoints.channel,
            status: touchpoints.status,
            ownerUserId: touchpoints.ownerUserId,
            ownerDepartmentId: touchpoints.ownerDepartmentId,
            description: touchpoints.description,
            details: touchpoints.details,
          })
          .from(touchpoints)
          .where(and(eq(touchpoints.workspaceId, workspaceId), ids ? inArray(touchpoints.id, ids) : undefined))
          .orderBy(touchpoints.name, touchpoints.id),
    evaluationsIn(tx, workspaceId, ids ?? undefined),
    ownerOptionsIn(tx, workspaceId),
  ])
  const known = new Set(tps.map((t) => t.id))
  return {
    takenAt: now.toISOString(),
    mapId,
    maps: mapRows.map((m) => ({
      ...m,
      stages: stageRows.filter((s) => s.mapId === m.id).map(({ id, name, weight }) => ({ id, name, weight })),
      segments: segmentRows.filter((s) => s.mapId === m.id).map(({ id, name }) => ({ id, name })),
    })),
    touchpoints: tps.map((t) => ({ ...t, details: JSON.parse(t.details || '{}') as Record<string, string> })),
    placements: placeRows.filter((p) => known.has(p.touchpointId)),
    figures: Object.fromEntries([...figures.entries()].filter(([id]) => known.has(id)).map(([id, f]) => [id, { score: f.mean, priority: f.priority, insights: f.insights }])),
    people: Object.fromEntries(owners.members.map((m) => [m.id, m.name])),
    departments: Object.fromEntries(owners.departments.map((d) => [d.id, d.name])),
  }
}

/** The live documents of a scope as Yjs updates: the catalog and the map (or every map). */
export async function documentStates(workspaceId: string, mapIds: readonly string[]): Promise<{ docName: string; state: Uint8Array }[]> {
  const names = [catalogDocName(workspaceId), ...mapIds.map((id) => mapDocName(workspaceId, id))]
  const out: { docName: string; state: Uint8Array }[] = []
  for (const docName of names) out.push({ docName, state: await withDocument(workspaceId, docName, (d) => Y.encodeStateAsUpdate(d)) })
  return out
}
