import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessions } from '@/db/schema'
import { getMembership, type Principal } from '@/lib/auth/membership'
import { config, setConfig } from '@/lib/config'
import { ConflictError, ValidationError } from '@/lib/errors'
import { addDomain } from '@/lib/sso/domain-claims'
import { emailSignInRefused, setBreakGlassOwner, setDomainEnforcement } from '@/lib/sso/enforcement'
import { AuthClient } from '../support/auth-http'
import { startDnsServer, type TestDnsServer } from '../support/dns-server'
import { addMember, ctxOf, makeUser, makeWorkspace } from '../support/fixtures'
import { clearMail, listMail, waitForMail } from '../support/mail-client'
import { startMailServer } from '../support/mail-server'
import { samlFlow } from '../support/saml-flow'
import { startSamlIdp, type SamlIdpHandle } from '../support/saml-idp'
import { openTestDatabase, type TestDb } from '../support/test-db'

let t: TestDb
let idp: SamlIdpHandle
let dns: TestDnsServer
let mail: Awaited<ReturnType<typeof startMailServer>>
const base = config()
beforeAll(async () => {
  t = await openTestDatabase()
  idp = await startSamlIdp()
  dns = await startDnsServer()
  mail = await startMailServer()
  setConfig({ ...base, dnsServers: [dns.address], outboundAllowedAddresses: ['127.0.0.1', '::1'], ssoAllowHttpLoopback: true, smtpUrl: mail.smtpUrl })
})
afterAll(async () => {
  setConfig(base)
  await idp?.close()
  await dns?.close()
  await mail?.close()
  await t?.drop()
})

const saml = samlFlow(
  () => idp,
  () => dns,
)
let n = 0

/** Acme: owner and admin on the company domain, a second owner elsewhere (optional), a member; a SAML connection holding the domain. */
async function company(opts: { outsideOwner?: boolean } = {}) {
  const domain = `acme${++n}.test`
  const owner = await makeUser(`olive@${domain}`, 'Olive Owner')
  const ws = await makeWorkspace(owner.id, `Acme ${n}`)
  const admin = await makeUser(`ada@${domain}`, 'Ada Admin')
  await addMember(ws.id, admin.id, 'admin')
  const member = await makeUser(`mia@${domain}`, 'Mia Member')
  await addMember(ws.id, member.id, 'editor')
  const outsider = opts.outsideOwner ? await makeUser(`oscar${n}@partner.test`, 'Oscar Outside') : null
  if (outsider) await addMember(ws.id, outsider.id, 'owner')
  const adminCtx = await ctxOf(admin.id, ws.id)
  const ownerCtx = await ctxOf(owner.id, ws.id)
  const { connectionId, domainId } = await saml.connect(adminCtx, domain)
  return { domain, ws, owner, admin, member, outsider, adminCtx, ownerCtx, connectionId, domainId }
}

/** A sign-in as the membership check sees it. */
const signedIn = (userId: string, via: { connectionId: string; workspaceId: string } | null): Principal => ({
  user: { id: userId },
  ssoConnectionId: via?.connectionId ?? null,
  ssoWorkspaceId: via?.workspaceId ?? null,
})

async function emailSession(userId: string): Promise<string> {
  const token = `email-${userId}-${Math.random()}`
  await t.db.insert(sessions).values({ sessionToken: token, userId, expires: new Date(Date.now() + 86_400_000), method: 'email' })
  return token
}
const sessionExists = async (token: string) => (await t.db.select().from(sessions).where(eq(sessions.sessionToken, token))).length === 1

