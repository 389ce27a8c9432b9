import { users } from '@/db/schema'
import { afterSignIn } from '@/lib/auth/after-sign-in'
import { clientIp } from '@/lib/auth/client-ip'
import { createSession } from '@/lib/auth/create-session'
import { database } from '@/lib/db'
import { safeCallbackPath } from '@/lib/http/safe-redirect'
import { decideSsoSignIn } from '../decide-sign-in'
import { markSignedIn } from '../connection-status'
import { createLinkRequest, linkCookie, linkIdentity } from '../link-requests'
import type { LoadedSsoConnection } from '../load-connection'
import { recordSsoRefusal, SsoRefusal } from '../refusals'
import { samlFor } from './service-provider'
import { verifySamlResponse } from './verify-response'

export type SamlStart = { kind: 'redirect'; url: string } | { kind: 'post'; url: string; fields: Record<string, string> }

/** Where to send the browser to sign in through a SAML connection (an AuthnRequest, remembered so its answer can be checked). */
export async function startSamlSignIn(sso: LoadedSsoConnection, callbackPath: string): Promise<SamlStart> {
  const saml = samlFor(sso)
  const relay = safeCallbackPath(callbackPath)
  if (sso.saml!.binding === 'post') {
    const message = await saml.getAuthorizeMessageAsync(relay)
    const fields = Object.fromEntries(Object.entries(message).map(([k, v]) => [k, String(v)]))
    return { kind: 'post', url: sso.saml!.ssoUrl, fields }
  }
  return { kind: 'redirect', url: await saml.getAuthorizeUrlAsync(relay, undefined, {}) }
}

export type SamlOutcome = { location: string; cookies: string[] }

const refused = async (sso: LoadedSsoConnection, reason: SsoRefusal['reason'], detail: string, email: string | null): Promise<SamlOutcome> => {
  await recordSsoRefusal(sso, { reason, detail, email })
  return { location: `/signin?error=sso_${reason}`, cookies: [] }
}

/**
 * The ACS: a response posted by the IdP. Verified (lib/sso/saml/verify-response.ts),
 * then the same decision as OpenID Connect (lib/sso/decide-sign-in.ts): a known
 * identity signs in, a new one is created only for a held domain and a free
 * address, an existing account is never attached without its holder's
 * confirmation. The response is a cross-site POST, so the browser's own
 * session cookie is not sent with it: the sign-in replaces whatever session
 * the browser had.
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
    // Someone took the address between the decision and now: decide again rather than guess.
    if (!created) return refused(sso, 'email_taken', 'the address was registered during this sign-in', decision.email)
    userId = created
  } else {
    if (decision.kind === 'attach') await linkIdentity(await database(), { userId: decision.userId, connectionId: sso.id, subject: asserted.subject })
    userId = decision.userId
  }
  const session = await createSession({ userId, headers, method: 'sso', sso: { connectionId: sso.id, workspaceId: sso.workspaceId } })
  await markSignedIn(sso)
  await afterSignIn({ userId, sso, ip: clientIp(headers), groups: asserted.groups })
  return { location: callbackPath, cookies: [session.cookie] }
}
