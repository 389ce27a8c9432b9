/**
 * A deliberately misbehaving OpenID provider for attack tests: a plain
 * node:http server with RS256-signed ID tokens (jose). It signs the user in
 * with no page at all: /authorize redirects straight back with a code.
 *
 * Modes (switch any time with `set`; each breaks exactly one thing):
 *   good            correct ID token and userinfo
 *   wrong_issuer    `iss` is another issuer
 *   wrong_audience  `aud` is another client
 *   wrong_nonce     `nonce` is not the one from the authorization request
 *   foreign_email   `email` (ID token and userinfo) is `extra.email`
 *   wrong_key       the ID token is signed with a key the JWKS does not publish
 *   alg_none        the ID token is unsigned (`alg: none`)
 *   expired         the ID token expired ten minutes ago
 *   email_unverified  `email_verified: false`
 *   email_verified_absent  no `email_verified` claim at all
 *
 * `endpoints` (option, or `setEndpoints`) replaces URLs in the discovery
 * document, e.g. a token endpoint on an internal address.
 * Endpoints: /.well-known/openid-configuration, /jwks, /authorize, /token
 * (client_secret_basic or client_secret_post, any secret, PKCE S256 checked
 * when a challenge was sent), /userinfo; plus `POST /__mode` with JSON
 * `{"mode":..., "email":...}` to switch modes from another process.
 *
 * As its own process: `ROGUE_IDP_OPTIONS='{"clientId":...,"email":...,"subject":...}'
 * [ROGUE_IDP_PORT=...] npx tsx tests/support/rogue-idp.ts` prints
 * `{"issuer":...,"port":...}` and runs until SIGINT/SIGTERM.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { isMain } from './is-main'

export type RogueMode =
  | 'good'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'wrong_nonce'
  | 'foreign_email'
  | 'wrong_key'
  | 'alg_none'
  | 'expired'
  | 'email_unverified'
  | 'email_verified_absent'
export const ROGUE_MODES: readonly RogueMode[] = [
  'good',
  'wrong_issuer',
  'wrong_audience',
  'wrong_nonce',
  'foreign_email',
  'wrong_key',
  'alg_none',
  'expired',
  'email_unverified',
  'email_verified_absent',
]

export type RogueEndpoints = Partial<Record<'token_endpoint' | 'userinfo_endpoint' | 'jwks_uri' | 'authorization_endpoint', string>>

export type RogueIdpOptions = {
  clientId: string
  email: string
  subject: string
  /** Default `Rogue User`. */
  name?: string
  /** Fixed port; 0 (the default) picks a free one. */
  port?: number
  endpoints?: RogueEndpoints
}

export type RogueIdp = {
  /** `http://localhost:<port>` */
  issuer: string
  port: number
  set(mode: RogueMode, extra?: { email?: string }): void
  setEndpoints(endpoints: RogueEndpoints): void
  /** Requests the IdP received, by path. */
  hits: Map<string, number>
  close(): Promise<void>
}

/** The `iss` used in wrong_issuer mode and the `aud` used in wrong_audience mode. */
export const ROGUE_WRONG_ISSUER = 'https://attacker.example'
export const ROGUE_WRONG_AUDIENCE = 'some-other-client'

type PendingCode = {
  clientId: string
  redirectUri: string
  nonce?: string
  codeChallenge?: string
  codeChallengeMethod?: string
  scope: string
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))