describe('SSO enforcement for a DNS-proven domain', () => {
  it('cannot lock out every owner: refused until an owner is break-glass', async () => {
    const c = await company()
    const attempt = setDomainEnforcement(c.ownerCtx, { domainId: c.domainId, enforced: true, confirmSelf: true, currentConnectionId: null })
    await expect(attempt).rejects.toBeInstanceOf(ConflictError)
    await expect(attempt).rejects.toThrow(/no owner who can sign in without your identity provider/)
    // With the owner as break-glass it can be saved; and break-glass cannot then be taken away.
    await setBreakGlassOwner(c.ownerCtx, c.owner.id)
    await setDomainEnforcement(c.ownerCtx, { domainId: c.domainId, enforced: true, confirmSelf: false, currentConnectionId: null })
    await expect(setBreakGlassOwner(c.ownerCtx, null)).rejects.toBeInstanceOf(ConflictError)
  })

  it('warns the admin who would lock themselves out, and ends the email sessions of the domain\'s members (not the break-glass owner\'s)', async () => {
    const c = await company()
    await setBreakGlassOwner(c.ownerCtx, c.owner.id)
    const adminSession = await emailSession(c.admin.id)
    const memberSession = await emailSession(c.member.id)
    const ownerSession = await emailSession(c.owner.id)
    const warned = await setDomainEnforcement(c.adminCtx, { domainId: c.domainId, enforced: true, confirmSelf: false, currentConnectionId: null }).catch((e: unknown) => e)
    expect(warned).toBeInstanceOf(ValidationError)
    expect((warned as ValidationError).fieldErrors.confirmSelf?.[0]).toMatch(/your session ends/)
    expect(await sessionExists(adminSession)).toBe(true)
    const out = await setDomainEnforcement(c.adminCtx, { domainId: c.domainId, enforced: true, confirmSelf: true, currentConnectionId: null })
    expect(out.sessionsEnded).toBe(2)
    expect(await sessionExists(adminSession)).toBe(false)
    expect(await sessionExists(memberSession)).toBe(false)
    expect(await sessionExists(ownerSession)).toBe(true)
  })

  it('opens the workspace only to sign-ins through the enforcing connection; an email link, an old session and another connection are refused', async () => {
    const c = await company({ outsideOwner: true })
    const other = await company()
    await setDomainEnforcement(c.adminCtx, { domainId: c.domainId, enforced: true, confirmSelf: true, currentConnectionId: null })
    const ws = { id: c.ws.id }
    // A colleague through the enforcing SAML connection: in (joined on the way).
    const viaSaml = await saml.answer(c.connectionId, { email: `nico@${c.domain}` })
    expect(viaSaml.token).toBeTruthy()
    const [s] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, viaSaml.token!))
    expect(await getMembership(signedIn(s!.userId, { connectionId: c.connectionId, workspaceId: c.ws.id }), ws)).not.toBeNull()
    expect(await getMembership(signedIn(c.member.id, { connectionId: c.connectionId, workspaceId: c.ws.id }), ws)).not.toBeNull()
    // By email link, or a session from another connection: out.
    expect(await getMembership(signedIn(s!.userId, null), ws)).toBeNull()
    expect(await getMembership(signedIn(c.member.id, null), ws)).toBeNull()
    expect(await getMembership(signedIn(c.member.id, { connectionId: other.connectionId, workspaceId: c.ws.id }), ws)).toBeNull()
    // The outside owner's domain is not enforced: an email link still opens it.
    expect(await getMembership(signedIn(c.outsider!.id, null), ws)).not.toBeNull()
    // Server code acting for a person is not a sign-in.
    expect(await getMembership({ user: { id: c.member.id }, ssoWorkspaceId: null }, ws)).not.toBeNull()
  })

  it('refuses an email link for an enforced address, and sends none (the break-glass owner still gets one)', async () => {
    const c = await company()
    await setBreakGlassOwner(c.ownerCtx, c.owner.id)
    await setDomainEnforcement(c.ownerCtx, { domainId: c.domainId, enforced: true, confirmSelf: false, currentConnectionId: null })
    expect(await emailSignInRefused(c.member.email)).toBe(true)
    expect(await emailSignInRefused(`newcomer@${c.domain}`)).toBe(true)
    expect(await emailSignInRefused(c.owner.email)).toBe(false)
    await clearMail(mail.apiUrl)
    // Through Auth.js itself (a link asked for outside the form, or an old one followed): refused at its signIn callback.
    const client = new AuthClient('192.0.2.77')
    const res = await client.requestMagicLink(c.member.email)
    expect(res.headers.get('location')).toContain('error=sso_required')
    const glass = await new AuthClient('192.0.2.78').requestMagicLink(c.owner.email)
    expect(glass.headers.get('location')).not.toContain('error=')
    expect(await waitForMail(mail.apiUrl, c.owner.email)).toBeTruthy()
    expect(await listMail(mail.apiUrl, c.member.email)).toEqual([])
  })

  it('cannot be required for a domain that is not proven by DNS', async () => {
    const c = await company()
    const pending = await addDomain(c.ownerCtx, c.connectionId, `pending${n}.test`)
    const err = await setDomainEnforcement(c.ownerCtx, { domainId: pending.id, enforced: true, confirmSelf: true, currentConnectionId: null }).catch((e: unknown) => e)
    expect((err as ValidationError).fieldErrors).toEqual({ enforced: [expect.stringContaining('Prove this domain by DNS')] })
  })
})
