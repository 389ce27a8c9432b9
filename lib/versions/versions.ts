/**
 * Version history of a map: save (named, by an audit at close, or
 * automatically at most once an hour while the map is edited), list, open
 * read-only, compare with now, restore.
 *
 * A version holds the map document's state (a Yjs update) and the read model
 * of its touchpoints (lib/audits/state.ts AuditState). Restoring is a forward
 * change to the live document (lib/maps/doc-schema.ts restoreMapSnapshot):
 * the update log is never rewritten, open editors see it arrive, and a
 * version of the map just before the restore is saved first, so the restore
 * itself can be undone by restoring that one. Touchpoints deleted from the
 * catalog since the version are brought back with their own ids and fields,
 * so a card always comes back with its own record, never someone else's.
 *
 * Permissions: reading takes membership; saving, 'maps.edit'; restoring,
 * 'versions.restore' (manager and up).
 */
import { and, desc, eq, gt } from 'drizzle-orm'
import * as Y from 'yjs'
import { mapVersions, maps } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { NotFoundError } from '@/lib/errors'
import { signal } from '@/lib/live/signals'
import { addTouchpoint, catalogDocName, listTouchpoints, mapDocName, readMap, restoreMapSnapshot } from '@/lib/maps/doc-schema'
import type { TouchpointFields } from '@/lib/maps/model'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import { readState } from '@/lib/audits/snapshot'
import { diffStates, type AuditState, type Change } from '@/lib/audits/state'
import { mapNotDeleted } from '@/lib/maps/visibility'

export const VERSION_KINDS = ['named', 'auto', 'audit', 'restore'] as const
export type VersionKind = (typeof VERSION_KINDS)[number]
/** The job that saves an automatic version (lib/jobs/definitions.ts); the projector queues it once per map and hour. */
export const AUTO_VERSION_JOB = 'versions.auto'
/** Automatic versions: at most one per map in this many milliseconds. */
export const AUTO_VERSION_MS = 60 * 60 * 1000

export type VersionSummary = { id: string; name: string; kind: VersionKind; createdAt: string; createdBy: string | null; touchpoints: number; cards: number }

async function mapName(workspaceId: string, userId: string | null, mapId: string): Promise<string> {
  const [m] = await inWorkspace(workspaceId, userId, (tx) => tx.select({ name: maps.name }).from(maps).where(and(eq(maps.workspaceId, workspaceId), eq(maps.id, mapId), mapNotDeleted())))
  if (!m) throw new NotFoundError('Map not found')
  return m.name
}

/** Saves a version of the map as it is now. Used by every kind of version. */
async function saveAs(workspaceId: string, userId: string | null, mapId: string, name: string, kind: VersionKind, at = new Date()): Promise<{ id: string }> {
  await mapName(workspaceId, userId, mapId)
  // The live document first (served by the realtime engine), then the read model in one transaction with the insert.
  const mapState = await withDocument(workspaceId, mapDocName(workspaceId, mapId), (d) => Y.encodeStateAsUpdate(d))
  const id = await inWorkspace(workspaceId, userId, async (tx) => {
    const state = await readState(tx, workspaceId, mapId)
    const [row] = await tx
      .insert(mapVersions)
      .values({ workspaceId, mapId, name, kind, createdBy: userId, createdAt: at, mapState, state: state as unknown as Record<string, unknown> })
      .returning({ id: mapVersions.id })
    await recordActivity(tx, { workspaceId, actorId: userId, action: 'map.version_saved', subject: name, data: { versionId: row!.id, mapId, kind } })
    return row!.id
  })
  signal(workspaceId, 'maps')
  return { id }
}

/** Any editor saves a named version. */
export async function saveVersion(ctx: MemberContext, input: { mapId: string; name: string }): Promise<{ id: string }> {
  assertCan(ctx, 'maps.edit')
  return saveAs(ctx.workspaceId, ctx.userId, input.mapId, input.name, 'named')
}

/** An audit of a map saves one when it closes. */
export const saveAuditVersion = (workspaceId: string, actorId: string | null, mapId: string, auditName: string) => saveAs(workspaceId, actorId, mapId, auditName, 'audit')

/** The automatic version (a job, after edits): none when the map has any version from the last hour. */
export async function saveAutoVersion(workspaceId: string, mapId: string, now = new Date()): Promise<{ id: string } | null> {
  const recent = await inWorkspace(workspaceId, null, (tx) =>
    tx
      .select({ id: mapVersions.id })
      .from(mapVersions)
      .where(and(eq(mapVersions.workspaceId, workspaceId), eq(mapVersions.mapId, mapId), gt(mapVersions.createdAt, new Date(now.getTime() - AUTO_VERSION_MS))))
      .limit(1),
  )
  if (recent.length) return null
  return saveAs(workspaceId, null, mapId, 'Saved automatically', 'auto', now).catch((err) => {
    if (err instanceof NotFoundError) return null // the map was deleted meanwhile
    throw err
  })
}

