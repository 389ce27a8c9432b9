/**
 * What follows a change of owner, whichever way it was made (the map editor's
 * side panel writing the live document, the Touchpoints page in bulk, the
 * touchpoint's page): the projection (lib/maps/projection.ts) sees the change
 * when it records touchpoint_history, and calls
 *  - recordOwnerActivity inside its transaction (one activity entry per
 *    touchpoint and field, with readable names), and
 *  - announceOwnerChanges after it committed: notifications and a live signal.
 *
 * Who is notified:
 *  - the new owner (person), unless they made the change themselves;
 *  - the members of the new owning department when it has at most
 *    DEPARTMENT_NOTIFY_MAX members (a small team hears about it; for a big
 *    one a notification to everybody would be noise: nobody is notified);
 *  - one notification per recipient per projection: a single touchpoint by
 *    name with a link to its page, several as a count with a link to
 *    "My touchpoints" (an import that assigns 300 touchpoints sends one).
 * Touchpoints created with an owner (the demo seed, a CSV import of new rows)
 * are not owner changes: the history records them as created, and nobody is
 * notified.
 */
import { and, eq, inArray } from 'drizzle-orm'
import { departments, memberships, touchpoints, users, workspaces } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { signal } from '@/lib/live/signals'
import { log } from '@/lib/log'
import { notify } from '@/lib/notifications/notify'

export const OWNER_HISTORY_FIELDS = ['ownerUserId', 'ownerDepartmentId'] as const
export type OwnerField = (typeof OWNER_HISTORY_FIELDS)[number]
export const DEPARTMENT_NOTIFY_MAX = 20

export type OwnerChange = { touchpointId: string; field: OwnerField; old: string | null; new: string | null; changedBy: string | null }

export const isOwnerField = (f: string): f is OwnerField => (OWNER_HISTORY_FIELDS as readonly string[]).includes(f)

const label = (u: { name: string | null; email: string } | undefined) => (u ? (u.name ?? u.email) : null)

async function namesIn(tx: Tx, workspaceId: string, changes: OwnerChange[]) {
  const userIds = [...new Set(changes.filter((c) => c.field === 'ownerUserId').flatMap((c) => [c.old, c.new]).filter((x): x is string => !!x))]
  const deptIds = [...new Set(changes.filter((c) => c.field === 'ownerDepartmentId').flatMap((c) => [c.old, c.new]).filter((x): x is string => !!x))]
  const tpIds = [...new Set(changes.map((c) => c.touchpointId))]
  const [u, d, t] = await Promise.all([
    userIds.length ? tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, userIds)) : [],
    deptIds.length ? tx.select({ id: departments.id, name: departments.name }).from(departments).where(and(eq(departments.workspaceId, workspaceId), inArray(departments.id, deptIds))) : [],
    tx.select({ id: touchpoints.id, name: touchpoints.name }).from(touchpoints).where(and(eq(touchpoints.workspaceId, workspaceId), inArray(touchpoints.id, tpIds))),
  ])
  return {
    user: new Map(u.map((x) => [x.id, label(x)])),
    dept: new Map(d.map((x) => [x.id, x.name])),
    touchpoint: new Map(t.map((x) => [x.id, x.name])),
  }
}

/** One activity entry per change, inside the projection's transaction (after its touchpoint rows are written). */
export async function recordOwnerActivity(tx: Tx, workspaceId: string, changes: OwnerChange[]): Promise<void> {
  if (!changes.length) return
  const names = await namesIn(tx, workspaceId, changes)
  for (const c of changes) {
    const nameOf = (id: string | null) => (id ? ((c.field === 'ownerUserId' ? names.user.get(id) : names.dept.get(id)) ?? null) : null)
    await recordActivity(tx, {
      workspaceId,
      actorId: c.changedBy,
      action: 'touchpoint.owner_assigned',
      subject: names.touchpoint.get(c.touchpointId) ?? c.touchpointId,
      data: { touchpointId: c.touchpointId, field: c.field === 'ownerUserId' ? 'person' : 'department', from: nameOf(c.old), to: nameOf(c.new) },
    })
  }
}

/** Notifications and the 'ownership' signal, after the projection committed. Never throws. */
export async function announceOwnerChanges(workspaceId: string, changes: OwnerChange[]): Promise<void> {
  if (!changes.length) return
  try {
    signal(workspaceId, 'ownership')
  } catch (err) {
    log.warn('ownership: signal failed', { workspaceId, err: String(err) })
  }
  try {
    const assigned = changes.filter((c) => c.new !== null)
    if (!assigned.length) return
    const { slug, tpNames, deptMembers } = await inWorkspace(workspaceId, null, async (tx) => {
      const [ws] = await tx.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, workspaceId))
      const tpIds = [...new Set(assigned.map((c) => c.touchpointId))]
      const t = await tx.select({ id: touchpoints.id, name: touchpoints.name }).from(touchpoints).where(and(eq(touchpoints.workspaceId, workspaceId), inArray(touchpoints.id, tpIds)))
      const deptIds = [...new Set(assigned.filter((c) => c.field === 'ownerDepartmentId').map((c) => c.new!))]
      const m = deptIds.length
        ? await tx
            .select({ userId: memberships.userId, departmentId: memberships.departmentId })
            .from(memberships)
            .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.departmentId, deptIds)))
        : []
      const byDept = new Map<string, string[]>()
      for (const r of m) byDept.set(r.departmentId!, [...(byDept.get(r.departmentId!) ?? []), r.userId])
      return { slug: ws?.slug ?? '', tpNames: new Map(t.map((x) => [x.id, x.name])), deptMembers: byDept }
    })
    // recipient -> (actor, touchpoints)
    const byRecipient = new Map<string, { actor: string | null; ids: Set<string>; viaDepartment: boolean }>()
    const add = (userId: string, c: OwnerChange, viaDepartment: boolean) => {
      if (userId === c.changedBy) return
      const e = byRecipient.get(userId) ?? { actor: c.changedBy, ids: new Set<string>(), viaDepartment }
      e.ids.add(c.touchpointId)
      e.viaDepartment &&= viaDepartment
      byRecipient.set(userId, e)
    }
    for (const c of assigned) {
      if (!tpNames.has(c.touchpointId)) continue
      if (c.field === 'ownerUserId') add(c.new!, c, false)
      else {
        const members = deptMembers.get(c.new!) ?? []
        if (members.length <= DEPARTMENT_NOTIFY_MAX) for (const u of members) add(u, c, true)
      }
    }
    const base = `/w/${slug}`
    await Promise.all(
      [...byRecipient].map(([userId, e]) => {
        const ids = [...e.ids]
        const one = ids.length === 1
        const name = tpNames.get(ids[0]!) ?? ''
        return notify({
          workspaceId,
          recipients: [userId],
          actorId: e.actor,
          kind: 'owner_assigned',
          title: one ? (e.viaDepartment ? `Your department now owns “${name}”` : `You now own “${name}”`) : `You now own ${ids.length} touchpoints`,
          body: one ? 'Keep its details current, watch its insights and mark it reviewed when you have checked it.' : ids.map((id) => tpNames.get(id)).slice(0, 10).join(', ') + (ids.length > 10 ? ', …' : ''),
          link: one ? `${base}/touchpoints/${encodeURIComponent(ids[0]!)}` : `${base}/my`,
        })
      }),
    )
  } catch (err) {
    log.error('ownership: notifying new owners failed', { workspaceId, err: String(err) })
  }
}
