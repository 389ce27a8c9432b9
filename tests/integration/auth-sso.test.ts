import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accounts, sessions, users } from '@/db/schema'
import { listActivity } from '@/lib/activity/list-activity'
import { getMembership } from '@/lib/auth/membership'
import { config } from '@/lib/config'
import { ValidationError } from '@/lib/errors'
import { routeEmailToSso } from '@/lib/sso/load-connection'
import { addDomain, createConnection, listConnections, updateConnection, verifyDomain } from '@/lib/sso/manage-connections'
import { domainSchema } from '@/lib/sso/schemas'
import { AuthClient } from '../support/auth-http'
import { addMember, ctxOf, makeUser, makeWorkspace, teamWorkspace, uniqueEmail } from '../support/fixtures'
import { browseIdp } from '../support/idp-browser'
import { startOidcProvider, type OidcProviderHandle } from '../support/oidc-idp'
import { startRogueIdp } from '../support/rogue-idp'
import { openTestDatabase, type TestDb } from '../support/test-db'

let t: TestDb
let idp: OidcProviderHandle
const SECRET = 'idp-client-secret-0123456789'
beforeAll(async () => {
  t = await openTestDatabase()
  idp = await startOidcProvider({ clients: [], accounts: {} })
})
afterAll(async () => {
  await idp?.close()
  await t?.drop()
})

let n = 0
const appOrigin = () => new URL(config().appUrl).origin

/** A workspace with an SSO connection to `issuer` serving `domain`, optionally verified. */
async function ssoWorkspace(opts: { issuer?: string; clientId?: string; domain: string; verified: boolean; defaultRole?: 'editor' | 'viewer' }) {
  const team = await teamWorkspace(`SSO ${++n}`)
  const admin = await ctxOf(team.admin.id, team.ws.id)
  const clientId = opts.clientId ?? `touchmap-${n}`
  const conn = await createConnection(admin, { name: 'Company IdP', issuer: opts.issuer ?? idp.issuer, clientId, clientSecret: SECRET, defaultRole: opts.defaultRole ?? 'editor' })
  if (!opts.issuer) await idp.addClient({ clientId, clientSecret: SECRET, redirectUris: [conn.redirectUri] })
  const d = await addDomain(admin, conn.id, opts.domain)
  if (opts.verified) await verifyDomain(admin, d.id)
  return { ...team, admin, connectionId: conn.id, redirectUri: conn.redirectUri }
}

