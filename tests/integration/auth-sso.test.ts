import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { accounts, sessions, ssoLinkRequests, users } from '@/db/schema'
import { listActivity } from '@/lib/activity/list-activity'
import type { CurrentSession } from '@/lib/auth/current-session'
import { getMembership, person, requireMembership } from '@/lib/auth/membership'
import { config, setConfig } from '@/lib/config'
import { parseEmail } from '@/lib/email/parse-email'
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors'
import { emailSchema } from '@/lib/schemas/common'
import { addDomain, attestDomain, checkDomain, listDomains, recheckDomains } from '@/lib/sso/domain-claims'
import { confirmLinkRequest, LINK_COOKIE } from '@/lib/sso/link-requests'
import { routeEmailToSso } from '@/lib/sso/load-connection'
import { createConnection, listConnections, updateConnection } from '@/lib/sso/manage-connections'
import { listSsoRefusals } from '@/lib/sso/refusals'
import { domainSchema } from '@/lib/sso/schemas'
import { listMyWorkspaces } from '@/lib/workspaces/manage-workspace'
import { AuthClient } from '../support/auth-http'
import { startDnsServer, type TestDnsServer } from '../support/dns-server'
import { addMember, ctxOf, makeUser, makeWorkspace, teamWorkspace, uniqueEmail } from '../support/fixtures'
import { browseIdp } from '../support/idp-browser'
import { clearMail, extractLink, waitForMail } from '../support/mail-client'
import { startMailServer } from '../support/mail-server'
import { startOidcProvider, type OidcProviderHandle } from '../support/oidc-idp'
import { startRogueIdp } from '../support/rogue-idp'
import { openTestDatabase, type TestDb } from '../support/test-db'

let t: TestDb
let idp: OidcProviderHandle
let dns: TestDnsServer
let mail: Awaited<ReturnType<typeof startMailServer>>
const base = config()
const SECRET = 'idp-client-secret-0123456789'
beforeAll(async () => {
  t = await openTestDatabase()
  idp = await startOidcProvider({ clients: [], accounts: {} })
  dns = await startDnsServer()
  mail = await startMailServer()
  // The test IdPs listen on loopback: the instance settings an operator would set for a local IdP.
  setConfig({ ...base, dnsServers: [dns.address], outboundAllowedAddresses: ['127.0.0.1', '::1'], ssoAllowHttpLoopback: true, smtpUrl: mail.smtpUrl })
})
afterAll(async () => {
  setConfig(base)
  await idp?.close()
  await dns?.close()
  await mail?.close()
  await t?.drop()
})

let n = 0
let ip = 1
const appOrigin = () => new URL(config().appUrl).origin
const freshClient = () => new AuthClient(`192.0.2.${ip++ % 250}`)

type Proof = 'dns' | 'attested' | 'none'

/** Proves a claim the way an admin would: the TXT record Touchmap shows, published in (test) DNS, then "Check DNS now". */
async function proveByDns(admin: Awaited<ReturnType<typeof ctxOf>>, domainId: string) {
  const claim = (await listDomains(admin)).find((d) => d.id === domainId)!
  dns.setTxt(claim.recordName, [claim.recordValue])
  return checkDomain(admin, domainId)
}

async function withAttestation<T>(fn: () => Promise<T>): Promise<T> {
  const before = config()
  setConfig({ ...before, ssoDomainAttestation: true })
  try {
    return await fn()
  } finally {
    setConfig(before)
  }
}

/** A workspace with an SSO connection to `issuer` claiming `domain`, proven as asked. */
async function ssoWorkspace(opts: { issuer?: string; clientId?: string; domain: string; proof: Proof; defaultRole?: 'editor' | 'viewer'; trustEmails?: boolean }) {
  const team = await teamWorkspace(`SSO ${++n}`)
  const admin = await ctxOf(team.admin.id, team.ws.id)
  const clientId = opts.clientId ?? `touchmap-${n}`
  const conn = await createConnection(admin, {
    name: `IdP ${n}`,
    issuer: opts.issuer ?? idp.issuer,
    clientId,
    clientSecret: SECRET,
    defaultRole: opts.defaultRole ?? 'editor',
    trustEmails: opts.trustEmails,
  })
  if (!opts.issuer) await idp.addClient({ clientId, clientSecret: SECRET, redirectUris: [conn.redirectUri] })
  const d = await addDomain(admin, conn.id, opts.domain)
  if (opts.proof === 'dns') expect(await proveByDns(admin, d.id)).toBe('verified')
  if (opts.proof === 'attested') await withAttestation(() => attestDomain(admin, d.id))
  return { ...team, admin, connectionId: conn.id, redirectUri: conn.redirectUri, domainId: d.id }
}

