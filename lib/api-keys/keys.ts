/**
 * Workspace API keys: an admin creates one for a system that sends insights or
 * reads maps (/api/v1). The key is `tm_` + 32 random bytes (base64url), shown
 * once; only its SHA-256 (hex) and a display prefix are stored. A revoked key
 * stops working on its next request (lib/http/api-auth.ts looks it up every
 * time; nothing caches it).
 */
import { createHash, randomBytes } from 'node:crypto'
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { apiKeys, users } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError } from '@/lib/errors'

export const API_KEY_PREFIX = 'tm_'
/** `tm_` + base64url of 32 bytes (43 characters, no padding). */
export const API_KEY_PATTERN = /^tm_[A-Za-z0-9_-]{43}$/
/** Characters of the key kept for display ("tm_Ab3dE6g…"). */
export const DISPLAY_PREFIX_LENGTH = 10
export const API_KEY_NAME_MAX = 80

export type ApiKeySummary = {
  id: string
  name: string
  prefix: string
  createdAt: string
  createdBy: { id: string; name: string | null; email: string } | null
  lastUsedAt: string | null
  revokedAt: string | null
  revokedBy: { id: string; name: string | null; email: string } | null
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex')

export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url')
  return { key, hash: hashApiKey(key), prefix: key.slice(0, DISPLAY_PREFIX_LENGTH) }
}

/** Creates a key; the returned `key` is the only time the secret exists outside the caller's hands. */
export async function createApiKey(ctx: MemberContext, input: { name: string }): Promise<{ id: string; name: string; prefix: string; key: string }> {
  assertCan(ctx, 'apikeys.manage')
  const { key, hash, prefix } = generateApiKey()
  const row = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [r] = await tx
      .insert(apiKeys)
      .values({ workspaceId: ctx.workspaceId, name: input.name, prefix, hash, createdBy: ctx.userId })
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix })
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'apikey.created', subject: input.name, data: { keyId: r!.id, prefix } })
    return r!
  })
  return { ...row, key }
}

/** The workspace's keys, newest first, without their secrets (which are not stored). */
export async function listApiKeys(ctx: MemberContext): Promise<ApiKeySummary[]> {
  assertCan(ctx, 'apikeys.manage')
  const creator = alias(users, 'creator')
  const revoker = alias(users, 'revoker')
  const rows = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx
      .select({
        id: apiKeys.id,
        name: apiKeys.name,
        prefix: apiKeys.prefix,
        createdAt: apiKeys.createdAt,
        lastUsedAt: apiKeys.lastUsedAt,
        revokedAt: apiKeys.revokedAt,
        creatorId: creator.id,
        creatorName: creator.name,
        creatorEmail: creator.email,
        revokerId: revoker.id,
        revokerName: revoker.name,
        revokerEmail: revoker.email,
      })
      .from(apiKeys)
      .leftJoin(creator, eq(creator.id, apiKeys.createdBy))
      .leftJoin(revoker, eq(revoker.id, apiKeys.revokedBy))
      .where(eq(apiKeys.workspaceId, ctx.workspaceId))
      .orderBy(sql`${apiKeys.revokedAt} is not null`, desc(apiKeys.createdAt)),
  )
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.creatorId ? { id: r.creatorId, name: r.creatorName, email: r.creatorEmail! } : null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    revokedBy: r.revokerId ? { id: r.revokerId, name: r.revokerName, email: r.revokerEmail! } : null,
  }))
}

/** Revokes a key of this workspace; another workspace's key, or an already revoked one, is "not found". */
export async function revokeApiKey(ctx: MemberContext, keyId: string): Promise<{ id: string }> {
  assertCan(ctx, 'apikeys.manage')
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [r] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()`, revokedBy: ctx.userId })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.workspaceId, ctx.workspaceId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix })
    if (!r) throw new NotFoundError('This key does not exist or is already revoked')
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'apikey.revoked', subject: r.name, data: { keyId: r.id, prefix: r.prefix } })
    return { id: r.id }
  })
}
