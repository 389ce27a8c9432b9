import { AsyncLocalStorage } from 'node:async_hooks'
import { DrizzleAdapter } from '@auth/drizzle-adapter'
import NextAuth, { customFetch, type NextAuthConfig } from 'next-auth'
import type { Adapter, AdapterAccount } from 'next-auth/adapters'
import type { Provider } from 'next-auth/providers'
import { accounts, sessions, users, verificationTokens } from '@/db/schema'
import { config } from '@/lib/config'
import { database } from '@/lib/db'
import { parseEmail } from '@/lib/email/parse-email'
import { safeCallbackPath } from '@/lib/http/safe-redirect'
import { log } from '@/lib/log'
import { linkEmail, sendMail } from '@/lib/mail/send-mail'
import { guardedFetch } from '@/lib/net/guarded-fetch'
import { decideSsoSignIn } from '@/lib/sso/decide-sign-in'
import { emailSignInRefused } from '@/lib/sso/enforcement'
import { createLinkRequest, linkCookie, linkIdentity } from '@/lib/sso/link-requests'
import { markSignedIn } from '@/lib/sso/connection-status'
import { identityProvider, loadSsoConnection, SSO_PROVIDER_PREFIX, type LoadedSsoConnection } from '@/lib/sso/load-connection'
import { verifyIdToken } from '@/lib/sso/oidc-metadata'
import { recordSsoRefusal, refusalOfAuthError } from '@/lib/sso/refusals'
import { describeAuthError } from '@/lib/auth/describe-auth-error'
import { afterSignIn } from './after-sign-in'
import { SESSION_DAYS } from './create-session'
import { clientIp } from './client-ip'
import { requestCookie, sessionOfRequest } from './current-session'
import { addResponseCookie } from './response-cookies'

export const MAGIC_LINK_MINUTES = 15

/**
 * The SSO connection a server action is starting a sign-in for. Auth.js
 * resolves its configuration without a request inside server actions, so the
 * action names the connection here (lib/sso/start-sso.ts).
 */
export const ssoSignInScope = new AsyncLocalStorage<{ connectionId: string }>()

const SSO_PATH = new RegExp(`/api/auth/(?:signin|callback)/${SSO_PROVIDER_PREFIX}([0-9a-f-]{36})(?:[/?]|$)`, 'i')
const CALLBACK_COOKIES = ['__Secure-authjs.callback-url', 'authjs.callback-url']

function ssoProvider(c: LoadedSsoConnection): Provider {
  return {
    id: `${SSO_PROVIDER_PREFIX}${c.id}`,
    name: c.name,
    type: 'oidc',
    issuer: c.issuer,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    checks: ['pkce', 'state', 'nonce'],
    authorization: { params: { scope: 'openid email profile' } },
    // Whether an identity may attach to an existing account is decided by lib/sso/decide-sign-in.ts, and only after the holder confirms.
    allowDangerousEmailAccountLinking: false,
    // Discovery, token, keys and user info: every request to the IdP goes through the guarded client.
    [customFetch]: guardedFetch,
    token: {
      // The ID token from the token endpoint is verified against the issuer's keys before Auth.js reads it.
      async conform(response: Response) {
        if (!response.ok) return response
        const body = (await response.clone().json().catch(() => null)) as { id_token?: unknown } | null
        await verifyIdToken(c, body?.id_token)
        return response
      },
    },
    profile(p: Record<string, unknown>) {
      const email = typeof p.email === 'string' ? (parseEmail(p.email)?.address ?? '') : ''
      return { id: String(p.sub), email, name: typeof p.name === 'string' ? p.name.slice(0, 200) : email }
    },
  } as Provider
}

/** The Drizzle adapter, with SSO identities keyed by connection and sessions that remember where they came from. */
function adapter(db: Awaited<ReturnType<typeof database>>, sso: LoadedSsoConnection | null, req: Request | undefined): Adapter {
  const base = DrizzleAdapter(db as never, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  } as never) as Adapter
  const mapProvider = (provider: string) => (sso && provider === `${SSO_PROVIDER_PREFIX}${sso.id}` ? identityProvider(sso.id) : provider)
  const viaSso = Boolean(sso && req && SSO_PATH.test(new URL(req.url).pathname))
  return {
    ...base,
    getUserByAccount: (a) => base.getUserByAccount!({ ...a, provider: mapProvider(a.provider) }),
    linkAccount: (a: AdapterAccount) => base.linkAccount!({ ...a, provider: mapProvider(a.provider) }),
    createSession: async (s) => {
      const [row] = await db
        .insert(sessions)
        .values({
          ...s,
          userAgent: req?.headers.get('user-agent')?.slice(0, 300) ?? null,
          ip: req ? clientIp(req.headers) : null,
          method: viaSso ? 'sso' : 'email',
          ssoConnectionId: viaSso ? sso!.id : null,
          ssoWorkspaceId: viaSso ? sso!.workspaceId : null,
        })
        .returning()
      return row!
    },
  }
}