/** Starts SSO at Auth.js's endpoint and walks the IdP; returns the app's answer to the callback. */
async function ssoSignIn(client: AuthClient, connectionId: string, login?: string, tamper?: (callback: URL) => void) {
  const start = await client.post(`/api/auth/signin/sso-${connectionId}`, { csrfToken: await client.csrf(), callbackUrl: '/' })
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

describe('per-workspace OpenID Connect SSO against a real oidc-provider', () => {
  it('signs a new person in through their IdP; a verified domain joins them to the workspace with the default role', async () => {
    const domain = `verified${n + 1}.test`
    const ws = await ssoWorkspace({ domain, verified: true, defaultRole: 'editor' })
    const email = `nora@${domain}`
    idp.addAccount('sub-nora', { email, name: 'Nora North' })
    const client = new AuthClient('192.0.2.10')
    const done = await ssoSignIn(client, ws.connectionId, 'sub-nora')
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).not.toContain('error')
    const [user] = await t.db.select().from(users).where(eq(users.email, email))
    expect(user?.name).toBe('Nora North')
    expect((await getMembership(user!.id, { id: ws.ws.id }))?.role).toBe('editor')
    expect(await accountsOf(user!.id)).toEqual([expect.objectContaining({ provider: `oidc:${idp.issuer}`, providerAccountId: 'sub-nora' })])
    const [s] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, client.sessionToken()!))
    expect(s).toMatchObject({ userId: user!.id, method: 'sso' })
    const actions = (await listActivity(ws.admin)).map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['member.joined', 'auth.signed_in', 'sso.domain_verified']))
  })

  it('keys identities by (issuer, subject): the same subject through another connection to that issuer is the same account', async () => {
    const domain = `shared${n + 1}.test`
    const first = await ssoWorkspace({ domain, verified: true })
    idp.addAccount('sub-sam', { email: `sam@${domain}`, name: 'Sam Same' })
    await ssoSignIn(new AuthClient('192.0.2.11'), first.connectionId, 'sub-sam')
    const [sam] = await t.db.select().from(users).where(eq(users.email, `sam@${domain}`))
    expect(await accountsOf(sam!.id)).toHaveLength(1)
    // Another workspace connects the same issuer with its own client, for another domain;
    // the IdP now asserts an address in that domain for the same subject.
    const second = await ssoWorkspace({ domain: `eu.${domain}`, verified: true })
    idp.addAccount('sub-sam', { email: `sam@eu.${domain}`, name: 'Sam Same' })
    const again = new AuthClient('192.0.2.12')
    const r = await ssoSignIn(again, second.connectionId, 'sub-sam')
    expect(r.headers.get('location')).not.toContain('error')
    const [s] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, again.sessionToken()!))
    expect(s?.userId).toBe(sam!.id)
    expect(await accountsOf(sam!.id)).toHaveLength(1)
    expect(await t.db.select().from(users).where(eq(users.email, `sam@eu.${domain}`))).toEqual([])
  })

  it('does not sign in or link anyone through an unverified domain unless they are already a member', async () => {
    const domain = `unverified${n + 1}.test`
    const ws = await ssoWorkspace({ domain, verified: false })
    idp.addAccount('sub-new', { email: `new@${domain}`, name: 'New Person' })
    const r1 = await ssoSignIn(new AuthClient('192.0.2.20'), ws.connectionId, 'sub-new')
    expect(r1.headers.get('location')).toContain('error=sso_unverified_domain')
    expect(await t.db.select().from(users).where(eq(users.email, `new@${domain}`))).toEqual([])

    const outsider = await makeUser(`outsider@${domain}`)
    idp.addAccount('sub-outsider', { email: outsider.email, name: 'Outsider' })
    const r2 = await ssoSignIn(new AuthClient('192.0.2.21'), ws.connectionId, 'sub-outsider')
    expect(r2.headers.get('location')).toContain('error=sso_unverified_domain')
    expect(await accountsOf(outsider.id)).toEqual([])

    const member = await makeUser(`member@${domain}`)
    await addMember(ws.ws.id, member.id, 'viewer')
    idp.addAccount('sub-member', { email: member.email, name: 'Member' })
    const c3 = new AuthClient('192.0.2.22')
    const r3 = await ssoSignIn(c3, ws.connectionId, 'sub-member')
    expect(r3.headers.get('location')).not.toContain('error')
    expect(c3.sessionToken()).toBeTruthy()
    expect(await accountsOf(member.id)).toHaveLength(1)
  })

  it('never links an identity to a different person who is signed in in the same browser', async () => {
    const domain = `session${n + 1}.test`
    const ws = await ssoWorkspace({ domain, verified: true })
    const someone = await makeUser(uniqueEmail('someone'))
    await t.db.insert(sessions).values({ sessionToken: `tok-${n}`, userId: someone.id, expires: new Date(Date.now() + 3_600_000) })
    idp.addAccount('sub-zed', { email: `zed@${domain}`, name: 'Zed' })
    const client = new AuthClient('192.0.2.25')
    client.cookies.set('authjs.session-token', `tok-${n}`)
    const r = await ssoSignIn(client, ws.connectionId, 'sub-zed')
    expect(r.headers.get('location')).toContain('error=sso_other_session')
    expect(await accountsOf(someone.id)).toEqual([])
    expect(await t.db.select().from(users).where(eq(users.email, `zed@${domain}`))).toEqual([])
  })

  it('routes an email to its connection by domain, and never routes public mail domains', async () => {
    const domain = `routed${n + 1}.test`
    const ws = await ssoWorkspace({ domain, verified: true })
    expect(await routeEmailToSso(`x@${domain.toUpperCase()}`)).toEqual({ workspaceId: ws.ws.id, connectionId: ws.connectionId })
    expect(await routeEmailToSso(`x@nobody-${n}.test`)).toBeNull()
    const [c] = await listConnections(ws.admin)
    await updateConnection(ws.admin, ws.connectionId, { name: c!.name, issuer: c!.issuer, clientId: c!.clientId, defaultRole: 'viewer', enabled: false })
    expect(await routeEmailToSso(`x@${domain}`)).toBeNull()
    expect(domainSchema.safeParse('gmail.com').success).toBe(false)
    expect(domainSchema.safeParse('https://acme.test').success).toBe(false)
    await expect(addDomain(ws.admin, ws.connectionId, domain)).rejects.toThrow(/already served/)
  })

  it('refuses a connection whose issuer does not publish a matching discovery document', async () => {
    const team = await teamWorkspace('Bad issuer')
    const admin = await ctxOf(team.admin.id, team.ws.id)
    await expect(
      createConnection(admin, { name: 'Typo', issuer: `${idp.issuer}/nope`, clientId: 'x', clientSecret: 'y', defaultRole: 'viewer' }),
    ).rejects.toBeInstanceOf(ValidationError)
    await expect(createConnection(admin, { name: 'Owner', issuer: idp.issuer, clientId: 'x', clientSecret: 'y', defaultRole: 'owner' })).rejects.toBeInstanceOf(ValidationError)
    expect(await listConnections(admin)).toEqual([])
  })
})

