import { randomBytes } from 'node:crypto'
import { memberships, users } from '@/db/schema'
import { requireMembership, type MemberContext, person } from '@/lib/auth/membership'
import type { CurrentSession } from '@/lib/auth/current-session'
import { database } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import type { RoleKey } from '@/lib/rbac/permissions'
import { createWorkspace } from '@/lib/workspaces/create-workspace'

export const uniqueEmail = (prefix: string, domain = 'example.test') => `${prefix}-${randomBytes(3).toString('hex')}@${domain}`

export async function makeUser(email: string, name?: string): Promise<{ id: string; email: string; name: string | null }> {
  const db = await database()
  const [u] = await db.insert(users).values({ email, name: name ?? null }).returning()
  return { id: u!.id, email: u!.email, name: u!.name }
}

export async function makeWorkspace(ownerId: string, name = 'Acme'): Promise<{ id: string; slug: string; name: string }> {
  const ws = await createWorkspace(ownerId, name)
  return { id: ws.id, slug: ws.slug, name: ws.name }
}

export async function addMember(workspaceId: string, userId: string, role: RoleKey): Promise<void> {
  await inWorkspace(workspaceId, null, (tx) => tx.insert(memberships).values({ workspaceId, userId, roleKey: role }))
}

export const ctxOf = (userId: string, workspaceId: string): Promise<MemberContext> => requireMembership(person(userId), { id: workspaceId })

export const sessionOf = (u: { id: string; email: string; name: string | null }, token = 'test-session'): CurrentSession => ({
  sessionToken: token,
  user: { id: u.id, email: u.email, name: u.name },
  ssoConnectionId: null,
  ssoWorkspaceId: null,
})

/** A workspace with one member of each role. */
export async function teamWorkspace(name = 'Team') {
  const owner = await makeUser(uniqueEmail('owner'), 'Olive Owner')
  const ws = await makeWorkspace(owner.id, name)
  const admin = await makeUser(uniqueEmail('admin'), 'Ada Admin')
  const manager = await makeUser(uniqueEmail('manager'), 'Max Manager')
  const editor = await makeUser(uniqueEmail('editor'), 'Eddie Editor')
  const viewer = await makeUser(uniqueEmail('viewer'), 'Vera Viewer')
  await addMember(ws.id, admin.id, 'admin')
  await addMember(ws.id, manager.id, 'manager')
  await addMember(ws.id, editor.id, 'editor')
  await addMember(ws.id, viewer.id, 'viewer')
  return { ws, owner, admin, manager, editor, viewer }
}