async function buildConfig(req: Request | undefined): Promise<NextAuthConfig> {
  const db = await database()
  const connectionId = (req && SSO_PATH.exec(new URL(req.url).pathname)?.[1]) ?? ssoSignInScope.getStore()?.connectionId
  const sso = connectionId ? await loadSsoConnection(connectionId) : null
  const providers: Provider[] = [
    {
      id: 'email',
      type: 'email',
      name: 'Email',
      from: 'Touchmap',
      maxAge: MAGIC_LINK_MINUTES * 60,
      options: {},
      async sendVerificationRequest({ identifier, url }: { identifier: string; url: string }) {
        await sendMail(
          linkEmail({
            to: identifier,
            subject: 'Your Touchmap sign-in link',
            intro: `Someone (hopefully you) asked to sign in to Touchmap as ${identifier}.`,
            action: 'Sign in to Touchmap',
            link: url,
            outro: `The link works once and expires in ${MAGIC_LINK_MINUTES} minutes. If you did not ask for it, ignore this email.`,
          }),
        )
      },
    } as unknown as Provider,
  ]
  if (sso) providers.push(ssoProvider(sso))
  return {
    secret: config().authSecret,
    adapter: adapter(db, sso, req),
    providers,
    session: { strategy: 'database', maxAge: SESSION_DAYS * 24 * 60 * 60 },
    trustHost: true,
    pages: { signIn: '/signin', verifyRequest: '/signin/check-email', error: '/signin' },
    logger: {
      error: (e) => {
        // A failed SSO callback: say why, in the log and on the connection's settings page.
        if (sso) return void recordSsoRefusal(sso, refusalOfAuthError(e))
        const { type, message } = describeAuthError(e)
        log.warn(`auth: ${type}: ${message}`, { cause: refusalOfAuthError(e).detail })
      },
      warn: (code) => log.warn(`auth: ${code}`),
      debug: () => {},
    },
    callbacks: {
      redirect: ({ url }) => `${config().appUrl}${safeCallbackPath(url)}`,
      async signIn({ account, profile, user }) {
        // SSO enforcement: an email link (asked for, or followed) for an address whose organisation requires SSO.
        if (account?.provider === 'email') return user.email && (await emailSignInRefused(user.email)) ? '/signin?error=sso_required' : true
        if (!account?.provider.startsWith(SSO_PROVIDER_PREFIX)) return true
        if (!sso) return '/signin?error=sso_unavailable'
        const session = req ? await sessionOfRequest(req) : null
        const decision = await decideSsoSignIn(
          sso,
          { subject: account.providerAccountId, email: profile?.email, emailVerified: profile?.email_verified },
          session ? { userId: session.user.id } : null,
        )
        if (decision.kind === 'sign_in' || decision.kind === 'create') return true
        // Attached before Auth.js looks the identity up, so it signs in as that account.
        if (decision.kind === 'attach') return (await linkIdentity(await database(), { userId: decision.userId, connectionId: sso.id, subject: account.providerAccountId })) || true
        if (decision.kind === 'confirm_link') {
          const request = await createLinkRequest({
            sso,
            userId: decision.userId,
            subject: account.providerAccountId,
            email: decision.email,
            callbackPath: safeCallbackPath(requestCookie(req, CALLBACK_COOKIES)),
          })
          if (!request) {
            await recordSsoRefusal(sso, { reason: 'too_many_link_requests', email: decision.email })
            return '/signin?error=sso_too_many_link_requests'
          }
          addResponseCookie(linkCookie(request.browserSecret))
          return `/signin/link/${request.id}`
        }
        await recordSsoRefusal(sso, { reason: decision.reason, email: decision.email, detail: `subject ${account.providerAccountId.slice(0, 100)}` })
        return `/signin?error=sso_${decision.reason}`
      },
    },
    events: {
      async signIn({ user, account }) {
        if (sso && account?.provider.startsWith(SSO_PROVIDER_PREFIX)) await markSignedIn(sso)
        if (user.id) await afterSignIn({ userId: user.id, sso: account?.provider.startsWith(SSO_PROVIDER_PREFIX) ? sso : null, ip: req ? clientIp(req.headers) : null })
      },
    },
  }
}

export const { handlers, signIn, signOut } = NextAuth((req) => buildConfig(req))
