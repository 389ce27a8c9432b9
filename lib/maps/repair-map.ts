import { and, eq } from 'drizzle-orm'
import { maps } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { repairDocument } from '@/lib/documents/live-documents'
import { NotFoundError } from '@/lib/errors'
import { catalogDocName, mapDocName } from './doc-schema'
import { mapNotDeleted } from '@/lib/maps/visibility'

/**
 * An admin's repair of a map that became slow to open: its document and the
 * workspace's catalog document drop data that waits for edits the server
 * never received, and their stored snapshots are rewritten without it.
 * Nothing that was ever integrated is lost.
 */
export async function repairMap(ctx: MemberContext, mapId: string): Promise<{ droppedBytes: number; foldedRows: number }> {
  assertCan(ctx, 'workspace.update')
  const map = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [m] = await tx.select({ id: maps.id, name: maps.name }).from(maps).where(and(eq(maps.workspaceId, ctx.workspaceId), eq(maps.id, mapId), mapNotDeleted()))
    return m
  })
  if (!map) throw new NotFoundError('Map not found')
  const results = [await repairDocument(ctx.workspaceId, mapDocName(ctx.workspaceId, map.id)), await repairDocument(ctx.workspaceId, catalogDocName(ctx.workspaceId))]
  const total = { droppedBytes: results.reduce((n, r) => n + r.droppedBytes, 0), foldedRows: results.reduce((n, r) => n + r.foldedRows, 0) }
  await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'map.repaired', subject: map.name, data: total }),
  )
  return total
}
