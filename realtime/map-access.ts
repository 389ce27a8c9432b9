/**
 * Deleted maps refuse sockets (lib/maps/map-life.ts): a map document whose
 * map is deleted, or gone, admits nobody, and open connections on it close
 * at the next re-check (realtime/membership-watch.ts, every second).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm'
import { maps } from '@/db/schema'
import { inWorkspace } from '@/lib/db/tenant'

const MAP_DOC = /^map\.([0-9a-f-]{36})$/

/** The map id a document stands for, or null for any other document (catalog, signals). */
export const mapIdOfDoc = (rest: string): string | null => MAP_DOC.exec(rest)?.[1] ?? null

/** Of these map ids in the workspace, the ones that may be opened (exist and are not deleted). */
export async function openableMaps(workspaceId: string, mapIds: readonly string[]): Promise<Set<string>> {
  if (!mapIds.length) return new Set()
  const rows = await inWorkspace(workspaceId, null, (tx) =>
    tx
      .select({ id: maps.id })
      .from(maps)
      .where(and(eq(maps.workspaceId, workspaceId), inArray(maps.id, [...new Set(mapIds)]), isNull(maps.deletedAt))),
  )
  return new Set(rows.map((r) => r.id))
}
