import { eq } from 'drizzle-orm'
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GET as loginRoute } from '@/app/api/sso/saml/[connectionId]/login/route'
import { GET as metadataRoute } from '@/app/api/sso/saml/[connectionId]/metadata/route'
import { accounts, sessions, users } from '@/db/schema'
import { getMembership, person } from '@/lib/auth/membership'
import { config, setConfig } from '@/lib/config'
import { ValidationError } from '@/lib/errors'
import { listSsoRefusals } from '@/lib/sso/refusals'
import { createSamlConnection, updateSamlConnection } from '@/lib/sso/saml/manage-saml'
import { acsUrlOf, spEntityIdOf } from '@/lib/sso/saml/service-provider'
import { startDnsServer, type TestDnsServer } from '../support/dns-server'
import { ctxOf, makeUser, teamWorkspace } from '../support/fixtures'
import { makeKeyPair, readAuthnRequest, signElement, startSamlIdp, type KeyPair, type ResponseOptions, type SamlIdpHandle } from '../support/saml-idp'
import { samlFlow } from '../support/saml-flow'
import { openTestDatabase, type TestDb } from '../support/test-db'

let t: TestDb
let idp: SamlIdpHandle
let dns: TestDnsServer
let stranger: KeyPair
const base = config()
beforeAll(async () => {
  t = await openTestDatabase()
  idp = await startSamlIdp()
  dns = await startDnsServer()
  stranger = await makeKeyPair('Somebody else')
  setConfig({ ...base, dnsServers: [dns.address], outboundAllowedAddresses: ['127.0.0.1', '::1'], ssoAllowHttpLoopback: true })
})
afterAll(async () => {
  setConfig(base)
  await idp?.close()
  await dns?.close()
  await t?.drop()
})

let n = 0
const saml = samlFlow(
  () => idp,
  () => dns,
)
const { startLogin, post } = saml

/** A workspace with a SAML connection to the test IdP (from its metadata URL), its domain proven by DNS. */
async function samlWorkspace(opts: { idpInitiated?: boolean } = {}) {
  const team = await teamWorkspace(`SAML ${++n}`)
  const admin = await ctxOf(team.admin.id, team.ws.id)
  const domain = `saml${n}.test`
  const { connectionId } = await saml.connect(admin, domain, opts)
  return { ...team, admin, connectionId, domain }
}

const params = (connectionId: string) => ({ params: Promise.resolve({ connectionId }) })
const answer = (ws: { connectionId: string }, o: Parameters<typeof saml.answer>[1] = {}) => saml.answer(ws.connectionId, o)

const userByEmail = async (email: string) => (await t.db.select().from(users).where(eq(users.email, email)))[0]
const countUsers = async () => (await t.db.select({ id: users.id }).from(users)).length
const lastRefusal = async (ws: Awaited<ReturnType<typeof samlWorkspace>>) => (await listSsoRefusals(ws.admin, [ws.connectionId], 1))[0]

describe('SAML 2.0 sign-in against a real IdP on loopback (node-saml verifies)', () => {
  it('reads the IdP from its metadata URL and publishes SP metadata with the ACS URL', async () => {
    const ws = await samlWorkspace()
    const res = await metadataRoute(new NextRequest(spEntityIdOf(ws.connectionId)), params(ws.connectionId))
    const xml = await res.text()
    expect(res.headers.get('content-type')).toContain('samlmetadata+xml')
    expect(xml).toContain(`entityID="${spEntityIdOf(ws.connectionId)}"`)
    expect(xml).toContain(`Location="${acsUrlOf(ws.connectionId)}"`)
  })

  it('signs a new person in (SP-initiated), joins them by the proven domain, keyed by (IdP entity ID, NameID), in a session scoped to the workspace', async () => {
    const ws = await samlWorkspace()
    const email = `nina@${ws.domain}`
    const out = await answer(ws, { email, attributes: { displayName: 'Nina North' } })
    expect(out.location).toBe('/w/after')
    const user = await userByEmail(email)
    expect(user?.name).toBe('Nina North')
    expect((await getMembership(person(user!.id), { id: ws.ws.id }))?.role).toBe('editor')
    const [acct] = await t.db.select().from(accounts).where(eq(accounts.userId, user!.id))
    expect(acct).toMatchObject({ provider: `sso:${ws.connectionId}`, providerAccountId: JSON.stringify([idp.entityId, email]), type: 'saml' })
    const [s] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, out.token!))
    expect(s).toMatchObject({ userId: user!.id, method: 'sso', ssoConnectionId: ws.connectionId, ssoWorkspaceId: ws.ws.id })
    // The same person again: the same identity signs in, no second account.
    const again = await answer(ws, { email })
    expect(again.token).toBeTruthy()
    expect(await t.db.select().from(accounts).where(eq(accounts.userId, user!.id))).toHaveLength(1)
  })

  it('never attaches an existing account by itself: the holder must confirm', async () => {
    const ws = await samlWorkspace()
    const existing = await makeUser(`olga@${ws.domain}`, 'Olga Old')
    const out = await answer(ws, { email: existing.email })
    expect(out.location).toMatch(/^\/signin\/link\//)
    expect(out.token).toBeNull()
    expect(await t.db.select().from(accounts).where(eq(accounts.userId, existing.id))).toHaveLength(0)
  })

  type Case = { name: string; reason: string; o: (ws: Awaited<ReturnType<typeof samlWorkspace>>, email: string) => Partial<ResponseOptions> & { xml?: (xml: string) => string } }
  const cases: Case[] = [
    { name: 'an unsigned assertion', reason: 'saml_unsigned', o: () => ({ sign: 'none' }) },
    { name: 'a response signed by a certificate the connection does not trust', reason: 'saml_bad_signature', o: () => ({ keyPair: stranger }) },
    {
      name: 'a signed assertion whose content was changed after signing',
      reason: 'saml_bad_signature',
      o: (ws) => ({ email: `mallory@${ws.domain}`, xml: (x) => x.replace(/(<saml:NameID[^>]*>)[^<]*/, `$1boss@${ws.domain}`) }),
    },
    {
      name: 'signature wrapping: the signed assertion moved into an Extensions element and an unsigned one put first',
      reason: 'saml_bad_signature',
      o: (ws) => ({
        email: `mallory@${ws.domain}`,
        xml: (x) => {
          const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(x)![0]
          const evil = signed.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '').replace(/ID="[^"]+"/, 'ID="_evil"').replace(/mallory@/g, 'boss@')
          return x.replace(signed, `${evil}<samlp:Extensions>${signed}</samlp:Extensions>`)
        },
      }),
    },
    {
      name: 'signature wrapping: a second, unsigned assertion beside the signed one',
      reason: 'saml_malformed',
      o: (ws) => ({
        email: `mallory@${ws.domain}`,
        xml: (x) => {
          const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(x)![0]
          const evil = signed.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '').replace(/ID="[^"]+"/, 'ID="_evil"').replace(/mallory@/g, 'boss@')
          return x.replace(signed, `${evil}${signed}`)
        },
      }),
    },
    {
      name: 'a Response signed by the IdP around an unsigned assertion (assertions must be signed)',
      reason: 'saml_unsigned',
      o: () => ({ sign: 'none', xml: (x) => signElement(x, 'Response', idp.keyPair) }),
    },
    { name: 'a wrong Audience', reason: 'saml_wrong_audience', o: () => ({ audience: 'https://other.example/sp' }) },
    { name: 'a wrong Recipient', reason: 'saml_wrong_recipient', o: () => ({ recipient: 'https://other.example/acs' }) },
    { name: 'a wrong Destination', reason: 'saml_wrong_destination', o: () => ({ destination: 'https://other.example/acs' }) },
    { name: 'an InResponseTo this connection never sent', reason: 'saml_in_response_to', o: () => ({ inResponseTo: '_never-sent' }) },
    { name: 'an unsolicited response while IdP-initiated sign-in is off', reason: 'saml_unsolicited', o: () => ({ inResponseTo: null }) },
    { name: 'an expired assertion', reason: 'saml_expired', o: () => ({ notBefore: new Date(Date.now() - 3_600_000), notOnOrAfter: new Date(Date.now() - 20 * 60_000) }) },
    { name: 'an assertion not valid yet (the IdP clock 9 minutes ahead)', reason: 'saml_not_yet_valid', o: () => ({ notBefore: new Date(Date.now() + 9 * 60_000), notOnOrAfter: new Date(Date.now() + 20 * 60_000) }) },
    { name: 'another issuer', reason: 'saml_wrong_issuer', o: () => ({ issuer: 'https://evil.example/idp' }) },
    { name: 'an email outside the connection\'s domains', reason: 'domain_outside', o: () => ({ email: 'boss@victim.example' }) },
    {
      name: 'a comment inside the NameID (user@victim<!---->.evil truncation)',
      reason: 'domain_outside',
      o: (ws) => ({
        nameId: `boss@${ws.domain}.evil.example`,
        noEmailAttribute: true,
        xml: (x) => x.replace(`>boss@${ws.domain}.evil.example</saml:NameID>`, `>boss@${ws.domain}<!---->.evil.example</saml:NameID>`),
      }),
    },
    { name: 'XML with a DOCTYPE and an external entity', reason: 'saml_malformed', o: () => ({ xml: (x) => `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${x}` }) },
  ]
  for (const c of cases) {
    it(`refuses ${c.name}, and creates and links nothing`, async () => {
      const ws = await samlWorkspace()
      const email = `victim${n}@${ws.domain}`
      const before = await countUsers()
      const out = await answer(ws, { email, ...c.o(ws, email) })
      expect(out.token).toBeNull()
      expect(out.location).toBe(`/signin?error=sso_${c.reason}`)
      expect(await countUsers()).toBe(before)
      expect((await lastRefusal(ws))?.reason, (await lastRefusal(ws))?.detail ?? '').toBe(c.reason)
    })
  }

  it('says how far ahead the IdP clock is', async () => {
    const ws = await samlWorkspace()
    await answer(ws, { email: `c@${ws.domain}`, notBefore: new Date(Date.now() + 9 * 60_000), notOnOrAfter: new Date(Date.now() + 20 * 60_000) })
    expect((await lastRefusal(ws))?.detail).toBe('The clock of the IdP is 9 minutes ahead')
  })

  it('accepts a clock skew within the configured 3 minutes', async () => {
    const ws = await samlWorkspace()
    const out = await answer(ws, { email: `skew@${ws.domain}`, notBefore: new Date(Date.now() + 2 * 60_000) })
    expect(out.token).toBeTruthy()
  })

  it('refuses a replayed response: the same assertion posted twice signs in once', async () => {
    const ws = await samlWorkspace({ idpInitiated: true })
    const samlResponse = idp.response({ acs: acsUrlOf(ws.connectionId), audience: spEntityIdOf(ws.connectionId), email: `replay@${ws.domain}`, inResponseTo: null })
    const first = await post(ws.connectionId, { SAMLResponse: samlResponse })
    expect(first.token).toBeTruthy()
    const second = await post(ws.connectionId, { SAMLResponse: samlResponse })
    expect(second).toEqual({ location: '/signin?error=sso_saml_replay', token: null })
  })

  it('refuses IdP-initiated sign-in until an admin turns it on for the connection', async () => {
    const ws = await samlWorkspace()
    const unsolicited = () => idp.response({ acs: acsUrlOf(ws.connectionId), audience: spEntityIdOf(ws.connectionId), email: `idpinit@${ws.domain}`, inResponseTo: null })
    expect((await post(ws.connectionId, { SAMLResponse: unsolicited() })).location).toBe('/signin?error=sso_saml_unsolicited')
    await updateSamlConnection(ws.admin, ws.connectionId, { name: 'Corp', defaultRole: 'editor', trustEmails: true, idpInitiated: true, enabled: true })
    const ok = await post(ws.connectionId, { SAMLResponse: unsolicited(), RelayState: 'https://evil.example/steal' })
    expect(ok.token).toBeTruthy()
    expect(ok.location).toBe('/')
  })

  it('refuses a 5 MB response before reading it whole', async () => {
    const ws = await samlWorkspace()
    const out = await post(ws.connectionId, { SAMLResponse: 'A'.repeat(5 * 1024 * 1024) })
    expect(out).toEqual({ location: '/signin?error=sso_saml_too_large', token: null })
    expect((await lastRefusal(ws))?.reason).toBe('saml_too_large')
  })

  it('the AuthnRequest an InResponseTo names is used once', async () => {
    const ws = await samlWorkspace()
    const { request, browser } = await startLogin(ws.connectionId)
    const make = (email: string) => idp.response({ acs: request.acs, audience: request.issuer, inResponseTo: request.id, email })
    expect((await post(ws.connectionId, { SAMLResponse: make(`one@${ws.domain}`) }, browser)).token).toBeTruthy()
    expect((await post(ws.connectionId, { SAMLResponse: make(`two@${ws.domain}`) }, browser)).location).toBe('/signin?error=sso_saml_in_response_to')
  })

  it('completes only in the browser that started the sign-in: a response posted from another browser (login CSRF) signs no one in', async () => {
    const ws = await samlWorkspace()
    // The attacker starts a sign-in in their own browser and obtains a valid response for their own account...
    const attacker = await startLogin(ws.connectionId)
    const response = idp.response({ acs: attacker.request.acs, audience: attacker.request.issuer, inResponseTo: attacker.request.id, email: `mallory@${ws.domain}` })
    // ...and makes the victim's browser (with or without a sign-in of its own under way) post it.
    const victim = await startLogin(ws.connectionId)
    expect(await post(ws.connectionId, { SAMLResponse: response }, victim.browser)).toEqual({ location: '/signin?error=sso_saml_other_browser', token: null })
    expect((await lastRefusal(ws))?.reason).toBe('saml_other_browser')
    const fresh = idp.response({ acs: attacker.request.acs, audience: attacker.request.issuer, inResponseTo: victim.request.id, email: `mallory@${ws.domain}` })
    expect(await post(ws.connectionId, { SAMLResponse: fresh }, null)).toEqual({ location: '/signin?error=sso_saml_other_browser', token: null })
  })

  it('speaks the HTTP-POST binding when the IdP offers only that: an auto-submitted form carries the AuthnRequest', async () => {
    const team = await teamWorkspace(`SAML post ${++n}`)
    const admin = await ctxOf(team.admin.id, team.ws.id)
    const postOnly = idp.metadataXml().replace(/<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"[^>]*\/>/, '')
    const conn = await createSamlConnection(admin, { name: 'Post IdP', defaultRole: 'viewer', trustEmails: true, idpInitiated: false, metadataXml: postOnly })
    const nonce = 'bm9uY2UtdmFsdWU='
    const res = await loginRoute(
      new NextRequest(`${config().appUrl}/api/sso/saml/${conn.id}/login?callbackUrl=/w/x`, { headers: { 'content-security-policy': `script-src 'nonce-${nonce}'` } }),
      params(conn.id),
    )
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(`action="${idp.ssoUrl}"`)
    expect(html).toContain(`<script nonce="${nonce}">`)
    const encoded = /name="SAMLRequest" value="([^"]+)"/.exec(html)![1]!
    expect(readAuthnRequest(encoded, 'post')).toMatchObject({ acs: acsUrlOf(conn.id), issuer: spEntityIdOf(conn.id) })
    expect(/name="RelayState" value="([^"]+)"/.exec(html)![1]).toBe('/w/x')
  })

  it('refuses metadata that is not an IdP\'s, carries a DOCTYPE, or has no certificate, with a field error', async () => {
    const team = await teamWorkspace(`SAML bad ${++n}`)
    const admin = await ctxOf(team.admin.id, team.ws.id)
    const attempt = (fields: Record<string, string>) =>
      createSamlConnection(admin, { name: 'Bad', defaultRole: 'viewer', trustEmails: true, idpInitiated: false, ...fields }).then(
        () => null,
        (e: unknown) => (e instanceof ValidationError ? e.fieldErrors : e),
      )
    expect(await attempt({ metadataXml: '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:SPSSODescriptor/></md:EntityDescriptor>' })).toEqual({
      metadataXml: [expect.stringContaining('no identity provider')],
    })
    expect(await attempt({ metadataXml: `<!DOCTYPE x [<!ENTITY e "x">]>${idp.metadataXml().replace('<?xml version="1.0"?>', '')}` })).toEqual({ metadataXml: [expect.stringContaining('DOCTYPE')] })
    expect(await attempt({ metadataXml: idp.metadataXml().replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, '') })).toEqual({ metadataXml: [expect.stringContaining('no signing certificate')] })
    expect(await attempt({ entityId: 'urn:x', ssoUrl: 'ftp://idp.example/sso', certificate: 'hello' })).toEqual({
      ssoUrl: [expect.stringContaining('https')],
      certificate: [expect.stringContaining('not an X.509 certificate')],
    })
    expect(await attempt({ metadataUrl: 'http://10.0.0.1/metadata' })).toEqual({ metadataUrl: [expect.any(String)] })
  })
})
