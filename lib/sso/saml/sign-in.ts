import { randomBytes } from 'node:crypto'
import { and, eq, gt } from 'drizzle-orm'
import { ssoSamlMessages, users } from '@/db/schema'
import { afterSignIn } from '@/lib/auth/after-sign-in'
import { clientIp } from '@/lib/auth/client-ip'
import { createSession } from '@/lib/auth/create-session'
import { config } from '@/lib/config'
import { hashToken } from '@/lib/crypto/secret-box'
import { database } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { safeCallbackPath } from '@/lib/http/safe-redirect'
import { markSignedIn } from '../connection-status'
import { decideSsoSignIn } from '../decide-sign-in'
import { createLinkRequest, linkCookie, linkIdentity } from '../link-requests'
import type { LoadedSsoConnection } from '../load-connection'
import { recordSsoRefusal, SsoRefusal } from '../refusals'
import { samlBase, samlFor } from './service-provider'
import { verifySamlResponse } from './verify-response'

/**
 * SAML sign-in in three steps, bound to the browser that started it:
 * 1. login: an AuthnRequest, remembered with the hash of a secret put in this
 *    browser's cookie (scoped to the connection's path);
 * 2. ACS: the IdP's response (a cross-site POST, which carries no Lax cookie)
 *    is verified and the identity decided; a sign-in is parked for a minute;
 * 3. complete: the browser's top-level GET brings the cookie; only the browser
 *    whose request the response answers gets the session. A response someone
 *    else obtained and makes a victim's browser post (login CSRF) completes
 *    nowhere. IdP-initiated sign-in (allowed per connection) answers no
 *    request, so it completes at the ACS.
 */
export const SAML_BROWSER_COOKIE = 'touchmap.saml'
const COMPLETE_SECONDS = 120

const browserCookie = (connectionId: string, value: string, maxAge: number) =>
  `${SAML_BROWSER_COOKIE}=${value}; Path=${new URL(samlBase(connectionId)).pathname}; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${config().appUrl.startsWith('https:') ? '; Secure' : ''}`

export type SamlStart = ({ kind: 'redirect'; url: string } | { kind: 'post'; url: string; fields: Record<string, string> }) & { cookie: string }

/** Where to send the browser to sign in through a SAML connection, and the cookie that ties the answer to this browser. */
export async function startSamlSignIn(sso: LoadedSsoConnection, callbackPath: string): Promise<SamlStart> {
  let requestId = ''
  const saml = samlFor(sso, { onRequestId: (id) => (requestId = id) })
  const relay = safeCallbackPath(callbackPath)
  const start =
    sso.saml!.binding === 'post'
      ? { kind: 'post' as const, url: sso.saml!.ssoUrl, fields: Object.fromEntries(Object.entries(await saml.getAuthorizeMessageAsync(relay)).map(([k, v]) => [k, String(v)])) }
      : { kind: 'redirect' as const, url: await saml.getAuthorizeUrlAsync(relay, undefined, {}) }
  const secret = randomBytes(32).toString('base64url')
  await inWorkspace(sso.workspaceId, null, (tx) =>
    tx
      .update(ssoSamlMessages)
      .set({ browserHash: hashToken(secret) })
      .where(and(eq(ssoSamlMessages.connectionId, sso.id), eq(ssoSamlMessages.kind, 'request'), eq(ssoSamlMessages.messageId, requestId))),
  )
  return { ...start, cookie: browserCookie(sso.id, secret, 10 * 60) }
}

export type SamlOutcome = { location: string; cookies: string[] }

const refused = async (sso: LoadedSsoConnection, reason: SsoRefusal['reason'], detail: string, email: string | null): Promise<SamlOutcome> => {
  await recordSsoRefusal(sso, { reason, detail, email })
  return { location: `/signin?error=sso_${reason}`, cookies: [] }
}

type Parked = { userId: string; callbackPath: string; requestId: string; groups: string[] }

async function signInNow(sso: LoadedSsoConnection, p: Omit<Parked, 'requestId'>, headers: Headers): Promise<SamlOutcome> {
  const session = await createSession({ userId: p.userId, headers, method: 'sso', sso: { connectionId: sso.id, workspaceId: sso.workspaceId } })
  await markSignedIn(sso)
  await afterSignIn({ userId: p.userId, sso, ip: clientIp(headers), groups: p.groups })
  return { location: p.callbackPath, cookies: [session.cookie, browserCookie(sso.id, '', 0)] }
}

