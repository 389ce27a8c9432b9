import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net'
import { createServer } from 'node:http'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ssoConnections } from '@/db/schema'
import { config, setConfig } from '@/lib/config'
import { inWorkspace } from '@/lib/db/tenant'
import { ValidationError } from '@/lib/errors'
import { addDomain, checkDomain, listDomains } from '@/lib/sso/domain-claims'
import { createConnection } from '@/lib/sso/manage-connections'
import { listSsoRefusals } from '@/lib/sso/refusals'
import { issuerSchema } from '@/lib/sso/schemas'
import { AuthClient } from '../support/auth-http'
import { startDnsServer, type TestDnsServer } from '../support/dns-server'
import { ctxOf, teamWorkspace } from '../support/fixtures'
import { startRogueIdp } from '../support/rogue-idp'
import { openTestDatabase, type TestDb } from '../support/test-db'

/**
 * Requests the server makes on an admin's behalf (OIDC discovery, and the
 * token, key and user-info endpoints the discovery names) go through one
 * guarded client: they cannot be pointed at internal addresses, by the issuer
 * field or by what the issuer's document says.
 */
let t: TestDb
let dns: TestDnsServer
let internal: TcpServer
const internalConnections: string[] = []
const base = config()
beforeAll(async () => {
  t = await openTestDatabase()
  dns = await startDnsServer()
  // An "internal service" on another loopback address the instance does not allow.
  internal = createTcpServer((socket) => {
    internalConnections.push(String(socket.remoteAddress))
    socket.destroy()
  })
  await new Promise<void>((r) => internal.listen(0, '127.0.0.2', r))
  setConfig({ ...base, dnsServers: [dns.address], outboundAllowedAddresses: ['127.0.0.1'], ssoAllowHttpLoopback: true })
})
afterAll(async () => {
  setConfig(base)
  await dns?.close()
  await new Promise((r) => internal.close(r))
  await t?.drop()
})

const internalPort = () => (internal.address() as AddressInfo).port

describe('the issuer field', () => {
  it('takes https issuers only (http on loopback only where the instance allows it), without query, fragment or credentials', () => {
    const bad = [
      'http://idp.example.com',
      'https://idp.example.com/?x=/admin',
      'https://idp.example.com/#frag',
      'https://user:pw@idp.example.com',
      'ftp://idp.example.com',
      'javascript:alert(1)',
      'not a url',
    ]
    for (const v of bad) expect(issuerSchema.safeParse(v).success, v).toBe(false)
    expect(issuerSchema.parse('https://login.example.com/realms/acme/')).toBe('https://login.example.com/realms/acme')
    expect(issuerSchema.safeParse('http://localhost:8080').success).toBe(true)
    setConfig({ ...config(), ssoAllowHttpLoopback: false })
    try {
      expect(issuerSchema.safeParse('http://localhost:8080').success).toBe(false)
      expect(issuerSchema.safeParse('http://127.0.0.1:8080').success).toBe(false)
    } finally {
      setConfig({ ...config(), ssoAllowHttpLoopback: true })
    }
  })
})

