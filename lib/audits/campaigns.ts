/**
 * Audit schedules, campaigns and review tasks: the writes. Reading is in
 * queries.ts; the state and the diff in state.ts and snapshot.ts; the two
 * jobs (open what is due, remind what is overdue) at the bottom, run by the
 * job queue (lib/jobs/definitions.ts).
 *
 * Permissions: 'audits.manage' (manager and up) schedules, opens, approves,
 * sends back and closes. A task's owner (its person, or a member of its
 * department; for a touchpoint without an owner, a manager) fills in the
 * checklist and signs off. Everyone reads.
 *
 * "Once", however many processes run: a scheduled campaign is unique per
 * (schedule, slot); a reminder is sent by the one UPDATE that sets
 * reminded_at where it was null.
 */
import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm'
import { auditCampaigns, auditSchedules, auditSnapshotDocs, auditSnapshots, auditTasks, maps, memberships, placements, touchpointAssessments, touchpoints, workspaces } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { database, rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors'
import { signal } from '@/lib/live/signals'
import { dispatch, emitEvents } from '@/lib/webhooks/emit'
import { log } from '@/lib/log'
import { catalogDocName, updateTouchpoint } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'
import { enqueue } from '@/lib/jobs/queue'
import { notify } from '@/lib/notifications/notify'
import { saveAuditVersion } from '@/lib/versions/versions'
import { nextSlot, type Cadence, type Checklist, type OpenCampaignInput, type ScheduleInput } from './model'
import { documentStates, readState } from './snapshot'
import { mapNotDeleted } from '@/lib/maps/visibility'

/** The job that runs openDueCampaigns (lib/jobs/definitions.ts). */
export const OPEN_DUE_JOB = 'audits.open-due'
/** The job that runs remindOverdue. */
export const REMIND_JOB = 'audits.remind-overdue'

type Announcement = { workspaceId: string; recipients: string[]; actorId: string | null; title: string; body?: string; link: string }
const announce = async (list: Announcement[]) => {
  for (const a of list) await notify({ ...a, kind: 'audit' })
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10)

async function slugOf(tx: Tx, workspaceId: string): Promise<string> {
  const [w] = await tx.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, workspaceId))
  return w!.slug
}

async function mapName(tx: Tx, workspaceId: string, mapId: string | null): Promise<string | null> {
  if (!mapId) return null
  const [m] = await tx.select({ name: maps.name }).from(maps).where(and(eq(maps.workspaceId, workspaceId), eq(maps.id, mapId), mapNotDeleted()))
  if (!m) throw new NotFoundError('Map not found')
  return m.name
}

/** The people who own each task: its person, else its department's members. */
async function assignees(tx: Tx, workspaceId: string, tasks: { assigneeUserId: string | null; assigneeDepartmentId: string | null }[]): Promise<string[]> {
  const people = new Set(tasks.map((t) => t.assigneeUserId).filter((x): x is string => !!x))
  const depts = [...new Set(tasks.filter((t) => !t.assigneeUserId && t.assigneeDepartmentId).map((t) => t.assigneeDepartmentId!))]
  if (depts.length) {
    const members = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.departmentId, depts)))
    for (const m of members) people.add(m.userId)
  }
  return [...people]
}

// ---- schedules ---------------------------------------------------------------

/** Creates or replaces the schedule of a scope (one per map, one for the workspace). */
export async function setSchedule(ctx: MemberContext, input: ScheduleInput): Promise<{ id: string }> {
  assertCan(ctx, 'audits.manage')
  const saved = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const scope = await mapName(tx, ctx.workspaceId, input.mapId)
    const values = {
      cadence: input.cadence,
      intervalDays: input.cadence === 'custom' ? input.intervalDays : null,
      nextOpenAt: input.firstOpenAt,
      dueDays: input.dueDays,
      active: true,
      updatedAt: new Date(),
    }
    const [row] = await tx
      .insert(auditSchedules)
      .values({ workspaceId: ctx.workspaceId, mapId: input.mapId, createdBy: ctx.userId, ...values })
      .onConflictDoUpdate({ target: [auditSchedules.workspaceId, auditSchedules.mapId], set: values })
      .returning({ id: auditSchedules.id })
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.userId,
      action: 'audit.scheduled',
      subject: scope,
      data: { scheduleId: row!.id, mapId: input.mapId, cadence: input.cadence, intervalDays: values.intervalDays, firstOpenAt: input.firstOpenAt.toISOString(), dueDays: input.dueDays },
    })
    return { id: row!.id }
  })
  // A schedule whose first audit is due now opens it at once rather than at the next minute's run.
  if (input.firstOpenAt.getTime() <= Date.now()) await enqueue(OPEN_DUE_JOB)
  return saved
}

