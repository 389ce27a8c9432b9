/**
 * Read-only share links of a map, for people outside the workspace.
 *
 * - The token is 32 random bytes (base64url) shown once; the database keeps
 *   its SHA-256. An optional password is kept as a scrypt hash; unlocking sets
 *   an HttpOnly cookie holding an HMAC of the link and its password hash, so a
 *   new password (or a new link) invalidates it.
 * - A link finds its workspace through touchmap_share_link (SECURITY DEFINER,
 *   ids only), which finds nothing once the link is revoked or expired or its
 *   map deleted: such a link is a 404 at once, and open viewers are told
 *   within half a second (the events stream re-checks, lib/sharing/share-view.ts).
 * - What a viewer gets is lib/sharing/share-view.ts: the map and, if the sharer
 *   chose, the touchpoints' details; never insights, owners or member emails.
 *   No session, no socket, no other route: the token opens this one map.
 * - Creating and revoking take 'maps.share' (managers and up); password
 *   attempts are limited per link and per address.
 */
import { createHash, createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { maps, shareLinks } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { consume } from '@/lib/auth/rate-limit'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { config } from '@/lib/config'
import { database, rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError, RateLimitedError, ValidationError } from '@/lib/errors'
import { mapNotDeleted } from '@/lib/maps/visibility'

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>

export const SHARE_PASSWORD_ATTEMPTS = { perLink: 10, perAddress: 30, windowSeconds: 15 * 60 }

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, 32)
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [, salt, key] = stored.split('$')
  if (!salt || !key) return false
  const want = Buffer.from(key, 'base64url')
  const got = await scrypt(password, Buffer.from(salt, 'base64url'), want.length)
  return got.length === want.length && timingSafeEqual(got, want)
}

export type ShareLinkView = { id: string; label: string; showDetails: boolean; hasPassword: boolean; expiresAt: Date | null; revokedAt: Date | null; createdAt: Date; lastViewedAt: Date | null; active: boolean }

const viewOf = (r: typeof shareLinks.$inferSelect, now = new Date()): ShareLinkView => ({
  id: r.id,
  label: r.label,
  showDetails: r.showDetails,
  hasPassword: r.passwordHash != null,
  expiresAt: r.expiresAt,
  revokedAt: r.revokedAt,
  createdAt: r.createdAt,
  lastViewedAt: r.lastViewedAt,
  active: !r.revokedAt && (!r.expiresAt || r.expiresAt > now),
})

async function assertMap(ctx: MemberContext, mapId: string): Promise<{ name: string }> {
  if (!/^[0-9a-f-]{36}$/i.test(mapId)) throw new NotFoundError('Map not found')
  const [m] = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx.select({ name: maps.name }).from(maps).where(and(eq(maps.workspaceId, ctx.workspaceId), eq(maps.id, mapId), mapNotDeleted())),
  )
  if (!m) throw new NotFoundError('Map not found')
  return m
}

export async function listShareLinks(ctx: MemberContext, mapId: string): Promise<ShareLinkView[]> {
  assertCan(ctx, 'maps.share')
  await assertMap(ctx, mapId)
  const rows = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx.select().from(shareLinks).where(and(eq(shareLinks.workspaceId, ctx.workspaceId), eq(shareLinks.mapId, mapId))).orderBy(desc(shareLinks.createdAt)),
  )
  return rows.map((r) => viewOf(r))
}

export type NewShareLink = { label: string; password: string | null; expiresAt: Date | null; showDetails: boolean }

/** Creates a link; the token is returned once (the page shows it with the URL) and never stored. */
export async function createShareLink(ctx: MemberContext, mapId: string, input: NewShareLink): Promise<{ id: string; token: string }> {
  assertCan(ctx, 'maps.share')
  const map = await assertMap(ctx, mapId)
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new ValidationError({ expiresAt: ['The expiry is in the past: choose a later date'] })
  const token = randomBytes(32).toString('base64url')
  const passwordHash = input.password ? await hashPassword(input.password) : null
  const id = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [row] = await tx
      .insert(shareLinks)
      .values({ workspaceId: ctx.workspaceId, mapId, tokenHash: hashToken(token), label: input.label, passwordHash, showDetails: input.showDetails, expiresAt: input.expiresAt, createdBy: ctx.userId })
      .returning({ id: shareLinks.id })
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'share.created', subject: map.name, data: { mapId, linkId: row!.id, password: passwordHash != null, showDetails: input.showDetails, expiresAt: input.expiresAt?.toISOString() ?? null } })
    return row!.id
  })
  return { id, token }
}

