import { asc, eq } from 'drizzle-orm'
import { departments, memberships, users } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'

export type MemberRow = {
  userId: string
  email: string
  name: string | null
  role: string
  departmentId: string | null
  departmentName: string | null
  joinedAt: Date
}

export async function listMembers(ctx: MemberContext): Promise<MemberRow[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx
      .select({
        userId: users.id,
        email: users.email,
        name: users.name,
        role: memberships.roleKey,
        departmentId: memberships.departmentId,
        departmentName: departments.name,
        joinedAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(departments, eq(departments.id, memberships.departmentId))
      .where(eq(memberships.workspaceId, ctx.workspaceId))
      .orderBy(asc(users.email)),
  )
}
