import { randomBytes } from 'node:crypto'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { scimTokens, ssoConnections } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import type { MemberContext } from '@/lib/auth/membership'
import { take } from '@/lib/auth/rate-limit'
import { config } from '@/lib/config'
import { hashToken } from '@/lib/crypto/secret-box'
import { database, rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError } from '@/lib/errors'
import { ScimError } from './errors'

const TOKEN_PREFIX = 'tm_scim_'

/** A new bearer token for a connection's SCIM endpoint: returned once, stored as its hash. */
export async function createScimToken(ctx: MemberContext, connectionId: string): Promise<{ token: string; id: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [conn] = await tx.select().from(ssoConnections).where(and(eq(ssoConnections.workspaceId, ctx.workspaceId), eq(ssoConnections.id, connectionId)))
    if (!conn) throw new NotFoundError('SSO connection not found')
    const [row] = await tx
      .insert(scimTokens)
      .values({ workspaceId: ctx.workspaceId, connectionId, tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6), createdBy: ctx.userId })
      .returning({ id: scimTokens.id })
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'scim.token_created', subject: conn.name })
    return { token, id: row!.id }
  })
}

export async function revokeScimToken(ctx: MemberContext, tokenId: string): Promise<void> {
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [row] = await tx
      .update(scimTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(scimTokens.workspaceId, ctx.workspaceId), eq(scimTokens.id, tokenId), isNull(scimTokens.revokedAt)))
      .returning({ prefix: scimTokens.prefix })
    if (!row) throw new NotFoundError('Token not found')
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'scim.token_revoked', subject: `${row.prefix}…` })
  })
}

const TOUCH_EVERY_MS = 30_000
const g = globalThis as unknown as { __touchmapScimTouched?: Map<string, number> }
const touched = (g.__touchmapScimTouched ??= new Map())

export type ScimCaller = { workspaceId: string; connectionId: string; tokenId: string }

/**
 * Who is calling a connection's SCIM endpoint. No token, or one that is not
 * live: 401 with no detail. A live token of another connection (another
 * workspace's, say): 404, as if the connection did not exist for it. Past
 * SCIM_REQUESTS_PER_MINUTE for the connection: 429 with Retry-After.
 */
export async function authenticateScim(authorization: string | null, connectionId: string): Promise<ScimCaller> {
  const m = /^Bearer\s+(\S{10,200})$/i.exec(authorization ?? '')
  if (!m) throw new ScimError(401, 'Unauthorized')
  const db = await database()
  const [row] = rowsOf<{ token_id: string; workspace_id: string; connection_id: string }>(await db.execute(sql`select * from touchmap_scim_token(${hashToken(m[1]!)})`))
  if (!row) throw new ScimError(401, 'Unauthorized')
  if (row.connection_id !== connectionId) throw new ScimError(404, 'Not found')
  const rate = await take(`scim:${connectionId}`, 1, 60)
  if (rate.count > config().scimRequestsPerMinute) {
    throw new ScimError(429, 'Too many requests: slow down and retry', 'tooMany', Math.max(1, Math.ceil((rate.windowEndsMs - Date.now()) / 1000)))
  }
  // "Last used" needs minutes, not milliseconds: written at most every 30 s per token and process, so a burst does not queue on one row.
  const now = Date.now()
  if (now - (touched.get(row.token_id) ?? 0) > TOUCH_EVERY_MS) {
    touched.set(row.token_id, now)
    await inWorkspace(row.workspace_id, null, async (tx) => {
      await tx.update(scimTokens).set({ lastUsedAt: new Date(now) }).where(eq(scimTokens.id, row.token_id))
      await tx.update(ssoConnections).set({ scimLastRequestAt: new Date(now) }).where(eq(ssoConnections.id, connectionId))
    })
  }
  return { workspaceId: row.workspace_id, connectionId, tokenId: row.token_id }
}
