import { and, eq, gt } from 'drizzle-orm'
import { cookies, headers } from 'next/headers'
import { sessions, users } from '@/db/schema'
import { database } from '@/lib/db'
import { clientIp } from './client-ip'

export type CurrentSession = {
  sessionToken: string
  user: { id: string; email: string; name: string | null }
  /** Set when the session was made through an SSO connection: it then opens that connection's workspace only. */
  ssoConnectionId: string | null
  ssoWorkspaceId: string | null
}

export const SESSION_COOKIES = ['__Secure-authjs.session-token', 'authjs.session-token']
const TOUCH_EVERY_MS = 5 * 60 * 1000

/**
 * The signed-in person of this request, from the Auth.js database session
 * cookie, or null. Expired or revoked sessions are null. Refreshes the
 * session's last-seen time every few minutes.
 */
export async function currentSession(): Promise<CurrentSession | null> {
  const jar = await cookies()
  return sessionByToken(SESSION_COOKIES.map((n) => jar.get(n)?.value).find(Boolean), true)
}

/** The first of the named cookies a request carries (for code that has the Request, such as Auth.js callbacks). */
export function requestCookie(req: Request | undefined, names: string[]): string | undefined {
  const cookies = new Map(
    (req?.headers.get('cookie') ?? '')
      .split(';')
      .map((c) => c.trim().split('='))
      .filter((p) => p.length >= 2)
      .map(([k, ...v]) => [k!, decodeURIComponent(v.join('='))]),
  )
  return names.map((n) => cookies.get(n)).find(Boolean)
}

/** The session whose cookie a request carries. */
export async function sessionOfRequest(req: Request): Promise<CurrentSession | null> {
  return sessionByToken(requestCookie(req, SESSION_COOKIES), false)
}

async function sessionByToken(token: string | undefined, touch: boolean): Promise<CurrentSession | null> {
  if (!token) return null
  const db = await database()
  const [row] = await db
    .select({
      token: sessions.sessionToken,
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      ssoConnectionId: sessions.ssoConnectionId,
      ssoWorkspaceId: sessions.ssoWorkspaceId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.sessionToken, token), gt(sessions.expires, new Date())))
  if (!row) return null
  if (touch && Date.now() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    const h = await headers()
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(), userAgent: h.get('user-agent')?.slice(0, 300) ?? null, ip: clientIp(h) })
      .where(eq(sessions.sessionToken, token))
  }
  return {
    sessionToken: row.token,
    user: { id: row.userId, email: row.email, name: row.name },
    ssoConnectionId: row.ssoConnectionId,
    ssoWorkspaceId: row.ssoWorkspaceId,
  }
}
