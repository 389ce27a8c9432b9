import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sessions, users, verificationTokens } from '@/db/schema'
import { listActivity } from '@/lib/activity/list-activity'
import { config, setConfig } from '@/lib/config'
import { AuthClient } from '../support/auth-http'
import { ctxOf, makeUser, makeWorkspace, uniqueEmail } from '../support/fixtures'
import { clearMail, extractLink, waitForMail } from '../support/mail-client'
import { startMailServer } from '../support/mail-server'
import { openTestDatabase, type TestDb } from '../support/test-db'

let t: TestDb
let mail: Awaited<ReturnType<typeof startMailServer>>
const base = config()
beforeAll(async () => {
  t = await openTestDatabase()
  mail = await startMailServer()
  setConfig({ ...base, smtpUrl: mail.smtpUrl })
})
beforeEach(() => clearMail(mail.apiUrl))
afterAll(async () => {
  setConfig(base)
  await mail?.close()
  await t?.drop()
})

let ipCounter = 1
const freshIp = () => `198.51.100.${ipCounter++}`

async function linkFor(client: AuthClient, email: string, callbackUrl = '/'): Promise<string> {
  const r = await client.requestMagicLink(email, callbackUrl)
  expect(r.status).toBe(302)
  expect(r.headers.get('location')).toContain('/api/auth/verify-request')
  return extractLink(await waitForMail(mail.apiUrl, email, { subject: /sign-in link/ }), '/api/auth/callback/email')
}

describe('magic-link sign-in through Auth.js and a real SMTP server', () => {
  it('signs in with the emailed link, creates a revocable database session, and logs the sign-in', async () => {
    const email = uniqueEmail('first')
    const existing = await makeUser(email, 'First Person')
    const ws = await makeWorkspace(existing.id, 'Logged')
    const client = new AuthClient(freshIp())
    const link = await linkFor(client, email)
    const r = await client.get(link)
    expect(r.status).toBe(302)
    expect(new URL(r.headers.get('location')!).pathname).toBe('/')
    const token = client.sessionToken()
    expect(token).toBeTruthy()
    const [s] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, token!))
    expect(s).toMatchObject({ userId: existing.id, method: 'email', ip: client.ip, userAgent: 'vitest' })
    const [entry] = await listActivity(await ctxOf(existing.id, ws.id), { limit: 1 })
    expect(entry).toMatchObject({ action: 'auth.signed_in', data: { method: 'email', ip: client.ip } })
  })

  it('sends the person back to a path of the app only, whatever callbackUrl the sign-in request carried', async () => {
    for (const [callbackUrl, path] of [
      ['/w/acme/maps?x=1', '/w/acme/maps'],
      ['/\t/evil.example', '/'],
      ['https://evil.example/phish', '/'],
      ['//evil.example', '/'],
      ['/.//evil.example', '/'],
    ] as const) {
      const email = uniqueEmail('back')
      const client = new AuthClient(freshIp())
      const r = await client.get(await linkFor(client, email, callbackUrl))
      const location = new URL(r.headers.get('location')!)
      expect({ callbackUrl, origin: location.origin, path: location.pathname }).toEqual({ callbackUrl, origin: new URL(config().appUrl).origin, path })
    }
  })

  it('creates the account of a new person on first sign-in', async () => {
    const email = uniqueEmail('newcomer')
    const client = new AuthClient(freshIp())
    await client.get(await linkFor(client, email))
    const [u] = await t.db.select().from(users).where(eq(users.email, email))
    expect(u?.emailVerified).toBeInstanceOf(Date)
    expect(client.sessionToken()).toBeTruthy()
  })

  it('refuses a reused link, a link for another email, and an expired link', async () => {
    const email = uniqueEmail('careful')
    const client = new AuthClient(freshIp())
    const link = await linkFor(client, email)
    const tampered = new URL(link)
    tampered.searchParams.set('email', uniqueEmail('attacker'))
    const bad = await new AuthClient(freshIp()).get(tampered.toString())
    expect(bad.headers.get('location')).toContain('error=Verification')

    expect((await client.get(link)).headers.get('location')).not.toContain('error')
    const again = new AuthClient(freshIp())
    const reused = await again.get(link)
    expect(reused.headers.get('location')).toContain('error=Verification')
    expect(again.sessionToken()).toBeUndefined()

    const late = uniqueEmail('late')
    const lateClient = new AuthClient(freshIp())
    const lateLink = await linkFor(lateClient, late)
    await t.db.update(verificationTokens).set({ expires: new Date(Date.now() - 1000) }).where(eq(verificationTokens.identifier, late))
    const expired = await lateClient.get(lateLink)
    expect(expired.headers.get('location')).toContain('error=Verification')
    expect(lateClient.sessionToken()).toBeUndefined()
  })

  it('answers the same for an existing and an unknown account', async () => {
    const known = (await makeUser(uniqueEmail('known'))).email
    const a = await new AuthClient(freshIp()).requestMagicLink(known)
    const b = await new AuthClient(freshIp()).requestMagicLink(uniqueEmail('unknown'))
    expect([a.status, a.headers.get('location')]).toEqual([b.status, b.headers.get('location')])
  })

  it('rate limits sign-in requests per email and per IP with 429', async () => {
    setConfig({ ...config(), signInLimits: { perEmail: 3, perIp: 4 } })
    try {
      const email = uniqueEmail('hammer')
      const statuses: number[] = []
      for (let i = 0; i < 4; i++) statuses.push((await new AuthClient(freshIp()).requestMagicLink(email)).status)
      expect(statuses).toEqual([302, 302, 302, 429])

      const client = new AuthClient(freshIp())
      const perIp: number[] = []
      for (let i = 0; i < 5; i++) perIp.push((await client.requestMagicLink(uniqueEmail(`spray${i}`))).status)
      expect(perIp).toEqual([302, 302, 302, 302, 429])
      const r = await client.requestMagicLink(uniqueEmail('more'))
      expect(r.status).toBe(429)
      expect(r.headers.get('retry-after')).toBeTruthy()
      expect(await r.json()).not.toHaveProperty('exists')
    } finally {
      setConfig({ ...config(), signInLimits: base.signInLimits })
    }
  })

  it('refuses POSTs to Auth.js from another origin, a null origin, or none', async () => {
    const client = new AuthClient(freshIp())
    const csrfToken = await client.csrf()
    for (const origin of ['https://evil.example', 'null', null]) {
      const r = await client.post('/api/auth/signin/email', { email: uniqueEmail('x'), csrfToken }, origin)
      expect(r.status).toBe(403)
    }
  })
})