export async function revokeShareLink(ctx: MemberContext, linkId: string): Promise<void> {
  assertCan(ctx, 'maps.share')
  if (!/^[0-9a-f-]{36}$/i.test(linkId)) throw new NotFoundError('Share link not found')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [row] = await tx
      .update(shareLinks)
      .set({ revokedAt: new Date() })
      .where(and(eq(shareLinks.workspaceId, ctx.workspaceId), eq(shareLinks.id, linkId), isNull(shareLinks.revokedAt)))
      .returning({ mapId: shareLinks.mapId })
    if (!row) throw new NotFoundError('Share link not found')
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'share.revoked', data: { mapId: row.mapId, linkId } })
  })
}

/** A live link, as its token opens it. */
export type OpenLink = { id: string; workspaceId: string; mapId: string; showDetails: boolean; passwordHash: string | null }

/** The live link behind a token, or null (unknown, revoked, expired, or its map deleted): the caller answers 404. */
export async function openShareLink(token: string): Promise<OpenLink | null> {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const db = await database()
  const [hit] = rowsOf<{ link_id: string; workspace_id: string; map_id: string }>(await db.execute(sql`select * from touchmap_share_link(${hashToken(token)})`))
  if (!hit) return null
  const [row] = await inWorkspace(hit.workspace_id, null, (tx) => tx.select().from(shareLinks).where(and(eq(shareLinks.workspaceId, hit.workspace_id), eq(shareLinks.id, hit.link_id))))
  if (!row) return null
  return { id: row.id, workspaceId: row.workspaceId, mapId: row.mapId, showDetails: row.showDetails, passwordHash: row.passwordHash }
}

/** The cookie a viewer holds once they gave the password: per link. */
export const unlockCookieName = (link: { id: string }) => `tm_share_${link.id.replace(/-/g, '').slice(0, 16)}`

/** What that cookie must hold: tied to the link and its password hash. */
export const unlockValue = (link: { id: string; passwordHash: string | null }) => createHmac('sha256', config().authSecret).update(`share:${link.id}:${link.passwordHash ?? ''}`).digest('base64url')

/** Whether a viewer may see the link's map: no password, or the right unlock cookie. */
export function unlocked(link: OpenLink, cookie: string | undefined): boolean {
  if (!link.passwordHash) return true
  if (!cookie) return false
  const want = Buffer.from(unlockValue(link))
  const got = Buffer.from(cookie)
  return got.length === want.length && timingSafeEqual(got, want)
}

/** Checks a password for a link, limited per link and per address; returns the cookie value to set. */
export async function unlockShareLink(link: OpenLink, password: string, ip: string | null): Promise<string> {
  const { perLink, perAddress, windowSeconds } = SHARE_PASSWORD_ATTEMPTS
  const checks = [consume(`share:link:${link.id}`, perLink, windowSeconds)]
  if (ip) checks.push(consume(`share:ip:${ip}`, perAddress, windowSeconds))
  if ((await Promise.all(checks)).includes(false)) throw new RateLimitedError('Too many password attempts for this link. Wait a few minutes and try again.', windowSeconds)
  if (!link.passwordHash || !(await passwordMatches(password, link.passwordHash))) throw new ValidationError({ password: ['That password is not right'] })
  return unlockValue(link)
}

/** Notes that the link was viewed (at most once a minute per link and process). */
const viewed = new Map<string, number>()
export async function touchShareLink(link: OpenLink): Promise<void> {
  const now = Date.now()
  if (now - (viewed.get(link.id) ?? 0) < 60_000) return
  viewed.set(link.id, now)
  await inWorkspace(link.workspaceId, null, (tx) => tx.update(shareLinks).set({ lastViewedAt: new Date() }).where(eq(shareLinks.id, link.id))).catch(() => {})
}

/** Headers of every share answer: never indexed, never cached, and no referrer leaks the token. */
export const SHARE_HEADERS = { 'x-robots-tag': 'noindex, nofollow', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }
