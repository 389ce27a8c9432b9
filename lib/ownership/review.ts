/**
 * Review state of a touchpoint ("My touchpoints"): when its owner last
 * checked it. Stored in touchpoint_assessments next to the importance and
 * effort estimates (lib/evaluation/), which this never touches.
 */
import { and, eq, sql } from 'drizzle-orm'
import { touchpointAssessments, touchpoints } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { ForbiddenError, NotFoundError } from '@/lib/errors'

/** After this many days a review counts as due again (one constant with the audits' "stale"). */
export { REVIEW_DUE_DAYS } from '@/lib/audits/vocabulary'

/**
 * Marks a touchpoint reviewed now. Its owner may (the person, or a member of
 * the owning department), and so may anyone who assigns owners.
 */
export async function markReviewed(ctx: MemberContext, touchpointId: string): Promise<{ reviewedAt: string }> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [tp] = await tx
      .select({ ownerUserId: touchpoints.ownerUserId, ownerDepartmentId: touchpoints.ownerDepartmentId })
      .from(touchpoints)
      .where(and(eq(touchpoints.workspaceId, ctx.workspaceId), eq(touchpoints.id, touchpointId)))
    if (!tp) throw new NotFoundError('Touchpoint not found')
    const owns = tp.ownerUserId === ctx.userId || (tp.ownerDepartmentId !== null && tp.ownerDepartmentId === ctx.departmentId)
    if (!owns && !ctx.permissions.has('touchpoints.assign')) throw new ForbiddenError('Only the touchpoint’s owner can mark it reviewed')
    const now = new Date()
    await tx
      .insert(touchpointAssessments)
      .values({ workspaceId: ctx.workspaceId, touchpointId, reviewedAt: now, reviewedBy: ctx.userId, updatedAt: now })
      .onConflictDoUpdate({
        target: [touchpointAssessments.workspaceId, touchpointAssessments.touchpointId],
        set: { reviewedAt: sql`excluded.reviewed_at`, reviewedBy: sql`excluded.reviewed_by` },
      })
    return { reviewedAt: now.toISOString() }
  })
}