/** Starts SSO at Auth.js's endpoint and walks the IdP; returns the app's answer to the callback. */
async function ssoSignIn(client: AuthClient, connectionId: string, login?: string, tamper?: (callback: URL) => void) {
  const start = await client.post(`/api/auth/signin/sso-${connectionId}`, { csrfToken: await client.csrf(), callbackUrl: '/w/somewhere' })
  expect(start.status).toBe(302)
  const authorize = new URL(start.headers.get('location')!)
  expect(authorize.searchParams.get('nonce')).toBeTruthy()
  expect(authorize.searchParams.get('state')).toBeTruthy()
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
  const callback = await browseIdp(authorize.href, { login, appOrigin: appOrigin() })
  tamper?.(callback)
  return client.get(callback.href)
}

const accountsOf = (userId: string) => t.db.select().from(accounts).where(eq(accounts.userId, userId))
const sessionsOf = (userId: string) => t.db.select().from(sessions).where(eq(sessions.userId, userId))
const userByEmail = async (email: string) => (await t.db.select().from(users).where(eq(users.email, email)))[0]
async function sessionOfClient(client: AuthClient): Promise<CurrentSession> {
  const [s] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, client.sessionToken()!))
  const [u] = await t.db.select().from(users).where(eq(users.id, s!.userId))
  return { sessionToken: s!.sessionToken, user: { id: u!.id, email: u!.email, name: u!.name }, ssoConnectionId: s!.ssoConnectionId, ssoWorkspaceId: s!.ssoWorkspaceId }
}

