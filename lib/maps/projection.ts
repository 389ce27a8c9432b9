/**
 * The read model: after a live document is stored, its content is projected
 * into SQL (touchpoints, maps, stages, segments, placements, history) so it
 * can be searched, filtered, joined and served by the API. Idempotent: a
 * projection writes only what differs from the rows already there.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type * as Y from 'yjs'
import { departments, mapSegments, mapStages, maps, memberships, placements, touchpointHistory, touchpoints } from '@/db/schema'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { signal } from '@/lib/live/signals'
import { announceOwnerChanges, isOwnerField, recordOwnerActivity, type OwnerChange } from '@/lib/ownership/owner-changes'
import { dispatch, emitEvents, type QueuedDeliveries } from '@/lib/webhooks/emit'
import type { WebhookEvent } from '@/lib/webhooks/events'
import { authorOf } from '@/realtime/authors'
import { listTouchpoints, readMap, type Touchpoint } from './doc-schema'
import { DETAIL_FIELDS } from './model'
import { mapNotDeleted } from '@/lib/maps/visibility'


type Row = typeof touchpoints.$inferInsert

function rowOf(workspaceId: string, t: Touchpoint, members: Set<string>, depts: Set<string>, author?: string): Row {
  const details: Record<string, string> = {}
  for (const k of DETAIL_FIELDS) details[k] = String(t[k] ?? '')
  const date = (s: string) => (s && !Number.isNaN(Date.parse(s)) ? new Date(s) : new Date())
  return {
    workspaceId,
    id: t.id,
    name: String(t.name ?? '').slice(0, 120),
    kind: String(t.kind),
    ownership: String(t.ownership),
    control: String(t.control),
    channel: String(t.channel ?? ''),
    onsitePage: t.onsitePage === true,
    status: t.status === 'retired' ? 'retired' : 'active',
    // Owners must exist in this workspace; anything else (a removed member, a stale id) projects as no owner.
    ownerUserId: t.ownerUserId && members.has(t.ownerUserId) ? t.ownerUserId : null,
    ownerDepartmentId: t.ownerDepartmentId && depts.has(t.ownerDepartmentId) ? t.ownerDepartmentId : null,
    description: String(t.description ?? ''),
    details: JSON.stringify(details),
    createdAt: date(t.createdAt),
    updatedAt: date(t.updatedAt),
    // Who the server saw change it (realtime/authors.ts), else what the document says.
    updatedBy: author ?? (t.updatedBy ? String(t.updatedBy) : null),
  }
}

const COMPARED = ['name', 'kind', 'ownership', 'control', 'channel', 'onsitePage', 'status', 'ownerUserId', 'ownerDepartmentId', 'description', 'details'] as const

/** One projection of a document at a time, across processes (projections replace rows; two at once would collide). */
async function serialize(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`)
}

async function owners(tx: Tx, workspaceId: string) {
  const [m, d] = await Promise.all([
    tx.select({ id: memberships.userId }).from(memberships).where(eq(memberships.workspaceId, workspaceId)),
    tx.select({ id: departments.id }).from(departments).where(eq(departments.workspaceId, workspaceId)),
  ])
  return { members: new Set(m.map((r) => r.id)), depts: new Set(d.map((r) => r.id)) }
}

/** Projects the catalog document; returns how many touchpoints were written. */
export async function projectCatalog(workspaceId: string, doc: Y.Doc): Promise<number> {
  const list = listTouchpoints(doc)
  // Owner changes seen here are recorded in the activity log with the history, and announced once committed (lib/ownership/owner-changes.ts).
  const ownerChanges: OwnerChange[] = []
  let queued: QueuedDeliveries | null = null
  const written = await inWorkspace(workspaceId, null, async (tx) => {
    await serialize(tx, `catalog:${workspaceId}`)
    const { members, depts } = await owners(tx, workspaceId)
    const existing = new Map((await tx.select().from(touchpoints).where(eq(touchpoints.workspaceId, workspaceId))).map((r) => [r.id, r]))
    const changed: Row[] = []
    const history: (typeof touchpointHistory.$inferInsert)[] = []
    for (const t of list) {
      const row = rowOf(workspaceId, t, members, depts, authorOf(doc, t.id))
      const before = existing.get(t.id)
      existing.delete(t.id)
      if (!before) {
        changed.push(row)
        history.push({ workspaceId, touchpointId: t.id, field: 'created', oldValue: null, newValue: row.name, changedBy: row.updatedBy })
        continue
      }
      const diffs = COMPARED.filter((k) => String(before[k] ?? '') !== String(row[k] ?? ''))
      if (diffs.length === 0) continue
      changed.push(row)
      for (const k of diffs) {
        if (k === 'details') {
          const a = JSON.parse(before.details || '{}') as Record<string, string>
          const b = JSON.parse(row.details ?? '{}') as Record<string, string>
          for (const f of DETAIL_FIELDS) if ((a[f] ?? '') !== (b[f] ?? '')) history.push({ workspaceId, touchpointId: t.id, field: f, oldValue: a[f] ?? '', newValue: b[f] ?? '', changedBy: row.updatedBy })
        } else {
          history.push({ workspaceId, touchpointId: t.id, field: k, oldValue: before[k] === null ? null : String(before[k]), newValue: row[k] === null || row[k] === undefined ? null : String(row[k]), changedBy: row.updatedBy })
        }
      }
    }
    for (let i = 0; i < changed.length; i += 500) {
      const chunk = changed.slice(i, i + 500)
      await tx
        .insert(touchpoints)
        .values(chunk)
        .onConflictDoUpdate({
          target: [touchpoints.workspaceId, touchpoints.id],
          set: Object.fromEntries(
            [...COMPARED, 'updatedAt', 'updatedBy'].map((k) => [k, sqlExcluded(k as keyof Row)]),
          ) as Partial<Row>,
        })
    }
    for (let i = 0; i < history.length; i += 1000) await tx.insert(touchpointHistory).values(history.slice(i, i + 1000))
    if (existing.size) await tx.delete(touchpoints).where(and(eq(touchpoints.workspaceId, workspaceId), inArray(touchpoints.id, [...existing.keys()])))
    for (const h of history) if (isOwnerField(h.field)) ownerChanges.push({ touchpointId: h.touchpointId, field: h.field, old: h.oldValue ?? null, new: h.newValue ?? null, changedBy: h.changedBy ?? null })
    await recordOwnerActivity(tx, workspaceId, ownerChanges)
    queued = await emitEvents(tx, workspaceId, catalogEvents(changed, history, ownerChanges))
    return changed.length
  })
  if (queued) await dispatch(queued)
  await announceOwnerChanges(workspaceId, ownerChanges)
  if (written) signal(workspaceId, 'maps')
  return written
}

/** What the catalog's change means for webhooks: touchpoint.created, .updated (with the fields), .retired, and owner.assigned. */
function catalogEvents(changed: Row[], history: (typeof touchpointHistory.$inferInsert)[], owners: OwnerChange[]): WebhookEvent[] {
  const byId = new Map(changed.map((r) => [r.id, r]))
  const summary = (r: Row) => ({ id: r.id, name: r.name, kind: r.kind, channel: r.channel, status: r.status, ownerUserId: r.ownerUserId ?? null, ownerDepartmentId: r.ownerDepartmentId ?? null })
  const fields = new Map<string, string[]>()
  for (const h of history) fields.set(h.touchpointId, [...(fields.get(h.touchpointId) ?? []), h.field])
  const events: WebhookEvent[] = []
  for (const [id, list] of fields) {
    const r = byId.get(id)
    if (!r) continue
    if (list.includes('created')) events.push({ type: 'touchpoint.created', data: { touchpoint: summary(r) } })
    else if (list.includes('status') && r.status === 'retired') events.push({ type: 'touchpoint.retired', data: { touchpoint: summary(r) } })
    else events.push({ type: 'touchpoint.updated', data: { touchpoint: summary(r), fields: list } })
  }
  for (const c of owners) {
    if (c.new === null) continue
    const r = byId.get(c.touchpointId)
    events.push({ type: 'owner.assigned', data: { touchpoint: r ? summary(r) : { id: c.touchpointId }, owner: c.field === 'ownerUserId' ? { userId: c.new } : { departmentId: c.new }, by: c.changedBy } })
  }
  return events
}

const COLUMN: Record<string, string> = {
  name: 'name', kind: 'kind', ownership: 'ownership', control: 'control', channel: 'channel', onsitePage: 'onsite_page', status: 'status',
  ownerUserId: 'owner_user_id', ownerDepartmentId: 'owner_department_id', description: 'description', details: 'details', updatedAt: 'updated_at', updatedBy: 'updated_by',
}
function sqlExcluded(k: keyof Row) {
  return sql.raw(`excluded.${COLUMN[k as string]}`)
}

/** Projects one map document: its name, stages, segments and placements (replaced as a whole, in one transaction). */
export async function projectMap(workspaceId: string, mapId: string, doc: Y.Doc): Promise<void> {
  const m = readMap(doc)
  await inWorkspace(workspaceId, null, async (tx) => {
    await serialize(tx, `map:${mapId}`)
    const [row] = await tx.select({ id: maps.id }).from(maps).where(and(eq(maps.workspaceId, workspaceId), eq(maps.id, mapId), mapNotDeleted()))
    if (!row) return // the map was deleted (its read model went with it, lib/maps/map-life.ts)
    await tx.update(maps).set({ name: m.name || 'Untitled map', template: m.template, lanes: m.lanes ?? {}, updatedAt: new Date() }).where(eq(maps.id, mapId))
    await tx.delete(mapStages).where(eq(mapStages.mapId, mapId))
    await tx.delete(mapSegments).where(eq(mapSegments.mapId, mapId))
    await tx.delete(placements).where(eq(placements.mapId, mapId))
    if (m.stages.length)
      await tx.insert(mapStages).values(m.stages.map((s, i) => ({ workspaceId, mapId, id: s.id, name: s.name, description: s.description, weight: s.weight, position: i })))
    if (m.segments.length)
      await tx
        .insert(mapSegments)
        .values(m.segments.map((s, i) => ({ workspaceId, mapId, id: s.id, name: s.name, profile: s.profile, goal: s.goal, priority: s.priority, personaId: s.personaId, position: i })))
    const stageIds = new Set(m.stages.map((s) => s.id))
    const segmentIds = new Set(m.segments.map((s) => s.id))
    const perCell = new Map<string, number>()
    const rows = m.placements
      .filter((p) => stageIds.has(p.stageId) && segmentIds.has(p.segmentId))
      .map((p) => {
        const cell = `${p.stageId}|${p.segmentId}`
        const position = perCell.get(cell) ?? 0
        perCell.set(cell, position + 1)
        return { workspaceId, mapId, id: p.id, touchpointId: p.touchpointId, stageId: p.stageId, segmentId: p.segmentId, position }
      })
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(placements).values(rows.slice(i, i + 1000))
  })
  signal(workspaceId, 'maps')
}
