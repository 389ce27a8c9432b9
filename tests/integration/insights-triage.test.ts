import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { createInsights } from '@/lib/insights/create'
import { listFeed } from '@/lib/insights/feed'
import { insightInputSchema, type InsightInputRaw } from '@/lib/insights/model'
import { assignInsight, getInsight, linkTouchpoints, mergeInsight, setInsightStatus } from '@/lib/insights/triage'
import { addTouchpoint, catalogDocName } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'
import { withDocument } from '@/lib/documents/live-documents'
import { ctxOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  await env?.close()
})

type Team = Awaited<ReturnType<typeof teamWorkspace>>
const one = async (team: Team, raw: InsightInputRaw) => (await createInsights({ workspaceId: team.ws.id, userId: team.editor.id }, [insightInputSchema.parse(raw)], 'form'))[0]!.id

async function activity(team: Team) {
  return inWorkspace(team.ws.id, null, async (tx) => rowsOf<{ action: string; subject: string }>(await tx.execute(sql`select action, subject from activity_log where workspace_id = ${team.ws.id} and action like 'insight.%' order by created_at`)))
}

async function notificationsOf(team: Team, userId: string) {
  return inWorkspace(team.ws.id, userId, async (tx) => rowsOf<{ kind: string; title: string; link: string }>(await tx.execute(sql`select kind, title, link from notifications where workspace_id = ${team.ws.id}`)))
}