/**
 * The ACS: a response posted by the IdP. Verified (lib/sso/saml/verify-response.ts),
 * then the same decision as OpenID Connect (lib/sso/decide-sign-in.ts): a known
 * identity signs in, a new one is created only for a held domain and a free
 * address, an existing account is never attached without its holder's
 * confirmation (unless this connection's SCIM made it).
 */
export async function completeSamlSignIn(sso: LoadedSsoConnection, form: Record<string, unknown>, headers: Headers): Promise<SamlOutcome> {
  let asserted
  try {
    asserted = await verifySamlResponse(sso, form)
  } catch (err) {
    if (err instanceof SsoRefusal) return refused(sso, err.reason, err.detail, null)
    throw err
  }
  const callbackPath = safeCallbackPath(asserted.relayState)
  const decision = await decideSsoSignIn(sso, { subject: asserted.subject, email: asserted.email, emailVerified: sso.trustEmails ? true : undefined }, null)
  if (decision.kind === 'refuse') return refused(sso, decision.reason, `NameID ${asserted.nameId.slice(0, 100)}`, decision.email)
  if (decision.kind === 'confirm_link') {
    const request = await createLinkRequest({ sso, userId: decision.userId, subject: asserted.subject, email: decision.email, callbackPath })
    if (!request) return refused(sso, 'too_many_link_requests', '', decision.email)
    return { location: `/signin/link/${request.id}`, cookies: [linkCookie(request.browserSecret)] }
  }
  let userId: string
  if (decision.kind === 'create') {
    const db = await database()
    const created = await db.transaction(async (tx) => {
      const [u] = await tx
        .insert(users)
        .values({ email: decision.email, name: asserted.name ?? decision.email, emailVerified: new Date() })
        .onConflictDoNothing()
        .returning({ id: users.id })
      if (!u) return null
      await linkIdentity(tx, { userId: u.id, connectionId: sso.id, subject: asserted.subject })
      return u.id
    })
    // Someone took the address between the decision and now: refuse rather than guess.
    if (!created) return refused(sso, 'email_taken', 'the address was registered during this sign-in', decision.email)
    userId = created
  } else {
    if (decision.kind === 'attach') await linkIdentity(await database(), { userId: decision.userId, connectionId: sso.id, subject: asserted.subject })
    userId = decision.userId
  }
  if (!asserted.inResponseTo) return signInNow(sso, { userId, callbackPath, groups: asserted.groups }, headers)
  const id = randomBytes(24).toString('base64url')
  const parked: Parked = { userId, callbackPath, requestId: asserted.inResponseTo, groups: asserted.groups }
  await inWorkspace(sso.workspaceId, null, (tx) =>
    tx.insert(ssoSamlMessages).values({
      workspaceId: sso.workspaceId,
      connectionId: sso.id,
      kind: 'completion',
      messageId: id,
      value: JSON.stringify(parked),
      expiresAt: new Date(Date.now() + COMPLETE_SECONDS * 1000),
    }),
  )
  return { location: `${new URL(samlBase(sso.id)).pathname}/complete?c=${id}`, cookies: [] }
}

/** Step 3: the parked sign-in, once, in the browser whose request the response answered. */
export async function finishSamlSignIn(sso: LoadedSsoConnection, completionId: string, browserSecret: string | undefined, headers: Headers): Promise<SamlOutcome> {
  const now = new Date()
  const parked = await inWorkspace(sso.workspaceId, null, async (tx) => {
    const [row] = await tx
      .delete(ssoSamlMessages)
      .where(
        and(
          eq(ssoSamlMessages.connectionId, sso.id),
          eq(ssoSamlMessages.kind, 'completion'),
          eq(ssoSamlMessages.messageId, completionId.slice(0, 100)),
          gt(ssoSamlMessages.expiresAt, now),
        ),
      )
      .returning()
    if (!row) return null
    const p = JSON.parse(row.value) as Parked
    const [request] = await tx
      .select({ browserHash: ssoSamlMessages.browserHash })
      .from(ssoSamlMessages)
      .where(and(eq(ssoSamlMessages.connectionId, sso.id), eq(ssoSamlMessages.kind, 'request'), eq(ssoSamlMessages.messageId, p.requestId)))
    return { ...p, browserHash: request?.browserHash ?? null }
  })
  if (!parked) return refused(sso, 'saml_in_response_to', 'The sign-in expired or was completed already', null)
  if (!browserSecret || !parked.browserHash || hashToken(browserSecret) !== parked.browserHash) {
    return refused(sso, 'saml_other_browser', 'The response answered a sign-in started in another browser', null)
  }
  return signInNow(sso, parked, headers)
}
