import { and, eq } from 'drizzle-orm'
import { memberships, workspaces } from '@/db/schema'
import { asUser } from '@/lib/db/tenant'
import { ForbiddenError, NotFoundError } from '@/lib/errors'
import { roleTable, type Permission, type RoleKey } from '@/lib/rbac/permissions'

/** Who is acting, in which workspace, with what role: the context every workspace service takes. */
export type MemberContext = {
  userId: string
  workspaceId: string
  workspaceName: string
  workspaceSlug: string
  role: RoleKey
  rank: number
  departmentId: string | null
  permissions: ReadonlySet<Permission>
}

export type WorkspaceRef = { id: string } | { slug: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The one membership check. Returns the member's context, or null when the
 * workspace does not exist or the user is not a member of it (the two are
 * never told apart). Runs under RLS with only the user set.
 */
export async function getMembership(userId: string, ref: WorkspaceRef): Promise<MemberContext | null> {
  if ('id' in ref && !UUID.test(ref.id)) return null
  const row = await asUser(userId, async (tx) => {
    const [r] = await tx
      .select({
        workspaceId: workspaces.id,
        workspaceName: workspaces.name,
        workspaceSlug: workspaces.slug,
        role: memberships.roleKey,
        departmentId: memberships.departmentId,
      })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .where(and(eq(memberships.userId, userId), 'id' in ref ? eq(workspaces.id, ref.id) : eq(workspaces.slug, ref.slug)))
    return r
  })
  if (!row) return null
  const role = (await roleTable()).get(row.role as RoleKey)
  return {
    userId,
    workspaceId: row.workspaceId,
    workspaceName: row.workspaceName,
    workspaceSlug: row.workspaceSlug,
    role: row.role as RoleKey,
    rank: role?.rank ?? 0,
    departmentId: row.departmentId,
    permissions: role?.permissions ?? new Set(),
  }
}

/** getMembership, or NotFoundError (404) for a non-member; ForbiddenError when the role lacks `permission`. */
export async function requireMembership(userId: string, ref: WorkspaceRef, permission?: Permission): Promise<MemberContext> {
  const ctx = await getMembership(userId, ref)
  if (!ctx) throw new NotFoundError('Workspace not found')
  if (permission) assertCan(ctx, permission)
  return ctx
}

export function can(ctx: MemberContext, permission: Permission): boolean {
  return ctx.permissions.has(permission)
}

export function assertCan(ctx: MemberContext, permission: Permission): void {
  if (!can(ctx, permission)) throw new ForbiddenError()
}
