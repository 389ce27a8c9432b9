/**
 * A real OpenID Connect provider for tests (oidc-provider 9), on loopback,
 * with a minimal login page a browser (or a test with fetch) can use:
 *
 *   GET  /interaction/:uid         login form: field `login` ("Subject or email"),
 *                                  button "Sign in"; consent is granted automatically
 *   POST /interaction/:uid/login   signs in as the account whose subject or email matches
 *   POST /interaction/:uid/abort   ends the flow with error=access_denied ("Cancel")
 *
 * Everything else (discovery at /.well-known/openid-configuration, /auth,
 * /token, /jwks, /me, /session/end...) is oidc-provider's.
 *
 * The issuer is `http://localhost:<port>` (listening on 127.0.0.1): use
 * localhost everywhere, or the browser keeps two sets of cookies.
 *
 * As its own process: `OIDC_IDP_OPTIONS='{"clients":[...],"accounts":{...}}'
 * [OIDC_IDP_PORT=...] npx tsx tests/support/oidc-idp.ts` prints one JSON line
 * `{"issuer":...,"port":...}` and runs until SIGINT/SIGTERM.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider, { type Adapter, type AdapterPayload, type ClientMetadata, type Configuration, type JWKS } from 'oidc-provider'
import { isMain } from './is-main'

export type OidcClient = {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  /** Default `client_secret_basic` (what Auth.js uses unless told otherwise). */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post'
}

export type OidcAccount = {
  email: string
  name: string
  /** Default true. */
  emailVerified?: boolean
}

export type OidcProviderOptions = {
  clients: OidcClient[]
  /** Keyed by subject (`sub`). */
  accounts: Record<string, OidcAccount>
  /** Fixed port; 0 (the default) picks a free one. */
  port?: number
}