describe('SSO attacks, against a rogue IdP', () => {
  it('rejects a wrong issuer, audience, nonce or state, and a foreign-domain email never reaches an existing account', async () => {
    const domain = `rogue${n + 1}.test`
    const email = `rita@${domain}`
    const rogue = await startRogueIdp({ clientId: 'rogue-client', email, subject: 'sub-rita' })
    try {
      const ws = await ssoWorkspace({ issuer: rogue.issuer, clientId: 'rogue-client', domain, verified: true })
      for (const mode of ['wrong_issuer', 'wrong_audience', 'wrong_nonce'] as const) {
        rogue.set(mode)
        const c = new AuthClient('192.0.2.30')
        const r = await ssoSignIn(c, ws.connectionId)
        expect({ mode, location: r.headers.get('location') }).toEqual({ mode, location: expect.stringContaining('error=') })
        expect(c.sessionToken()).toBeUndefined()
      }
      expect(await t.db.select().from(users).where(eq(users.email, email))).toEqual([])

      rogue.set('good')
      const tampered = new AuthClient('192.0.2.31')
      const r = await ssoSignIn(tampered, ws.connectionId, undefined, (cb) => cb.searchParams.set('state', 'forged-state'))
      expect(r.headers.get('location')).toContain('error=')
      expect(tampered.sessionToken()).toBeUndefined()

      const victim = await makeUser(uniqueEmail('victim', 'bank.test'), 'Victim')
      const victimWs = await makeWorkspace(victim.id, 'Victim Co')
      rogue.set('foreign_email', { email: victim.email })
      const attacker = new AuthClient('192.0.2.32')
      const foreign = await ssoSignIn(attacker, ws.connectionId)
      expect(foreign.headers.get('location')).toContain('error=sso_domain')
      expect(attacker.sessionToken()).toBeUndefined()
      expect(await accountsOf(victim.id)).toEqual([])
      expect(await t.db.select().from(sessions).where(and(eq(sessions.userId, victim.id)))).toEqual([])
      expect(await getMembership(victim.id, { id: victimWs.id })).not.toBeNull()

      rogue.set('good')
      const ok = new AuthClient('192.0.2.33')
      const good = await ssoSignIn(ok, ws.connectionId)
      expect(good.headers.get('location')).not.toContain('error')
      expect(ok.sessionToken()).toBeTruthy()
    } finally {
      await rogue.close()
    }
  })
})
