/**
 * Audits end to end below the UI: a manager opens a campaign, owners walk the
 * checklist and sign off, a manager approves or sends back, the last approval
 * closes it with a frozen snapshot; "what changed" between audits; the
 * scheduler and the reminders run once however often (or concurrently) they
 * run; reminders reach the owner by email through a real SMTP server.
 */
import { and, eq, sql } from 'drizzle-orm'
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { auditCampaigns, auditSnapshotDocs, auditTasks, notifications, touchpointAssessments } from '@/db/schema'
import type { CurrentSession } from '@/lib/auth/current-session'
import { answerTask, openCampaign, openDueCampaigns, remindOverdue, reviewTask, setSchedule } from '@/lib/audits/campaigns'
import { nextSlot } from '@/lib/audits/model'
import { auditsOverview, campaignDetail, compareAudits, myAuditTasks, reviewStates, whatChanged } from '@/lib/audits/queries'
import { config, setConfig } from '@/lib/config'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { listDepartments } from '@/lib/departments/departments'
import { addSegment, addStage, addTouchpoint, catalogDocName, listTouchpoints, mapDocName, placeTouchpoint, updateTouchpoint } from '@/lib/maps/doc-schema'
import { createMap } from '@/lib/maps/maps'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import { setMemberDepartment } from '@/lib/members/manage-members'
import { notificationMailIdle } from '@/lib/notifications/notify'
import * as badges from '@/app/api/workspaces/[workspaceId]/evaluations/route'
import { catalogQuerySchema, queryCatalog } from '@/lib/catalog/query'
import { answerTaskAction, openCampaignAction, reviewTaskAction, setScheduleAction } from '@/app/w/[slug]/audits/actions'
import { ctxOf, sessionOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'
import { waitForMail } from '../support/mail-client'
import { startMailServer } from '../support/mail-server'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))


let env: LiveEnv
let mail: Awaited<ReturnType<typeof startMailServer>>
let original: ReturnType<typeof config>
const mailer = globalThis as unknown as { __touchmapMailer?: unknown }
beforeAll(async () => {
  env = await openLiveEnvironment()
  mail = await startMailServer()
  original = config()
  mailer.__touchmapMailer = undefined
  setConfig({ ...original, smtpUrl: mail.smtpUrl })
})
afterAll(async () => {
  await notificationMailIdle()
  setConfig(original)
  mailer.__touchmapMailer = undefined
  await mail?.close()
  await env?.close()
})

const FULL = { accurate: true, scoresRefreshed: true, relevant: 'keep' as const, processesCurrent: true, newTouchpoints: 'none' }

/** A map with three touchpoints: Invoice email (owned by the editor), Store (owned by the Operations department), Website (no owner). */
async function world(name: string) {
  const team = await teamWorkspace(name)
  const owner = await ctxOf(team.owner.id, team.ws.id)
  // New workspaces start with the usual departments.
  const ops = (await listDepartments(owner)).find((d) => d.name === 'Operations')!
  await setMemberDepartment(owner, team.admin.id, ops.id)
  const tp: Record<string, string> = {}
  const catalog = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
    tp.invoice = addTouchpoint(d, { name: 'Invoice email', ownerUserId: team.editor.id }, team.owner.id)
    tp.store = addTouchpoint(d, { name: 'Store', ownerDepartmentId: ops.id }, team.owner.id)
    tp.web = addTouchpoint(d, { name: 'Website' }, team.owner.id)
    return d
  })
  await projectCatalog(team.ws.id, catalog)
  const mapId = (await createMap(owner, { name: 'Retail journey', template: 'blank' })).id
  const doc = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => {
    const s = addStage(d, { name: 'Purchase' })
    const g = addSegment(d, { name: 'Families' })
    for (const id of Object.values(tp)) placeTouchpoint(d, { touchpointId: id, stageId: s, segmentId: g })
    return d
  })
  await projectMap(team.ws.id, mapId, doc)
  const [manager, editor, admin, viewer] = await Promise.all([team.manager, team.editor, team.admin, team.viewer].map((u) => ctxOf(u.id, team.ws.id)))
  return { team, owner, manager: manager!, editor: editor!, admin: admin!, viewer: viewer!, tp, mapId, ops }
}