describe('triage', () => {
  let team: Team
  let other: Team
  let tp1: string
  let tp2: string
  beforeAll(async () => {
    team = await teamWorkspace('Triage Co')
    other = await teamWorkspace('Elsewhere')
    const doc = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
      tp1 = addTouchpoint(d, { name: 'Checkout' }, team.owner.id)
      tp2 = addTouchpoint(d, { name: 'Delivery' }, team.owner.id)
      return d
    })
    await projectCatalog(team.ws.id, doc)
  })

  it('assigns to a member, logs it and notifies the assignee; refuses non-members with 422', async () => {
    const id = await one(team, { title: 'Checkout times out', type: 'complaint', source: 'analytics' })
    const mgr = await ctxOf(team.manager.id, team.ws.id)
    await assignInsight(mgr, id, team.editor.id)
    expect((await getInsight(mgr, id)).assignee).toEqual({ id: team.editor.id, name: 'Eddie Editor' })
    expect(await activity(team)).toContainEqual({ action: 'insight.assigned', subject: id })
    const notes = await notificationsOf(team, team.editor.id)
    expect(notes).toContainEqual({ kind: 'insight_assigned', title: 'Insight assigned to you: Checkout times out', link: `/w/${team.ws.slug}/insights/${id}` })
    await expect(assignInsight(mgr, id, other.owner.id)).rejects.toMatchObject({ status: 422, fieldErrors: { assigneeId: expect.any(Array) } })
    await assignInsight(mgr, id, null)
    expect((await getInsight(mgr, id)).assignee).toBeNull()
  })

  it('changes status; actioned and dismissed need a resolution note', async () => {
    const id = await one(team, { title: 'Delivery late', type: 'complaint', source: 'support' })
    const mgr = await ctxOf(team.manager.id, team.ws.id)
    await setInsightStatus(mgr, id, 'in_review', '')
    await expect(setInsightStatus(mgr, id, 'actioned', '  ')).rejects.toMatchObject({ status: 422, fieldErrors: { resolution: expect.any(Array) } })
    await setInsightStatus(mgr, id, 'actioned', 'New carrier since March')
    expect(await getInsight(mgr, id)).toMatchObject({ status: 'actioned', resolution: 'New carrier since March' })
    expect((await activity(team)).filter((a) => a.subject === id && a.action === 'insight.status_changed')).toHaveLength(2)
  })

  it('links and unlinks touchpoints of this workspace only', async () => {
    const id = await one(team, { title: 'Link me', type: 'idea', source: 'crm' })
    const mgr = await ctxOf(team.manager.id, team.ws.id)
    await linkTouchpoints(mgr, id, { add: [tp1, tp2] })
    expect((await getInsight(mgr, id)).touchpoints.map((t) => t.name)).toEqual(['Checkout', 'Delivery'])
    await linkTouchpoints(mgr, id, { remove: [tp1] })
    expect((await getInsight(mgr, id)).touchpoints.map((t) => t.name)).toEqual(['Delivery'])
    await expect(linkTouchpoints(mgr, id, { add: ['not-a-touchpoint'] })).rejects.toMatchObject({ status: 422 })
  })

  it('merges a duplicate: links and topics move, the duplicate is dismissed and hidden; refuses self, merged targets and other workspaces', async () => {
    const mgr = await ctxOf(team.manager.id, team.ws.id)
    const a = await one(team, { title: 'Checkout slow (A)', type: 'complaint', source: 'support', touchpointIds: [tp1], topics: ['speed'] })
    const b = await one(team, { title: 'Checkout slow (B)', type: 'complaint', source: 'social_media', touchpointIds: [tp2], topics: ['speed', 'mobile'] })
    const c = await one(team, { title: 'Checkout slow (C)', type: 'complaint', source: 'survey' })
    await expect(mergeInsight(mgr, a, a)).rejects.toMatchObject({ status: 422 })
    await mergeInsight(mgr, b, a)
    const A = await getInsight(mgr, a)
    expect(A.touchpoints.map((t) => t.name)).toEqual(['Checkout', 'Delivery'])
    expect(A.topics.sort()).toEqual(['mobile', 'speed'])
    expect(A.duplicates).toEqual([{ id: b, title: 'Checkout slow (B)' }])
    expect(await getInsight(mgr, b)).toMatchObject({ status: 'dismissed', mergedInto: { id: a, title: 'Checkout slow (A)' } })
    const feed = await listFeed({ workspaceId: team.ws.id, userId: team.manager.id }, { q: 'slow' })
    expect(feed.items.map((i) => i.id).sort()).toEqual([a, c].sort())
    expect((await listFeed({ workspaceId: team.ws.id, userId: team.manager.id }, { q: 'slow', includeMerged: true })).items).toHaveLength(3)
    await expect(mergeInsight(mgr, c, b)).rejects.toMatchObject({ status: 422, fieldErrors: { targetId: expect.any(Array) } })
    await expect(mergeInsight(mgr, b, c)).rejects.toMatchObject({ status: 409 })
    await expect(setInsightStatus(mgr, b, 'new', '')).rejects.toMatchObject({ status: 409 })
    const foreign = (await createInsights({ workspaceId: other.ws.id, userId: other.editor.id }, [insightInputSchema.parse({ title: 'theirs', type: 'idea', source: 'crm' })], 'form'))[0]!.id
    await expect(mergeInsight(mgr, c, foreign)).rejects.toMatchObject({ status: 404 })
    await expect(mergeInsight(mgr, foreign, c)).rejects.toMatchObject({ status: 404 })
    await expect(getInsight(mgr, foreign)).rejects.toMatchObject({ status: 404 })
    expect(await activity(team)).toContainEqual({ action: 'insight.merged', subject: b })
  })

  it('refuses viewers and editors (403) and changes nothing', async () => {
    const id = await one(team, { title: 'Untouchable', type: 'idea', source: 'crm' })
    for (const who of [team.viewer, team.editor]) {
      const ctx = await ctxOf(who.id, team.ws.id)
      await expect(assignInsight(ctx, id, who.id)).rejects.toMatchObject({ status: 403 })
      await expect(setInsightStatus(ctx, id, 'dismissed', 'no')).rejects.toMatchObject({ status: 403 })
      await expect(linkTouchpoints(ctx, id, { add: [tp1] })).rejects.toMatchObject({ status: 403 })
      await expect(mergeInsight(ctx, id, id)).rejects.toMatchObject({ status: 403 })
    }
    const mgr = await ctxOf(team.manager.id, team.ws.id)
    expect(await getInsight(mgr, id)).toMatchObject({ status: 'new', assignee: null, touchpoints: [] })
  })
})
