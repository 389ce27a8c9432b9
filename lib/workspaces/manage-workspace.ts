import { and, asc, eq } from 'drizzle-orm'
import { memberships, workspaces } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import type { MemberContext, Principal } from '@/lib/auth/membership'
import { asUser, inWorkspace } from '@/lib/db/tenant'
import { ValidationError } from '@/lib/errors'

export async function renameWorkspace(ctx: MemberContext, name: string): Promise<void> {
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    await tx.update(workspaces).set({ name, updatedAt: new Date() }).where(eq(workspaces.id, ctx.workspaceId))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'workspace.renamed', subject: name, data: { from: ctx.workspaceName } })
  })
}

/**
 * Deletes the workspace and everything in it (foreign keys cascade). The
 * caller confirms by typing the workspace's name.
 */
export async function deleteWorkspace(ctx: MemberContext, confirmName: string): Promise<void> {
  if (confirmName.trim() !== ctx.workspaceName) {
    throw new ValidationError({ confirmName: [`Type the workspace name, ${ctx.workspaceName}, to confirm`] })
  }
  await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => tx.delete(workspaces).where(eq(workspaces.id, ctx.workspaceId)))
}

export type MyWorkspace = { id: string; name: string; slug: string; role: string }

/** The workspaces a person belongs to and this sign-in may open (an SSO session: its connection's workspace), by name. */
export async function listMyWorkspaces(who: Principal): Promise<MyWorkspace[]> {
  const userId = who.user.id
  return asUser(userId, (tx) =>
    tx
      .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug, role: memberships.roleKey })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .where(and(eq(memberships.userId, userId), who.ssoWorkspaceId ? eq(workspaces.id, who.ssoWorkspaceId) : undefined))
      .orderBy(asc(workspaces.name)),
  )
}
