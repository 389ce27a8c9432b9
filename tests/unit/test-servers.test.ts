/**
 * Self-check of the test-support servers (tests/support): the SMTP sink, the
 * oidc-provider IdP (a full code + PKCE flow with plain fetch) and the rogue
 * IdP in each of its modes.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose'
import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clearMail, extractLink, listMail, waitForMail, type Mail } from '@/tests/support/mail-client'
import { startMailServer, type MailServer } from '@/tests/support/mail-server'
import { startOidcProvider, type OidcProviderHandle } from '@/tests/support/oidc-idp'
import { ROGUE_WRONG_AUDIENCE, ROGUE_WRONG_ISSUER, startRogueIdp, type RogueIdp, type RogueMode } from '@/tests/support/rogue-idp'

/** Just enough of a cookie jar for one host (cookies of every path are sent). */
class Jar {
  private cookies = new Map<string, string>()
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attrs.some((a) => {
        const [k = '', v = ''] = a.split('=').map((s) => s.trim())
        return (k.toLowerCase() === 'max-age' && Number(v) <= 0) || (k.toLowerCase() === 'expires' && Date.parse(v) < Date.now())
      })
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
}

const pkcePair = () => {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

const discovery = async (issuer: string) => {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`)
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, string> & { issuer: string; jwks_uri: string; token_endpoint: string; authorization_endpoint: string }
}

describe('mail server', () => {
  let mail: MailServer
  beforeAll(async () => {
    mail = await startMailServer()
  })
  afterAll(async () => {
    await mail?.close()
  })

  it('receives a message over SMTP and hands it back over HTTP', async () => {
    const before = new Date()
    const transport = nodemailer.createTransport(mail.smtpUrl)
    const waiting = waitForMail(mail.apiUrl, 'alice@example.test', { subject: /invited/, after: before, timeoutMs: 5000 })
    await transport.sendMail({
      from: 'Touchmap <no-reply@touchmap.test>',
      to: 'Alice@Example.test',
      cc: 'bob@example.test',
      subject: 'You are invited',
      text: 'Hello,\nopen http://localhost:3000/other and http://localhost:3000/invite/abc123?x=1.\nBye',
      html: '<p><a href="http://localhost:3000/invite/abc123?x=1&amp;y=2">Join</a></p>',
    })
    transport.close()
    const got: Mail = await waiting
    // Envelope recipients (nodemailer lower-cases the domain part).
    expect(got.to.map((a) => a.toLowerCase())).toEqual(['alice@example.test', 'bob@example.test'])
    expect(got.from).toContain('no-reply@touchmap.test')
    expect(got.subject).toBe('You are invited')
    expect(got.html).toContain('Join')
    expect(Date.parse(got.date)).toBeGreaterThanOrEqual(before.getTime())
    expect(extractLink(got, '/invite/')).toBe('http://localhost:3000/invite/abc123?x=1')
    expect(() => extractLink(got, '/reset/')).toThrow(/no link with a path starting with "\/reset\/"/)
    expect(await listMail(mail.apiUrl, 'BOB@example.test')).toHaveLength(1)
    expect(await listMail(mail.apiUrl, 'carol@example.test')).toHaveLength(0)
    await expect(waitForMail(mail.apiUrl, 'alice@example.test', { subject: /nothing like this/, timeoutMs: 300 })).rejects.toThrow(
      /no mail to alice@example.test/,
    )
    await clearMail(mail.apiUrl)
    expect(await listMail(mail.apiUrl)).toHaveLength(0)
  })
})

describe('oidc-provider IdP', () => {
  const client = { clientId: 'touchmap', clientSecret: 's3cret-s3cret-s3cret-s3cret', redirectUris: ['http://localhost:3999/api/auth/callback/sso'] }
  let idp: OidcProviderHandle
  beforeAll(async () => {
    idp = await startOidcProvider({
      clients: [client],
      accounts: { 'sub-alice': { email: 'alice@acme.test', name: 'Alice Acme' } },
    })
  })
  afterAll(async () => {
    await idp?.close()
  })

  it('publishes discovery and JWKS on http://localhost', async () => {
    expect(idp.issuer).toBe(`http://localhost:${idp.port}`)
    const d = await discovery(idp.issuer)
    expect(d.issuer).toBe(idp.issuer)
    expect(d.code_challenge_methods_supported).toContain('S256')
    expect(d.scopes_supported).toEqual(expect.arrayContaining(['openid', 'email', 'profile']))
    const jwks = (await (await fetch(d.jwks_uri)).json()) as { keys: { kty: string; alg: string; d?: string }[] }
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' })
    expect(jwks.keys[0]!.d).toBeUndefined()
  })

  async function signIn(login: string, opts: { redirectUri?: string; clientId?: string } = {}) {
    const d = await discovery(idp.issuer)
    const jar = new Jar()
    const { verifier, challenge } = pkcePair()
    const state = randomBytes(8).toString('hex')
    const nonce = randomBytes(8).toString('hex')
    const redirectUri = opts.redirectUri ?? client.redirectUris[0]!
    const auth = new URL(d.authorization_endpoint)
    auth.search = new URLSearchParams({
      client_id: opts.clientId ?? client.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()

    const go = async (url: string, init: RequestInit = {}) => {
      const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: jar.header() } })
      jar.take(res)
      return res
    }
    let res = await go(auth.href)
    let loginForms = 0
    let formError = ''
    for (let hops = 0; hops < 12; hops++) {
      if (res.status >= 300 && res.status < 400) {
        const next = new URL(res.headers.get('location')!, res.url || idp.issuer)
        if (next.href.startsWith(redirectUri)) {
          return { callback: next, state, nonce, verifier, loginForms, redirectUri }
        }
        res = await go(next.href)
        continue
      }
      const html = await res.text()
      const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1]
      if (!action) throw new Error(`expected a login form or a redirect, got ${res.status}: ${html}`)
      if (res.status === 401) {
        formError = html
        break
      }
      expect(html).toMatch(/<label for="login">Subject or email<\/label>/)
      expect(html).toMatch(/<button type="submit">Sign in<\/button>/)
      loginForms++
      res = await go(new URL(action, idp.issuer).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login }).toString(),
      })
    }
    return { formError }
  }

  it('signs a user in with code + PKCE, and the ID token carries nonce, email and name', async () => {
    const flow = await signIn('Alice@ACME.test')
    if (!('callback' in flow) || !flow.callback) throw new Error(`no callback: ${JSON.stringify(flow)}`)
    expect(flow.loginForms).toBe(1)
    const { callback } = flow
    expect(callback.searchParams.get('state')).toBe(flow.state)
    expect(callback.searchParams.get('iss')).toBe(idp.issuer)
    const code = callback.searchParams.get('code')
    expect(code).toBeTruthy()

    const d = await discovery(idp.issuer)
    const tokenRes = await fetch(d.token_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: flow.redirectUri, code_verifier: flow.verifier }),
    })
    const tokens = (await tokenRes.json()) as { id_token: string; access_token: string; token_type: string }
    expect(tokenRes.status, JSON.stringify(tokens)).toBe(200)
    expect(tokens.token_type).toBe('Bearer')
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(d.jwks_uri)), {
      issuer: idp.issuer,
      audience: client.clientId,
    })
    expect(protectedHeader.alg).toBe('RS256')
    expect(payload).toMatchObject({ sub: 'sub-alice', nonce: flow.nonce, email: 'alice@acme.test', email_verified: true, name: 'Alice Acme' })

    // The code is single-use.
    const again = await fetch(d.token_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: flow.redirectUri, code_verifier: flow.verifier }),
    })
    expect(again.status).toBe(400)
  })

  it('rejects an unknown login on the form, and accepts a client added later', async () => {
    const bad = await signIn('nobody@acme.test')
    expect('formError' in bad && bad.formError).toMatch(/No account with the subject or email/)

    await idp.addClient({ clientId: 'late', clientSecret: 'late-secret-late-secret', redirectUris: ['http://localhost:4001/cb'] })
    idp.addAccount('sub-bob', { email: 'bob@acme.test', name: 'Bob' })
    const flow = await signIn('sub-bob', { clientId: 'late', redirectUri: 'http://localhost:4001/cb' })
    expect('callback' in flow && flow.callback?.searchParams.get('code')).toBeTruthy()
  })
})

