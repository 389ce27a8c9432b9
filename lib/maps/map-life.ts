/**
 * A map's own life: rename, duplicate, archive and restore, delete (kept 30
 * days, restorable from "Deleted maps"), and the purge job after that.
 *
 * - Rename, duplicate, archive and restore take 'maps.edit'; delete, restore
 *   from deletion and "delete now" take 'maps.delete' (owners and admins).
 * - Archived maps stay readable and editable, out of the default list and
 *   out of the journey weights.
 * - Deleting takes the map's read model out (stages, segments, placements),
 *   so every read through placements forgets it at once; the row and the
 *   live document stay until the purge. Its page and its document are a 404
 *   to everyone but owners and admins, and open sockets on it are closed
 *   (realtime/membership-watch.ts re-checks every second).
 * - A duplicate is made like any new map (newMapWith, lib/maps/maps.ts): one
 *   Yjs transaction, or nothing.
 */
import { and, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm'
import { maps, mapSegments, mapStages, placements, realtimeSnapshots, realtimeUpdates } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { database, rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { NotFoundError } from '@/lib/errors'
import { signal } from '@/lib/live/signals'
import { log } from '@/lib/log'
import { mapDocName, metaOf, readMap, renameMap, restoreMapSnapshot } from './doc-schema'
import { newMapWith } from './maps'
import { projectMap } from './projection'

export const DELETED_KEEP_DAYS = 30
export const PURGE_JOB = 'maps.purge-deleted'

type MapRow = typeof maps.$inferSelect

async function mapIn(tx: Tx, workspaceId: string, mapId: string, opts: { deleted?: boolean } = {}): Promise<MapRow> {
  if (!/^[0-9a-f-]{36}$/i.test(mapId)) throw new NotFoundError('Map not found')
  const [m] = await tx.select().from(maps).where(and(eq(maps.workspaceId, workspaceId), eq(maps.id, mapId)))
  if (!m || Boolean(m.deletedAt) !== Boolean(opts.deleted)) throw new NotFoundError('Map not found')
  return m
}

export async function renameMapAs(ctx: MemberContext, mapId: string, name: string): Promise<void> {
  assertCan(ctx, 'maps.edit')
  await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => mapIn(tx, ctx.workspaceId, mapId))
  const doc = await withDocument(ctx.workspaceId, mapDocName(ctx.workspaceId, mapId), (d) => (renameMap(d, name), d))
  await projectMap(ctx.workspaceId, mapId, doc)
}

/**
 * Copies a map: its stages, rows (library personas stay linked) and, with
 * `withCards`, its cards, placed on the same catalog touchpoints (not copies
 * of them). The copy edits independently from then on.
 */
export async function duplicateMap(ctx: MemberContext, mapId: string, input: { name: string; withCards: boolean }): Promise<{ id: string; doc: string }> {
  assertCan(ctx, 'maps.edit')
  const source = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => mapIn(tx, ctx.workspaceId, mapId))
  const snapshot = await withDocument(ctx.workspaceId, mapDocName(ctx.workspaceId, mapId), (d) => readMap(d))
  return newMapWith(
    ctx,
    { name: input.name, template: source.template },
    (d) => {
      metaOf(d).set('template', snapshot.template)
      restoreMapSnapshot(d, { ...snapshot, name: input.name, placements: input.withCards ? snapshot.placements : [] })
    },
    (tx, id) => recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'map.duplicated', subject: input.name, data: { mapId: id, from: mapId, withCards: input.withCards } }),
  )
}

export async function setArchived(ctx: MemberContext, mapId: string, archived: boolean): Promise<void> {
  assertCan(ctx, 'maps.edit')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const m = await mapIn(tx, ctx.workspaceId, mapId)
    if (Boolean(m.archivedAt) === archived) return
    await tx.update(maps).set({ archivedAt: archived ? new Date() : null }).where(eq(maps.id, mapId))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: archived ? 'map.archived' : 'map.unarchived', subject: m.name, data: { mapId } })
  })
  signal(ctx.workspaceId, 'maps')
}

