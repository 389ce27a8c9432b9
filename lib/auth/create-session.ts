import { randomBytes } from 'node:crypto'
import { sessions } from '@/db/schema'
import { config } from '@/lib/config'
import { database } from '@/lib/db'
import { clientIp } from './client-ip'
import { SESSION_COOKIES } from './current-session'

export const SESSION_DAYS = 30

/**
 * A database session made outside Auth.js (SAML sign-in), in the same table
 * and cookie Auth.js uses, so everything that reads sessions treats both alike.
 */
export async function createSession(opts: {
  userId: string
  headers: Headers
  method: 'sso' | 'email'
  sso: { connectionId: string; workspaceId: string } | null
}): Promise<{ token: string; cookie: string }> {
  const token = randomBytes(32).toString('base64url')
  const expires = new Date(Date.now() + SESSION_DAYS * 24 * 60 * 60 * 1000)
  const db = await database()
  await db.insert(sessions).values({
    sessionToken: token,
    userId: opts.userId,
    expires,
    userAgent: opts.headers.get('user-agent')?.slice(0, 300) ?? null,
    ip: clientIp(opts.headers),
    method: opts.method,
    ssoConnectionId: opts.sso?.connectionId ?? null,
    ssoWorkspaceId: opts.sso?.workspaceId ?? null,
  })
  const secure = config().appUrl.startsWith('https:')
  const name = secure ? SESSION_COOKIES[0] : SESSION_COOKIES[1]
  return { token, cookie: `${name}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expires.toUTCString()}${secure ? '; Secure' : ''}` }
}
