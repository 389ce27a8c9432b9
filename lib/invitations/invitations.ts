import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm'
import { departments, invitations, memberships, users, workspaces } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import type { CurrentSession } from '@/lib/auth/current-session'
import { assertMayOpen, type MemberContext } from '@/lib/auth/membership'
import { config } from '@/lib/config'
import { hashToken, newToken } from '@/lib/crypto/secret-box'
import { database, rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors'
import { linkEmail, sendMail } from '@/lib/mail/send-mail'
import { roleTable, type RoleKey } from '@/lib/rbac/permissions'

export const INVITATION_DAYS = 7

export type InvitationRow = { id: string; email: string; role: string; departmentName: string | null; createdAt: Date; expiresAt: Date; invitedBy: string | null }

/**
 * Invites someone by email: a single-use link that expires, sent by SMTP (or
 * printed in the log). A new invitation to the same address replaces the
 * pending one.
 */
export async function createInvitation(
  ctx: MemberContext,
  input: { email: string; role: RoleKey; departmentId?: string | null },
): Promise<{ id: string; link: string }> {
  const ranks = await roleTable()
  if ((ranks.get(input.role)?.rank ?? 0) > ctx.rank) throw new ForbiddenError('You cannot invite someone with a role above your own')
  const email = input.email.trim().toLowerCase()
  const { token, hash } = newToken()
  const link = `${config().appUrl}/invite/${token}`
  const inviter = await (await database()).select({ name: users.name, email: users.email }).from(users).where(eq(users.id, ctx.userId))
  const id = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const already = await tx
      .select({ u: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(users.email, email)))
    if (already.length) throw new ConflictError(`${email} is already a member of this workspace`, 'email')
    if (input.departmentId) {
      const [d] = await tx.select().from(departments).where(and(eq(departments.workspaceId, ctx.workspaceId), eq(departments.id, input.departmentId)))
      if (!d) throw new ValidationError({ departmentId: ['Choose a department of this workspace'] })
    }
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.workspaceId, ctx.workspaceId), eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    const [row] = await tx
      .insert(invitations)
      .values({
        workspaceId: ctx.workspaceId,
        email,
        roleKey: input.role,
        departmentId: input.departmentId ?? null,
        tokenHash: hash,
        invitedBy: ctx.userId,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000),
      })
      .returning({ id: invitations.id })
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'invitation.created', subject: email, data: { role: input.role } })
    return row!.id
  })
  const who = inviter[0]?.name ?? inviter[0]?.email ?? 'A colleague'
  await sendMail(
    linkEmail({
      to: email,
      subject: `${who} invited you to ${ctx.workspaceName} on Touchmap`,
      intro: `${who} invited you to join the workspace ${ctx.workspaceName} on Touchmap as ${input.role}.`,
      action: 'Accept the invitation',
      link,
      outro: `The link works once and expires in ${INVITATION_DAYS} days. Sign in as ${email} to accept it.`,
    }),
  )
  return { id, link }
}

export async function revokeInvitation(ctx: MemberContext, invitationId: string): Promise<void> {
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.workspaceId, ctx.workspaceId), eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning()
    if (!row) throw new NotFoundError('Invitation not found or no longer pending')
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'invitation.revoked', subject: row.email })
  })
}

/** Pending (not accepted, not revoked, not expired) invitations. */
export async function listPendingInvitations(ctx: MemberContext): Promise<InvitationRow[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.roleKey,
        departmentName: departments.name,
        createdAt: invitations.createdAt,
        expiresAt: invitations.expiresAt,
        invitedBy: users.email,
      })
      .from(invitations)
      .leftJoin(departments, eq(departments.id, invitations.departmentId))
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(and(eq(invitations.workspaceId, ctx.workspaceId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
      .orderBy(desc(invitations.createdAt)),
  )
}

async function workspaceOfToken(token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
  const db = await database()
  const [r] = rowsOf<{ ws: string | null }>(await db.execute(sql`select touchmap_invitation_workspace(${hashToken(token)}) as ws`))
  return r?.ws ?? null
}

export type InvitationPreview = {
  workspaceName: string
  workspaceSlug: string
  email: string
  role: string
  invitedBy: string | null
  state: 'pending' | 'expired' | 'used'
}

/** What the invitation page shows before accepting. Unknown tokens are null. */
export async function previewInvitation(token: string): Promise<InvitationPreview | null> {
  const ws = await workspaceOfToken(token)
  if (!ws) return null
  return inWorkspace(ws, null, async (tx) => {
    const [row] = await tx
      .select({ inv: invitations, workspaceName: workspaces.name, workspaceSlug: workspaces.slug, invitedBy: users.name, invitedByEmail: users.email })
      .from(invitations)
      .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(eq(invitations.tokenHash, hashToken(token)))
    if (!row) return null
    const state = row.inv.acceptedAt || row.inv.revokedAt ? 'used' : row.inv.expiresAt.getTime() < Date.now() ? 'expired' : 'pending'
    return { workspaceName: row.workspaceName, workspaceSlug: row.workspaceSlug, email: row.inv.email, role: row.inv.roleKey, invitedBy: row.invitedBy ?? row.invitedByEmail, state }
  })
}

/**
 * Accepts an invitation for the signed-in person. The token is single use,
 * expires, and only works for the email it was sent to.
 */
export async function acceptInvitation(session: CurrentSession, token: string): Promise<{ workspaceSlug: string }> {
  const ws = await workspaceOfToken(token)
  if (!ws) throw new NotFoundError('This invitation link is not valid')
  assertMayOpen(session, ws)
  return inWorkspace(ws, session.user.id, async (tx) => {
    const [inv] = await tx.select().from(invitations).where(eq(invitations.tokenHash, hashToken(token)))
    if (!inv) throw new NotFoundError('This invitation link is not valid')
    if (inv.acceptedAt || inv.revokedAt) throw new ConflictError('This invitation has already been used or was withdrawn')
    if (inv.expiresAt.getTime() < Date.now()) throw new ConflictError('This invitation has expired: ask for a new one')
    if (inv.email !== session.user.email.toLowerCase()) {
      throw new ForbiddenError(`This invitation is for ${inv.email}, but you are signed in as ${session.user.email}`)
    }
    const used = await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), acceptedBy: session.user.id })
      .where(and(eq(invitations.id, inv.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id })
    if (!used.length) throw new ConflictError('This invitation has already been used or was withdrawn')
    await tx.insert(memberships).values({ workspaceId: ws, userId: session.user.id, roleKey: inv.roleKey, departmentId: inv.departmentId }).onConflictDoNothing()
    await recordActivity(tx, { workspaceId: ws, actorId: session.user.id, action: 'invitation.accepted', subject: inv.email, data: { role: inv.roleKey } })
    const [w] = await tx.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, ws))
    return { workspaceSlug: w!.slug }
  })
}