describe('per-workspace OpenID Connect SSO against a real oidc-provider', () => {
  it('signs a new person in through their IdP; a DNS-proven domain joins them to the workspace with the default role, in a session scoped to it', async () => {
    const domain = `verified${n + 1}.test`
    const ws = await ssoWorkspace({ domain, proof: 'dns', defaultRole: 'editor' })
    const email = `nora@${domain}`
    idp.addAccount('sub-nora', { email, name: 'Nora North' })
    const client = freshClient()
    const done = await ssoSignIn(client, ws.connectionId, 'sub-nora')
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe(`${config().appUrl}/w/somewhere`)
    const user = await userByEmail(email)
    expect(user?.name).toBe('Nora North')
    expect((await getMembership(person(user!.id), { id: ws.ws.id }))?.role).toBe('editor')
    expect(await accountsOf(user!.id)).toEqual([expect.objectContaining({ provider: `sso:${ws.connectionId}`, providerAccountId: 'sub-nora' })])
    const [s] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, client.sessionToken()!))
    expect(s).toMatchObject({ userId: user!.id, method: 'sso', ssoConnectionId: ws.connectionId, ssoWorkspaceId: ws.ws.id })
    const actions = (await listActivity(ws.admin)).map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['member.joined', 'auth.signed_in', 'sso.domain_verified']))
  })

  it('keys identities by (connection, subject): the same subject of the same issuer through another workspace\'s connection is another identity', async () => {
    const domain = `shared${n + 1}.test`
    const first = await ssoWorkspace({ domain, proof: 'dns' })
    idp.addAccount('sub-sam', { email: `sam@${domain}`, name: 'Sam Same' })
    await ssoSignIn(freshClient(), first.connectionId, 'sub-sam')
    const sam = await userByEmail(`sam@${domain}`)
    expect(await accountsOf(sam!.id)).toHaveLength(1)
    // Another workspace connects the same issuer with its own client, for its own domain: the
    // IdP asserts that domain's address for the same subject. It is a new person, not Sam.
    const second = await ssoWorkspace({ domain: `eu.${domain}`, proof: 'dns' })
    idp.addAccount('sub-sam', { email: `sam@eu.${domain}`, name: 'Sam Same' })
    const again = freshClient()
    const r = await ssoSignIn(again, second.connectionId, 'sub-sam')
    expect(r.headers.get('location')).not.toContain('error')
    const [s] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, again.sessionToken()!))
    expect(s?.userId).not.toBe(sam!.id)
    expect(await accountsOf(sam!.id)).toHaveLength(1)
    expect((await userByEmail(`sam@eu.${domain}`))?.id).toBe(s?.userId)
  })

  it('signs nobody in through an unproven domain: not a new person, not an existing account, not even an existing member', async () => {
    const domain = `unverified${n + 1}.test`
    const ws = await ssoWorkspace({ domain, proof: 'none' })
    idp.addAccount('sub-new', { email: `new@${domain}`, name: 'New Person' })
    const r1 = await ssoSignIn(freshClient(), ws.connectionId, 'sub-new')
    expect(r1.headers.get('location')).toContain('error=sso_domain_unverified')
    expect(await userByEmail(`new@${domain}`)).toBeUndefined()

    const member = await makeUser(`member@${domain}`)
    await addMember(ws.ws.id, member.id, 'viewer')
    idp.addAccount('sub-member', { email: member.email, name: 'Member' })
    const c = freshClient()
    const r2 = await ssoSignIn(c, ws.connectionId, 'sub-member')
    expect(r2.headers.get('location')).toContain('error=sso_domain_unverified')
    expect(c.sessionToken()).toBeUndefined()
    expect(await accountsOf(member.id)).toEqual([])
    expect((await listSsoRefusals(ws.admin, [ws.connectionId])).map((x) => x.reason)).toEqual(['domain_unverified', 'domain_unverified'])
  })

  it('never attaches an identity to, or signs in over, a different person who is signed in in the same browser', async () => {
    const domain = `session${n + 1}.test`
    const ws = await ssoWorkspace({ domain, proof: 'dns' })
    const someone = await makeUser(uniqueEmail('someone'))
    await t.db.insert(sessions).values({ sessionToken: `tok-${n}`, userId: someone.id, expires: new Date(Date.now() + 3_600_000) })
    idp.addAccount('sub-zed', { email: `zed@${domain}`, name: 'Zed' })
    const client = freshClient()
    client.cookies.set('authjs.session-token', `tok-${n}`)
    const r = await ssoSignIn(client, ws.connectionId, 'sub-zed')
    expect(r.headers.get('location')).toContain('error=sso_other_session')
    expect(await accountsOf(someone.id)).toEqual([])
    expect(await userByEmail(`zed@${domain}`)).toBeUndefined()
  })

  it('routes an email only to the connection that holds its domain, and never claims public mail domains or the instance\'s own', async () => {
    const domain = `routed${n + 1}.test`
    const ws = await ssoWorkspace({ domain, proof: 'dns' })
    const pending = await ssoWorkspace({ domain: `pending-${domain}`, proof: 'none' })
    expect(await routeEmailToSso(`x@${domain.toUpperCase()}`)).toEqual({ workspaceId: ws.ws.id, connectionId: ws.connectionId })
    expect(await routeEmailToSso(`x@pending-${domain}`)).toBeNull()
    expect(pending.ws.id).not.toBe(ws.ws.id)
    expect(await routeEmailToSso(`x@nobody-${n}.test`)).toBeNull()
    const [c] = await listConnections(ws.admin)
    await updateConnection(ws.admin, ws.connectionId, { name: c!.name, issuer: c!.issuer, clientId: c!.clientId, defaultRole: 'viewer', enabled: false })
    expect(await routeEmailToSso(`x@${domain}`)).toBeNull()
    for (const d of ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'proton.me', 'web.de']) expect(domainSchema.safeParse(d).success, d).toBe(false)
    expect(domainSchema.safeParse('https://acme.test').success).toBe(false)
    setConfig({ ...config(), appUrl: 'https://app.touchmap-instance.com' })
    try {
      for (const d of ['touchmap-instance.com', 'app.touchmap-instance.com', 'eu.touchmap-instance.com']) expect(domainSchema.safeParse(d).success, d).toBe(false)
      expect(domainSchema.safeParse('acme-instance.com').success).toBe(true)
    } finally {
      setConfig({ ...config(), appUrl: base.appUrl })
    }
    await expect(addDomain(ws.admin, ws.connectionId, domain)).rejects.toThrow(/already claims/)
  })

  it('refuses a connection whose issuer does not publish a matching discovery document, and an owner default role', async () => {
    const team = await teamWorkspace('Bad issuer')
    const admin = await ctxOf(team.admin.id, team.ws.id)
    await expect(
      createConnection(admin, { name: 'Typo', issuer: `${idp.issuer}/nope`, clientId: 'x', clientSecret: 'y', defaultRole: 'viewer' }),
    ).rejects.toBeInstanceOf(ValidationError)
    await expect(createConnection(admin, { name: 'Owner', issuer: idp.issuer, clientId: 'x', clientSecret: 'y', defaultRole: 'owner' })).rejects.toBeInstanceOf(ValidationError)
    expect(await listConnections(admin)).toEqual([])
  })
})