type World = Awaited<ReturnType<typeof world>>
/** A member's audit notifications (only the recipient may read them). */
const notesOf = (w: World, user: { id: string }) =>
  inWorkspace(w.team.ws.id, user.id, (tx) => tx.select().from(notifications).where(and(eq(notifications.userId, user.id), eq(notifications.kind, 'audit'))).orderBy(notifications.createdAt))
const taskOf = async (w: World, campaignId: string, touchpointId: string) => (await campaignDetail(w.manager, campaignId)).tasks.find((t) => t.touchpointId === touchpointId)!

describe('an audit campaign from opening to closing', () => {
  let w: World
  let campaignId: string
  beforeAll(async () => {
    w = await world('Audit Co')
  })

  it('opens one task per active touchpoint for its owner, and tells the owners', async () => {
    const due = new Date(Date.now() + 7 * 86_400_000)
    campaignId = (await openCampaign(w.manager, { mapId: w.mapId, name: 'Spring audit', dueAt: due })).id
    const d = await campaignDetail(w.viewer, campaignId)
    expect(d.tasks.map((t) => [t.touchpointName, t.assignee, t.department, t.status])).toEqual([
      ['Invoice email', 'Eddie Editor', null, 'open'],
      ['Store', null, 'Operations', 'open'],
      ['Website', null, null, 'open'],
    ])
    expect(d.progress).toMatchObject({ total: 3, open: 3, approved: 0 })
    expect(d.tasks.every((t) => !t.canAnswer)).toBe(true) // the viewer owns none
    // The editor (the person) and the admin (a member of Operations) are told; nobody else.
    for (const u of [w.team.editor, w.team.admin]) expect((await notesOf(w, u)).map((n) => n.title)).toEqual([expect.stringMatching(/^Audit “Spring audit” has started: review your touchpoints by \d{4}-\d{2}-\d{2}$/)])
    for (const u of [w.team.manager, w.team.viewer, w.team.owner]) expect(await notesOf(w, u)).toEqual([])
    expect((await myAuditTasks(w.editor)).map((t) => t.touchpointName)).toEqual(['Invoice email'])
    expect((await myAuditTasks(w.admin)).map((t) => t.touchpointName)).toEqual(['Store'])
    expect((await reviewStates(w.viewer, [w.tp.invoice!]))[w.tp.invoice!]).toMatchObject({ reviewDue: true, neverReviewed: true })
    // The map cards' badges say so (and the catalog's rows).
    who.session = sessionOf(w.team.viewer)
    const res = await badges.GET(new NextRequest(`${config().appUrl}/api/workspaces/${w.team.ws.id}/evaluations`), { params: Promise.resolve({ workspaceId: w.team.ws.id }) })
    expect((await res.json()).touchpoints[w.tp.invoice!]).toEqual({ mean: null, count: 0, priority: null, review: 'due', since: null })
    const page = await queryCatalog(w.viewer, catalogQuerySchema.parse({}))
    expect(page.rows.find((r) => r.id === w.tp.invoice)).toMatchObject({ reviewDue: true, reviewedAt: null })
  })

  it('refuses an empty scope, a due date in the past and non-managers, with clear messages', async () => {
    const empty = (await createMap(w.owner, { name: 'Empty', template: 'purchase' })).id
    who.session = sessionOf(w.team.manager)
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString()
    expect(await openCampaignAction({ workspaceId: w.team.ws.id, mapId: empty, name: 'Nothing', dueAt: tomorrow })).toMatchObject({
      ok: false,
      status: 422,
      fieldErrors: { mapId: ['This map has no active touchpoints to audit yet'] },
    })
    expect(await openCampaignAction({ workspaceId: w.team.ws.id, mapId: w.mapId, name: 'Late', dueAt: '2020-01-01' })).toMatchObject({
      ok: false,
      status: 422,
      fieldErrors: { dueAt: ['The due date is in the past: choose a later one'] },
    })
    expect(await setScheduleAction({ workspaceId: w.team.ws.id, mapId: w.mapId, cadence: 'custom', intervalDays: 0, firstOpenAt: tomorrow })).toMatchObject({
      ok: false,
      fieldErrors: { intervalDays: ['The interval is at least 1 day'] },
    })
    who.session = sessionOf(w.team.editor)
    expect(await openCampaignAction({ workspaceId: w.team.ws.id, mapId: w.mapId, name: 'Mine', dueAt: tomorrow })).toMatchObject({ ok: false, status: 403 })
    const n = await inWorkspace(w.team.ws.id, null, (tx) => tx.select().from(auditCampaigns))
    expect(n).toHaveLength(1)
  })

  it('lets only the owner fill in and sign off, and only with every item answered', async () => {
    const invoice = await taskOf(w, campaignId, w.tp.invoice!)
    await expect(answerTask(w.admin, { taskId: invoice.id, checklist: FULL, note: '', signOff: true })).rejects.toMatchObject({ status: 403 })
    await expect(answerTask(w.viewer, { taskId: invoice.id, checklist: FULL, note: '', signOff: true })).rejects.toMatchObject({ status: 403 })
    who.session = sessionOf(w.team.editor)
    const half = await answerTaskAction({ workspaceId: w.team.ws.id, taskId: invoice.id, checklist: { accurate: true }, signOff: true })
    expect(half).toMatchObject({ ok: false, status: 422 })
    expect(half.ok ? {} : half.fieldErrors).toMatchObject({ 'checklist.scoresRefreshed': ['Refresh the scores before signing off'], 'checklist.newTouchpoints': [expect.stringMatching(/none/)] })
    // A draft is saved as it is, and stays open.
    expect(await answerTaskAction({ workspaceId: w.team.ws.id, taskId: invoice.id, checklist: { accurate: true }, note: 'Checking the PDF' })).toMatchObject({ ok: true, data: { status: 'open' } })
    expect((await taskOf(w, campaignId, w.tp.invoice!)).checklist).toEqual({ accurate: true })
    expect(await answerTaskAction({ workspaceId: w.team.ws.id, taskId: invoice.id, checklist: FULL, note: 'All current', signOff: true })).toMatchObject({ ok: true, data: { status: 'submitted' } })
    // Signed off: the owner can no longer change it; the manager who opened the audit is told.
    await expect(answerTask(w.editor, { taskId: invoice.id, checklist: FULL, note: '', signOff: false })).rejects.toMatchObject({ status: 409 })
    expect((await notesOf(w, w.team.manager)).map((n) => n.title)).toEqual(['“Invoice email” is signed off in audit “Spring audit”: approve it or send it back'])
  })

  it('approves (the touchpoint counts as reviewed) or sends back with a note (the owner is told)', async () => {
    const invoice = await taskOf(w, campaignId, w.tp.invoice!)
    who.session = sessionOf(w.team.editor)
    expect(await reviewTaskAction({ workspaceId: w.team.ws.id, taskId: invoice.id, decision: 'approve' })).toMatchObject({ ok: false, status: 403 })
    expect(await reviewTask(w.manager, { taskId: invoice.id, decision: 'approve', note: '' })).toEqual({ status: 'approved', closed: false })
    const [a] = await inWorkspace(w.team.ws.id, null, (tx) => tx.select().from(touchpointAssessments).where(eq(touchpointAssessments.touchpointId, w.tp.invoice!)))
    expect(a).toMatchObject({ reviewedBy: w.team.editor.id })
    expect((await reviewStates(w.viewer, [w.tp.invoice!]))[w.tp.invoice!]).toEqual({ reviewDue: false, staleSince: null, neverReviewed: false })

    const store = await taskOf(w, campaignId, w.tp.store!)
    await answerTask(w.admin, { taskId: store.id, checklist: { ...FULL, newTouchpoints: 'A click-and-collect counter' }, note: '', signOff: true })
    who.session = sessionOf(w.team.manager)
    expect(await reviewTaskAction({ workspaceId: w.team.ws.id, taskId: store.id, decision: 'return' })).toMatchObject({ ok: false, fieldErrors: { note: ['Say what to change when sending it back'] } })
    await reviewTask(w.manager, { taskId: store.id, decision: 'return', note: 'Add the counter to the map first' })
    expect((await myAuditTasks(w.admin))[0]).toMatchObject({ touchpointName: 'Store', status: 'returned', reviewNote: 'Add the counter to the map first' })
    await expect(reviewTask(w.manager, { taskId: store.id, decision: 'approve', note: '' })).rejects.toMatchObject({ status: 409 })
    expect((await notesOf(w, w.team.admin)).map((n) => n.title)).toContain('Your review of “Store” was sent back in audit “Spring audit”')
  })

  it('retires what the owner marked "retire" on approval, and closes itself at 100% with a frozen snapshot', async () => {
    const store = await taskOf(w, campaignId, w.tp.store!)
    await answerTask(w.admin, { taskId: store.id, checklist: FULL, note: '', signOff: true })
    await reviewTask(w.manager, { taskId: store.id, decision: 'approve', note: '' })
    const web = await taskOf(w, campaignId, w.tp.web!)
    // Website has no owner: a manager walks it, and retires it.
    await answerTask(w.manager, { taskId: web.id, checklist: { ...FULL, relevant: 'retire' }, note: 'Replaced by the app', signOff: true })
    expect(await reviewTask(w.manager, { taskId: web.id, decision: 'approve', note: '' })).toEqual({ status: 'approved', closed: true })
    const doc = await withDocument(w.team.ws.id, catalogDocName(w.team.ws.id), (d) => listTouchpoints(d))
    expect(doc.find((t) => t.id === w.tp.web)!.status).toBe('retired')
    const d = await campaignDetail(w.viewer, campaignId)
    expect(d.status).toBe('closed')
    expect(d.progress).toMatchObject({ total: 3, approved: 3 })
    const docs = await inWorkspace(w.team.ws.id, null, (tx) => tx.select({ name: auditSnapshotDocs.docName }).from(auditSnapshotDocs).where(eq(auditSnapshotDocs.campaignId, campaignId)))
    expect(docs.map((x) => x.name).sort()).toEqual([catalogDocName(w.team.ws.id), mapDocName(w.team.ws.id, w.mapId)].sort())
    await expect(answerTask(w.editor, { taskId: (await taskOf(w, campaignId, w.tp.invoice!)).id, checklist: FULL, note: '', signOff: true })).rejects.toMatchObject({ status: 409 })
  })

  it('lists what changed since the last audit, and compares two closed audits', async () => {
    const second = (await openCampaign(w.manager, { mapId: w.mapId, name: 'Summer audit', dueAt: new Date(Date.now() + 86_400_000) })).id
    // Retired touchpoints are not audited again.
    expect((await campaignDetail(w.manager, second)).tasks.map((t) => t.touchpointName)).toEqual(['Invoice email', 'Store'])
    const catalog = await withDocument(w.team.ws.id, catalogDocName(w.team.ws.id), (d) => {
      updateTouchpoint(d, w.tp.invoice!, { description: 'Sent on the 1st', ownerUserId: w.team.manager.id }, w.team.owner.id)
      return d
    })
    await projectCatalog(w.team.ws.id, catalog)
    const changed = await whatChanged(w.viewer, second)
    expect(changed.before).toMatchObject({ id: campaignId, name: 'Spring audit' })
    expect(changed.changes).toEqual([
      { kind: 'field', touchpointId: w.tp.invoice, name: 'Invoice email', field: 'description', from: '', to: 'Sent on the 1st' },
      { kind: 'owner', touchpointId: w.tp.invoice, name: 'Invoice email', from: 'Eddie Editor', to: 'Max Manager' },
    ])
    // Close it by approving everything, then compare the two closed audits either way round.
    for (const t of (await campaignDetail(w.manager, second)).tasks) {
      // Tasks keep the owner they had when the audit opened.
      await answerTask(t.assignee === 'Eddie Editor' ? w.editor : t.department ? w.admin : w.manager, { taskId: t.id, checklist: FULL, note: '', signOff: true })
      await reviewTask(w.manager, { taskId: t.id, decision: 'approve', note: '' })
    }
    const cmp = await compareAudits(w.viewer, second, campaignId)
    expect([cmp.before!.name, cmp.after.name]).toEqual(['Spring audit', 'Summer audit'])
    expect(cmp.changes.map((c) => c.kind)).toEqual(['field', 'owner'])
    await expect(compareAudits(w.viewer, second, second)).rejects.toMatchObject({ status: 422 })
  })
})

