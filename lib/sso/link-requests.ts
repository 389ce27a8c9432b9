import { randomBytes } from 'node:crypto'
import { and, count, eq, gt, isNull } from 'drizzle-orm'
import { accounts, ssoLinkRequests, users, workspaces } from '@/db/schema'
import { config } from '@/lib/config'
import { hashToken } from '@/lib/crypto/secret-box'
import { database, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/errors'
import { linkEmail, sendMail } from '@/lib/mail/send-mail'
import { identityProvider, loadSsoConnection, type LoadedSsoConnection } from './load-connection'

/**
 * When an SSO identity asserts the address of an existing account, it is not
 * attached until the account holder says so: signed in as that person in the
 * same browser and accepting, or following a link emailed to the address.
 * Both paths also need the browser the SSO sign-in came back to (a cookie
 * holding a secret whose hash the request keeps), so a request that
 * someone else's IdP started can never be completed by its victim.
 */
export const LINK_COOKIE = 'touchmap.sso-link'
export const LINK_MINUTES = 30
const MAX_REQUESTS_PER_USER = 5

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function linkCookie(secret: string): string {
  const secure = config().appUrl.startsWith('https:') ? '; Secure' : ''
  return `${LINK_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${LINK_MINUTES * 60}${secure}`
}

/** Records a request and emails the confirmation link. Null when the person has too many open requests. */
export async function createLinkRequest(opts: {
  sso: LoadedSsoConnection
  userId: string
  subject: string
  email: string
  callbackPath: string
}): Promise<{ id: string; browserSecret: string } | null> {
  const db = await database()
  const since = new Date(Date.now() - LINK_MINUTES * 60 * 1000)
  const [open] = await db
    .select({ n: count() })
    .from(ssoLinkRequests)
    .where(and(eq(ssoLinkRequests.userId, opts.userId), gt(ssoLinkRequests.createdAt, since)))
  if ((open?.n ?? 0) >= MAX_REQUESTS_PER_USER) return null
  const browserSecret = randomBytes(32).toString('base64url')
  const token = randomBytes(32).toString('base64url')
  const [row] = await db
    .insert(ssoLinkRequests)
    .values({
      connectionId: opts.sso.id,
      userId: opts.userId,
      subject: opts.subject,
      email: opts.email,
      browserHash: hashToken(browserSecret),
      tokenHash: hashToken(token),
      callbackPath: opts.callbackPath,
      expiresAt: new Date(Date.now() + LINK_MINUTES * 60 * 1000),
    })
    .returning({ id: ssoLinkRequests.id })
  const workspaceName = await workspaceNameOf(opts.sso)
  await sendMail(
    linkEmail({
      to: opts.email,
      subject: 'Confirm: link your single sign-on to your Touchmap account',
      intro: `You (or someone) just signed in through "${opts.sso.name}", the single sign-on of the Touchmap workspace "${workspaceName}", as ${opts.email}. An account with this address already exists. If this was you, confirm to use this sign-in for your account from now on.`,
      action: 'Confirm and continue',
      link: `${config().appUrl}/signin/link/${row!.id}?token=${token}`,
      outro: `The link works once, for ${LINK_MINUTES} minutes, and only in the browser where you signed in. If this was not you, ignore this email: nothing changes.`,
    }),
  )
  return { id: row!.id, browserSecret }
}

async function workspaceNameOf(sso: { workspaceId: string }): Promise<string> {
  const [w] = await inWorkspace(sso.workspaceId, null, (tx) => tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, sso.workspaceId)))
  return w?.name ?? ''
}

export type LinkRequestView = {
  id: string
  userId: string
  email: string
  connectionName: string
  workspaceName: string
  issuer: string
}

/** An open request, only for the browser that started it (null otherwise: expired, used, another browser). */
export async function readLinkRequest(id: string, browserSecret: string | undefined): Promise<LinkRequestView | null> {
  const row = await openRequest(id, browserSecret)
  if (!row) return null
  const sso = await loadSsoConnection(row.connectionId)
  if (!sso) return null
  return { id: row.id, userId: row.userId, email: row.email, connectionName: sso.name, workspaceName: await workspaceNameOf(sso), issuer: sso.issuer }
}

async function openRequest(id: string, browserSecret: string | undefined) {
  if (!UUID.test(id) || !browserSecret) return null
  const db = await database()
  const [row] = await db
    .select()
    .from(ssoLinkRequests)
    .where(and(eq(ssoLinkRequests.id, id), isNull(ssoLinkRequests.consumedAt), gt(ssoLinkRequests.expiresAt, new Date())))
  if (!row || row.browserHash !== hashToken(browserSecret)) return null
  return row
}

/**
 * Attaches the identity to the account, once: the browser must be the one
 * that signed in, and either the signed-in person is the account holder or
 * the emailed token is right. Returns where to continue the SSO sign-in.
 */
export async function confirmLinkRequest(opts: {
  id: string
  browserSecret: string | undefined
  token?: string
  signedInUserId: string | null
}): Promise<{ connectionId: string; callbackPath: string }> {
  const row = await openRequest(opts.id, opts.browserSecret)
  if (!row) throw new NotFoundError('This confirmation is no longer valid: it expired, was used, or belongs to another browser. Sign in with SSO again.')
  const byToken = opts.token !== undefined && opts.token !== '' && hashToken(opts.token) === row.tokenHash
  const bySession = opts.signedInUserId === row.userId
  if (!byToken && !bySession) throw new ForbiddenError('Open the link we emailed you, or sign in as this account first.')
  const db = await database()
  return db.transaction(async (tx) => {
    const used = await tx
      .update(ssoLinkRequests)
      .set({ consumedAt: new Date() })
      .where(and(eq(ssoLinkRequests.id, row.id), isNull(ssoLinkRequests.consumedAt)))
      .returning({ id: ssoLinkRequests.id })
    if (!used.length) throw new ConflictError('This confirmation was used already.')
    const [holder] = await tx.select({ email: users.email }).from(users).where(eq(users.id, row.userId))
    if (holder?.email !== row.email) throw new ConflictError("The account's email address has changed since; sign in with SSO again.")
    if (!(await linkIdentity(tx, { userId: row.userId, connectionId: row.connectionId, subject: row.subject }))) throw new ConflictError('This sign-in is already linked to an account.')
    return { connectionId: row.connectionId, callbackPath: row.callbackPath }
  })
}

/**
 * Attaches an SSO identity (connection, subject) to an account; false when the
 * identity is attached already. SAML subjects are JSON pairs of entity ID and
 * NameID (lib/sso/saml/verify-response.ts), which is how the type is told.
 */
export async function linkIdentity(db: Pick<Tx, 'insert'>, opts: { userId: string; connectionId: string; subject: string }): Promise<boolean> {
  const linked = await db
    .insert(accounts)
    .values({ userId: opts.userId, type: opts.subject.startsWith('["') ? 'saml' : 'oidc', provider: identityProvider(opts.connectionId), providerAccountId: opts.subject })
    .onConflictDoNothing()
    .returning({ userId: accounts.userId })
  return linked.length > 0
}
