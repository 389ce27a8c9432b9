/**
 * Ownership: who may assign, what is checked, and what follows an assignment
 * (read model, history, activity log, the new owner's notification), for the
 * services and for a plain write to the live document (the map editor's side
 * panel); "My touchpoints", review state and the overview's counts.
 */
import { and, desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activityLog, insights, insightTouchpoints, memberships, notifications, touchpointHistory, touchpoints } from '@/db/schema'
import { bulkSetDepartment } from '@/lib/catalog/bulk'
import { catalogQuerySchema, queryCatalog } from '@/lib/catalog/query'
import { inWorkspace } from '@/lib/db/tenant'
import { createDepartment } from '@/lib/departments/departments'
import { addTouchpoint, catalogDocName, updateTouchpoint } from '@/lib/maps/doc-schema'
import { assignOwner } from '@/lib/ownership/assign'
import { myTouchpoints, touchpointDetail, workspaceOverview } from '@/lib/ownership/queries'
import { markReviewed } from '@/lib/ownership/review'
import { withDocument } from '@/lib/documents/live-documents'
import { ctxOf, makeUser, teamWorkspace, uniqueEmail } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'
import { dbKind } from '../support/test-db'

let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  await env?.close()
})

type Team = Awaited<ReturnType<typeof teamWorkspace>>

async function settle() {
  await env.projector.idle()
  await new Promise((r) => setTimeout(r, 200))
  await env.projector.idle()
}

async function seed(team: Team, names: string[]): Promise<string[]> {
  const ids = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => names.map((name) => addTouchpoint(d, { name }, team.editor.id)))
  await settle()
  return ids
}

const row = (workspaceId: string, id: string) =>
  inWorkspace(workspaceId, null, async (tx) => (await tx.select().from(touchpoints).where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.id, id))))[0])

/** A person's notifications, read as that person (row-level security shows only the recipient's). */
const notificationsOf = (workspaceId: string, userId: string) =>
  inWorkspace(workspaceId, userId, (tx) =>
    tx.select().from(notifications).where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId))).orderBy(desc(notifications.createdAt)),
  )

const ownerActivity = (workspaceId: string) =>
  inWorkspace(workspaceId, null, (tx) =>
    tx.select().from(activityLog).where(and(eq(activityLog.workspaceId, workspaceId), eq(activityLog.action, 'touchpoint.owner_assigned'))).orderBy(desc(activityLog.id)),
  )