describe('the scheduler and the reminders', () => {
  it('opens a due schedule once per slot, even when run twice at once, and moves the schedule on', async () => {
    const w = await world('Schedule Co')
    const today = new Date()
    await setSchedule(w.manager, { mapId: w.mapId, cadence: 'quarterly', intervalDays: null, firstOpenAt: today, dueDays: 10 })
    const now = new Date(today.getTime() + 60_000)
    const [a, b] = await Promise.all([openDueCampaigns(now), openDueCampaigns(now)])
    expect(a + b).toBe(1)
    expect(await openDueCampaigns(now)).toBe(0)
    const o = await auditsOverview(w.viewer, now)
    expect(o.open).toHaveLength(1)
    expect(o.open[0]).toMatchObject({ scheduled: true, progress: { total: 3 } })
    expect(new Date(o.schedules[0]!.nextOpenAt).toISOString()).toBe(nextSlot(today, 'quarterly', null).toISOString())
    // A restart long after several missed slots opens one campaign, not one per missed slot.
    const later = new Date(today.getTime() + 400 * 86_400_000)
    expect(await openDueCampaigns(later)).toBe(1)
    expect(new Date((await auditsOverview(w.viewer, later)).schedules[0]!.nextOpenAt).getTime()).toBeGreaterThan(later.getTime())
  })

  it('reminds each overdue owner once, by app and email, however many times or processes run it', async () => {
    const w = await world('Reminder Co')
    const id = (await openCampaign(w.manager, { mapId: w.mapId, name: 'Autumn audit', dueAt: new Date(Date.now() + 86_400_000) })).id
    const invoice = await taskOf(w, id, w.tp.invoice!)
    await answerTask(w.editor, { taskId: invoice.id, checklist: FULL, note: '', signOff: true })
    const past = new Date(Date.now() + 2 * 86_400_000)
    // Signed-off reviews are not overdue: Store (Operations) and Website (nobody) are.
    // Two runs at once (the job counts every workspace's tasks; this one has 2 overdue), then a third: each task once.
    const [a, b] = await Promise.all([remindOverdue(past), remindOverdue(past)])
    expect(a + b).toBeGreaterThanOrEqual(2)
    expect(await remindOverdue(past)).toBe(0)
    const reminded = await inWorkspace(w.team.ws.id, null, (tx) => tx.select({ id: auditTasks.id }).from(auditTasks).where(sql`${auditTasks.remindedAt} is not null`))
    expect(reminded).toHaveLength(2)
    expect((await notesOf(w, w.team.admin)).filter((n) => n.title.startsWith('Overdue:'))).toHaveLength(1)
    expect((await notesOf(w, w.team.editor)).filter((n) => n.title.startsWith('Overdue:'))).toHaveLength(0)
    const m = await waitForMail(mail.apiUrl, w.team.admin.email, { subject: /^Overdue: your review of “Store”/ })
    expect(m.text).toContain(`/audits/${id}`)
  })
})
