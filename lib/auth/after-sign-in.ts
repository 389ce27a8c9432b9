import { and, eq } from 'drizzle-orm'
import { departments, memberships, scimUsers, users } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { database } from '@/lib/db'
import { asUser, inWorkspace } from '@/lib/db/tenant'
import { parseEmail } from '@/lib/email/parse-email'
import { domainHeld, type LoadedSsoConnection } from '@/lib/sso/load-connection'

/**
 * After a successful sign-in: an SSO user whose domain the workspace holds
 * joins it with the connection's default role (and, when the IdP sent groups,
 * the department named like the first of them); every workspace the person
 * belongs to records the sign-in in its activity log. Someone the IdP
 * deactivated through SCIM does not join again by signing in.
 */
export async function afterSignIn(opts: { userId: string; sso: LoadedSsoConnection | null; ip: string | null; groups?: string[] }): Promise<void> {
  const db = await database()
  const [user] = await db.select().from(users).where(eq(users.id, opts.userId))
  if (!user) return
  const sso = opts.sso
  const domain = parseEmail(user.email)?.domain
  if (sso && sso.domains.some((d) => domainHeld(d.status) && d.domain === domain)) {
    await inWorkspace(sso.workspaceId, user.id, async (tx) => {
      const [deactivated] = await tx
        .select({ id: scimUsers.id })
        .from(scimUsers)
        .where(and(eq(scimUsers.workspaceId, sso.workspaceId), eq(scimUsers.userId, user.id), eq(scimUsers.active, false)))
      if (deactivated) return
      const wanted = new Set((opts.groups ?? []).map((g) => g.toLowerCase()))
      const department = wanted.size
        ? (await tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.workspaceId, sso.workspaceId))).find((d) =>
            wanted.has(d.name.toLowerCase()),
          )
        : undefined
      const joined = await tx
        .insert(memberships)
        .values({ workspaceId: sso.workspaceId, userId: user.id, roleKey: sso.defaultRole, departmentId: department?.id ?? null })
        .onConflictDoNothing()
        .returning()
      if (joined.length) {
        await recordActivity(tx, { workspaceId: sso.workspaceId, actorId: user.id, action: 'member.joined', subject: user.email, data: { via: 'sso', role: sso.defaultRole } })
      }
    })
  }
  const mine = await asUser(user.id, (tx) => tx.select({ workspaceId: memberships.workspaceId }).from(memberships).where(and(eq(memberships.userId, user.id))))
  for (const m of mine) {
    await inWorkspace(m.workspaceId, user.id, (tx) =>
      recordActivity(tx, {
        workspaceId: m.workspaceId,
        actorId: user.id,
        action: 'auth.signed_in',
        subject: user.email,
        data: { method: sso ? 'sso' : 'email', ...(sso ? { connection: sso.name } : {}), ...(opts.ip ? { ip: opts.ip } : {}) },
      }),
    )
  }
}