export async function startRogueIdp(opts: RogueIdpOptions): Promise<RogueIdp> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const other = await generateKeyPair('RS256', { extractable: true })
  const kid = randomUUID()
  let endpoints: RogueEndpoints = opts.endpoints ?? {}
  const hits = new Map<string, number>()
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] }

  let mode: RogueMode = 'good'
  let foreignEmail: string | undefined
  const codes = new Map<string, PendingCode>()
  const accessTokens = new Map<string, { email: string }>()

  const set = (next: RogueMode, extra?: { email?: string }) => {
    if (!ROGUE_MODES.includes(next)) throw new Error(`rogue-idp: unknown mode ${String(next)}`)
    if (next === 'foreign_email' && !extra?.email) throw new Error("rogue-idp: mode 'foreign_email' needs extra.email")
    mode = next
    foreignEmail = next === 'foreign_email' ? extra?.email : undefined
  }

  let issuer = ''
  const emailNow = () => (mode === 'foreign_email' && foreignEmail ? foreignEmail : opts.email)

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers })
    res.end(JSON.stringify(body))
  }
  const oauthError = (res: ServerResponse, status: number, error: string, description: string) =>
    json(res, status, { error, error_description: description })

  async function token(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams(await readBody(req))
    let clientId = form.get('client_id') ?? undefined
    const auth = req.headers.authorization
    if (auth?.startsWith('Basic ')) {
      const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      clientId = formDecode(colon === -1 ? decoded : decoded.slice(0, colon))
    }
    // Any secret will do: it is rogue. The client id still has to be ours.
    if (clientId !== opts.clientId) return oauthError(res, 401, 'invalid_client', `unknown client ${clientId ?? '(none)'}`)
    if (form.get('grant_type') !== 'authorization_code') return oauthError(res, 400, 'unsupported_grant_type', 'only authorization_code')
    const code = form.get('code') ?? ''
    const pending = codes.get(code)
    codes.delete(code)
    if (!pending) return oauthError(res, 400, 'invalid_grant', 'unknown or used code')
    if (form.get('redirect_uri') !== pending.redirectUri) return oauthError(res, 400, 'invalid_grant', 'redirect_uri mismatch')
    if (pending.codeChallenge) {
      const verifier = form.get('code_verifier') ?? ''
      const computed =
        pending.codeChallengeMethod === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url')
      if (computed !== pending.codeChallenge) return oauthError(res, 400, 'invalid_grant', 'PKCE verification failed')
    }

    const email = emailNow()
    const now = Math.floor(Date.now() / 1000) - (mode === 'expired' ? 1200 : 0)
    const claims: Record<string, unknown> = {
      email,
      email_verified: mode !== 'email_unverified',
      name: opts.name ?? 'Rogue User',
      nonce: mode === 'wrong_nonce' ? randomBytes(16).toString('base64url') : pending.nonce,
      auth_time: now,
    }
    if (claims.nonce === undefined) delete claims.nonce
    if (mode === 'email_verified_absent') delete claims.email_verified
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(mode === 'wrong_issuer' ? ROGUE_WRONG_ISSUER : issuer)
      .setAudience(mode === 'wrong_audience' ? ROGUE_WRONG_AUDIENCE : opts.clientId)
      .setSubject(opts.subject)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
    let idToken = await jwt.sign(mode === 'wrong_key' ? other.privateKey : privateKey)
    if (mode === 'alg_none') {
      const [, payload] = idToken.split('.')
      idToken = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`
    }
    const accessToken = randomBytes(24).toString('base64url')
    accessTokens.set(accessToken, { email })
    json(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 600, id_token: idToken, scope: pending.scope })
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', issuer)
    const method = req.method ?? 'GET'
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1)
    switch (url.pathname) {
      case '/.well-known/openid-configuration':
        return json(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          ...endpoints,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256', 'none'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          code_challenge_methods_supported: ['S256'],
          scopes_supported: ['openid', 'email', 'profile'],
          claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'email', 'email_verified', 'name'],
        })
      case '/jwks':
        return json(res, 200, jwks)
      case '/authorize': {
        const p = url.searchParams
        const redirectUri = p.get('redirect_uri')
        if (!redirectUri || !URL.canParse(redirectUri)) return oauthError(res, 400, 'invalid_request', 'redirect_uri missing or invalid')
        const code = randomBytes(24).toString('base64url')
        codes.set(code, {
          clientId: p.get('client_id') ?? '',
          redirectUri,
          nonce: p.get('nonce') ?? undefined,
          codeChallenge: p.get('code_challenge') ?? undefined,
          codeChallengeMethod: p.get('code_challenge_method') ?? undefined,
          scope: p.get('scope') ?? 'openid',
        })
        const back = new URL(redirectUri)
        back.searchParams.set('code', code)
        const state = p.get('state')
        if (state !== null) back.searchParams.set('state', state)
        res.writeHead(302, { location: back.href, 'cache-control': 'no-store' })
        return res.end()
      }
      case '/token':
        if (method !== 'POST') return oauthError(res, 405, 'invalid_request', 'POST only')
        return token(req, res)
      case '/userinfo': {
        const auth = req.headers.authorization ?? ''
        const at = auth.startsWith('Bearer ') ? accessTokens.get(auth.slice(7)) : undefined
        if (!at) return json(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' })
        return json(res, 200, { sub: opts.subject, email: emailNow(), email_verified: mode !== 'email_unverified', name: opts.name ?? 'Rogue User' })
      }
      case '/__mode': {
        if (method !== 'POST') return json(res, 405, { error: 'POST only' })
        const body = JSON.parse((await readBody(req)) || '{}') as { mode: RogueMode; email?: string }
        set(body.mode, { email: body.email })
        return json(res, 200, { mode })
      }
      default:
        return json(res, 404, { error: 'not found' })
    }
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.end()
      json(res, 500, { error: 'server_error', error_description: err instanceof Error ? err.message : String(err) })
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  issuer = `http://localhost:${port}`

  return {
    issuer,
    port,
    set,
    setEndpoints(next) {
      endpoints = next
    },
    hits,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}


if (isMain(import.meta.url)) {
  const raw = process.env.ROGUE_IDP_OPTIONS ?? process.argv[2]
  if (!raw) {
    console.error('set ROGUE_IDP_OPTIONS (or pass as the first argument) to JSON: {"clientId":...,"email":...,"subject":...}')
    process.exit(2)
  }
  const options = JSON.parse(raw) as RogueIdpOptions
  const idp = await startRogueIdp({ ...options, port: Number(process.env.ROGUE_IDP_PORT ?? options.port ?? 0) })
  console.log(JSON.stringify({ issuer: idp.issuer, port: idp.port }))
  const stop = () => void idp.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