describe('saving a connection', () => {
  it('does not fetch from addresses the instance does not allow, and says why without echoing anything it read', async () => {
    const team = await teamWorkspace('Outbound')
    const admin = await ctxOf(team.admin.id, team.ws.id)
    const leaky = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: 'https://elsewhere.example', secret: 'INTERNAL-CREDENTIAL-123' })))
    await new Promise<void>((r) => leaky.listen(0, '127.0.0.1', r))
    const leakyIssuer = `http://localhost:${(leaky.address() as AddressInfo).port}`
    try {
      const err = await createConnection(admin, { name: 'Leaky', issuer: leakyIssuer, clientId: 'c', clientSecret: 's', defaultRole: 'viewer' }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(ValidationError)
      const message = (err as ValidationError).fieldErrors.issuer!.join(' ')
      expect(message).toMatch(/names a different issuer/)
      expect(message).not.toMatch(/INTERNAL-CREDENTIAL|elsewhere\.example/)

      for (const issuer of ['https://169.254.169.254', `https://127.0.0.2:${internalPort()}`, 'https://10.1.2.3']) {
        const e = await createConnection(admin, { name: 'Internal', issuer, clientId: 'c', clientSecret: 's', defaultRole: 'viewer' }).catch((x: unknown) => x)
        expect(e, issuer).toBeInstanceOf(ValidationError)
        expect((e as ValidationError).fieldErrors.issuer!.join(' '), issuer).toMatch(/private, loopback or internal address/)
      }
      expect(internalConnections).toEqual([])
    } finally {
      leaky.closeAllConnections()
      await new Promise((r) => leaky.close(r))
    }
  })

  it('refuses a discovery document whose endpoints the server must not call', async () => {
    const team = await teamWorkspace('Endpoints')
    const admin = await ctxOf(team.admin.id, team.ws.id)
    const rogue = await startRogueIdp({ clientId: 'ep', email: 'x@ep.test', subject: 's', endpoints: { token_endpoint: `http://127.0.0.2:${internalPort()}/token` } })
    try {
      const e = await createConnection(admin, { name: 'Rogue', issuer: rogue.issuer, clientId: 'ep', clientSecret: 's', defaultRole: 'viewer' }).catch((x: unknown) => x)
      expect((e as ValidationError).fieldErrors.issuer!.join(' ')).toMatch(/token_endpoint must use https/)
      rogue.setEndpoints({ jwks_uri: 'file:///etc/passwd' })
      const e2 = await createConnection(admin, { name: 'Rogue', issuer: rogue.issuer, clientId: 'ep', clientSecret: 's', defaultRole: 'viewer' }).catch((x: unknown) => x)
      expect((e2 as ValidationError).fieldErrors.issuer!.join(' ')).toMatch(/jwks_uri/)
    } finally {
      await rogue.close()
    }
  })
})

describe('signing in', () => {
  it('never sends the authorisation code, PKCE verifier or client secret to an internal token endpoint an issuer names after the connection was saved', async () => {
    const domain = `outbound-${Date.now()}.test`
    const rogue = await startRogueIdp({ clientId: 'late', email: `x@${domain}`, subject: 'sub-late' })
    try {
      const team = await teamWorkspace('Late switch')
      const admin = await ctxOf(team.admin.id, team.ws.id)
      const conn = await createConnection(admin, { name: 'Late', issuer: rogue.issuer, clientId: 'late', clientSecret: 'client-secret-value', defaultRole: 'viewer' })
      const claim = await addDomain(admin, conn.id, domain)
      const view = (await listDomains(admin)).find((d) => d.id === claim.id)!
      dns.setTxt(view.recordName, [view.recordValue])
      expect(await checkDomain(admin, claim.id)).toBe('verified')
      // The issuer's document now names an internal token endpoint (https, so only the connect-time check stands in the way).
      rogue.setEndpoints({ token_endpoint: `https://127.0.0.2:${internalPort()}/token` })
      const client = new AuthClient('192.0.2.99')
      const start = await client.post(`/api/auth/signin/sso-${conn.id}`, { csrfToken: await client.csrf(), callbackUrl: '/' })
      const authorize = new URL(start.headers.get('location')!)
      const back = await fetch(authorize, { redirect: 'manual' })
      const done = await client.get(back.headers.get('location')!)
      expect(done.headers.get('location')).toContain('error=')
      expect(client.sessionToken()).toBeUndefined()
      expect(internalConnections).toEqual([])
      expect(rogue.hits.get('/token') ?? 0).toBe(0)
      // Auth.js reports the failure to its logger, which stores it without holding up the answer.
      const refusals = await vi.waitFor(async () => {
        const r = await listSsoRefusals(admin, [conn.id])
        expect(r.map((x) => x.reason)).toEqual(['idp_unreachable'])
        return r
      })
      expect(refusals[0]!.detail).not.toContain('client-secret-value')
      const [row] = await inWorkspace(team.ws.id, null, (tx) => tx.select().from(ssoConnections).where(eq(ssoConnections.id, conn.id)))
      expect(row?.enabled).toBe(true)
    } finally {
      await rogue.close()
    }
  })
})
