import { and, asc, eq } from 'drizzle-orm'
import { departments } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { ConflictError, NotFoundError, pgCode } from '@/lib/errors'

export async function listDepartments(ctx: MemberContext) {
  return inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.workspaceId, ctx.workspaceId)).orderBy(asc(departments.name)),
  )
}

const taken = (name: string) => new ConflictError(`There is already a department called ${name}`, 'name')

export async function createDepartment(ctx: MemberContext, name: string): Promise<{ id: string }> {
  try {
    return await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
      const [row] = await tx.insert(departments).values({ workspaceId: ctx.workspaceId, name }).returning({ id: departments.id })
      await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'department.created', subject: name })
      return row!
    })
  } catch (err) {
    if (pgCode(err) === '23505') throw taken(name)
    throw err
  }
}

export async function renameDepartment(ctx: MemberContext, departmentId: string, name: string): Promise<void> {
  try {
    await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
      const [before] = await tx.select().from(departments).where(and(eq(departments.workspaceId, ctx.workspaceId), eq(departments.id, departmentId)))
      if (!before) throw new NotFoundError('Department not found')
      await tx.update(departments).set({ name }).where(eq(departments.id, departmentId))
      await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'department.renamed', subject: name, data: { from: before.name } })
    })
  } catch (err) {
    if (pgCode(err) === '23505') throw taken(name)
    throw err
  }
}

/** Deletes a department; its members keep their membership, without a department. */
export async function deleteDepartment(ctx: MemberContext, departmentId: string): Promise<void> {
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [row] = await tx.delete(departments).where(and(eq(departments.workspaceId, ctx.workspaceId), eq(departments.id, departmentId))).returning()
    if (!row) throw new NotFoundError('Department not found')
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'department.deleted', subject: row.name })
  })
}
