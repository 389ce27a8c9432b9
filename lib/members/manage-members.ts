import { and, count, eq } from 'drizzle-orm'
import { departments, memberships, users } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import type { MemberContext } from '@/lib/auth/membership'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors'
import { roleTable, type RoleKey } from '@/lib/rbac/permissions'
import { emitMembershipChanged } from './membership-events'

async function targetOf(tx: Tx, ctx: MemberContext, userId: string) {
  const [row] = await tx
    .select({ role: memberships.roleKey, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, userId)))
  if (!row) throw new NotFoundError('Member not found')
  return row
}

async function ownerCount(tx: Tx, workspaceId: string): Promise<number> {
  const [r] = await tx.select({ n: count() }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.roleKey, 'owner')))
  return r?.n ?? 0
}

/**
 * Changes a member's role. Nobody changes their own role, acts on someone
 * ranked above them, or grants a role above their own; a workspace always
 * keeps an owner.
 */
export async function changeMemberRole(ctx: MemberContext, userId: string, role: RoleKey): Promise<void> {
  if (userId === ctx.userId) throw new ForbiddenError('You cannot change your own role; ask another admin or owner')
  const ranks = await roleTable()
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const target = await targetOf(tx, ctx, userId)
    if ((ranks.get(target.role as RoleKey)?.rank ?? 0) > ctx.rank) throw new ForbiddenError('You cannot change the role of someone ranked above you')
    if ((ranks.get(role)?.rank ?? 0) > ctx.rank) throw new ForbiddenError('You cannot grant a role above your own')
    if (target.role === role) return
    if (target.role === 'owner' && (await ownerCount(tx, ctx.workspaceId)) <= 1) throw new ConflictError('A workspace needs at least one owner')
    await tx.update(memberships).set({ roleKey: role }).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, userId)))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'member.role_changed', subject: target.email, data: { from: target.role, to: role } })
  })
  emitMembershipChanged({ workspaceId: ctx.workspaceId, userId })
}

export async function setMemberDepartment(ctx: MemberContext, userId: string, departmentId: string | null): Promise<void> {
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const target = await targetOf(tx, ctx, userId)
    let departmentName: string | null = null
    if (departmentId) {
      const [d] = await tx.select().from(departments).where(and(eq(departments.workspaceId, ctx.workspaceId), eq(departments.id, departmentId)))
      if (!d) throw new ValidationError({ departmentId: ['Choose a department of this workspace'] })
      departmentName = d.name
    }
    await tx.update(memberships).set({ departmentId }).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, userId)))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'member.department_changed', subject: target.email, data: { department: departmentName } })
  })
}

/** Removes someone else from the workspace (not anyone ranked above you, never the last owner). */
export async function removeMember(ctx: MemberContext, userId: string): Promise<void> {
  if (userId === ctx.userId) throw new ForbiddenError('To remove yourself, leave the workspace')
  const ranks = await roleTable()
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const target = await targetOf(tx, ctx, userId)
    if ((ranks.get(target.role as RoleKey)?.rank ?? 0) > ctx.rank) throw new ForbiddenError('You cannot remove someone ranked above you')
    if (target.role === 'owner' && (await ownerCount(tx, ctx.workspaceId)) <= 1) throw new ConflictError('A workspace needs at least one owner')
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, userId)))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'member.removed', subject: target.email, data: { role: target.role } })
  })
  emitMembershipChanged({ workspaceId: ctx.workspaceId, userId })
}

/** Leaves the workspace; the last owner must hand ownership over (or delete the workspace) first. */
export async function leaveWorkspace(ctx: MemberContext): Promise<void> {
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const me = await targetOf(tx, ctx, ctx.userId)
    if (me.role === 'owner' && (await ownerCount(tx, ctx.workspaceId)) <= 1) {
      throw new ConflictError('You are the only owner: make someone else an owner, or delete the workspace')
    }
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'member.left', subject: me.email })
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, ctx.userId)))
  })
  emitMembershipChanged({ workspaceId: ctx.workspaceId, userId: ctx.userId })
}
