import { and, eq, inArray, sql } from 'drizzle-orm'
import { departments, roles, scimGroupMembers, scimGroups, scimUsers, users, type ScimGroup } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import type { MemberContext } from '@/lib/auth/membership'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError, ValidationError } from '@/lib/errors'
import { roleTable, type RoleKey } from '@/lib/rbac/permissions'
import { invalidValue, isObject, notFound, ScimError, type Json } from './errors'
import { listResponse, parseListQuery } from './list'
import { admit, afterMembershipChanges, type MembershipChange } from './members'
import type { ScimCaller } from './tokens'
import { applyPatch } from './users'

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'

const UUID = /^[0-9a-f-]{36}$/i
const MAX_MEMBERS = 10_000

type NormalizedGroup = { displayName: string; externalId: string | null; memberIds: string[] }

function normalizeGroup(raw: unknown): NormalizedGroup {
  if (!isObject(raw)) throw new ScimError(400, 'The body must be a JSON object (a SCIM Group)', 'invalidSyntax')
  const displayName = typeof raw.displayName === 'string' ? raw.displayName.trim() : ''
  if (!displayName) throw invalidValue('displayName is required')
  if (displayName.length > 100) throw invalidValue('displayName is longer than 100 characters')
  const externalId = typeof raw.externalId === 'string' && raw.externalId.trim() ? raw.externalId.trim().slice(0, 254) : null
  const members = raw.members === undefined || raw.members === null ? [] : raw.members
  if (!Array.isArray(members) || members.some((m) => !isObject(m) || typeof m.value !== 'string')) throw invalidValue('members must be a list of {value: <user id>}')
  if (members.length > MAX_MEMBERS) throw new ScimError(400, `At most ${MAX_MEMBERS} members per group`, 'tooMany')
  return { displayName, externalId, memberIds: [...new Set((members as { value: string }[]).map((m) => m.value))] }
}

async function groupResource(tx: Tx, g: ScimGroup, base: string): Promise<Json> {
  const members = await tx
    .select({ value: scimUsers.id, display: scimUsers.userName })
    .from(scimGroupMembers)
    .innerJoin(scimUsers, eq(scimUsers.id, scimGroupMembers.scimUserId))
    .where(eq(scimGroupMembers.groupId, g.id))
  return {
    schemas: [GROUP_SCHEMA],
    id: g.id,
    displayName: g.displayName,
    ...(g.externalId ? { externalId: g.externalId } : {}),
    members: members.map((m) => ({ value: m.value, display: m.display, $ref: `${base}/Users/${m.value}` })),
    meta: { resourceType: 'Group', created: g.createdAt.toISOString(), lastModified: g.updatedAt.toISOString(), location: `${base}/Groups/${g.id}`, version: `W/"${g.version}"` },
  }
}

/** The department a group's members join: the one of the same name, made if missing. */
async function departmentNamed(tx: Tx, workspaceId: string, name: string): Promise<string> {
  const [found] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.workspaceId, workspaceId), sql`lower(${departments.name}) = lower(${name})`))
  if (found) return found.id
  const [made] = await tx.insert(departments).values({ workspaceId, name }).onConflictDoNothing().returning({ id: departments.id })
  if (made) return made.id
  const [raced] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.workspaceId, workspaceId), sql`lower(${departments.name}) = lower(${name})`))
  return raced!.id
}

async function checkMembers(tx: Tx, caller: ScimCaller, ids: string[]) {
  if (ids.some((id) => !UUID.test(id))) throw invalidValue('members[].value must be the id of a User of this connection')
  if (!ids.length) return
  const found = await tx.select({ id: scimUsers.id }).from(scimUsers).where(and(eq(scimUsers.connectionId, caller.connectionId), inArray(scimUsers.id, ids)))
  if (found.length !== ids.length) throw invalidValue('members[].value must be the id of a User of this connection')
}

/** Re-applies role and department to the group's active members (after they joined or left it, or its mapping changed). */
async function reapply(tx: Tx, caller: ScimCaller, scimUserIds: string[]): Promise<MembershipChange[]> {
  if (!scimUserIds.length) return []
  const rows = await tx
    .select({ id: scimUsers.id, userId: scimUsers.userId, active: scimUsers.active, email: users.email })
    .from(scimUsers)
    .innerJoin(users, eq(users.id, scimUsers.userId))
    .where(inArray(scimUsers.id, scimUserIds))
  const out: MembershipChange[] = []
  for (const r of rows) if (r.active) out.push(await admit(tx, caller.workspaceId, caller.connectionId, r, true))
  return out
}

async function setMembers(tx: Tx, caller: ScimCaller, groupId: string, next: string[]): Promise<string[]> {
  const before = (await tx.select({ id: scimGroupMembers.scimUserId }).from(scimGroupMembers).where(eq(scimGroupMembers.groupId, groupId))).map((r) => r.id)
  const added = next.filter((id) => !before.includes(id))
  const removed = before.filter((id) => !next.includes(id))
  if (removed.length) await tx.delete(scimGroupMembers).where(and(eq(scimGroupMembers.groupId, groupId), inArray(scimGroupMembers.scimUserId, removed)))
  if (added.length) await tx.insert(scimGroupMembers).values(added.map((scimUserId) => ({ workspaceId: caller.workspaceId, groupId, scimUserId }))).onConflictDoNothing()
  return [...added, ...removed]
}

async function load(tx: Tx, caller: ScimCaller, id: string): Promise<ScimGroup> {
  if (!UUID.test(id)) throw notFound('Group')
  const [g] = await tx.select().from(scimGroups).where(and(eq(scimGroups.connectionId, caller.connectionId), eq(scimGroups.id, id)))
  if (!g) throw notFound('Group')
  return g
}

async function nameFree(tx: Tx, caller: ScimCaller, name: string, selfId: string | null) {
  const [clash] = await tx
    .select({ id: scimGroups.id })
    .from(scimGroups)
    .where(and(eq(scimGroups.connectionId, caller.connectionId), sql`lower(${scimGroups.displayName}) = lower(${name})`))
  if (clash && clash.id !== selfId) throw new ScimError(409, `A group named ${name} exists`, 'uniqueness')
}

export async function createGroup(caller: ScimCaller, raw: unknown, base: string): Promise<Json> {
  const g = normalizeGroup(raw)
  let changes: MembershipChange[] = []
  const out = await inWorkspace(caller.workspaceId, null, async (tx) => {
    await nameFree(tx, caller, g.displayName, null)
    await checkMembers(tx, caller, g.memberIds)
    const departmentId = await departmentNamed(tx, caller.workspaceId, g.displayName)
    const [row] = await tx
      .insert(scimGroups)
      .values({ workspaceId: caller.workspaceId, connectionId: caller.connectionId, displayName: g.displayName, externalId: g.externalId, departmentId })
      .returning()
    changes = await reapply(tx, caller, await setMembers(tx, caller, row!.id, g.memberIds))
    return groupResource(tx, row!, base)
  })
  await afterMembershipChanges(caller.workspaceId, caller.connectionId, changes)
  return out
}

export async function getGroup(caller: ScimCaller, id: string, base: string): Promise<Json> {
  return inWorkspace(caller.workspaceId, null, async (tx) => groupResource(tx, await load(tx, caller, id), base))
}

async function write(caller: ScimCaller, id: string, next: (current: Json) => unknown, base: string): Promise<Json> {
  let changes: MembershipChange[] = []
  const out = await inWorkspace(caller.workspaceId, null, async (tx) => {
    const row = await load(tx, caller, id)
    const g = normalizeGroup(next(await groupResource(tx, row, base)))
    await nameFree(tx, caller, g.displayName, row.id)
    await checkMembers(tx, caller, g.memberIds)
    const [saved] = await tx
      .update(scimGroups)
      .set({ displayName: g.displayName, externalId: g.externalId, version: row.version + 1, updatedAt: new Date() })
      .where(eq(scimGroups.id, row.id))
      .returning()
    changes = await reapply(tx, caller, await setMembers(tx, caller, row.id, g.memberIds))
    return groupResource(tx, saved!, base)
  })
  await afterMembershipChanges(caller.workspaceId, caller.connectionId, changes)
  return out
}

export const replaceGroup = (caller: ScimCaller, id: string, raw: unknown, base: string) => write(caller, id, () => raw, base)
export const patchGroup = (caller: ScimCaller, id: string, body: unknown, base: string) => write(caller, id, (current) => applyPatch(current, body), base)

