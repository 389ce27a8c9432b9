import { createHash } from 'node:crypto'
import { and, desc, eq, gt } from 'drizzle-orm'
import { sessions } from '@/db/schema'
import type { CurrentSession } from '@/lib/auth/current-session'
import { database } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'

/** Sessions are shown and revoked by a hash of their token, never by the token itself. */
export const sessionId = (token: string) => createHash('sha256').update(`session:${token}`).digest('hex').slice(0, 32)

export type SessionRow = { id: string; current: boolean; createdAt: Date; lastSeenAt: Date; expires: Date; userAgent: string | null; ip: string | null; method: string | null }

export async function listMySessions(me: CurrentSession): Promise<SessionRow[]> {
  const db = await database()
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, me.user.id), gt(sessions.expires, new Date())))
    .orderBy(desc(sessions.lastSeenAt))
  return rows.map((s) => ({
    id: sessionId(s.sessionToken),
    current: s.sessionToken === me.sessionToken,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    expires: s.expires,
    userAgent: s.userAgent,
    ip: s.ip,
    method: s.method,
  }))
}

/** Signs one of my sessions out (another device, or this one). */
export async function revokeMySession(me: CurrentSession, id: string): Promise<void> {
  const db = await database()
  const mine = await db.select({ token: sessions.sessionToken }).from(sessions).where(eq(sessions.userId, me.user.id))
  const target = mine.find((s) => sessionId(s.token) === id)
  if (!target) throw new NotFoundError('Session not found')
  await db.delete(sessions).where(and(eq(sessions.userId, me.user.id), eq(sessions.sessionToken, target.token)))
}

/** "Sign out everywhere": every session of mine, this one included. */
export async function revokeAllMySessions(me: CurrentSession): Promise<number> {
  const db = await database()
  const gone = await db.delete(sessions).where(eq(sessions.userId, me.user.id)).returning({ t: sessions.sessionToken })
  return gone.length
}