describe(`assigning owners on ${dbKind}`, () => {
  let team: Team
  let ids: string[]
  beforeAll(async () => {
    team = await teamWorkspace('Owners Co')
    ids = await seed(team, ['Invoice email', 'Store entrance', 'Hotline'])
  })

  it('lets a manager assign a person and a department: projected, in the history, logged, and the new owner is notified', async () => {
    const manager = await ctxOf(team.manager.id, team.ws.id)
    const dept = await createDepartment(await ctxOf(team.owner.id, team.ws.id), 'Customer service')
    expect(await assignOwner(manager, [ids[0]!], { ownerUserId: team.editor.id, ownerDepartmentId: dept.id })).toEqual({ updated: 1 })
    expect(await row(team.ws.id, ids[0]!)).toMatchObject({ ownerUserId: team.editor.id, ownerDepartmentId: dept.id })
    const hist = await inWorkspace(team.ws.id, null, (tx) =>
      tx.select().from(touchpointHistory).where(and(eq(touchpointHistory.workspaceId, team.ws.id), eq(touchpointHistory.touchpointId, ids[0]!))),
    )
    expect(hist.find((h) => h.field === 'ownerUserId')).toMatchObject({ oldValue: null, newValue: team.editor.id, changedBy: team.manager.id })
    const log = await ownerActivity(team.ws.id)
    expect(log.find((e) => (e.data as { field?: string }).field === 'person')).toMatchObject({
      actorId: team.manager.id,
      subject: 'Invoice email',
      data: { touchpointId: ids[0], field: 'person', from: null, to: 'Eddie Editor' },
    })
    await settle()
    const mine = await notificationsOf(team.ws.id, team.editor.id)
    expect(mine[0]).toMatchObject({ kind: 'owner_assigned', title: 'You now own “Invoice email”', actorId: team.manager.id, link: `/w/${team.ws.slug}/touchpoints/${ids[0]}` })
    // The page shows it with names, and the history reads as names.
    const detail = await touchpointDetail(await ctxOf(team.viewer.id, team.ws.id), ids[0]!)
    expect(detail.owner).toEqual({ id: team.editor.id, name: 'Eddie Editor' })
    expect(detail.department).toEqual({ id: dept.id, name: 'Customer service' })
    expect(detail.history.find((h) => h.field === 'ownerUserId')).toMatchObject({ oldValue: null, newValue: 'Eddie Editor', changedByName: 'Max Manager' })
  })

  it('refuses editors and viewers (403), in bulk too, and changes nothing', async () => {
    for (const who of [team.editor, team.viewer]) {
      const ctx = await ctxOf(who.id, team.ws.id)
      await expect(assignOwner(ctx, [ids[1]!], { ownerUserId: who.id })).rejects.toMatchObject({ status: 403 })
      await expect(bulkSetDepartment(ctx, [ids[1]!], null)).rejects.toMatchObject({ status: 403 })
    }
    expect((await row(team.ws.id, ids[1]!))?.ownerUserId).toBeNull()
  })

  it('refuses a person who is not a member and a department of another workspace (422, with a clear message)', async () => {
    const manager = await ctxOf(team.manager.id, team.ws.id)
    const stranger = await makeUser(uniqueEmail('stranger'), 'Sam Stranger')
    const other = await teamWorkspace('Other Co')
    const foreignDept = await createDepartment(await ctxOf(other.owner.id, other.ws.id), 'Their sales')
    await expect(assignOwner(manager, [ids[1]!], { ownerUserId: stranger.id })).rejects.toMatchObject({
      status: 422,
      fieldErrors: { ownerUserId: [expect.stringContaining('not a member')] },
    })
    await expect(assignOwner(manager, [ids[1]!], { ownerUserId: other.manager.id })).rejects.toMatchObject({ status: 422 })
    await expect(assignOwner(manager, [ids[1]!], { ownerDepartmentId: foreignDept.id })).rejects.toMatchObject({
      status: 422,
      fieldErrors: { ownerDepartmentId: [expect.stringContaining('Unknown department')] },
    })
    await expect(assignOwner(manager, [ids[1]!], { ownerDepartmentId: 'not-a-uuid' })).rejects.toMatchObject({ status: 422 })
    expect(await row(team.ws.id, ids[1]!)).toMatchObject({ ownerUserId: null, ownerDepartmentId: null })
  })

  it('notifies and logs an owner set by a plain write to the live document (the map editor side panel)', async () => {
    const before = (await notificationsOf(team.ws.id, team.viewer.id)).length
    await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => updateTouchpoint(d, ids[2]!, { ownerUserId: team.viewer.id }, team.manager.id))
    await settle()
    const mine = await notificationsOf(team.ws.id, team.viewer.id)
    expect(mine.length).toBe(before + 1)
    expect(mine[0]).toMatchObject({ kind: 'owner_assigned', title: 'You now own “Hotline”', actorId: team.manager.id })
    expect((await ownerActivity(team.ws.id))[0]).toMatchObject({ subject: 'Hotline', actorId: team.manager.id, data: { to: 'Vera Viewer' } })
    // Nobody else got it.
    expect((await notificationsOf(team.ws.id, team.editor.id)).some((n) => n.title.includes('Hotline'))).toBe(false)
  })

  it('sends one notification for many touchpoints assigned at once, and none to people who assign themselves', async () => {
    const manager = await ctxOf(team.manager.id, team.ws.id)
    const many = await seed(team, ['A1', 'A2', 'A3'])
    const before = (await notificationsOf(team.ws.id, team.admin.id)).length
    await assignOwner(manager, many, { ownerUserId: team.admin.id })
    await settle()
    const got = await notificationsOf(team.ws.id, team.admin.id)
    expect(got.length).toBe(before + 1)
    expect(got[0]).toMatchObject({ title: 'You now own 3 touchpoints', link: `/w/${team.ws.slug}/my` })
    const self = (await notificationsOf(team.ws.id, team.manager.id)).length
    await assignOwner(manager, [many[0]!], { ownerUserId: team.manager.id })
    await settle()
    expect((await notificationsOf(team.ws.id, team.manager.id)).length).toBe(self)
  })

  it("notifies the new owning department's members (a small team), not the one who assigned it", async () => {
    const owner = await ctxOf(team.owner.id, team.ws.id)
    const dept = await createDepartment(owner, 'Billing team')
    for (const u of [team.editor, team.viewer, team.manager])
      await inWorkspace(team.ws.id, null, (tx) =>
        tx.update(memberships).set({ departmentId: dept.id }).where(and(eq(memberships.workspaceId, team.ws.id), eq(memberships.userId, u.id))),
      )
    const [tp] = await seed(team, ['Payment reminder'])
    await assignOwner(await ctxOf(team.manager.id, team.ws.id), [tp!], { ownerDepartmentId: dept.id })
    await settle()
    for (const u of [team.editor, team.viewer]) expect((await notificationsOf(team.ws.id, u.id))[0]).toMatchObject({ title: 'Your department now owns “Payment reminder”' })
    expect((await notificationsOf(team.ws.id, team.manager.id)).some((n) => n.title.includes('Payment reminder'))).toBe(false)
    expect((await notificationsOf(team.ws.id, team.admin.id)).some((n) => n.title.includes('Payment reminder'))).toBe(false)
  })
})

