/**
 * SCIM 2.0 driven through the real route handler, replaying the request
 * sequences the large IdPs send, written from their public documentation:
 * Okta ("SCIM 2.0 protocol reference": lookup by userName, POST with
 * password and groups, PUT for profile changes, PATCH replace with a value
 * object to deactivate, group PATCH add/remove/replace) and Microsoft Entra
 * ID ("Tutorial: develop a SCIM endpoint": lookup by userName and externalId,
 * the enterprise extension, "Replace"/"Add" with capitals, paths such as
 * emails[type eq "work"].value, active: "False" as a string, group members
 * removed by value).
 */
import { and, eq } from 'drizzle-orm'
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DELETE, GET, PATCH, POST, PUT } from '@/app/api/scim/v2/[connectionId]/[[...path]]/route'
import { memberships, sessions, touchpoints, users } from '@/db/schema'
import { config, setConfig } from '@/lib/config'
import { inWorkspace } from '@/lib/db/tenant'
import { createDepartment } from '@/lib/departments/departments'
import { withDocument } from '@/lib/documents/live-documents'
import { addTouchpoint, catalogDocName } from '@/lib/maps/doc-schema'
import { onMembershipChanged } from '@/lib/members/membership-events'
import { listGroupMappings, mapGroupRole } from '@/lib/scim/groups'
import { createScimToken, revokeScimToken } from '@/lib/scim/tokens'
import { addDomain, checkDomain, listDomains } from '@/lib/sso/domain-claims'
import { createSamlConnection } from '@/lib/sso/saml/manage-saml'
import { startDnsServer, type TestDnsServer } from '../support/dns-server'
import { ctxOf, makeUser, teamWorkspace } from '../support/fixtures'
import { samlFlow } from '../support/saml-flow'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'
import { startSamlIdp, type SamlIdpHandle } from '../support/saml-idp'

let env: LiveEnv
let idp: SamlIdpHandle
let dns: TestDnsServer
const base = config()
beforeAll(async () => {
  env = await openLiveEnvironment()
  idp = await startSamlIdp()
  dns = await startDnsServer()
  setConfig({ ...base, dnsServers: [dns.address], outboundAllowedAddresses: ['127.0.0.1', '::1'], ssoAllowHttpLoopback: true })
})
afterAll(async () => {
  setConfig(base)
  await idp?.close()
  await dns?.close()
  await env?.close()
})

let n = 0
const saml = samlFlow(
  () => idp,
  () => dns,
)
async function scimWorkspace() {
  const team = await teamWorkspace(`SCIM ${++n}`)
  const admin = await ctxOf(team.admin.id, team.ws.id)
  const conn = await createSamlConnection(admin, { name: `IdP ${n}`, defaultRole: 'viewer', trustEmails: true, idpInitiated: false, metadataUrl: idp.metadataUrl })
  const domain = `scim${n}.test`
  const d = await addDomain(admin, conn.id, domain)
  const claim = (await listDomains(admin)).find((x) => x.id === d.id)!
  dns.setTxt(claim.recordName, [claim.recordValue])
  expect(await checkDomain(admin, d.id)).toBe('verified')
  const { token, id: tokenId } = await createScimToken(admin, conn.id)
  return { ...team, admin, connectionId: conn.id, domain, token, tokenId, scim: client(conn.id, token) }
}

type Res = { status: number; body: Record<string, unknown>; headers: Headers }
function client(connectionId: string, token: string | null) {
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Res> => {
    const url = `${config().appUrl}/api/scim/v2/${connectionId}/${path}`
    const [pathname] = path.split('?')
    const req = new NextRequest(url, {
      method,
      headers: { 'content-type': 'application/scim+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const handler = { GET, POST, PUT, PATCH, DELETE }[method]
    const res = await handler(req, { params: Promise.resolve({ connectionId, path: pathname!.split('/').filter(Boolean) }) })
    const text = await res.text()
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers }
  }
  return {
    get: (p: string) => call('GET', p),
    post: (p: string, b: unknown) => call('POST', p, b),
    put: (p: string, b: unknown) => call('PUT', p, b),
    patch: (p: string, b: unknown) => call('PATCH', p, b),
    del: (p: string) => call('DELETE', p),
  }
}

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const memberOf = async (workspaceId: string, email: string) => {
  const [u] = await env.t.db.select().from(users).where(eq(users.email, email))
  if (!u) return null
  const [m] = await inWorkspace(workspaceId, null, (tx) => tx.select().from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, u.id))))
  return m ?? null
}