describe('rogue IdP', () => {
  const opts = { clientId: 'touchmap', email: 'victim@acme.test', subject: 'rogue-sub' }
  let rogue: RogueIdp
  beforeAll(async () => {
    rogue = await startRogueIdp(opts)
  })
  afterAll(async () => {
    await rogue?.close()
  })

  async function tokenFor(mode: RogueMode, authMethod: 'basic' | 'post') {
    rogue.set(mode, mode === 'foreign_email' ? { email: 'ceo@other-tenant.test' } : undefined)
    const d = await discovery(rogue.issuer)
    const { verifier, challenge } = pkcePair()
    const nonce = randomBytes(8).toString('hex')
    const redirectUri = 'http://localhost:3999/api/auth/callback/rogue'
    const auth = new URL(d.authorization_endpoint)
    auth.search = new URLSearchParams({
      client_id: opts.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email profile',
      state: 'st-1',
      nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()
    const res = await fetch(auth, { redirect: 'manual' })
    expect(res.status).toBe(302)
    const back = new URL(res.headers.get('location')!)
    expect(back.origin + back.pathname).toBe(redirectUri)
    expect(back.searchParams.get('state')).toBe('st-1')
    const body = new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: verifier })
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
    if (authMethod === 'basic') headers.authorization = `Basic ${Buffer.from(`${opts.clientId}:anything`).toString('base64')}`
    else {
      body.set('client_id', opts.clientId)
      body.set('client_secret', 'whatever')
    }
    const tokenRes = await fetch(d.token_endpoint, { method: 'POST', headers, body })
    const tokens = (await tokenRes.json()) as { id_token: string; access_token: string }
    expect(tokenRes.status, JSON.stringify(tokens)).toBe(200)
    return { d, nonce, tokens, claims: decodeJwt(tokens.id_token) }
  }

  it('publishes discovery and JWKS, and issues a correct, verifiable token in good mode', async () => {
    const { d, nonce, tokens } = await tokenFor('good', 'basic')
    expect(d.issuer).toBe(rogue.issuer)
    const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(d.jwks_uri)), {
      issuer: rogue.issuer,
      audience: opts.clientId,
    })
    expect(payload).toMatchObject({ sub: 'rogue-sub', nonce, email: 'victim@acme.test', email_verified: true })
    const info = await fetch(d.userinfo_endpoint!, { headers: { authorization: `Bearer ${tokens.access_token}` } })
    expect(await info.json()).toMatchObject({ sub: 'rogue-sub', email: 'victim@acme.test' })
  })

  it('breaks exactly one claim per mode', async () => {
    const good = (await tokenFor('good', 'post')).claims
    const expectOthersGood = (c: Record<string, unknown>, except: string) => {
      for (const k of ['iss', 'aud', 'sub', 'email']) if (k !== except) expect(c[k], k).toEqual(good[k])
    }

    const wi = await tokenFor('wrong_issuer', 'post')
    expect(wi.claims.iss).toBe(ROGUE_WRONG_ISSUER)
    expect(wi.claims.nonce).toBe(wi.nonce)
    expectOthersGood(wi.claims, 'iss')

    const wa = await tokenFor('wrong_audience', 'basic')
    expect(wa.claims.aud).toBe(ROGUE_WRONG_AUDIENCE)
    expect(wa.claims.nonce).toBe(wa.nonce)
    expectOthersGood(wa.claims, 'aud')

    const wn = await tokenFor('wrong_nonce', 'basic')
    expect(wn.claims.nonce).toBeTruthy()
    expect(wn.claims.nonce).not.toBe(wn.nonce)
    expectOthersGood(wn.claims, 'nonce')

    const fe = await tokenFor('foreign_email', 'post')
    expect(fe.claims.email).toBe('ceo@other-tenant.test')
    expect(fe.claims.nonce).toBe(fe.nonce)
    expectOthersGood(fe.claims, 'email')
    const info = await fetch(fe.d.userinfo_endpoint!, { headers: { authorization: `Bearer ${fe.tokens.access_token}` } })
    expect(await info.json()).toMatchObject({ email: 'ceo@other-tenant.test' })

    expect(() => rogue.set('foreign_email')).toThrow(/extra.email/)
    rogue.set('good')
  })
})