export async function removeSchedule(ctx: MemberContext, scheduleId: string): Promise<void> {
  assertCan(ctx, 'audits.manage')
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [gone] = await tx
      .delete(auditSchedules)
      .where(and(eq(auditSchedules.workspaceId, ctx.workspaceId), eq(auditSchedules.id, scheduleId)))
      .returning({ mapId: auditSchedules.mapId })
    if (!gone) throw new NotFoundError('Schedule not found')
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'audit.schedule_removed', data: { scheduleId, mapId: gone.mapId } })
  })
}

// ---- campaigns -----------------------------------------------------------------

type OpenSpec = { mapId: string | null; name: string; dueAt: Date; openedBy: string | null; scheduleId?: string; slot?: Date }

/**
 * Opens a campaign with one task per active touchpoint in scope, inside the
 * caller's transaction. Null when the schedule's slot is already taken (another
 * process opened it). Throws a 422 for an empty scope.
 */
async function openIn(tx: Tx, workspaceId: string, spec: OpenSpec): Promise<{ announcement: Announcement; id: string } | null> {
  const scope = await mapName(tx, workspaceId, spec.mapId)
  const tps = spec.mapId
    ? await tx
        .selectDistinct({ id: touchpoints.id, name: touchpoints.name, ownerUserId: touchpoints.ownerUserId, ownerDepartmentId: touchpoints.ownerDepartmentId })
        .from(touchpoints)
        .innerJoin(placements, and(eq(placements.workspaceId, touchpoints.workspaceId), eq(placements.touchpointId, touchpoints.id)))
        .where(and(eq(touchpoints.workspaceId, workspaceId), eq(placements.mapId, spec.mapId), eq(touchpoints.status, 'active')))
    : await tx
        .select({ id: touchpoints.id, name: touchpoints.name, ownerUserId: touchpoints.ownerUserId, ownerDepartmentId: touchpoints.ownerDepartmentId })
        .from(touchpoints)
        .where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.status, 'active')))
  if (tps.length === 0) {
    throw new ValidationError({ mapId: [spec.mapId ? 'This map has no active touchpoints to audit yet' : 'The workspace has no active touchpoints to audit yet'] }, 'Nothing to audit in this scope')
  }
  const [campaign] = await tx
    .insert(auditCampaigns)
    .values({ workspaceId, mapId: spec.mapId, name: spec.name, dueAt: spec.dueAt, openedBy: spec.openedBy, scheduleId: spec.scheduleId ?? null, slot: spec.slot ?? null })
    .onConflictDoNothing({ target: [auditCampaigns.scheduleId, auditCampaigns.slot] })
    .returning({ id: auditCampaigns.id })
  if (!campaign) return null
  const rows = tps.map((t) => ({
    workspaceId,
    campaignId: campaign.id,
    touchpointId: t.id,
    touchpointName: t.name,
    assigneeUserId: t.ownerUserId,
    assigneeDepartmentId: t.ownerUserId ? null : t.ownerDepartmentId,
  }))
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(auditTasks).values(rows.slice(i, i + 1000))
  await recordActivity(tx, {
    workspaceId,
    actorId: spec.openedBy,
    action: 'audit.opened',
    subject: spec.name,
    data: { campaignId: campaign.id, mapId: spec.mapId, tasks: rows.length, dueAt: spec.dueAt.toISOString(), scheduled: !!spec.scheduleId },
  })
  const slug = await slugOf(tx, workspaceId)
  return {
    id: campaign.id,
    announcement: {
      workspaceId,
      recipients: await assignees(tx, workspaceId, rows),
      actorId: spec.openedBy,
      title: `Audit “${spec.name}” has started: review your touchpoints by ${dayOf(spec.dueAt)}`,
      body: `${scope ? `Map: ${scope}. ` : ''}Walk the checklist for each touchpoint you own and sign it off.`,
      link: `/w/${slug}/audits/${campaign.id}`,
    },
  }
}