describe('SCIM 2.0 provisioning', () => {
  it('replays Okta: look up, create, read, replace, deactivate, reactivate; groups add, remove and rename members', async () => {
    const ws = await scimWorkspace()
    const email = `dade.murphy@${ws.domain}`
    const lookup = await ws.scim.get(`Users?filter=${encodeURIComponent(`userName eq "${email}"`)}&startIndex=1&count=100`)
    expect(lookup.status).toBe(200)
    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] })
    const created = await ws.scim.post('Users', {
      schemas: [USER],
      userName: email,
      name: { givenName: 'Dade', familyName: 'Murphy' },
      emails: [{ primary: true, value: email, type: 'work' }],
      displayName: 'Dade Murphy',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: '1mz050nq',
      active: true,
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ userName: email, active: true, externalId: '00ujl29u0le5T6Aj10h7', meta: { resourceType: 'User' } })
    expect(JSON.stringify(created.body)).not.toContain('1mz050nq')
    const id = created.body.id as string
    expect((await memberOf(ws.ws.id, email))?.roleKey).toBe('viewer')
    expect((await ws.scim.get(`Users/${id}`)).body).toMatchObject({ id, userName: email, name: { givenName: 'Dade', familyName: 'Murphy' } })
    const again = await ws.scim.get(`Users?filter=${encodeURIComponent(`userName eq "${email.toUpperCase()}"`)}`)
    expect(again.body).toMatchObject({ totalResults: 1 })

    const replaced = await ws.scim.put(`Users/${id}`, { schemas: [USER], id, userName: email, name: { givenName: 'Dade', familyName: 'Murphy-Zero' }, emails: [{ primary: true, value: email, type: 'work' }], active: true })
    expect(replaced.status).toBe(200)
    expect(replaced.body).toMatchObject({ name: { familyName: 'Murphy-Zero' } })

    const off = await ws.scim.patch(`Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] })
    expect(off.body).toMatchObject({ active: false })
    expect(await memberOf(ws.ws.id, email)).toBeNull()
    const on = await ws.scim.patch(`Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] })
    expect(on.body).toMatchObject({ active: true })
    expect(await memberOf(ws.ws.id, email)).not.toBeNull()

    const group = await ws.scim.post('Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Customer Support', members: [] })
    expect(group.status).toBe(201)
    const gid = group.body.id as string
    await ws.scim.patch(`Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: id, display: email }] }] })
    expect((await ws.scim.get(`Groups/${gid}`)).body.members).toEqual([expect.objectContaining({ value: id })])
    const dept = (await listGroupMappings(ws.admin)).find((g) => g.id === gid)
    expect(dept).toMatchObject({ departmentName: 'Customer Support', members: 1 })
    expect((await memberOf(ws.ws.id, email))?.departmentId).toBeTruthy()
    // The admin maps the group to a role: its members take it at once.
    await mapGroupRole(ws.admin, gid, 'manager')
    expect((await memberOf(ws.ws.id, email))?.roleKey).toBe('manager')
    await ws.scim.patch(`Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }] })
    expect((await ws.scim.get(`Groups/${gid}`)).body.members).toEqual([])
    expect((await memberOf(ws.ws.id, email))?.roleKey).toBe('viewer')
    const renamed = await ws.scim.patch(`Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id: gid, displayName: 'Support' } }] })
    expect(renamed.body).toMatchObject({ displayName: 'Support' })
    expect((await ws.scim.del(`Groups/${gid}`)).status).toBe(204)
    expect((await ws.scim.get(`Groups/${gid}`)).status).toBe(404)
  })

  it('replays Microsoft Entra ID: enterprise extension, capitalised ops, filtered paths, "False" as a string, delete; groups by value', async () => {
    const ws = await scimWorkspace()
    const email = `Test_User_ab6490ee@${ws.domain}`
    expect((await ws.scim.get(`Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`)).body).toMatchObject({ totalResults: 0 })
    const created = await ws.scim.post('Users', {
      schemas: [USER, ENTERPRISE],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: email,
      active: true,
      emails: [{ primary: true, type: 'work', value: email }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
      [ENTERPRISE]: { department: 'Operations' },
    })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    const byExternal = await ws.scim.get(`Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`)
    expect(byExternal.body).toMatchObject({ totalResults: 1, Resources: [expect.objectContaining({ id })] })
    // A filter the store does not answer itself is still applied (by scim2-parse-filter), and pages count the matches.
    await ws.scim.post('Users', { schemas: [USER], userName: `other@${ws.domain}`, displayName: 'Someone Else' })
    expect((await ws.scim.get(`Users?filter=${encodeURIComponent('displayName eq "Someone Else"')}`)).body).toMatchObject({ totalResults: 1, Resources: [expect.objectContaining({ userName: `other@${ws.domain}` })] })
    expect((await ws.scim.get('Users?startIndex=2&count=1')).body).toMatchObject({ totalResults: 2, startIndex: 2, itemsPerPage: 1, Resources: [expect.objectContaining({ userName: `other@${ws.domain}` })] })
    const dup = await ws.scim.post('Users', { schemas: [USER], userName: email, emails: [{ value: email }] })
    expect(dup.status).toBe(409)
    expect(dup.body).toMatchObject({ scimType: 'uniqueness', status: '409' })

    const patched = await ws.scim.patch(`Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: email },
        { op: 'Add', path: 'name.givenName', value: 'Gina' },
        { op: 'Replace', path: 'displayName', value: 'Gina Given' },
      ],
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ displayName: 'Gina Given', name: { givenName: 'Gina' } })
    const moved = await ws.scim.patch(`Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: `other@${ws.domain}` }] })
    expect(moved.status).toBe(400)
    expect(moved.body).toMatchObject({ scimType: 'invalidValue' })

    const group = await ws.scim.post('Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', displayName: 'displayName', meta: { resourceType: 'Group' } })
    const gid = group.body.id as string
    await ws.scim.patch(`Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: id }] }] })
    expect((await ws.scim.get(`Groups?filter=${encodeURIComponent('displayName eq "displayName"')}&excludedAttributes=members`)).body).toMatchObject({ totalResults: 1 })
    await ws.scim.patch(`Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: id }] }] })
    expect((await ws.scim.get(`Groups/${gid}`)).body.members).toEqual([])

    const disabled = await ws.scim.patch(`Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })
    expect(disabled.body).toMatchObject({ active: false })
    expect(await memberOf(ws.ws.id, email.toLowerCase())).toBeNull()
    expect((await ws.scim.del(`Users/${id}`)).status).toBe(204)
    expect((await ws.scim.get(`Users/${id}`)).status).toBe(404)
    // The account itself stays (the person may belong to other workspaces); nothing they wrote is lost.
    expect((await env.t.db.select().from(users).where(eq(users.email, email.toLowerCase()))).length).toBe(1)
  })

  it('deprovisioning ends the person\'s sessions for the workspace and hands their touchpoints to their department for reassignment', async () => {
    const ws = await scimWorkspace()
    const email = `leaver@${ws.domain}`
    const created = await ws.scim.post('Users', { schemas: [USER], userName: email, emails: [{ value: email, primary: true }] })
    const [person] = await env.t.db.select().from(users).where(eq(users.email, email))
    const dept = await createDepartment(ws.admin, 'Billing')
    await inWorkspace(ws.ws.id, null, (tx) => tx.update(memberships).set({ departmentId: dept.id }).where(and(eq(memberships.workspaceId, ws.ws.id), eq(memberships.userId, person!.id))))
    const [tp] = await withDocument(ws.ws.id, catalogDocName(ws.ws.id), (d) => [addTouchpoint(d, { name: 'Invoice email', ownerUserId: person!.id }, ws.admin.userId)])
    await env.projector.idle()
    await env.t.db.insert(sessions).values({ sessionToken: `s-${n}`, userId: person!.id, expires: new Date(Date.now() + 86_400_000), method: 'sso', ssoConnectionId: ws.connectionId, ssoWorkspaceId: ws.ws.id })
    const off = await ws.scim.patch(`Users/${created.body.id as string}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })
    expect(off.status).toBe(200)
    expect(await env.t.db.select().from(sessions).where(eq(sessions.sessionToken, `s-${n}`))).toEqual([])
    await env.projector.idle()
    const [row] = await inWorkspace(ws.ws.id, null, (tx) => tx.select().from(touchpoints).where(eq(touchpoints.id, tp!)))
    expect(row).toMatchObject({ name: 'Invoice email', ownerUserId: null, ownerDepartmentId: dept.id })
  })

  it('a person SCIM created signs in through the same IdP without a confirmation; once deactivated, signing in does not bring them back', async () => {
    const ws = await scimWorkspace()
    const email = `sso-after-scim@${ws.domain}`
    const created = await ws.scim.post('Users', { schemas: [USER], userName: email, emails: [{ value: email, primary: true }] })
    const first = await saml.answer(ws.connectionId, { email })
    expect(first.location).toBe('/w/after')
    expect(first.token).toBeTruthy()
    const seen: string[] = []
    const stop = onMembershipChanged((c) => void (c.workspaceId === ws.ws.id && seen.push(c.userId)))
    await ws.scim.patch(`Users/${created.body.id as string}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] })
    stop()
    const [person] = await env.t.db.select().from(users).where(eq(users.email, email))
    // Live sockets hear of it (the realtime engine closes them on this event).
    expect(seen).toEqual([person!.id])
    expect(await env.t.db.select().from(sessions).where(eq(sessions.sessionToken, first.token!))).toEqual([])
    const again = await saml.answer(ws.connectionId, { email })
    expect(again.token).toBeTruthy()
    expect(await memberOf(ws.ws.id, email)).toBeNull()
  })

  it('an existing account (not made by this SCIM) still needs its holder to confirm the SSO link', async () => {
    const ws = await scimWorkspace()
    const existing = await makeUser(`already@${ws.domain}`)
    const created = await ws.scim.post('Users', { schemas: [USER], userName: existing.email })
    expect(created.status).toBe(201)
    const out = await saml.answer(ws.connectionId, { email: existing.email })
    expect(out.location).toMatch(/^\/signin\/link\//)
  })

  it('refuses wrong, revoked and other workspaces\' tokens, malformed filters and PATCH bodies, and addresses outside the held domains', async () => {
    const a = await scimWorkspace()
    const b = await scimWorkspace()
    const anonymous = await client(a.connectionId, null).get('Users')
    expect(anonymous.status).toBe(401)
    expect(anonymous.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Unauthorized' })
    expect((await client(a.connectionId, 'tm_scim_not-a-real-token-0123456789').get('Users')).status).toBe(401)
    expect((await client(b.connectionId, a.token).get('Users')).status).toBe(404)
    const filter = await a.scim.get(`Users?filter=${encodeURIComponent('userName eq')}`)
    expect(filter.status).toBe(400)
    expect(filter.body).toMatchObject({ scimType: 'invalidFilter' })
    expect((await a.scim.get(`Users?filter=${encodeURIComponent('password eq "x"')}`)).body).toMatchObject({ scimType: 'invalidFilter' })
    const u = await a.scim.post('Users', { schemas: [USER], userName: `p@${a.domain}` })
    expect((await a.scim.patch(`Users/${u.body.id as string}`, { schemas: [PATCH_OP] })).body).toMatchObject({ status: '400', scimType: 'invalidSyntax' })
    expect((await a.scim.patch(`Users/${u.body.id as string}`, { schemas: [PATCH_OP], Operations: [{ op: 'explode', path: 'x' }] })).body).toMatchObject({ status: '400' })
    expect((await a.scim.patch(`Users/${u.body.id as string}`, '{not json')).body).toMatchObject({ scimType: 'invalidSyntax' })
    expect((await a.scim.patch(`Users/${u.body.id as string}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'maybe' }] })).body).toMatchObject({ scimType: 'invalidValue' })
    const outside = await a.scim.post('Users', { schemas: [USER], userName: `eve@${b.domain}` })
    expect(outside.status).toBe(400)
    expect(outside.body).toMatchObject({ scimType: 'invalidValue' })
    expect(await memberOf(a.ws.id, `eve@${b.domain}`)).toBeNull()
    await revokeScimToken(a.admin, a.tokenId)
    expect((await a.scim.get('Users')).status).toBe(401)
  })

  it('answers the discovery endpoints', async () => {
    const ws = await scimWorkspace()
    expect((await ws.scim.get('ServiceProviderConfig')).body).toMatchObject({ patch: { supported: true }, filter: { supported: true }, bulk: { supported: false } })
    expect((await ws.scim.get('ResourceTypes')).body).toMatchObject({ totalResults: 2 })
    expect((await ws.scim.get('Schemas')).body).toMatchObject({ totalResults: 3 })
    expect((await ws.scim.get(`Schemas/${USER}`)).body).toMatchObject({ id: USER })
  })

  it('a burst past the limit gets 429 with Retry-After, and every request either provisioned a person or nothing', async () => {
    const ws = await scimWorkspace()
    setConfig({ ...config(), scimRequestsPerMinute: 40 })
    try {
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => ws.scim.post('Users', { schemas: [USER], userName: `burst${i}@${ws.domain}`, emails: [{ value: `burst${i}@${ws.domain}` }] })),
      )
      const created = results.filter((r) => r.status === 201)
      const limited = results.filter((r) => r.status === 429)
      expect(created.length + limited.length).toBe(60)
      expect(limited.length).toBeGreaterThanOrEqual(20)
      expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(limited[0]!.body).toMatchObject({ scimType: 'tooMany', status: '429' })
      const provisioned = await inWorkspace(ws.ws.id, null, (tx) => tx.select().from(memberships).where(eq(memberships.workspaceId, ws.ws.id)))
      expect(provisioned.length).toBe(5 + created.length)
    } finally {
      setConfig({ ...config(), scimRequestsPerMinute: base.scimRequestsPerMinute })
    }
  })
})
