import { and, eq, sql } from 'drizzle-orm'
import { memberships, users, workspaces } from '@/db/schema'
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

/**
 * Who asks to open a workspace: a signed-in session (lib/auth/current-session.ts
 * fits), or server code acting for a person (`person(userId)`). A session made
 * through an SSO connection opens that connection's workspace only: a
 * workspace's IdP vouches for its own workspace, never for the person's
 * others (those need the person's own sign-in: an email link, or their SSO).
 */
export type Principal = {
  user: { id: string }
  ssoWorkspaceId: string | null
  /**
   * The connection a session was made through (null: an email link). Absent
   * for server code acting for a person, which SSO enforcement does not
   * concern; present on every sign-in, which it does (lib/sso/enforcement.ts).
   */
  ssoConnectionId?: string | null
}

/** Server code (seeding, services acting on someone's behalf, tests) that already knows who the person is. */
export const person = (userId: string): Principal => ({ user: { id: userId }, ssoWorkspaceId: null })

/** Whether this principal's sign-in may open the workspace at all (before membership). */
export const mayOpen = (who: Principal, workspaceId: string): boolean => who.ssoWorkspaceId === null || who.ssoWorkspaceId === workspaceId

export const SSO_SCOPE_MESSAGE =
  "You signed in through your organisation's single sign-on, which opens its workspace only. Sign in with an email link to create or join other workspaces."

/** Creating or joining a workspace other than the SSO session's own needs the person's own sign-in. */
export function assertMayOpen(who: Principal, workspaceId: string | null): void {
  if (workspaceId === null ? who.ssoWorkspaceId !== null : !mayOpen(who, workspaceId)) throw new ForbiddenError(SSO_SCOPE_MESSAGE)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Whether a sign-in meets the workspace's SSO enforcement: when the workspace
 * requires its connection for the person's (DNS-proven) email domain, only a
 * session made through that connection opens it, unless the person is the
 * workspace's break-glass owner. `required` is the connection the workspace
 * requires of this person (touchmap_sso_enforced_connection), or null.
 */
export function meetsEnforcement(who: Principal, required: string | null, breakGlassUserId: string | null): boolean {
  if (who.ssoConnectionId === undefined || required === null) return true
  return who.ssoConnectionId === required || breakGlassUserId === who.user.id
}

/**
 * The one membership check. Returns the member's context, or null when the
 * workspace does not exist, the user is not a member of it, or their sign-in
 * may not open it (not the workspace of their SSO session, or not the SSO its
 * enforcement requires; these are never told apart). Runs under RLS with only
 * the user set.
 */
export async function getMembership(who: Principal, ref: WorkspaceRef): Promise<MemberContext | null> {
  if ('id' in ref && !UUID.test(ref.id)) return null
  if ('id' in ref && !mayOpen(who, ref.id)) return null
  const userId = who.user.id
  const row = await asUser(userId, async (tx) => {
    const [r] = await tx
      .select({
        workspaceId: workspaces.id,
        workspaceName: workspaces.name,
        workspaceSlug: workspaces.slug,
        role: memberships.roleKey,
        departmentId: memberships.departmentId,
        breakGlass: workspaces.ssoBreakGlassUserId,
        requiredConnection: sql<string | null>`touchmap_sso_enforced_connection(${workspaces.id}, substring(${users.email} from '@([^@]*)$'))`,
      })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.userId, userId), 'id' in ref ? eq(workspaces.id, ref.id) : eq(workspaces.slug, ref.slug)))
    return r
  })
  if (!row || !mayOpen(who, row.workspaceId) || !meetsEnforcement(who, row.requiredConnection, row.breakGlass)) return null
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
export async function requireMembership(who: Principal, ref: WorkspaceRef, permission?: Permission): Promise<MemberContext> {
  const ctx = await getMembership(who, ref)
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