/** A manager opens a campaign now. */
export async function openCampaign(ctx: MemberContext, input: OpenCampaignInput): Promise<{ id: string }> {
  assertCan(ctx, 'audits.manage')
  const out = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => openIn(tx, ctx.workspaceId, { ...input, openedBy: ctx.userId }))
  await announce([out!.announcement])
  signal(ctx.workspaceId, 'audits')
  return { id: out!.id }
}

async function campaignIn(tx: Tx, workspaceId: string, campaignId: string, lock = false) {
  const q = tx.select().from(auditCampaigns).where(and(eq(auditCampaigns.workspaceId, workspaceId), eq(auditCampaigns.id, campaignId)))
  const [c] = lock ? await q.for('update') : await q
  if (!c) throw new NotFoundError('Audit not found')
  return c
}

/**
 * Closes an open campaign: freezes the scope's state (the read model's rows
 * and the live documents) as the audit's snapshot. The documents are read
 * before the transaction (they are served by the realtime engine).
 */
async function closeCampaignAs(workspaceId: string, actorId: string | null, campaignId: string): Promise<boolean> {
  const head = await inWorkspace(workspaceId, actorId, (tx) => campaignIn(tx, workspaceId, campaignId))
  if (head.status !== 'open') return false
  const mapIds = head.mapId
    ? [head.mapId]
    : (await inWorkspace(workspaceId, actorId, (tx) => tx.select({ id: maps.id }).from(maps).where(and(eq(maps.workspaceId, workspaceId), mapNotDeleted())))).map((m) => m.id)
  const docs = await documentStates(workspaceId, mapIds)
  const closed = await inWorkspace(workspaceId, actorId, async (tx) => {
    const c = await campaignIn(tx, workspaceId, campaignId, true)
    if (c.status !== 'open') return false
    const now = new Date()
    const state = await readState(tx, workspaceId, c.mapId, now)
    await tx.insert(auditSnapshots).values({ campaignId, workspaceId, takenAt: now, state: state as unknown as Record<string, unknown> })
    for (const d of docs) await tx.insert(auditSnapshotDocs).values({ campaignId, workspaceId, docName: d.docName, state: d.state })
    await tx.update(auditCampaigns).set({ status: 'closed', closedAt: now, closedBy: actorId }).where(eq(auditCampaigns.id, campaignId))
    const counts = rowsOf<{ status: string; n: number }>(
      await tx.execute(sql`select status, count(*)::int as n from audit_tasks where campaign_id = ${campaignId} group by status`),
    )
    await recordActivity(tx, { workspaceId, actorId, action: 'audit.closed', subject: c.name, data: { campaignId, tasks: Object.fromEntries(counts.map((r) => [r.status, Number(r.n)])) } })
    return true
  })
  if (closed) {
    signal(workspaceId, 'audits')
    // An audit of a map leaves a version of it, as it was at the close.
    if (head.mapId) await saveAuditVersion(workspaceId, actorId, head.mapId, `Audit “${head.name}”`).catch((err) => log.warn('audits: no version saved at close', { campaignId, err: String(err) }))
  }
  return closed
}

/** A manager closes a campaign (at 100% it closes itself). Tasks still open stay as they are, in the frozen audit. */
export async function closeCampaign(ctx: MemberContext, campaignId: string): Promise<void> {
  assertCan(ctx, 'audits.manage')
  const ok = await closeCampaignAs(ctx.workspaceId, ctx.userId, campaignId)
  if (!ok) throw new ConflictError('This audit is already closed')
}

