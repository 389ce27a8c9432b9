import { NextRequest } from 'next/server'
import { expect } from 'vitest'
import { POST as acsRoute } from '@/app/api/sso/saml/[connectionId]/acs/route'
import { GET as completeRoute } from '@/app/api/sso/saml/[connectionId]/complete/route'
import { GET as loginRoute } from '@/app/api/sso/saml/[connectionId]/login/route'
import type { MemberContext } from '@/lib/auth/membership'
import { config } from '@/lib/config'
import { addDomain, checkDomain, listDomains } from '@/lib/sso/domain-claims'
import { createSamlConnection } from '@/lib/sso/saml/manage-saml'
import { acsUrlOf } from '@/lib/sso/saml/service-provider'
import type { TestDnsServer } from './dns-server'
import { buildResponse, readAuthnRequest, type ResponseOptions, type SamlIdpHandle } from './saml-idp'

/**
 * SAML sign-in driven through the app's real route handlers (login, ACS),
 * in-process, against the test IdP on loopback (tests/support/saml-idp.ts).
 */
export function samlFlow(idp: () => SamlIdpHandle, dns: () => TestDnsServer) {
  const params = (connectionId: string) => ({ params: Promise.resolve({ connectionId }) })
  const ua = { 'user-agent': 'vitest', 'x-forwarded-for': '198.51.100.4' }

  /** A SAML connection to the test IdP (from its metadata URL) claiming `domain`, proven by DNS. */
  async function connect(admin: MemberContext, domain: string, opts: { idpInitiated?: boolean; name?: string } = {}) {
    const conn = await createSamlConnection(admin, {
      name: opts.name ?? `Corp IdP ${domain}`,
      defaultRole: 'editor',
      trustEmails: true,
      idpInitiated: opts.idpInitiated ?? false,
      metadataUrl: idp().metadataUrl,
    })
    const d = await addDomain(admin, conn.id, domain)
    const claim = (await listDomains(admin)).find((x) => x.id === d.id)!
    dns().setTxt(claim.recordName, [claim.recordValue])
    expect(await checkDomain(admin, d.id)).toBe('verified')
    return { connectionId: conn.id, domainId: d.id }
  }

  /** SP-initiated: the app's AuthnRequest, as the IdP receives it. */
  async function startLogin(connectionId: string, callbackUrl = '/w/after') {
    const url = `${config().appUrl}/api/sso/saml/${connectionId}/login?callbackUrl=${encodeURIComponent(callbackUrl)}`
    const res = await loginRoute(new NextRequest(url, { headers: ua }), params(connectionId))
    expect(res.status).toBe(303)
    const to = new URL(res.headers.get('location')!)
    expect(to.origin + to.pathname).toBe(idp().ssoUrl)
    const browser = res.headers.getSetCookie().find((c) => c.startsWith('touchmap.saml='))!.split(';')[0]!
    return { request: readAuthnRequest(to.searchParams.get('SAMLRequest')!, 'redirect'), relayState: to.searchParams.get('RelayState'), browser }
  }

  const outcome = (res: Response) => {
    expect(res.status).toBe(303)
    const location = new URL(res.headers.get('location')!)
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='))
    return { location: location.pathname + location.search, token: cookie ? cookie.split(';')[0]!.split('=')[1]! : null }
  }

  /**
   * Posts a form to the ACS as the IdP's page would, then (when the app parks
   * the sign-in) follows to the completion step with `browser`'s cookie, as
   * that browser would; returns where the app sends it and the session it set.
   */
  async function post(connectionId: string, form: Record<string, string>, browser: string | null = null) {
    const body = new URLSearchParams(form).toString()
    const headers = { ...ua, 'content-type': 'application/x-www-form-urlencoded', origin: idp().url }
    const first = outcome(await acsRoute(new NextRequest(acsUrlOf(connectionId), { method: 'POST', headers, body }), params(connectionId)))
    if (!first.location.startsWith(`/api/sso/saml/${connectionId}/complete`)) return first
    const next = new NextRequest(`${config().appUrl}${first.location}`, { headers: { ...ua, ...(browser ? { cookie: browser } : {}) } })
    return outcome(await completeRoute(next, params(connectionId)))
  }

  /** A response to a fresh AuthnRequest of this connection, built with `o` (and changed by `o.xml`), posted to the ACS from the browser that asked. */
  async function answer(connectionId: string, o: Partial<ResponseOptions> & { xml?: (xml: string) => string } = {}) {
    const { request, relayState, browser } = await startLogin(connectionId)
    let xml = buildResponse({ entityId: idp().entityId, keyPair: idp().keyPair }, { acs: request.acs, audience: request.issuer, inResponseTo: request.id, ...o })
    if (o.xml) xml = o.xml(xml)
    return post(connectionId, { SAMLResponse: Buffer.from(xml).toString('base64'), RelayState: relayState ?? '' }, browser)
  }

  return { connect, startLogin, post, answer }
}