export async function deleteGroup(caller: ScimCaller, id: string): Promise<void> {
  let changes: MembershipChange[] = []
  await inWorkspace(caller.workspaceId, null, async (tx) => {
    const row = await load(tx, caller, id)
    const members = (await tx.select({ id: scimGroupMembers.scimUserId }).from(scimGroupMembers).where(eq(scimGroupMembers.groupId, row.id))).map((r) => r.id)
    await tx.delete(scimGroups).where(eq(scimGroups.id, row.id))
    changes = await reapply(tx, caller, members)
  })
  await afterMembershipChanges(caller.workspaceId, caller.connectionId, changes)
}

export async function listGroups(caller: ScimCaller, query: URLSearchParams, base: string): Promise<Json> {
  const q = parseListQuery(query, ['displayName', 'externalId', 'id', 'members.value'], ['displayName', 'externalId', 'id'])
  const resources = await inWorkspace(caller.workspaceId, null, async (tx) => {
    const conds = [eq(scimGroups.connectionId, caller.connectionId)]
    if (q.indexed?.attr === 'displayName') conds.push(sql`lower(${scimGroups.displayName}) = lower(${q.indexed.value})`)
    if (q.indexed?.attr === 'externalId') conds.push(eq(scimGroups.externalId, q.indexed.value))
    if (q.indexed?.attr === 'id') conds.push(UUID.test(q.indexed.value) ? eq(scimGroups.id, q.indexed.value) : sql`false`)
    const rows = await tx.select().from(scimGroups).where(and(...conds)).orderBy(scimGroups.createdAt, scimGroups.id)
    return Promise.all(rows.map((g) => groupResource(tx, g, base)))
  })
  return listResponse(resources, q)
}

export type GroupMappingView = { id: string; connectionId: string; displayName: string; roleKey: string | null; departmentName: string | null; members: number }

/** The groups SCIM created for a workspace's connections, with the role each maps to (the settings page). */
export async function listGroupMappings(ctx: MemberContext): Promise<GroupMappingView[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx
      .select({
        id: scimGroups.id,
        connectionId: scimGroups.connectionId,
        displayName: scimGroups.displayName,
        roleKey: scimGroups.roleKey,
        departmentName: departments.name,
        members: sql<number>`(select count(*)::int from ${scimGroupMembers} where ${scimGroupMembers.groupId} = ${scimGroups.id})`,
      })
      .from(scimGroups)
      .leftJoin(departments, eq(departments.id, scimGroups.departmentId))
      .where(eq(scimGroups.workspaceId, ctx.workspaceId))
      .orderBy(scimGroups.displayName),
  )
}

/** An admin maps a group to a role (or to none: the connection's default role); members' roles follow at once. */
export async function mapGroupRole(ctx: MemberContext, groupId: string, role: RoleKey | null): Promise<void> {
  if (role === 'owner') throw new ValidationError({ role: ['SCIM groups cannot make people owners; choose another role'] })
  if (role && ((await roleTable()).get(role)?.rank ?? 0) > ctx.rank) throw new ValidationError({ role: ['You cannot map a group to a role above your own'] })
  let changes: MembershipChange[] = []
  let connectionId = ''
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [g] = await tx.select().from(scimGroups).where(and(eq(scimGroups.workspaceId, ctx.workspaceId), eq(scimGroups.id, groupId)))
    if (!g) throw new NotFoundError('Group not found')
    if (role) {
      const [r] = await tx.select({ key: roles.key }).from(roles).where(eq(roles.key, role))
      if (!r) throw new ValidationError({ role: ['Choose a role'] })
    }
    connectionId = g.connectionId
    await tx.update(scimGroups).set({ roleKey: role, updatedAt: new Date() }).where(eq(scimGroups.id, g.id))
    const members = (await tx.select({ id: scimGroupMembers.scimUserId }).from(scimGroupMembers).where(eq(scimGroupMembers.groupId, g.id))).map((r) => r.id)
    changes = await reapply(tx, { workspaceId: ctx.workspaceId, connectionId: g.connectionId, tokenId: '' }, members)
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'scim.group_mapped', subject: g.displayName, data: { role: role ?? 'default' } })
  })
  await afterMembershipChanges(ctx.workspaceId, connectionId, changes)
}