// ---- tasks ---------------------------------------------------------------------

async function taskIn(tx: Tx, workspaceId: string, taskId: string) {
  const [row] = await tx
    .select({ task: auditTasks, campaign: { status: auditCampaigns.status, name: auditCampaigns.name, openedBy: auditCampaigns.openedBy } })
    .from(auditTasks)
    .innerJoin(auditCampaigns, eq(auditCampaigns.id, auditTasks.campaignId))
    .where(and(eq(auditTasks.workspaceId, workspaceId), eq(auditTasks.id, taskId)))
    .for('update', { of: auditTasks })
  if (!row) throw new NotFoundError('Review task not found')
  return row
}

/** Whether `ctx` owns the task: its person, a member of its department, or (no owner at all) a manager. */
export function ownsTask(ctx: MemberContext, t: { assigneeUserId: string | null; assigneeDepartmentId: string | null }): boolean {
  if (t.assigneeUserId) return t.assigneeUserId === ctx.userId
  if (t.assigneeDepartmentId) return t.assigneeDepartmentId === ctx.departmentId
  return ctx.permissions.has('audits.manage')
}

/** The owner saves the checklist as they go, or signs off (the schema has checked every item is answered). */
export async function answerTask(ctx: MemberContext, input: { taskId: string; checklist: Checklist; note: string; signOff: boolean }): Promise<{ status: string }> {
  assertCan(ctx, 'maps.edit')
  const out = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const { task, campaign } = await taskIn(tx, ctx.workspaceId, input.taskId)
    if (!ownsTask(ctx, task)) throw new ForbiddenError('Only the touchpoint’s owner can complete this review')
    if (campaign.status !== 'open') throw new ConflictError('This audit is closed')
    if (task.status === 'approved') throw new ConflictError('This review is already approved')
    if (task.status === 'submitted' && !input.signOff) throw new ConflictError('This review is signed off and waits for a manager')
    const now = new Date()
    const status = input.signOff ? 'submitted' : task.status
    await tx
      .update(auditTasks)
      .set({ checklist: input.checklist as Record<string, unknown>, note: input.note, status, updatedAt: now, ...(input.signOff ? { submittedBy: ctx.userId, submittedAt: now } : {}) })
      .where(eq(auditTasks.id, task.id))
    let announcement: Announcement | null = null
    if (input.signOff) {
      await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'audit.task_signed_off', subject: task.touchpointName, data: { taskId: task.id, campaignId: task.campaignId, checklist: input.checklist } })
      const managers = rowsOf<{ user_id: string }>(
        await tx.execute(sql`select m.user_id from memberships m join role_permissions rp on rp.role_key = m.role_key where m.workspace_id = ${ctx.workspaceId} and rp.permission_key = 'audits.manage'`),
      ).map((r) => r.user_id)
      // The manager who opened it, else every manager.
      const to = campaign.openedBy && managers.includes(campaign.openedBy) ? [campaign.openedBy] : managers
      announcement = {
        workspaceId: ctx.workspaceId,
        recipients: to,
        actorId: ctx.userId,
        title: `“${task.touchpointName}” is signed off in audit “${campaign.name}”: approve it or send it back`,
        link: `/w/${await slugOf(tx, ctx.workspaceId)}/audits/${task.campaignId}?task=${task.id}`,
      }
    }
    return { status, announcement, campaignId: task.campaignId }
  })
  if (out.announcement) await announce([out.announcement])
  signal(ctx.workspaceId, 'audits')
  return { status: out.status }
}

/**
 * A manager approves a signed-off review (the touchpoint counts as reviewed
 * now; one the owner marked "retire" is retired) or sends it back with a
 * note. The last approval closes the campaign.
 */
