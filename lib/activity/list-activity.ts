import { and, desc, eq, lt } from 'drizzle-orm'
import { activityLog, users } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'

export type ActivityRow = { id: number; action: string; subject: string | null; data: Record<string, unknown>; createdAt: Date; actorEmail: string | null; actorName: string | null }

/** Newest first, `limit` at a time; pass the last id seen as `before` for the next page. */
export async function listActivity(ctx: MemberContext, opts: { before?: number; limit?: number } = {}): Promise<ActivityRow[]> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200)
  return inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx
      .select({
        id: activityLog.id,
        action: activityLog.action,
        subject: activityLog.subject,
        data: activityLog.data,
        createdAt: activityLog.createdAt,
        actorEmail: users.email,
        actorName: users.name,
      })
      .from(activityLog)
      .leftJoin(users, eq(users.id, activityLog.actorId))
      .where(and(eq(activityLog.workspaceId, ctx.workspaceId), opts.before ? lt(activityLog.id, opts.before) : undefined))
      .orderBy(desc(activityLog.id))
      .limit(limit),
  )
}
