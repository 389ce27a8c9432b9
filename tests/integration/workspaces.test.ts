import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activityLog, departments, memberships, workspaces } from '@/db/schema'
import { listActivity } from '@/lib/activity/list-activity'
import { getMembership, person } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { ValidationError } from '@/lib/errors'
import { deleteWorkspace, listMyWorkspaces, renameWorkspace } from '@/lib/workspaces/manage-workspace'
import { slugify } from '@/lib/workspaces/schemas'
import { addMember, ctxOf, makeUser, makeWorkspace, uniqueEmail } from '../support/fixtures'
import { openTestDatabase, type TestDb } from '../support/test-db'

let t: TestDb
beforeAll(async () => {
  t = await openTestDatabase()
})
afterAll(() => t?.drop())

describe('workspaces', () => {
  it('creates a workspace with its creator as owner, default departments and an activity entry', async () => {
    const u = await makeUser(uniqueEmail('creator'))
    const ws = await makeWorkspace(u.id, 'Northwind Retail')
    expect(ws.slug).toBe('northwind-retail')
    const ctx = await ctxOf(u.id, ws.id)
    expect(ctx.role).toBe('owner')
    const depts = await inWorkspace(ws.id, u.id, (tx) => tx.select().from(departments).where(eq(departments.workspaceId, ws.id)))
    expect(depts.map((d) => d.name).sort()).toEqual(['Marketing', 'Operations', 'Sales', 'Support'])
    const log = await listActivity(ctx)
    expect(log.map((e) => e.action)).toContain('workspace.created')
  })

  it('gives a second workspace with the same name its own slug', async () => {
    const u = await makeUser(uniqueEmail('twin'))
    const a = await makeWorkspace(u.id, 'Twin Peaks')
    const b = await makeWorkspace(u.id, 'Twin Peaks')
    expect(a.slug).toBe('twin-peaks')
    expect(b.slug).toMatch(/^twin-peaks-[0-9a-f]{6}$/)
  })

  it('lists only the workspaces a person belongs to, and lets a person belong to many', async () => {
    const a = await makeUser(uniqueEmail('a'))
    const b = await makeUser(uniqueEmail('b'))
    const w1 = await makeWorkspace(a.id, 'Alpha One')
    const w2 = await makeWorkspace(b.id, 'Beta Two')
    await addMember(w2.id, a.id, 'viewer')
    await makeWorkspace(b.id, 'Gamma Three')
    const mine = await listMyWorkspaces(person(a.id))
    expect(mine.map((w) => w.id).sort()).toEqual([w1.id, w2.id].sort())
    expect(mine.find((w) => w.id === w2.id)?.role).toBe('viewer')
  })

  it('renames and records who did it', async () => {
    const u = await makeUser(uniqueEmail('renamer'))
    const ws = await makeWorkspace(u.id, 'Old Name')
    const ctx = await ctxOf(u.id, ws.id)
    await renameWorkspace(ctx, 'New Name')
    expect((await ctxOf(u.id, ws.id)).workspaceName).toBe('New Name')
    const [entry] = await listActivity(ctx, { limit: 1 })
    expect(entry).toMatchObject({ action: 'workspace.renamed', subject: 'New Name', data: { from: 'Old Name' } })
  })

  it('deletes only when the name is typed, and the delete cascades to everything in it', async () => {
    const u = await makeUser(uniqueEmail('deleter'))
    const other = await makeUser(uniqueEmail('other'))
    const ws = await makeWorkspace(u.id, 'Doomed')
    await addMember(ws.id, other.id, 'editor')
    const ctx = await ctxOf(u.id, ws.id)
    await expect(deleteWorkspace(ctx, 'doomed')).rejects.toBeInstanceOf(ValidationError)
    expect(await getMembership(person(u.id), { id: ws.id })).not.toBeNull()
    await deleteWorkspace(ctx, 'Doomed')
    expect(await getMembership(person(u.id), { id: ws.id })).toBeNull()
    expect(await getMembership(person(other.id), { id: ws.id })).toBeNull()
    await inWorkspace(ws.id, null, async (tx) => {
      for (const table of [workspaces, memberships, departments, activityLog]) {
        const rows = await tx.select().from(table)
        expect(rows).toEqual([])
      }
    })
  })

  it('makes slugs from any name', () => {
    expect(slugify('Café Ünïcode & Co.')).toBe('cafe-unicode-co')
    expect(slugify('!!')).toBe('workspace-new')
    expect(slugify('a'.repeat(100)).length).toBeLessThanOrEqual(40)
  })
})
