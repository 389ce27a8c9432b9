import { and, eq, ne } from 'drizzle-orm'
import { accounts, scimUsers, users } from '@/db/schema'
import { database } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { parseEmail } from '@/lib/email/parse-email'
import { domainHeld, identityProvider, type LoadedSsoConnection } from './load-connection'
import type { SsoRefusalReason } from './refusals'

export type SsoDecision =
  /** A known (connection, subject) identity: sign in as its person. */
  | { kind: 'sign_in'; userId: string }
  /** Nobody has this address: Auth.js creates the account and links the identity. */
  | { kind: 'create'; email: string }
  /** The account this connection's own SCIM created (and never anyone else): the identity attaches now. */
  | { kind: 'attach'; userId: string }
  /** Someone has this address: the identity may attach only once they confirm (lib/sso/link-requests.ts). */
  | { kind: 'confirm_link'; userId: string; email: string }
  | { kind: 'refuse'; reason: SsoRefusalReason; email: string | null }

export type AssertedIdentity = { subject: string; email: unknown; emailVerified: unknown }

/**
 * Whether an identity asserted by a workspace's IdP may sign in, and how. The
 * chain an attacker who runs their own IdP would follow is closed at each link:
 * - the email is parsed (RFC 5322) and its domain must be one the connection's
 *   workspace holds: proven by DNS, or attested where the instance allows it;
 * - identities are keyed by (connection, subject): a known one signs in as its
 *   person, and a second subject may not claim an address another subject of
 *   the same connection already has;
 * - a new identity needs the IdP to say the email is verified (absent counts
 *   as verified only for a DNS-verified domain whose connection trusts its
 *   IdP's emails);
 * - it attaches to an existing account never by itself: only for a
 *   DNS-verified domain (an attested one never opens an existing account),
 *   and only after the account holder confirms;
 * - it never attaches to, or signs in over, a different person's open session;
 * - the one exception to confirming: an account this same connection's SCIM
 *   created (lib/scim/users.ts) is the IdP's own, and attaches at once.
 */
export async function decideSsoSignIn(sso: LoadedSsoConnection, asserted: AssertedIdentity, signedIn: { userId: string } | null): Promise<SsoDecision> {
  const parsed = typeof asserted.email === 'string' ? parseEmail(asserted.email) : null
  if (!parsed) return { kind: 'refuse', reason: 'email_invalid', email: typeof asserted.email === 'string' ? asserted.email : null }
  const email = parsed.address
  const claim = sso.domains.find((d) => d.domain === parsed.domain)
  if (!claim) return { kind: 'refuse', reason: 'domain_outside', email }
  if (!domainHeld(claim.status)) return { kind: 'refuse', reason: 'domain_unverified', email }

  const db = await database()
  const provider = identityProvider(sso.id)
  const [identity] = await db
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.provider, provider), eq(accounts.providerAccountId, asserted.subject)))
  if (identity) {
    if (signedIn && signedIn.userId !== identity.userId) return { kind: 'refuse', reason: 'other_session', email }
    return { kind: 'sign_in', userId: identity.userId }
  }

  const [taken] = await db
    .select({ userId: accounts.userId })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(and(eq(accounts.provider, provider), ne(accounts.providerAccountId, asserted.subject), eq(users.email, email)))
  if (taken) return { kind: 'refuse', reason: 'email_taken', email }

  const verified =
    asserted.emailVerified === true ||
    asserted.emailVerified === 'true' ||
    (asserted.emailVerified === undefined && sso.trustEmails && claim.status === 'verified')
  if (!verified) return { kind: 'refuse', reason: 'email_unverified', email }

  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
  if (existing) {
    if (claim.status !== 'verified') return { kind: 'refuse', reason: 'existing_account_attested', email }
    if (signedIn && signedIn.userId !== existing.id) return { kind: 'refuse', reason: 'other_session', email }
    if (await provisionedHere(sso, existing.id)) return { kind: 'attach', userId: existing.id }
    return { kind: 'confirm_link', userId: existing.id, email }
  }
  if (signedIn) return { kind: 'refuse', reason: 'other_session', email }
  return { kind: 'create', email }
}

/** Whether this connection's SCIM created the account (and still provisions it). */
async function provisionedHere(sso: LoadedSsoConnection, userId: string): Promise<boolean> {
  const rows = await inWorkspace(sso.workspaceId, null, (tx) =>
    tx
      .select({ id: scimUsers.id })
      .from(scimUsers)
      .where(and(eq(scimUsers.connectionId, sso.id), eq(scimUsers.userId, userId), eq(scimUsers.createdAccount, true), eq(scimUsers.active, true))),
  )
  return rows.length > 0
}