/** Deletes a map: kept DELETED_KEEP_DAYS, restorable by owners and admins, then purged. */
export async function deleteMap(ctx: MemberContext, mapId: string): Promise<void> {
  assertCan(ctx, 'maps.delete')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const m = await mapIn(tx, ctx.workspaceId, mapId)
    // The same lock the projection takes: no projection of this map runs across the deletion.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`map:${mapId}`}))`)
    await tx.update(maps).set({ deletedAt: new Date(), deletedBy: ctx.userId }).where(eq(maps.id, mapId))
    await tx.delete(placements).where(eq(placements.mapId, mapId))
    await tx.delete(mapSegments).where(eq(mapSegments.mapId, mapId))
    await tx.delete(mapStages).where(eq(mapStages.mapId, mapId))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'map.deleted', subject: m.name, data: { mapId } })
  })
  signal(ctx.workspaceId, 'maps')
  signal(ctx.workspaceId, 'scores')
}

/** Brings a deleted map back, with its read model projected again from its document. */
export async function restoreDeletedMap(ctx: MemberContext, mapId: string): Promise<void> {
  assertCan(ctx, 'maps.delete')
  const m = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const m = await mapIn(tx, ctx.workspaceId, mapId, { deleted: true })
    await tx.update(maps).set({ deletedAt: null, deletedBy: null }).where(eq(maps.id, mapId))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'map.restored', subject: m.name, data: { mapId } })
    return m
  })
  const doc = await withDocument(ctx.workspaceId, mapDocName(ctx.workspaceId, m.id), (d) => d)
  await projectMap(ctx.workspaceId, m.id, doc)
  signal(ctx.workspaceId, 'scores')
}

export type DeletedMap = { id: string; name: string; deletedAt: Date; purgeAt: Date }

/** "Deleted maps": owners and admins only. */
export async function listDeletedMaps(ctx: MemberContext): Promise<DeletedMap[]> {
  assertCan(ctx, 'maps.delete')
  const rows = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx.select({ id: maps.id, name: maps.name, deletedAt: maps.deletedAt }).from(maps).where(and(eq(maps.workspaceId, ctx.workspaceId), isNotNull(maps.deletedAt))).orderBy(sql`${maps.deletedAt} desc`),
  )
  return rows.map((r) => ({ id: r.id, name: r.name, deletedAt: r.deletedAt!, purgeAt: new Date(r.deletedAt!.getTime() + DELETED_KEEP_DAYS * 86_400_000) }))
}

/** Purges one workspace's maps deleted before `before`: their rows (cascading to versions and share links) and stored documents. */
async function purgeIn(workspaceId: string, before: Date): Promise<number> {
  return inWorkspace(workspaceId, null, async (tx) => {
    const gone = await tx
      .delete(maps)
      .where(and(eq(maps.workspaceId, workspaceId), isNotNull(maps.deletedAt), lt(maps.deletedAt, before)))
      .returning({ id: maps.id, name: maps.name })
    if (!gone.length) return 0
    const docs = gone.map((m) => mapDocName(workspaceId, m.id))
    await tx.delete(realtimeUpdates).where(and(eq(realtimeUpdates.workspaceId, workspaceId), inArray(realtimeUpdates.doc, docs)))
    await tx.delete(realtimeSnapshots).where(and(eq(realtimeSnapshots.workspaceId, workspaceId), inArray(realtimeSnapshots.doc, docs)))
    for (const m of gone) await recordActivity(tx, { workspaceId, actorId: null, action: 'map.purged', subject: m.name, data: { mapId: m.id } })
    return gone.length
  })
}

/** The purge job: every workspace's maps deleted more than DELETED_KEEP_DAYS ago. Returns how many went. */
export async function purgeDeletedMaps(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - DELETED_KEEP_DAYS * 86_400_000)
  const db = await database()
  const ids = rowsOf<{ workspace_id: string }>(await db.execute(sql`select workspace_id from touchmap_maps_to_purge(${before.toISOString()}::timestamptz)`)).map((r) => r.workspace_id)
  let purged = 0
  for (const workspaceId of ids) {
    try {
      purged += await purgeIn(workspaceId, before)
    } catch (err) {
      log.error('maps: purging deleted maps failed', { workspaceId, err: String(err) })
    }
  }
  return purged
}