export type OidcProviderHandle = {
  /** `http://localhost:<port>` */
  issuer: string
  port: number
  /** Registers another client (e.g. once the app's port is known). */
  addClient(client: OidcClient): Promise<void>
  /** Adds or replaces an account. */
  addAccount(subject: string, account: OidcAccount): void
  close(): Promise<void>
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

function clientMetadata(c: OidcClient): ClientMetadata {
  return {
    client_id: c.clientId,
    client_secret: c.clientSecret,
    redirect_uris: c.redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: c.tokenEndpointAuthMethod ?? 'client_secret_basic',
  }
}

/**
 * oidc-provider's own in-memory adapter is shared by every provider in the
 * process and warns on start; this one belongs to one provider instance.
 */
function memoryAdapter() {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>()
  const live = (k: string) => {
    const e = store.get(k)
    if (!e) return undefined
    if (e.expiresAt <= Date.now()) {
      store.delete(k)
      return undefined
    }
    return e.payload
  }
  const factory = (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`
    const findBy = (test: (p: AdapterPayload) => boolean) => {
      for (const k of store.keys()) {
        if (!k.startsWith(`${model}:`)) continue
        const p = live(k)
        if (p && test(p)) return p
      }
      return undefined
    }
    return {
      async upsert(id, payload, expiresIn) {
        store.set(key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity })
      },
      async find(id) {
        return live(key(id))
      },
      async findByUid(uid) {
        return findBy((p) => p.uid === uid)
      },
      async findByUserCode(userCode) {
        return findBy((p) => p.userCode === userCode)
      },
      async consume(id) {
        const p = live(key(id))
        if (p) p.consumed = Math.floor(Date.now() / 1000)
      },
      async destroy(id) {
        store.delete(key(id))
      },
      async revokeByGrantId(grantId) {
        for (const [k, e] of store) if (e.payload.grantId === grantId) store.delete(k)
      },
    }
  }
  return factory
}

function signingKeys(): JWKS {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = privateKey.export({ format: 'jwk' })
  return { keys: [{ ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' }] } as JWKS
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > 64 * 1024) throw new Error('form too large')
    chunks.push(chunk)
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

function page(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
      `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
  )
}

function loginPage(res: ServerResponse, uid: string, clientId: string, error?: string, value = '') {
  const base = `/interaction/${encodeURIComponent(uid)}`
  page(
    res,
    error ? 401 : 200,
    'Test identity provider: sign in',
    `<p>Signing in to <code>${escapeHtml(clientId)}</code>.</p>` +
      (error ? `<p role="alert">${escapeHtml(error)}</p>` : '') +
      `<form method="post" action="${base}/login" autocomplete="off">` +
      `<label for="login">Subject or email</label> ` +
      `<input id="login" name="login" type="text" required autofocus value="${escapeHtml(value)}"> ` +
      `<button type="submit">Sign in</button></form>` +
      `<form method="post" action="${base}/abort"><button type="submit">Cancel</button></form>`,
  )
}

export async function startOidcProvider(opts: OidcProviderOptions): Promise<OidcProviderHandle> {
  const accounts = new Map(Object.entries(opts.accounts))
  const adapter = memoryAdapter()

  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end()
  }
  const server = createServer((req, res) => handle(req, res))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const issuer = `http://localhost:${port}`

  const configuration: Configuration = {
    adapter,
    clients: opts.clients.map(clientMetadata),
    jwks: signingKeys(),
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub)
      if (!account) return undefined
      return {
        accountId: sub,
        async claims() {
          return { sub, email: account.email, email_verified: account.emailVerified ?? true, name: account.name }
        },
      }
    },
    scopes: ['openid', 'email', 'profile'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Put the scope's claims into the ID token itself (Auth.js reads the profile from there).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    cookies: {
      // Browsers share cookies across ports of one host: keep two providers on localhost apart.
      names: { session: `_op_session_${port}`, interaction: `_op_interaction_${port}`, resume: `_op_resume_${port}` },
      keys: [randomBytes(32).toString('base64url')],
    },
    ttl: { AccessToken: 3600, AuthorizationCode: 120, IdToken: 3600, Interaction: 600, Session: 86400, Grant: 86400 },
    clientBasedCORS: () => true,
    async renderError(ctx, out) {
      ctx.type = 'html'
      ctx.body =
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider: error</title></head>` +
        `<body><h1>Test identity provider: error</h1><pre id="error">${escapeHtml(JSON.stringify(out, null, 2))}</pre></body></html>`
    },
  }

  const provider = new Provider(issuer, configuration)
  const oidc = provider.callback()

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined) {
    const details = await provider.interactionDetails(req, res)
    if (details.uid !== uid) return page(res, 400, 'Interaction mismatch', '<p>This sign-in page is stale; start again.</p>')
    const clientId = String(details.params.client_id ?? '')
    const { prompt } = details

    if (action === 'abort' && req.method === 'POST') {
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' },
        { mergeWithLastSubmission: false },
      )
    }

    if (prompt.name === 'login') {
      if (action === undefined && req.method === 'GET') return loginPage(res, uid, clientId)
      if (action === 'login' && req.method === 'POST') {
        const login = ((await readForm(req)).get('login') ?? '').trim()
        const wanted = login.toLowerCase()
        const accountId = accounts.has(login)
          ? login
          : [...accounts].find(([, a]) => a.email.toLowerCase() === wanted)?.[0]
        if (!accountId) return loginPage(res, uid, clientId, `No account with the subject or email "${login}".`, login)
        return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false })
      }
    }

    if (prompt.name === 'consent') {
      // Grant whatever is asked for, no page.
      const accountId = details.session?.accountId
      if (!accountId) throw new Error('consent prompt without a signed-in session')
      const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined
      const grant = existing ?? new provider.Grant({ accountId, clientId })
      const d = prompt.details as {
        missingOIDCScope?: string[]
        missingOIDCClaims?: string[]
        missingResourceScopes?: Record<string, string[]>
      }
      if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '))
      if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims)
      for (const [indicator, scopes] of Object.entries(d.missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '))
      }
      const grantId = await grant.save()
      return provider.interactionFinished(req, res, { consent: existing ? {} : { grantId } }, { mergeWithLastSubmission: true })
    }

    return page(res, 400, 'Unexpected request', `<p>Prompt <code>${escapeHtml(prompt.name)}</code>, ${escapeHtml(req.method ?? '')} ${escapeHtml(action ?? '')}.</p>`)
  }

  const clientAdapter = adapter('Client')
  const addClient = async (client: OidcClient) => {
    await clientAdapter.upsert(client.clientId, clientMetadata(client) as AdapterPayload)
  }

  /** Test control from another process: POST /__admin/clients or /__admin/accounts with JSON. */
  async function admin(req: IncomingMessage, res: ServerResponse, what: string) {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as OidcClient & { subject: string } & OidcAccount
    if (what === 'clients') await addClient(body)
    else accounts.set(body.subject, { email: body.email, name: body.name, emailVerified: body.emailVerified })
    res.writeHead(204).end()
  }

  handle = (req, res) => {
    const { pathname } = new URL(req.url ?? '/', issuer)
    const adminPath = /^\/__admin\/(clients|accounts)$/.exec(pathname)
    if (adminPath && req.method === 'POST') {
      admin(req, res, adminPath[1]!).catch((err: unknown) => res.writeHead(400).end(String(err)))
      return
    }
    const m = /^\/interaction\/([^/]+)(?:\/(login|abort))?\/?$/.exec(pathname)
    if (!m) return oidc(req, res)
    interaction(req, res, decodeURIComponent(m[1]!), m[2]).catch((err: unknown) => {
      if (res.headersSent) return res.end()
      const e = err as { name?: string; message?: string; error_description?: string }
      page(res, 400, 'Test identity provider: interaction failed', `<pre id="error">${escapeHtml(`${e.name}: ${e.error_description ?? e.message}`)}</pre>`)
    })
  }

  return {
    issuer,
    port,
    addClient,
    addAccount(subject, account) {
      accounts.set(subject, account)
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}


if (isMain(import.meta.url)) {
  const raw = process.env.OIDC_IDP_OPTIONS ?? process.argv[2]
  if (!raw) {
    console.error('set OIDC_IDP_OPTIONS (or pass as the first argument) to JSON: {"clients":[...],"accounts":{...}}')
    process.exit(2)
  }
  const options = JSON.parse(raw) as OidcProviderOptions
  const idp = await startOidcProvider({ ...options, port: Number(process.env.OIDC_IDP_PORT ?? options.port ?? 0) })
  console.log(JSON.stringify({ issuer: idp.issuer, port: idp.port }))
  const stop = () => void idp.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
