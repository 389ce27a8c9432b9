import { randomBytes, randomUUID } from 'node:crypto'
import { departments, memberships, workspaces, type Workspace } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { inWorkspace } from '@/lib/db/tenant'
import { pgCode } from '@/lib/errors'
import { DEFAULT_DEPARTMENTS, slugify } from './schemas'

/**
 * Creates a workspace with the default departments and its creator as owner,
 * all in one transaction. The slug is derived from the name and made unique.
 */
export async function createWorkspace(userId: string, name: string): Promise<Workspace> {
  const id = randomUUID()
  const base = slugify(name)
  return inWorkspace(id, userId, async (tx) => {
    let workspace: Workspace | undefined
    for (let attempt = 0; !workspace; attempt++) {
      const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString('hex')}`
      try {
        // A savepoint, so a taken slug does not abort the whole transaction.
        workspace = await tx.transaction(async (sp) => {
          const [row] = await sp.insert(workspaces).values({ id, name, slug, createdBy: userId }).returning()
          return row
        })
      } catch (err) {
        if (pgCode(err) !== '23505' || attempt >= 5) throw err
      }
    }
    await tx.insert(departments).values(DEFAULT_DEPARTMENTS.map((d) => ({ workspaceId: id, name: d })))
    await tx.insert(memberships).values({ workspaceId: id, userId, roleKey: 'owner' })
    await recordActivity(tx, { workspaceId: id, actorId: userId, action: 'workspace.created', subject: name })
    return workspace
  })
}
