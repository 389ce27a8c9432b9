import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { notifications, users } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError, ValidationError } from '@/lib/errors'
import { signal } from '@/lib/live/signals'

/**
 * The notification centre of one member in one workspace. Every query runs as
 * that member (inWorkspace with their user id): row-level security lets only
 * the recipient read or mark a notification, whatever id anyone sends.
 */

export type NotificationItem = {
  id: string
  kind: string
  title: string
  body: string
  link: string | null
  actorName: string | null
  createdAt: string
  readAt: string | null
}

export type NotificationPage = { items: NotificationItem[]; unread: number; nextCursor: string | null }

export const NOTIFICATION_PAGE_MAX = 100

/**
 * A keyset cursor: created_at exactly as PostgreSQL prints it (microseconds,
 * which a JS Date would lose) and the id of the last item shown.
 */
function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url')
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|')
  if (!at || !id || !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(at) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new ValidationError({ cursor: ['This page link is not valid any more; start from the newest'] })
  }
  return { createdAt: at, id }
}

/** Newest first, `limit` at a time; `cursor` continues after the last page. Also returns the unread count. */
export async function listNotifications(
  ctx: MemberContext,
  opts: { cursor?: string; limit?: number; unreadOnly?: boolean } = {},
): Promise<NotificationPage> {
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), NOTIFICATION_PAGE_MAX)
  const after = opts.cursor ? decodeCursor(opts.cursor) : null
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const mine = and(eq(notifications.workspaceId, ctx.workspaceId), eq(notifications.userId, ctx.userId))
    const rows = await tx
      .select({
        id: notifications.id,
        kind: notifications.kind,
        title: notifications.title,
        body: notifications.body,
        link: notifications.link,
        actorName: users.name,
        actorEmail: users.email,
        createdAt: notifications.createdAt,
        cursorAt: sql<string>`${notifications.createdAt}::text`,
        readAt: notifications.readAt,
      })
      .from(notifications)
      .leftJoin(users, eq(users.id, notifications.actorId))
      .where(
        and(
          mine,
          opts.unreadOnly ? isNull(notifications.readAt) : undefined,
          after
            ? sql`(${notifications.createdAt}, ${notifications.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit + 1)
    const [{ n }] = (await tx
      .select({ n: count() })
      .from(notifications)
      .where(and(mine, isNull(notifications.readAt)))) as [{ n: number }]
    const page = rows.slice(0, limit)
    const last = page[page.length - 1]
    return {
      items: page.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        link: r.link,
        actorName: r.actorName ?? r.actorEmail ?? null,
        createdAt: r.createdAt.toISOString(),
        readAt: r.readAt ? r.readAt.toISOString() : null,
      })),
      unread: Number(n),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursorAt, last.id) : null,
    }
  })
}

export async function unreadCount(ctx: MemberContext): Promise<number> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [r] = await tx
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.workspaceId, ctx.workspaceId), eq(notifications.userId, ctx.userId), isNull(notifications.readAt)))
    return Number(r?.n ?? 0)
  })
}

/**
 * Marks the member's notifications `ids` read. An id that is not theirs (another
 * member's, another workspace's, made up) is answered like a missing one: 404,
 * and nothing is changed.
 */
export async function markRead(ctx: MemberContext, ids: string[]): Promise<{ unread: number }> {
  const wanted = [...new Set(ids)]
  if (!wanted.length) throw new ValidationError({ ids: ['Choose at least one notification'] })
  const unread = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const mine = and(eq(notifications.workspaceId, ctx.workspaceId), eq(notifications.userId, ctx.userId))
    const found = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(mine, inArray(notifications.id, wanted)))
    if (found.length !== wanted.length) throw new NotFoundError('Notification not found')
    await tx
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(mine, inArray(notifications.id, wanted), isNull(notifications.readAt)))
    const [r] = await tx.select({ n: count() }).from(notifications).where(and(mine, isNull(notifications.readAt)))
    return Number(r?.n ?? 0)
  })
  signal(ctx.workspaceId, 'notifications', ctx.userId)
  return { unread }
}

/** Marks every notification of the member in this workspace read. */
export async function markAllRead(ctx: MemberContext): Promise<{ unread: number; marked: number }> {
  const marked = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = await tx
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(eq(notifications.workspaceId, ctx.workspaceId), eq(notifications.userId, ctx.userId), isNull(notifications.readAt)))
      .returning({ id: notifications.id })
    return rows.length
  })
  signal(ctx.workspaceId, 'notifications', ctx.userId)
  return { unread: 0, marked }
}