describe('the cross-tenant takeover: the owner of workspace B runs an IdP and asserts the owner of workspace A', () => {
  async function victimAndAttacker(tag: string) {
    const victimDomain = `victim-${tag}-${++n}.test`
    const victim = await makeUser(`owner@${victimDomain}`, 'Vic Owner')
    const victimWs = await makeWorkspace(victim.id, 'Victim Co')
    const attacker = await ssoWorkspace({ domain: `attacker-${n}.test`, proof: 'dns' })
    return { victim, victimWs, victimDomain, attacker }
  }
  async function claimVictimDomain(attacker: Awaited<ReturnType<typeof ssoWorkspace>>, domain: string) {
    return addDomain(attacker.admin, attacker.connectionId, domain)
  }
  const nothingHappenedTo = async (victim: { id: string }, victimWs: { id: string }) => {
    expect(await accountsOf(victim.id)).toEqual([])
    expect(await sessionsOf(victim.id)).toEqual([])
    expect((await getMembership(person(victim.id), { id: victimWs.id }))?.role).toBe('owner')
  }

  it('the reproduction: ticking "verify" is refused on this instance, the claim stays pending, and the IdP\'s assertion signs nobody in', async () => {
    const { victim, victimWs, victimDomain, attacker } = await victimAndAttacker('repro')
    const claim = await claimVictimDomain(attacker, victimDomain)
    await expect(attestDomain(attacker.admin, claim.id)).rejects.toBeInstanceOf(ForbiddenError)
    // The attacker cannot publish a record in the victim's zone: the proof finds none.
    expect(await checkDomain(attacker.admin, claim.id)).toBe('absent')
    expect((await listDomains(attacker.admin)).find((d) => d.id === claim.id)?.status).toBe('pending')

    idp.addAccount('sub-mallory-1', { email: victim.email, name: 'Not Vic' })
    const mallory = freshClient()
    const r = await ssoSignIn(mallory, attacker.connectionId, 'sub-mallory-1')
    expect(r.headers.get('location')).toContain('error=sso_domain_unverified')
    expect(mallory.sessionToken()).toBeUndefined()
    await nothingHappenedTo(victim, victimWs)
  })

  it('where the operator allows attestation, an attested domain never opens an existing account (new addresses only)', async () => {
    const { victim, victimWs, victimDomain, attacker } = await victimAndAttacker('attest')
    const claim = await claimVictimDomain(attacker, victimDomain)
    await withAttestation(async () => {
      await attestDomain(attacker.admin, claim.id)
      idp.addAccount('sub-mallory-2', { email: victim.email, name: 'Not Vic' })
      const mallory = freshClient()
      const r = await ssoSignIn(mallory, attacker.connectionId, 'sub-mallory-2')
      expect(r.headers.get('location')).toContain('error=sso_existing_account_attested')
      expect(mallory.sessionToken()).toBeUndefined()
      await nothingHappenedTo(victim, victimWs)
      // A new address on the attested domain may still join the attesting workspace.
      idp.addAccount('sub-newbie', { email: `newbie@${victimDomain}`, name: 'Newbie' })
      const newbie = freshClient()
      expect((await ssoSignIn(newbie, attacker.connectionId, 'sub-newbie')).headers.get('location')).not.toContain('error')
      expect(newbie.sessionToken()).toBeTruthy()
    })
    // Without the instance setting the attested claim counts for nothing.
    idp.addAccount('sub-newbie-2', { email: `newbie2@${victimDomain}`, name: 'Newbie 2' })
    expect((await ssoSignIn(freshClient(), attacker.connectionId, 'sub-newbie-2')).headers.get('location')).toContain('error=sso_domain_unverified')
  })

  it('even a DNS-proven domain attaches an existing account only when its holder confirms, in the browser that signed in; the session opens B only', async () => {
    const { victim, victimWs, victimDomain, attacker } = await victimAndAttacker('dns')
    const claim = await claimVictimDomain(attacker, victimDomain)
    expect(await proveByDns(attacker.admin, claim.id)).toBe('verified')
    await clearMail(mail.apiUrl)
    idp.addAccount('sub-vic', { email: victim.email, name: 'Vic at the IdP' })
    const browser = freshClient()
    const r = await ssoSignIn(browser, attacker.connectionId, 'sub-vic')
    const location = r.headers.get('location')!
    expect(location).toMatch(/\/signin\/link\/[0-9a-f-]{36}$/)
    expect(browser.sessionToken()).toBeUndefined()
    await nothingHappenedTo(victim, victimWs)
    const requestId = location.split('/').pop()!
    const browserSecret = browser.cookies.get(LINK_COOKIE)
    expect(browserSecret).toBeTruthy()

    // The confirmation went to the address's mailbox, not to the IdP's user.
    const link = new URL(extractLink(await waitForMail(mail.apiUrl, victim.email, { subject: /link your single sign-on/i }), `/signin/link/${requestId}`))
    const token = link.searchParams.get('token')!
    // Another browser (the victim's own, without the sign-in's cookie) cannot complete it, token or not.
    await expect(confirmLinkRequest({ id: requestId, browserSecret: undefined, token, signedInUserId: victim.id })).rejects.toBeInstanceOf(NotFoundError)
    await expect(confirmLinkRequest({ id: requestId, browserSecret: 'guess', token, signedInUserId: victim.id })).rejects.toBeInstanceOf(NotFoundError)
    // The browser that signed in cannot complete it without the emailed token or the holder's session.
    await expect(confirmLinkRequest({ id: requestId, browserSecret, token: 'wrong', signedInUserId: null })).rejects.toBeInstanceOf(ForbiddenError)
    await expect(confirmLinkRequest({ id: requestId, browserSecret, signedInUserId: attacker.owner.id })).rejects.toBeInstanceOf(ForbiddenError)
    await nothingHappenedTo(victim, victimWs)

    // The holder (here in the same browser, with the emailed link) confirms; SSO then signs them in.
    const out = await confirmLinkRequest({ id: requestId, browserSecret, token, signedInUserId: null })
    expect(out).toEqual({ connectionId: attacker.connectionId, callbackPath: '/w/somewhere' })
    await expect(confirmLinkRequest({ id: requestId, browserSecret, token, signedInUserId: null })).rejects.toBeInstanceOf(NotFoundError)
    expect(await accountsOf(victim.id)).toEqual([expect.objectContaining({ provider: `sso:${attacker.connectionId}`, providerAccountId: 'sub-vic' })])
    const again = await ssoSignIn(browser, attacker.connectionId, 'sub-vic')
    expect(again.headers.get('location')).not.toContain('error')
    const session = await sessionOfClient(browser)
    expect(session).toMatchObject({ user: { id: victim.id }, ssoConnectionId: attacker.connectionId, ssoWorkspaceId: attacker.ws.id })

    // A session made through B's connection never opens A, though the person owns A.
    expect(await getMembership(session, { id: victimWs.id })).toBeNull()
    expect(await getMembership(session, { slug: victimWs.slug })).toBeNull()
    await expect(requireMembership(session, { id: victimWs.id }, 'maps.read')).rejects.toBeInstanceOf(NotFoundError)
    expect((await getMembership(session, { id: attacker.ws.id }))?.role).toBe('editor')
    expect((await listMyWorkspaces(session)).map((w) => w.id)).toEqual([attacker.ws.id])
    // A's own sign-in method (an email link) still opens everything the person has.
    expect((await listMyWorkspaces(person(victim.id))).map((w) => w.id).sort()).toEqual([attacker.ws.id, victimWs.id].sort())
  })

  it('a holder who is signed in in the browser accepts without the email; a stranger\'s session cannot', async () => {
    const domain = `accept${++n}.test`
    const ws = await ssoWorkspace({ domain, proof: 'dns' })
    const holder = await makeUser(`holder@${domain}`)
    await t.db.insert(sessions).values({ sessionToken: `holder-${n}`, userId: holder.id, expires: new Date(Date.now() + 3_600_000) })
    idp.addAccount('sub-holder', { email: holder.email, name: 'Holder' })
    const browser = freshClient()
    browser.cookies.set('authjs.session-token', `holder-${n}`)
    const r = await ssoSignIn(browser, ws.connectionId, 'sub-holder')
    const requestId = r.headers.get('location')!.split('/').pop()!
    const browserSecret = browser.cookies.get(LINK_COOKIE)
    await expect(confirmLinkRequest({ id: requestId, browserSecret, signedInUserId: ws.owner.id })).rejects.toBeInstanceOf(ForbiddenError)
    await confirmLinkRequest({ id: requestId, browserSecret, signedInUserId: holder.id })
    expect(await accountsOf(holder.id)).toHaveLength(1)
  })

  it('needs the IdP to say the email is verified: false is refused, absent only where the admin trusts the IdP and the domain is proven', async () => {
    const domain = `emails${++n}.test`
    const ws = await ssoWorkspace({ domain, proof: 'dns' })
    idp.addAccount('sub-unverified', { email: `u@${domain}`, name: 'U', emailVerified: false })
    expect((await ssoSignIn(freshClient(), ws.connectionId, 'sub-unverified')).headers.get('location')).toContain('error=sso_email_unverified')
    expect(await userByEmail(`u@${domain}`)).toBeUndefined()

    const rogueDomain = `absent${++n}.test`
    const rogue = await startRogueIdp({ clientId: 'absent-client', email: `a@${rogueDomain}`, subject: 'sub-absent' })
    try {
      rogue.set('email_verified_absent')
      const rws = await ssoWorkspace({ issuer: rogue.issuer, clientId: 'absent-client', domain: rogueDomain, proof: 'dns' })
      expect((await ssoSignIn(freshClient(), rws.connectionId)).headers.get('location')).toContain('error=sso_email_unverified')
      const [c] = await listConnections(rws.admin)
      await updateConnection(rws.admin, rws.connectionId, { name: c!.name, issuer: c!.issuer, clientId: c!.clientId, defaultRole: 'viewer', enabled: true, trustEmails: true })
      const ok = freshClient()
      expect((await ssoSignIn(ok, rws.connectionId)).headers.get('location')).not.toContain('error')
      expect(ok.sessionToken()).toBeTruthy()
      // An IdP that says false is never trusted, whatever the setting.
      idp.addAccount('sub-false', { email: `f@${domain}`, name: 'F', emailVerified: false })
      const [c2] = await listConnections(ws.admin)
      await updateConnection(ws.admin, ws.connectionId, { name: c2!.name, issuer: c2!.issuer, clientId: c2!.clientId, defaultRole: 'viewer', enabled: true, trustEmails: true })
      expect((await ssoSignIn(freshClient(), ws.connectionId, 'sub-false')).headers.get('location')).toContain('error=sso_email_unverified')
    } finally {
      await rogue.close()
    }
  })

  it('refuses a second subject asserting an address another subject of the same connection already has', async () => {
    const domain = `twice${++n}.test`
    const ws = await ssoWorkspace({ domain, proof: 'dns' })
    idp.addAccount('sub-first', { email: `pat@${domain}`, name: 'Pat' })
    await ssoSignIn(freshClient(), ws.connectionId, 'sub-first')
    const pat = await userByEmail(`pat@${domain}`)
    idp.addAccount('sub-second', { email: `pat@${domain}`, name: 'Pat again' })
    const c = freshClient()
    expect((await ssoSignIn(c, ws.connectionId, 'sub-second')).headers.get('location')).toContain('error=sso_email_taken')
    expect(c.cookies.get(LINK_COOKIE)).toBeUndefined()
    expect(await accountsOf(pat!.id)).toHaveLength(1)
  })

  it('an unproven claim reserves nothing: two workspaces claim a domain, the first proof wins, the other is marked taken; the daily re-check lapses a proof whose record is gone', async () => {
    const domain = `contested${++n}.test`
    const a = await ssoWorkspace({ domain: `a-${domain}`, proof: 'none' })
    const b = await ssoWorkspace({ domain: `b-${domain}`, proof: 'none' })
    const claimA = await addDomain(a.admin, a.connectionId, domain)
    const claimB = await addDomain(b.admin, b.connectionId, domain)
    const [viewA] = (await listDomains(a.admin)).filter((d) => d.id === claimA.id)
    const [viewB] = (await listDomains(b.admin)).filter((d) => d.id === claimB.id)
    expect(viewA!.recordName).toBe(viewB!.recordName)
    expect(viewA!.recordValue).not.toBe(viewB!.recordValue)
    // The domain's owner publishes both tokens; B checks first.
    dns.setTxt(viewA!.recordName, [viewA!.recordValue, viewB!.recordValue])
    expect(await checkDomain(b.admin, claimB.id)).toBe('verified')
    expect((await listDomains(a.admin)).find((d) => d.id === claimA.id)?.status).toBe('taken')
    expect(await checkDomain(a.admin, claimA.id)).toBe('taken')
    expect((await listActivity(a.admin)).map((e) => e.action)).toContain('sso.domain_taken')
    expect(await routeEmailToSso(`x@${domain}`)).toEqual({ workspaceId: b.ws.id, connectionId: b.connectionId })

    // B's record goes; the next daily check lapses B's proof, and A's record now proves A's claim.
    dns.setTxt(viewA!.recordName, [viewA!.recordValue])
    const later = new Date(Date.now() + 25 * 60 * 60 * 1000)
    const swept = await recheckDomains(later, 10_000)
    expect(swept.lapsed).toBeGreaterThanOrEqual(1)
    expect((await listDomains(b.admin)).find((d) => d.id === claimB.id)).toMatchObject({ status: 'pending', lastCheckError: expect.stringContaining('No TXT record') })
    expect((await listActivity(b.admin)).map((e) => e.action)).toContain('sso.domain_lapsed')
    expect(await routeEmailToSso(`x@${domain}`)).toBeNull()
    expect(await checkDomain(a.admin, claimA.id)).toBe('verified')
    expect(await routeEmailToSso(`x@${domain}`)).toEqual({ workspaceId: a.ws.id, connectionId: a.connectionId })
    // A DNS server that cannot answer proves nothing either way: A keeps its proof.
    dns.fail(viewA!.recordName)
    expect(await checkDomain(a.admin, claimA.id)).toBe('unreachable')
    expect((await listDomains(a.admin)).find((d) => d.id === claimA.id)?.status).toBe('verified')
  })

  it('parses addresses with an RFC 5322 parser: two @, quoted local parts and comments are refused, and the domain is the parsed one', async () => {
    for (const bad of ['victim@bank.test@evil.test', '"victim@bank.test"@evil.test', 'victim@bank.test (x)@evil.test', 'Vic <victim@bank.test>', 'victim@[127.0.0.1]', 'vic\u0000@bank.test', 'vic@bank.test\nbcc@evil.test']) {
      expect(parseEmail(bad), bad).toBeNull()
      expect(emailSchema.safeParse(bad).success, bad).toBe(false)
    }
    expect(parseEmail('Vic.Owner+x@Bank.TEST')).toEqual({ address: 'vic.owner+x@bank.test', local: 'vic.owner+x', domain: 'bank.test' })
    const domain = `parse${++n}.test`
    const rogue = await startRogueIdp({ clientId: 'parse-client', email: `"owner@bank.test"@${domain}`, subject: 'sub-quoted' })
    try {
      const ws = await ssoWorkspace({ issuer: rogue.issuer, clientId: 'parse-client', domain, proof: 'dns' })
      const c = freshClient()
      expect((await ssoSignIn(c, ws.connectionId)).headers.get('location')).toContain('error=sso_email_invalid')
      expect(c.sessionToken()).toBeUndefined()
    } finally {
      await rogue.close()
    }
  })
})

describe('SSO attacks, against a rogue IdP', () => {
  it('refuses a wrong issuer, audience, nonce, state, an expired, unsigned or foreign-signed ID token, and says why on the settings page and in the log', async () => {
    const domain = `rogue${++n}.test`
    const email = `rita@${domain}`
    const rogue = await startRogueIdp({ clientId: 'rogue-client', email, subject: 'sub-rita' })
    const logged: string[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)))
    try {
      const ws = await ssoWorkspace({ issuer: rogue.issuer, clientId: 'rogue-client', domain, proof: 'dns' })
      const modes = ['wrong_issuer', 'wrong_audience', 'wrong_nonce', 'expired', 'wrong_key', 'alg_none'] as const
      for (const mode of modes) {
        rogue.set(mode)
        const c = freshClient()
        const r = await ssoSignIn(c, ws.connectionId)
        expect({ mode, location: r.headers.get('location') }).toEqual({ mode, location: expect.stringContaining('error=') })
        expect(c.sessionToken()).toBeUndefined()
      }
      expect(await userByEmail(email)).toBeUndefined()
      await vi.waitFor(async () => expect(await listSsoRefusals(ws.admin, [ws.connectionId])).toHaveLength(modes.length))
      const reasons = (await listSsoRefusals(ws.admin, [ws.connectionId])).map((x) => x.reason).sort()
      expect(reasons).toEqual(['bad_algorithm', 'bad_nonce', 'bad_signature', 'expired', 'wrong_audience', 'wrong_issuer'])
      for (const reason of reasons) expect(logged.some((l) => l.includes('sso sign-in refused') && l.includes(`"reason":"${reason}"`)), reason).toBe(true)

      rogue.set('good')
      const tampered = freshClient()
      const r = await ssoSignIn(tampered, ws.connectionId, undefined, (cb) => cb.searchParams.set('state', 'forged-state'))
      expect(r.headers.get('location')).toContain('error=')
      expect(tampered.sessionToken()).toBeUndefined()

      const victim = await makeUser(uniqueEmail('victim', 'bank.test'), 'Victim')
      const victimWs = await makeWorkspace(victim.id, 'Victim Co')
      rogue.set('foreign_email', { email: victim.email })
      const attacker = freshClient()
      const foreign = await ssoSignIn(attacker, ws.connectionId)
      expect(foreign.headers.get('location')).toContain('error=sso_domain_outside')
      expect(attacker.sessionToken()).toBeUndefined()
      expect(await accountsOf(victim.id)).toEqual([])
      expect(await t.db.select().from(sessions).where(and(eq(sessions.userId, victim.id)))).toEqual([])
      expect(await getMembership(person(victim.id), { id: victimWs.id })).not.toBeNull()
      expect(await t.db.select().from(ssoLinkRequests).where(eq(ssoLinkRequests.userId, victim.id))).toEqual([])

      rogue.set('good')
      const ok = freshClient()
      const good = await ssoSignIn(ok, ws.connectionId)
      expect(good.headers.get('location')).not.toContain('error')
      expect(ok.sessionToken()).toBeTruthy()
    } finally {
      spy.mockRestore()
      await rogue.close()
    }
  })
})
