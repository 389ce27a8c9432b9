import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm'
import { memberships, sessions, ssoConnections, ssoDomains, users, workspaces } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import type { MemberContext } from '@/lib/auth/membership'
import { rowsOf, type Tx } from '@/lib/db'
import { asUser, inWorkspace } from '@/lib/db/tenant'
import { database } from '@/lib/db'
import { parseEmail } from '@/lib/email/parse-email'
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors'

/**
 * SSO enforcement. A workspace may require its SSO for an email domain it
 * holds by DNS: members with that domain then enter it only through the
 * domain's connection (the membership check, lib/auth/membership.ts
 * meetsEnforcement, reads touchmap_sso_enforced_connection), email links for
 * the domain are refused at sign-in, and their sessions not made through the
 * connection end when enforcement starts. One owner may be marked
 * break-glass: they keep email sign-in. No configuration may leave every
 * owner dependent on the IdP.
 */

const domainOf = (email: string) => parseEmail(email)?.domain ?? email.slice(email.lastIndexOf('@') + 1).toLowerCase()

export const SSO_REQUIRED_MESSAGE = 'Your organisation requires single sign-on for this address: choose “Sign in with SSO” to go to your identity provider.'

/** Whether an email link must be refused for this address: its domain is enforced somewhere and the person is not break-glass there. */
export async function emailSignInRefused(email: string): Promise<boolean> {
  const domain = domainOf(email)
  const db = await database()
  const enforcing = rowsOf<{ workspace_id: string }>(await db.execute(sql`select workspace_id from touchmap_sso_enforcing(${domain})`))
  if (!enforcing.length) return false
  const [person] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.toLowerCase()))
  if (!person) return true
  const glass = await asUser(person.id, (tx) =>
    tx
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(and(inArray(workspaces.id, enforcing.map((r) => r.workspace_id)), eq(workspaces.ssoBreakGlassUserId, person.id))),
  )
  return glass.length === 0
}

type Owner = { userId: string; email: string }

const ownersOf = (tx: Tx, workspaceId: string): Promise<Owner[]> =>
  tx
    .select({ userId: memberships.userId, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.roleKey, 'owner')))

const enforcedDomains = async (tx: Tx, workspaceId: string): Promise<Set<string>> =>
  new Set(
    (await tx.select({ domain: ssoDomains.domain }).from(ssoDomains).where(and(eq(ssoDomains.workspaceId, workspaceId), eq(ssoDomains.enforced, true)))).map((r) => r.domain),
  )

/** The owners who could still sign in without the IdP, were `enforcedDomains` enforced and `breakGlass` the break-glass owner. */
const ownersFree = (owners: Owner[], enforcedDomains: Set<string>, breakGlass: string | null) =>
  owners.filter((o) => o.userId === breakGlass || !enforcedDomains.has(domainOf(o.email)))

export const LOCKOUT_MESSAGE =
  'This would leave no owner who can sign in without your identity provider. Mark an owner as break-glass first (they keep email sign-in), or keep SSO optional for one owner’s domain.'

export async function setDomainEnforcement(
  ctx: MemberContext,
  input: { domainId: string; enforced: boolean; confirmSelf: boolean; currentConnectionId: string | null },
): Promise<{ sessionsEnded: number }> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [d] = await tx.select().from(ssoDomains).where(and(eq(ssoDomains.workspaceId, ctx.workspaceId), eq(ssoDomains.id, input.domainId)))
    if (!d) throw new NotFoundError('Domain not found')
    if (d.enforced === input.enforced) return { sessionsEnded: 0 }
    if (!input.enforced) {
      await tx.update(ssoDomains).set({ enforced: false }).where(eq(ssoDomains.id, d.id))
      await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'sso.enforcement_off', subject: d.domain })
      return { sessionsEnded: 0 }
    }
    if (d.status !== 'verified') throw new ValidationError({ enforced: ['Prove this domain by DNS before requiring SSO for it'] })
    const [conn] = await tx.select().from(ssoConnections).where(eq(ssoConnections.id, d.connectionId))
    if (!conn?.enabled) throw new ValidationError({ enforced: ['Switch the connection on before requiring SSO through it'] })
    const [ws] = await tx.select({ breakGlass: workspaces.ssoBreakGlassUserId }).from(workspaces).where(eq(workspaces.id, ctx.workspaceId))
    const breakGlass = ws?.breakGlass ?? null
    const owners = await ownersOf(tx, ctx.workspaceId)
    const enforced = await enforcedDomains(tx, ctx.workspaceId)
    enforced.add(d.domain)
    if (!ownersFree(owners, enforced, breakGlass).length) throw new ConflictError(LOCKOUT_MESSAGE)
    const [me] = await tx.select({ email: users.email }).from(users).where(eq(users.id, ctx.userId))
    const locksMeOut = me && domainOf(me.email) === d.domain && ctx.userId !== breakGlass && input.currentConnectionId !== d.connectionId
    if (locksMeOut && !input.confirmSelf) {
      throw new ValidationError({
        confirmSelf: [`You did not sign in through ${conn.name}: once SSO is required for ${d.domain}, your session ends and you must sign in through ${conn.name}. Tick to confirm.`],
      })
    }
    await tx.update(ssoDomains).set({ enforced: true }).where(eq(ssoDomains.id, d.id))
    // The members with this domain: their sessions not made through the connection end now.
    const affected = (
      await tx
        .select({ userId: memberships.userId, email: users.email })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.workspaceId, ctx.workspaceId))
    )
      .filter((m) => domainOf(m.email) === d.domain && m.userId !== breakGlass)
      .map((m) => m.userId)
    let ended = 0
    if (affected.length) {
      const gone = await tx
        .delete(sessions)
        .where(and(inArray(sessions.userId, affected), or(isNull(sessions.ssoConnectionId), ne(sessions.ssoConnectionId, d.connectionId))))
        .returning({ token: sessions.sessionToken })
      ended = gone.length
    }
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'sso.enforcement_on', subject: d.domain, data: { connection: conn.name, sessionsEnded: ended } })
    return { sessionsEnded: ended }
  })
}

/** Marks one owner as break-glass (or none); refused when that would leave every owner dependent on the IdP. */
export async function setBreakGlassOwner(ctx: MemberContext, userId: string | null): Promise<void> {
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const owners = await ownersOf(tx, ctx.workspaceId)
    const chosen = userId ? owners.find((o) => o.userId === userId) : null
    if (userId && !chosen) throw new ValidationError({ userId: ['Choose an owner of this workspace'] })
    const enforced = await enforcedDomains(tx, ctx.workspaceId)
    if (enforced.size && !ownersFree(owners, enforced, userId).length) throw new ConflictError(LOCKOUT_MESSAGE)
    await tx.update(workspaces).set({ ssoBreakGlassUserId: userId }).where(eq(workspaces.id, ctx.workspaceId))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'sso.break_glass_set', subject: chosen?.email ?? '—' })
  })
}

/** The break-glass owner and the owners to choose from (the settings page). */
export async function breakGlassView(ctx: MemberContext): Promise<{ current: string | null; owners: Owner[] }> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [ws] = await tx.select({ breakGlass: workspaces.ssoBreakGlassUserId }).from(workspaces).where(eq(workspaces.id, ctx.workspaceId))
    const owners = await ownersOf(tx, ctx.workspaceId)
    return { current: ws?.breakGlass ?? null, owners }
  })
}