export async function reviewTask(ctx: MemberContext, input: { taskId: string; decision: 'approve' | 'return'; note: string }): Promise<{ status: string; closed: boolean }> {
  assertCan(ctx, 'audits.manage')
  const out = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const { task, campaign } = await taskIn(tx, ctx.workspaceId, input.taskId)
    if (campaign.status !== 'open') throw new ConflictError('This audit is closed')
    if (task.status !== 'submitted') throw new ConflictError('Only a signed-off review can be approved or sent back')
    const now = new Date()
    const status = input.decision === 'approve' ? 'approved' : 'returned'
    await tx.update(auditTasks).set({ status, reviewedBy: ctx.userId, reviewedAt: now, reviewNote: input.note, updatedAt: now }).where(eq(auditTasks.id, task.id))
    if (status === 'approved') {
      // The owner's review is what "reviewed" means on the touchpoint (My touchpoints, the badges).
      await tx
        .insert(touchpointAssessments)
        .values({ workspaceId: ctx.workspaceId, touchpointId: task.touchpointId, reviewedAt: task.submittedAt ?? now, reviewedBy: task.submittedBy, updatedAt: now })
        .onConflictDoUpdate({ target: [touchpointAssessments.workspaceId, touchpointAssessments.touchpointId], set: { reviewedAt: sql`excluded.reviewed_at`, reviewedBy: sql`excluded.reviewed_by` } })
    }
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.userId,
      action: status === 'approved' ? 'audit.task_approved' : 'audit.task_returned',
      subject: task.touchpointName,
      data: { taskId: task.id, campaignId: task.campaignId, note: input.note || undefined },
    })
    const [left] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from audit_tasks where campaign_id = ${task.campaignId} and status <> 'approved'`))
    const slug = await slugOf(tx, ctx.workspaceId)
    const announcement: Announcement | null =
      status === 'returned'
        ? {
            workspaceId: ctx.workspaceId,
            recipients: await assignees(tx, ctx.workspaceId, [task]),
            actorId: ctx.userId,
            title: `Your review of “${task.touchpointName}” was sent back in audit “${campaign.name}”`,
            body: input.note,
            link: `/w/${slug}/audits/${task.campaignId}?task=${task.id}`,
          }
        : null
    return { status, retire: status === 'approved' && (task.checklist as Checklist).relevant === 'retire', touchpointId: task.touchpointId, campaignId: task.campaignId, complete: Number(left?.n ?? 1) === 0, announcement }
  })
  if (out.retire) {
    const doc = await withDocument(ctx.workspaceId, catalogDocName(ctx.workspaceId), (d) => {
      updateTouchpoint(d, out.touchpointId, { status: 'retired' }, ctx.userId)
      return d
    })
    // The snapshot of a closing audit reads the read model: bring it up to date now rather than after the debounce.
    await projectCatalog(ctx.workspaceId, doc)
  }
  if (out.announcement) await announce([out.announcement])
  const closed = out.complete ? await closeCampaignAs(ctx.workspaceId, ctx.userId, out.campaignId) : false
  signal(ctx.workspaceId, 'audits')
  return { status: out.status, closed }
}

// ---- jobs ----------------------------------------------------------------------

async function workspacesWith(fn: 'touchmap_audit_schedules_due' | 'touchmap_audit_tasks_overdue', now: Date): Promise<string[]> {
  const db = await database()
  return rowsOf<{ workspace_id: string }>(await db.execute(sql`select workspace_id from ${sql.raw(fn)}(${now.toISOString()}::timestamptz)`)).map((r) => r.workspace_id)
}

/**
 * The scheduler's job: opens a campaign for every schedule whose slot has
 * come (one per slot; a slot missed while nothing ran opens once, then the
 * schedule moves past now). Returns how many campaigns it opened.
 */
export async function openDueCampaigns(now = new Date()): Promise<number> {
  let opened = 0
  for (const workspaceId of await workspacesWith('touchmap_audit_schedules_due', now)) {
    try {
      const announcements = await inWorkspace(workspaceId, null, async (tx) => {
        const due = await tx
          .select()
          .from(auditSchedules)
          .where(and(eq(auditSchedules.workspaceId, workspaceId), eq(auditSchedules.active, true), lte(auditSchedules.nextOpenAt, now)))
          .for('update', { skipLocked: true })
        const out: Announcement[] = []
        for (const s of due) {
          let next = nextSlot(s.nextOpenAt, s.cadence as Cadence, s.intervalDays)
          while (next <= now) next = nextSlot(next, s.cadence as Cadence, s.intervalDays)
          await tx.update(auditSchedules).set({ nextOpenAt: next, updatedAt: now }).where(eq(auditSchedules.id, s.id))
          const scope = (await mapName(tx, workspaceId, s.mapId)) ?? 'Workspace'
          try {
            const r = await tx.transaction((sp) =>
              openIn(sp, workspaceId, { mapId: s.mapId, name: `${scope} audit ${dayOf(s.nextOpenAt)}`, dueAt: new Date(now.getTime() + s.dueDays * 86_400_000), openedBy: null, scheduleId: s.id, slot: s.nextOpenAt }),
            )
            if (r) {
              out.push(r.announcement)
              opened++
            }
          } catch (err) {
            // An empty scope skips this slot; the schedule has moved on.
            if (!(err instanceof ValidationError)) throw err
            log.info('audits: a scheduled audit had nothing to audit', { workspaceId, scheduleId: s.id })
          }
        }
        return out
      })
      await announce(announcements)
      if (announcements.length) signal(workspaceId, 'audits')
    } catch (err) {
      log.error('audits: opening due audits failed', { workspaceId, err: String(err) })
    }
  }
  return opened
}

/** The reminder job: each overdue review not yet reminded gets one reminder (in the app and by email). Returns how many tasks it reminded. */
export async function remindOverdue(now = new Date()): Promise<number> {
  let reminded = 0
  for (const workspaceId of await workspacesWith('touchmap_audit_tasks_overdue', now)) {
    try {
      const { announcements, queued } = await inWorkspace(workspaceId, null, async (tx) => {
        const rows = await tx
          .update(auditTasks)
          .set({ remindedAt: now })
          .from(auditCampaigns)
          .where(
            and(
              eq(auditTasks.workspaceId, workspaceId),
              eq(auditCampaigns.id, auditTasks.campaignId),
              eq(auditCampaigns.status, 'open'),
              lte(auditCampaigns.dueAt, now),
              inArray(auditTasks.status, ['open', 'returned']),
              isNull(auditTasks.remindedAt),
            ),
          )
          .returning({
            id: auditTasks.id,
            campaignId: auditTasks.campaignId,
            touchpointId: auditTasks.touchpointId,
            touchpointName: auditTasks.touchpointName,
            assigneeUserId: auditTasks.assigneeUserId,
            assigneeDepartmentId: auditTasks.assigneeDepartmentId,
            campaignName: auditCampaigns.name,
            dueAt: auditCampaigns.dueAt,
          })
        reminded += rows.length
        const slug = await slugOf(tx, workspaceId)
        const out: Announcement[] = []
        for (const r of rows) {
          out.push({
            workspaceId,
            recipients: await assignees(tx, workspaceId, [r]),
            actorId: null,
            title: `Overdue: your review of “${r.touchpointName}” in audit “${r.campaignName}” was due on ${dayOf(r.dueAt)}`,
            link: `/w/${slug}/audits/${r.campaignId}?task=${r.id}`,
          })
        }
        const queued = await emitEvents(
          tx,
          workspaceId,
          rows.map((r) => ({
            type: 'audit.task.overdue' as const,
            data: {
              task: { id: r.id, assigneeUserId: r.assigneeUserId, assigneeDepartmentId: r.assigneeDepartmentId },
              audit: { id: r.campaignId, name: r.campaignName, dueAt: r.dueAt.toISOString() },
              touchpoint: { id: r.touchpointId, name: r.touchpointName },
            },
          })),
        )
        return { announcements: out, queued }
      })
      await dispatch(queued)
      await announce(announcements)
      if (announcements.length) signal(workspaceId, 'audits')
    } catch (err) {
      log.error('audits: sending reminders failed', { workspaceId, err: String(err) })
    }
  }
  return reminded
}