describe(`my touchpoints, reviews and the overview on ${dbKind}`, () => {
  it('lists what I own as a person and through my department, sorted by open insights and reviews due; the owner marks it reviewed', async () => {
    const team = await teamWorkspace('Mine Co')
    const [a, b, c, d] = await seed(team, ['Alpha', 'Bravo', 'Charlie', 'Delta'])
    const owner = await ctxOf(team.owner.id, team.ws.id)
    const dept = await createDepartment(owner, 'Field service')
    await inWorkspace(team.ws.id, null, (tx) =>
      tx.update(memberships).set({ departmentId: dept.id }).where(and(eq(memberships.workspaceId, team.ws.id), eq(memberships.userId, team.editor.id))),
    )
    const manager = await ctxOf(team.manager.id, team.ws.id)
    await assignOwner(manager, [a!, b!], { ownerUserId: team.editor.id })
    await assignOwner(manager, [c!], { ownerDepartmentId: dept.id })
    // An open insight on Bravo.
    await inWorkspace(team.ws.id, null, async (tx) => {
      const [i] = await tx.insert(insights).values({ workspaceId: team.ws.id, title: 'Slow', type: 'complaint', source: 'support', status: 'new' }).returning()
      const [closed] = await tx.insert(insights).values({ workspaceId: team.ws.id, title: 'Done', type: 'idea', source: 'other', status: 'actioned' }).returning()
      await tx.insert(insightTouchpoints).values([
        { workspaceId: team.ws.id, insightId: i!.id, touchpointId: b! },
        { workspaceId: team.ws.id, insightId: closed!.id, touchpointId: a! },
      ])
    })
    const editor = await ctxOf(team.editor.id, team.ws.id)
    await markReviewed(editor, a!)
    const list = await myTouchpoints(editor)
    expect(list.map((x) => [x.name, x.via, x.openInsights, x.reviewDue])).toEqual([
      ['Bravo', 'person', 1, true],
      ['Charlie', 'department', 0, true],
      ['Alpha', 'person', 0, false],
    ])
    // A year later, Alpha's review is due again.
    const later = await myTouchpoints(editor, new Date(Date.now() + 365 * 86_400_000))
    expect(later.find((x) => x.name === 'Alpha')?.reviewDue).toBe(true)
    // Someone who owns nothing cannot mark it reviewed; the viewer owns nothing.
    await expect(markReviewed(await ctxOf(team.viewer.id, team.ws.id), d!)).rejects.toMatchObject({ status: 403 })
    await expect(markReviewed(editor, 'no-such-touchpoint')).rejects.toMatchObject({ status: 404 })
    expect((await touchpointDetail(editor, a!)).reviewedAt).not.toBeNull()
    expect((await myTouchpoints(await ctxOf(team.viewer.id, team.ws.id))).length).toBe(0)
  })

  it('counts unowned touchpoints and open insights, and the catalog filters to the unowned', async () => {
    const team = await teamWorkspace('Count Co')
    const [a] = await seed(team, ['One', 'Two', 'Three'])
    const manager = await ctxOf(team.manager.id, team.ws.id)
    await assignOwner(manager, [a!], { ownerUserId: team.editor.id })
    const o = await workspaceOverview(await ctxOf(team.editor.id, team.ws.id))
    expect(o).toMatchObject({ touchpoints: 3, unowned: 2, mine: 1, openInsights: 0 })
    expect(o.recent.length).toBeGreaterThan(0)
    const unowned = await queryCatalog(manager, catalogQuerySchema.parse({ owner: 'unowned' }))
    expect(unowned.rows.map((r) => r.name).sort()).toEqual(['Three', 'Two'])
  })
})
