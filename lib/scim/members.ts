import { and, count, eq, isNotNull } from 'drizzle-orm'
import { memberships, roles, scimGroupMembers, scimGroups, sessions, ssoConnections, touchpoints } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { getMembership, person, type MemberContext } from '@/lib/auth/membership'
import { MAX_BULK, patchMany } from '@/lib/catalog/bulk'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { log } from '@/lib/log'
import { emitMembershipChanged } from '@/lib/members/membership-events'
import type { RoleKey } from '@/lib/rbac/permissions'
import { ScimError } from './errors'

/**
 * What SCIM does to a person's membership of the workspace: an active user is
 * a member (with the highest role their mapped groups give, else the
 * connection's default role; owners are never changed by SCIM); an inactive
 * or deleted one is not. Leaving ends their sessions made for this workspace,
 * closes their live sockets (the membership-change path) and hands the
 * touchpoints they owned to their department, with no person, so the
 * catalog's "No person" filter lists them for reassignment.
 */

/** The role a SCIM user should have: the highest role their groups map to, or the connection's default. */
export async function roleFor(tx: Tx, connectionId: string, scimUserId: string): Promise<RoleKey> {
  const [conn] = await tx.select({ role: ssoConnections.defaultRoleKey }).from(ssoConnections).where(eq(ssoConnections.id, connectionId))
  const mapped = await tx
    .select({ role: scimGroups.roleKey })
    .from(scimGroupMembers)
    .innerJoin(scimGroups, eq(scimGroups.id, scimGroupMembers.groupId))
    .where(and(eq(scimGroupMembers.scimUserId, scimUserId), isNotNull(scimGroups.roleKey)))
  // Ranks read in this transaction: waiting here for another pooled connection (roleTable's first load) could starve the pool under a burst.
  const ranks = new Map((await tx.select({ key: roles.key, rank: roles.rank }).from(roles)).map((r) => [r.key, r.rank]))
  const candidates = [conn?.role, ...mapped.map((m) => m.role)].filter((r): r is RoleKey => Boolean(r) && r !== 'owner')
  return candidates.sort((a, b) => (ranks.get(b) ?? 0) - (ranks.get(a) ?? 0))[0] ?? 'viewer'
}

/** The department a SCIM user's groups put them in (the first group with one), or undefined to leave it. */
async function departmentFor(tx: Tx, scimUserId: string): Promise<string | undefined> {
  const [g] = await tx
    .select({ departmentId: scimGroups.departmentId })
    .from(scimGroupMembers)
    .innerJoin(scimGroups, eq(scimGroups.id, scimGroupMembers.groupId))
    .where(and(eq(scimGroupMembers.scimUserId, scimUserId), isNotNull(scimGroups.departmentId)))
    .orderBy(scimGroups.createdAt)
    .limit(1)
  return g?.departmentId ?? undefined
}

export type MembershipChange = { userId: string; left: { departmentId: string | null } | null; changed: boolean }

/**
 * Makes the person a member with the role and department SCIM gives them.
 * An existing member's role follows their groups only when `groupsChanged`
 * (so a user update does not undo a role an admin gave by hand); owners keep theirs.
 */
export async function admit(
  tx: Tx,
  workspaceId: string,
  connectionId: string,
  scim: { id: string; userId: string; email: string },
  groupsChanged = false,
): Promise<MembershipChange> {
  const role = await roleFor(tx, connectionId, scim.id)
  const department = await departmentFor(tx, scim.id)
  const [current] = await tx.select().from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, scim.userId)))
  if (!current) {
    await tx.insert(memberships).values({ workspaceId, userId: scim.userId, roleKey: role, departmentId: department ?? null })
    await recordActivity(tx, { workspaceId, actorId: null, action: 'scim.user_provisioned', subject: scim.email, data: { role } })
    return { userId: scim.userId, left: null, changed: true }
  }
  const nextRole = current.roleKey === 'owner' || !groupsChanged ? current.roleKey : role
  const nextDepartment = department ?? current.departmentId
  if (nextRole === current.roleKey && nextDepartment === current.departmentId) return { userId: scim.userId, left: null, changed: false }
  await tx
    .update(memberships)
    .set({ roleKey: nextRole, departmentId: nextDepartment })
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, scim.userId)))
  return { userId: scim.userId, left: null, changed: true }
}

/** Removes the person from the workspace (never its last owner) and ends their sessions made for it. */
export async function dismiss(tx: Tx, workspaceId: string, scim: { userId: string; email: string }): Promise<MembershipChange> {
  const [current] = await tx.select().from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, scim.userId)))
  if (!current) return { userId: scim.userId, left: null, changed: false }
  if (current.roleKey === 'owner') {
    const [owners] = await tx.select({ n: count() }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.roleKey, 'owner')))
    if ((owners?.n ?? 0) <= 1) throw new ScimError(409, `${scim.email} is the workspace's only owner and cannot be deprovisioned; make someone else an owner first`, 'mutability')
  }
  await tx.delete(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, scim.userId)))
  await tx.delete(sessions).where(and(eq(sessions.userId, scim.userId), eq(sessions.ssoWorkspaceId, workspaceId)))
  await recordActivity(tx, { workspaceId, actorId: null, action: 'scim.user_deprovisioned', subject: scim.email, data: { role: current.roleKey } })
  return { userId: scim.userId, left: { departmentId: current.departmentId }, changed: true }
}

/** Someone who may reassign touchpoints for the workspace: the connection's creator if still a member who can, else an owner. */
async function actorFor(workspaceId: string, connectionId: string): Promise<MemberContext | null> {
  const candidates = await inWorkspace(workspaceId, null, async (tx) => {
    const [conn] = await tx.select({ by: ssoConnections.createdBy }).from(ssoConnections).where(eq(ssoConnections.id, connectionId))
    const owners = await tx.select({ id: memberships.userId }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.roleKey, 'owner')))
    return [conn?.by, ...owners.map((o) => o.id)].filter((x): x is string => Boolean(x))
  })
  for (const id of candidates) {
    const ctx = await getMembership(person(id), { id: workspaceId })
    if (ctx?.permissions.has('touchpoints.assign')) return ctx
  }
  return null
}

/** After the transaction: live sockets learn of the change; a person who left hands their touchpoints to their department. */
export async function afterMembershipChanges(workspaceId: string, connectionId: string, changes: MembershipChange[]): Promise<void> {
  for (const c of changes) if (c.changed) emitMembershipChanged({ workspaceId, userId: c.userId })
  for (const c of changes) {
    if (!c.left) continue
    const owned = await inWorkspace(workspaceId, null, (tx) =>
      tx
        .select({ id: touchpoints.id, departmentId: touchpoints.ownerDepartmentId })
        .from(touchpoints)
        .where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.ownerUserId, c.userId))),
    )
    if (!owned.length) continue
    const actor = await actorFor(workspaceId, connectionId)
    if (!actor) {
      log.warn('scim: no one may reassign the touchpoints of a deprovisioned member', { workspaceId, userId: c.userId, touchpoints: owned.length })
      continue
    }
    const withDepartment = owned.filter((o) => o.departmentId).map((o) => o.id)
    const without = owned.filter((o) => !o.departmentId).map((o) => o.id)
    for (let i = 0; i < withDepartment.length; i += MAX_BULK) await patchMany(actor, withDepartment.slice(i, i + MAX_BULK), { ownerUserId: null })
    for (let i = 0; i < without.length; i += MAX_BULK) await patchMany(actor, without.slice(i, i + MAX_BULK), { ownerUserId: null, ownerDepartmentId: c.left.departmentId })
  }
}