function summaryOf(r: { id: string; name: string; kind: string; createdAt: Date; createdBy: string | null; state: Record<string, unknown> }): VersionSummary {
  const s = r.state as unknown as AuditState
  return { id: r.id, name: r.name, kind: r.kind as VersionKind, createdAt: r.createdAt.toISOString(), createdBy: r.createdBy, touchpoints: s.touchpoints.filter((t) => t.status === 'active').length, cards: s.placements.length }
}

/** The map's versions, newest first. */
export async function listVersions(ctx: MemberContext, mapId: string): Promise<VersionSummary[]> {
  await mapName(ctx.workspaceId, ctx.userId, mapId)
  const rows = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx
      .select({ id: mapVersions.id, name: mapVersions.name, kind: mapVersions.kind, createdAt: mapVersions.createdAt, createdBy: mapVersions.createdBy, state: mapVersions.state })
      .from(mapVersions)
      .where(and(eq(mapVersions.workspaceId, ctx.workspaceId), eq(mapVersions.mapId, mapId)))
      .orderBy(desc(mapVersions.createdAt))
      .limit(500),
  )
  return rows.map(summaryOf)
}

async function versionRow(ctx: MemberContext, versionId: string) {
  const [row] = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx.select().from(mapVersions).where(and(eq(mapVersions.workspaceId, ctx.workspaceId), eq(mapVersions.id, versionId))),
  )
  if (!row) throw new NotFoundError('Version not found')
  return row
}

/** A version read-only, and what changed from it to the map as it is now. */
export async function versionView(ctx: MemberContext, versionId: string): Promise<{ version: VersionSummary; mapId: string; mapName: string; state: AuditState; changesSince: Change[] }> {
  const row = await versionRow(ctx, versionId)
  const state = row.state as unknown as AuditState
  const now = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => readState(tx, ctx.workspaceId, row.mapId))
  return { version: summaryOf(row), mapId: row.mapId, mapName: await mapName(ctx.workspaceId, ctx.userId, row.mapId), state, changesSince: diffStates(state, now) }
}

/**
 * Restores a version as a new change. Saves the map as it is first (the undo),
 * brings back touchpoints deleted from the catalog since, then makes the live
 * map document hold the version's content.
 */
export async function restoreVersion(ctx: MemberContext, versionId: string): Promise<{ undoVersionId: string; added: number; removed: number; changed: number; touchpointsBack: number }> {
  assertCan(ctx, 'versions.restore')
  const row = await versionRow(ctx, versionId)
  const ws = ctx.workspaceId
  const undo = await saveAs(ws, ctx.userId, row.mapId, `Before restoring “${row.name}”`, 'restore')
  const target = new Y.Doc()
  Y.applyUpdate(target, row.mapState)
  const snapshot = readMap(target)
  target.destroy()
  const state = row.state as unknown as AuditState
  const wanted = new Set(snapshot.placements.map((p) => p.touchpointId))
  // Touchpoints deleted since: back into the catalog with their own ids and fields.
  let touchpointsBack = 0
  const catalog = await withDocument(ws, catalogDocName(ws), (d) => {
    const present = new Set(listTouchpoints(d).map((t) => t.id))
    d.transact(() => {
      for (const t of state.touchpoints) {
        if (!wanted.has(t.id) || present.has(t.id)) continue
        const fields = { name: t.name, kind: t.kind, ownership: t.ownership, control: t.control, channel: t.channel, status: t.status, description: t.description, ownerUserId: t.ownerUserId, ownerDepartmentId: t.ownerDepartmentId, ...t.details } as Partial<TouchpointFields> & { name: string }
        addTouchpoint(d, fields, ctx.userId, t.id)
        present.add(t.id)
        touchpointsBack++
      }
    })
    return { doc: d, present }
  })
  const doc = await withDocument(ws, mapDocName(ws, row.mapId), (d) => ({ doc: d, counts: restoreMapSnapshot(d, snapshot, (id) => catalog.present.has(id)) }))
  if (touchpointsBack) await projectCatalog(ws, catalog.doc)
  await projectMap(ws, row.mapId, doc.doc)
  await inWorkspace(ws, ctx.userId, (tx) =>
    recordActivity(tx, { workspaceId: ws, actorId: ctx.userId, action: 'map.version_restored', subject: row.name, data: { versionId, mapId: row.mapId, undoVersionId: undo.id, ...doc.counts, touchpointsBack } }),
  )
  signal(ws, 'maps')
  return { undoVersionId: undo.id, ...doc.counts, touchpointsBack }
}
