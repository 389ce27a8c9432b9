import { and, eq } from 'drizzle-orm'
import { accounts, memberships, users } from '@/db/schema'
import { database } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { emailDomain, identityProvider, type LoadedSsoConnection } from './load-connection'

export type SsoDecision = { allowed: true } | { allowed: false; reason: 'sso_domain' | 'sso_unverified_domain' | 'sso_other_session' }

/**
 * Whether an identity asserted by a workspace's IdP may sign in, and so
 * whether Auth.js may create or link an account:
 * - the email must be in one of the connection's domains, always;
 * - a known (issuer, subject) identity signs in as its user;
 * - a new identity links to an existing account, or creates one, only when the
 *   domain is verified for the workspace or the person is already a member;
 * - it never links to a different person's open session.
 */
export async function decideSsoSignIn(
  sso: LoadedSsoConnection,
  asserted: { email: string; subject: string },
  signedInAs: string | null,
): Promise<SsoDecision> {
  const email = asserted.email.trim().toLowerCase()
  const domain = email.includes('@') ? emailDomain(email) : ''
  const served = sso.domains.find((d) => d.domain === domain)
  if (!served) return { allowed: false, reason: 'sso_domain' }

  if (signedInAs && signedInAs !== email) return { allowed: false, reason: 'sso_other_session' }
  const db = await database()

  const [identity] = await db
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.provider, identityProvider(sso.issuer)), eq(accounts.providerAccountId, asserted.subject)))
  if (identity) return { allowed: true }
  if (served.verified) return { allowed: true }

  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
  if (existing) {
    const member = await inWorkspace(sso.workspaceId, null, (tx) =>
      tx.select({ u: memberships.userId }).from(memberships).where(and(eq(memberships.workspaceId, sso.workspaceId), eq(memberships.userId, existing.id))),
    )
    if (member.length) return { allowed: true }
  }
  return { allowed: false, reason: 'sso_unverified_domain' }
}
