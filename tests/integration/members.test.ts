import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listActivity } from '@/lib/activity/list-activity'
import { getMembership, person } from '@/lib/auth/membership'
import { createDepartment, deleteDepartment, listDepartments, renameDepartment } from '@/lib/departments/departments'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors'
import { listMembers } from '@/lib/members/list-members'
import { changeMemberRole, leaveWorkspace, removeMember, setMemberDepartment } from '@/lib/members/manage-members'
import { onMembershipChanged, type MembershipChange } from '@/lib/members/membership-events'
import { roleTable, PERMISSIONS, ROLE_KEYS } from '@/lib/rbac/permissions'
import { ctxOf, teamWorkspace } from '../support/fixtures'
import { openTestDatabase, type TestDb } from '../support/test-db'

let t: TestDb
beforeAll(async () => {
  t = await openTestDatabase()
})
afterAll(() => t?.drop())

describe('roles as data', () => {
  it('has exactly the roles and permissions the code names, ranked owner > admin > manager > editor > viewer', async () => {
    const table = await roleTable()
    expect([...table.keys()].sort()).toEqual([...ROLE_KEYS].sort())
    const ranks = ROLE_KEYS.map((r) => table.get(r)!.rank)
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks)
    const all = new Set([...table.values()].flatMap((r) => [...r.permissions]))
    expect([...all].sort()).toEqual([...PERMISSIONS].sort())
    expect([...table.get('owner')!.permissions].sort()).toEqual([...PERMISSIONS].sort())
    expect(table.get('admin')!.permissions.has('workspace.delete')).toBe(false)
    expect(table.get('manager')!.permissions.has('touchpoints.assign')).toBe(true)
    expect(table.get('manager')!.permissions.has('members.manage')).toBe(false)
    expect(table.get('editor')!.permissions.has('maps.edit')).toBe(true)
    expect(table.get('editor')!.permissions.has('insights.triage')).toBe(false)
    expect([...table.get('viewer')!.permissions].sort()).toEqual(['maps.read', 'members.read', 'workspace.read'])
  })
})

describe('members', () => {
  it('lets an admin change roles below their own, never their own, never above them, and tells realtime', async () => {
    const { ws, owner, admin, editor, viewer } = await teamWorkspace()
    const events: MembershipChange[] = []
    const off = onMembershipChanged((c) => events.push(c))
    const actor = await ctxOf(admin.id, ws.id)
    await changeMemberRole(actor, viewer.id, 'editor')
    expect((await ctxOf(viewer.id, ws.id)).role).toBe('editor')
    expect(events).toContainEqual({ workspaceId: ws.id, userId: viewer.id })
    await expect(changeMemberRole(actor, admin.id, 'owner')).rejects.toBeInstanceOf(ForbiddenError)
    await expect(changeMemberRole(actor, owner.id, 'viewer')).rejects.toBeInstanceOf(ForbiddenError)
    await expect(changeMemberRole(actor, editor.id, 'owner')).rejects.toBeInstanceOf(ForbiddenError)
    expect((await ctxOf(owner.id, ws.id)).role).toBe('owner')
    expect((await ctxOf(editor.id, ws.id)).role).toBe('editor')
    off()
    const [entry] = await listActivity(await ctxOf(owner.id, ws.id), { limit: 1 })
    expect(entry).toMatchObject({ action: 'member.role_changed', subject: viewer.email, data: { from: 'viewer', to: 'editor' } })
  })

  it('keeps at least one owner', async () => {
    const { ws, owner, admin } = await teamWorkspace()
    const o = await ctxOf(owner.id, ws.id)
    await expect(leaveWorkspace(o)).rejects.toBeInstanceOf(ConflictError)
    await changeMemberRole(o, admin.id, 'owner')
    const a = await ctxOf(admin.id, ws.id)
    await changeMemberRole(a, owner.id, 'admin')
    await expect(leaveWorkspace(a)).rejects.toBeInstanceOf(ConflictError)
    expect((await ctxOf(admin.id, ws.id)).role).toBe('owner')
  })

  it('removes a member, whose next lookup finds nothing', async () => {
    const { ws, owner, admin, editor } = await teamWorkspace()
    await removeMember(await ctxOf(admin.id, ws.id), editor.id)
    expect(await getMembership(person(editor.id), { id: ws.id })).toBeNull()
    expect(await getMembership(person(editor.id), { slug: ws.slug })).toBeNull()
    await expect(removeMember(await ctxOf(admin.id, ws.id), owner.id)).rejects.toBeInstanceOf(ForbiddenError)
    await expect(removeMember(await ctxOf(admin.id, ws.id), editor.id)).rejects.toBeInstanceOf(NotFoundError)
    await expect(removeMember(await ctxOf(admin.id, ws.id), admin.id)).rejects.toBeInstanceOf(ForbiddenError)
  })

  it('lets a member leave', async () => {
    const { ws, viewer, owner } = await teamWorkspace()
    await leaveWorkspace(await ctxOf(viewer.id, ws.id))
    expect(await getMembership(person(viewer.id), { id: ws.id })).toBeNull()
    const members = await listMembers(await ctxOf(owner.id, ws.id))
    expect(members.map((m) => m.userId)).not.toContain(viewer.id)
  })
})

describe('departments', () => {
  it('creates, renames, assigns and deletes departments, refusing duplicates', async () => {
    const { ws, admin, editor } = await teamWorkspace()
    const ctx = await ctxOf(admin.id, ws.id)
    const { id } = await createDepartment(ctx, 'Customer Success')
    await expect(createDepartment(ctx, 'customer success')).rejects.toBeInstanceOf(ConflictError)
    await expect(renameDepartment(ctx, id, 'sales')).rejects.toBeInstanceOf(ConflictError)
    await renameDepartment(ctx, id, 'Success')
    await setMemberDepartment(ctx, editor.id, id)
    expect((await listMembers(ctx)).find((m) => m.userId === editor.id)?.departmentName).toBe('Success')
    await deleteDepartment(ctx, id)
    expect((await listDepartments(ctx)).map((d) => d.name)).not.toContain('Success')
    expect((await listMembers(ctx)).find((m) => m.userId === editor.id)?.departmentId).toBeNull()
    await expect(deleteDepartment(ctx, id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it("refuses another workspace's department", async () => {
    const a = await teamWorkspace('A')
    const b = await teamWorkspace('B')
    const [bDept] = await listDepartments(await ctxOf(b.owner.id, b.ws.id))
    const ctx = await ctxOf(a.admin.id, a.ws.id)
    await expect(setMemberDepartment(ctx, a.editor.id, bDept!.id)).rejects.toBeInstanceOf(ValidationError)
    await expect(renameDepartment(ctx, bDept!.id, 'Hijacked')).rejects.toBeInstanceOf(NotFoundError)
    await expect(deleteDepartment(ctx, bDept!.id)).rejects.toBeInstanceOf(NotFoundError)
    expect((await listDepartments(await ctxOf(b.owner.id, b.ws.id))).map((d) => d.name)).toContain(bDept!.name)
  })
})
