import { and, eq } from 'drizzle-orm'
import { departments, memberships } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { ValidationError, type FieldErrors } from '@/lib/errors'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const UNKNOWN_DEPARTMENT = 'Unknown department. Choose one of the workspace’s departments.'

export type OwnerPatch = { ownerUserId?: string | null; ownerDepartmentId?: string | null }

/**
 * An owner must belong to the workspace: a person who is a member of it, a
 * department of it. Anything else (another workspace's member or department,
 * a made-up id) is refused with a message that says which.
 */
export async function checkOwners(ctx: MemberContext, patch: OwnerPatch): Promise<void> {
  const { ownerUserId, ownerDepartmentId } = patch
  if (!ownerUserId && !ownerDepartmentId) return
  const errors: FieldErrors = {}
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    if (ownerUserId) {
      const [m] = await tx
        .select({ id: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, ownerUserId)))
      if (!m) errors.ownerUserId = ['This person is not a member of the workspace. Invite them first, or choose a member.']
    }
    if (ownerDepartmentId && !UUID.test(ownerDepartmentId)) errors.ownerDepartmentId = [UNKNOWN_DEPARTMENT]
    else if (ownerDepartmentId) {
      const [d] = await tx
        .select({ id: departments.id })
        .from(departments)
        .where(and(eq(departments.workspaceId, ctx.workspaceId), eq(departments.id, ownerDepartmentId)))
      if (!d) errors.ownerDepartmentId = [UNKNOWN_DEPARTMENT]
    }
  })
  if (Object.keys(errors).length) throw new ValidationError(errors, Object.values(errors).flat()[0])
}
