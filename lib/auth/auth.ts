import { AsyncLocalStorage } from 'node:async_hooks'
import { DrizzleAdapter } from '@auth/drizzle-adapter'
import NextAuth, { type NextAuthConfig } from 'next-auth'
import type { Adapter, AdapterAccount } from 'next-auth/adapters'
import type { Provider } from 'next-auth/providers'
import { accounts, sessions, users, verificationTokens } from '@/db/schema'
import { config } from '@/lib/config'
import { database } from '@/lib/db'
import { log } from '@/lib/log'
import { linkEmail, sendMail } from '@/lib/mail/send-mail'
import { identityProvider, loadSsoConnection, SSO_PROVIDER_PREFIX, type LoadedSsoConnection } from '@/lib/sso/load-connection'
import { decideSsoSignIn } from '@/lib/sso/decide-sign-in'
import { afterSignIn } from './after-sign-in'
import { clientIp } from './client-ip'
import { sessionOfRequest } from './current-session'

export const MAGIC_LINK_MINUTES = 15
export const SESSION_DAYS = 30

/**
 * The SSO connection a server action is starting a sign-in for. Auth.js
 * resolves its configuration without a request inside server actions, so the
 * action names the connection here (lib/sso/start-sso.ts).
 */
export const ssoSignInScope = new AsyncLocalStorage<{ connectionId: string }>()

const SSO_PATH = new RegExp(`/api/auth/(?:signin|callback)/${SSO_PROVIDER_PREFIX}([0-9a-f-]{36})(?:[/?]|$)`, 'i')

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
    // Linking by email is decided by lib/sso/decide-sign-in.ts (domain verified, or already a member), never blindly.
    allowDangerousEmailAccountLinking: true,
    profile(p: Record<string, unknown>) {
      const email = typeof p.email === 'string' ? p.email.trim().toLowerCase() : ''
      return { id: String(p.sub), email, name: typeof p.name === 'string' ? p.name : email }
    },
  } as Provider
}

/** The Drizzle adapter, with SSO identities keyed by issuer and sessions that remember where they came from. */
function adapter(db: Awaited<ReturnType<typeof database>>, sso: LoadedSsoConnection | null, req: Request | undefined): Adapter {
  const base = DrizzleAdapter(db as never, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  } as never) as Adapter
  const mapProvider = (provider: string) => (sso && provider === `${SSO_PROVIDER_PREFIX}${sso.id}` ? identityProvider(sso.issuer) : provider)
  const method = req && SSO_PATH.test(new URL(req.url).pathname) ? 'sso' : 'email'
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
          method,
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
      error: (e) => log.warn(`auth: ${e.name}`, { cause: e.cause instanceof Error ? e.cause.message : e.message }),
      warn: (code) => log.warn(`auth: ${code}`),
      debug: () => {},
    },
    callbacks: {
      async signIn({ account, profile }) {
        if (!account?.provider.startsWith(SSO_PROVIDER_PREFIX)) return true
        if (!sso) return '/signin?error=sso_unavailable'
        const session = req ? await sessionOfRequest(req) : null
        const decision = await decideSsoSignIn(
          sso,
          { email: typeof profile?.email === 'string' ? profile.email : '', subject: account.providerAccountId },
          session?.user.email ?? null,
        )
        return decision.allowed ? true : `/signin?error=${decision.reason}`
      },
    },
    events: {
      async signIn({ user, account }) {
        if (user.id) await afterSignIn({ userId: user.id, sso: account?.provider.startsWith(SSO_PROVIDER_PREFIX) ? sso : null, ip: req ? clientIp(req.headers) : null })
      },
    },
  }
}

export const { handlers, signIn, signOut } = NextAuth((req) => buildConfig(req))
