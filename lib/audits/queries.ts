/**
 * Audits: the reads (the Audits page, a campaign, "what changed", a closed
 * audit as it was, the review state on "My touchpoints" and the badges).
 */
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm'
import { auditCampaigns, auditSchedules, auditSnapshots, auditTasks, departments, maps, memberships, users } from '@/db/schema'
import { can, type MemberContext } from '@/lib/auth/membership'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError, ValidationError } from '@/lib/errors'
import { personLabel } from '@/lib/ownership/queries'
import { ownsTask } from './campaigns'
import type { Cadence, Checklist, TaskStatus } from './model'
import { reviewBadgeOf } from './vocabulary'
import { readState } from './snapshot'
import { diffStates, type AuditState, type Change } from './state'
import { mapNotDeleted } from '@/lib/maps/visibility'


export type Progress = { total: number; open: number; submitted: number; approved: number; returned: number; overdue: number }
const emptyProgress = (): Progress => ({ total: 0, open: 0, submitted: 0, approved: 0, returned: 0, overdue: 0 })

export type CampaignSummary = {
  id: string
  name: string
  mapId: string | null
  scope: string | null
  status: 'open' | 'closed'
  openedAt: string
  dueAt: string
  closedAt: string | null
  scheduled: boolean
  progress: Progress
}

export type ScheduleSummary = { id: string; mapId: string | null; scope: string | null; cadence: Cadence; intervalDays: number | null; nextOpenAt: string; dueDays: number; active: boolean }

export type AuditsOverview = {
  schedules: ScheduleSummary[]
  open: CampaignSummary[]
  closed: CampaignSummary[]
  maps: { id: string; name: string }[]
  canManage: boolean
}

async function progressOf(tx: Tx, campaignIds: string[], now: Date): Promise<Map<string, Progress>> {
  const out = new Map<string, Progress>()
  if (!campaignIds.length) return out
  const rows = rowsOf<{ campaign_id: string; status: TaskStatus; n: number; overdue: number }>(
    await tx.execute(sql`
      select t.campaign_id, t.status, count(*)::int as n,
             (count(*) filter (where t.status in ('open', 'returned') and c.due_at < ${now.toISOString()}::timestamptz and c.status = 'open'))::int as overdue
      from audit_tasks t join audit_campaigns c on c.id = t.campaign_id
      where t.campaign_id = any(${sql.param(campaignIds)}::uuid[])
      group by 1, 2`),
  )
  for (const r of rows) {
    const p = out.get(r.campaign_id) ?? emptyProgress()
    p[r.status] += Number(r.n)
    p.total += Number(r.n)
    p.overdue += Number(r.overdue)
    out.set(r.campaign_id, p)
  }
  return out
}

export async function auditsOverview(ctx: MemberContext, now = new Date()): Promise<AuditsOverview> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [schedules, campaigns, mapRows] = await Promise.all([
      tx
        .select({ s: auditSchedules, scope: maps.name })
        .from(auditSchedules)
        .leftJoin(maps, eq(maps.id, auditSchedules.mapId))
        .where(eq(auditSchedules.workspaceId, ctx.workspaceId))
        .orderBy(asc(auditSchedules.nextOpenAt)),
      tx
        .select({ c: auditCampaigns, scope: maps.name })
        .from(auditCampaigns)
        .leftJoin(maps, eq(maps.id, auditCampaigns.mapId))
        .where(eq(auditCampaigns.workspaceId, ctx.workspaceId))
        .orderBy(desc(auditCampaigns.openedAt))
        .limit(200),
      tx.select({ id: maps.id, name: maps.name }).from(maps).where(and(eq(maps.workspaceId, ctx.workspaceId), mapNotDeleted())).orderBy(asc(maps.name)),
    ])
    const progress = await progressOf(tx, campaigns.map((r) => r.c.id), now)
    const summaries = campaigns.map(({ c, scope }) => summaryOf(c, scope, progress.get(c.id) ?? emptyProgress()))
    return {
      schedules: schedules.map(({ s, scope }) => ({
        id: s.id,
        mapId: s.mapId,
        scope,
        cadence: s.cadence as Cadence,
        intervalDays: s.intervalDays,
        nextOpenAt: s.nextOpenAt.toISOString(),
        dueDays: s.dueDays,
        active: s.active,
      })),
      open: summaries.filter((c) => c.status === 'open'),
      closed: summaries.filter((c) => c.status === 'closed'),
      maps: mapRows,
      canManage: can(ctx, 'audits.manage'),
    }
  })
}

function summaryOf(c: typeof auditCampaigns.$inferSelect, scope: string | null, progress: Progress): CampaignSummary {
  return {
    id: c.id,
    name: c.name,
    mapId: c.mapId,
    scope,
    status: c.status as 'open' | 'closed',
    openedAt: c.openedAt.toISOString(),
    dueAt: c.dueAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    scheduled: !!c.scheduleId,
    progress,
  }
}

export type TaskView = {
  id: string
  touchpointId: string
  touchpointName: string
  assignee: string | null
  department: string | null
  status: TaskStatus
  checklist: Checklist
  note: string
  submittedBy: string | null
  submittedAt: string | null
  reviewedBy: string | null
  reviewNote: string
  overdue: boolean
  /** Owned by the reader: theirs, or their department's. */
  mine: boolean
  canAnswer: boolean
}

export type CampaignDetail = CampaignSummary & {
  tasks: TaskView[]
  departments: { name: string | null; progress: Progress }[]
  canManage: boolean
}

async function campaignRow(tx: Tx, workspaceId: string, id: string) {
  const [row] = await tx
    .select({ c: auditCampaigns, scope: maps.name })
    .from(auditCampaigns)
    .leftJoin(maps, eq(maps.id, auditCampaigns.mapId))
    .where(and(eq(auditCampaigns.workspaceId, workspaceId), eq(auditCampaigns.id, id)))
  if (!row) throw new NotFoundError('Audit not found')
  return row
}

export async function campaignDetail(ctx: MemberContext, campaignId: string, now = new Date()): Promise<CampaignDetail> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const { c, scope } = await campaignRow(tx, ctx.workspaceId, campaignId)
    const submitter = sql<string | null>`(select coalesce(u.name, u.email) from users u where u.id = ${auditTasks.submittedBy})`
    const reviewer = sql<string | null>`(select coalesce(u.name, u.email) from users u where u.id = ${auditTasks.reviewedBy})`
    const [rows, people] = await Promise.all([
      tx
        .select({ t: auditTasks, assignee: personLabel, department: departments.name, submitter, reviewer })
        .from(auditTasks)
        .leftJoin(users, eq(users.id, auditTasks.assigneeUserId))
        .leftJoin(departments, eq(departments.id, auditTasks.assigneeDepartmentId))
        .where(and(eq(auditTasks.workspaceId, ctx.workspaceId), eq(auditTasks.campaignId, campaignId)))
        .orderBy(asc(auditTasks.touchpointName), asc(auditTasks.id)),
      // A person's department, for the progress per department of tasks owned by a person.
      tx
        .select({ userId: memberships.userId, department: departments.name })
        .from(memberships)
        .leftJoin(departments, eq(departments.id, memberships.departmentId))
        .where(eq(memberships.workspaceId, ctx.workspaceId)),
    ])
    const deptOfPerson = new Map(people.map((p) => [p.userId, p.department]))
    const overdueNow = c.status === 'open' && c.dueAt < now
    const byDept = new Map<string | null, Progress>()
    const progress = emptyProgress()
    const tasks = rows.map(({ t, assignee, department, submitter: sb, reviewer: rv }): TaskView => {
      const status = t.status as TaskStatus
      const overdue = overdueNow && (status === 'open' || status === 'returned')
      const dept = department ?? (t.assigneeUserId ? (deptOfPerson.get(t.assigneeUserId) ?? null) : null)
      for (const p of [progress, byDept.get(dept) ?? (byDept.set(dept, emptyProgress()), byDept.get(dept)!)]) {
        p.total++
        p[status]++
        if (overdue) p.overdue++
      }
      return {
        id: t.id,
        touchpointId: t.touchpointId,
        touchpointName: t.touchpointName,
        assignee,
        department: dept,
        status,
        checklist: t.checklist as Checklist,
        note: t.note,
        submittedBy: sb,
        submittedAt: t.submittedAt?.toISOString() ?? null,
        reviewedBy: rv,
        reviewNote: t.reviewNote,
        overdue,
        mine: t.assigneeUserId === ctx.userId || (!t.assigneeUserId && !!t.assigneeDepartmentId && t.assigneeDepartmentId === ctx.departmentId),
        canAnswer: c.status === 'open' && status !== 'approved' && status !== 'submitted' && ownsTask(ctx, t),
      }
    })
    return {
      ...summaryOf(c, scope, progress),
      tasks,
      departments: [...byDept.entries()].map(([name, p]) => ({ name, progress: p })).sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'en')),
      canManage: can(ctx, 'audits.manage'),
    }
  })
}

export type Comparison = {
  before: { id: string; name: string; at: string } | null
  after: { id: string | null; name: string | null; at: string }
  changes: Change[]
}

async function snapshotOf(tx: Tx, workspaceId: string, campaignId: string): Promise<AuditState> {
  const [s] = await tx.select({ state: auditSnapshots.state }).from(auditSnapshots).where(and(eq(auditSnapshots.workspaceId, workspaceId), eq(auditSnapshots.campaignId, campaignId)))
  if (!s) throw new NotFoundError('This audit has no snapshot: it is still open')
  return s.state as unknown as AuditState
}

/** The closed audit of the same scope before `at`, if any. */
async function previousClosed(tx: Tx, workspaceId: string, mapId: string | null, before: Date | null) {
  const [p] = await tx
    .select({ id: auditCampaigns.id, name: auditCampaigns.name, closedAt: auditCampaigns.closedAt })
    .from(auditCampaigns)
    .where(
      and(
        eq(auditCampaigns.workspaceId, workspaceId),
        eq(auditCampaigns.status, 'closed'),
        mapId ? eq(auditCampaigns.mapId, mapId) : sql`${auditCampaigns.mapId} is null`,
        before ? lt(auditCampaigns.closedAt, before) : undefined,
      ),
    )
    .orderBy(desc(auditCampaigns.closedAt))
    .limit(1)
  return p
}

/**
 * "What changed since the last audit": from the last closed audit of the same
 * scope to now (an open campaign) or to this audit's own snapshot (a closed one).
 */
export async function whatChanged(ctx: MemberContext, campaignId: string): Promise<Comparison> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const { c } = await campaignRow(tx, ctx.workspaceId, campaignId)
    const after = c.status === 'closed' ? await snapshotOf(tx, ctx.workspaceId, c.id) : await readState(tx, ctx.workspaceId, c.mapId)
    const prev = await previousClosed(tx, ctx.workspaceId, c.mapId, c.closedAt)
    if (!prev) return { before: null, after: { id: c.id, name: c.name, at: after.takenAt }, changes: [] }
    const before = await snapshotOf(tx, ctx.workspaceId, prev.id)
    return {
      before: { id: prev.id, name: prev.name, at: prev.closedAt!.toISOString() },
      after: { id: c.status === 'closed' ? c.id : null, name: c.status === 'closed' ? c.name : null, at: after.takenAt },
      changes: diffStates(before, after),
    }
  })
}

/** Two closed audits side by side (older first, whatever the order asked). */
export async function compareAudits(ctx: MemberContext, a: string, b: string): Promise<Comparison & { beforeState: AuditState; afterState: AuditState }> {
  if (a === b) throw new ValidationError({ b: ['Choose two different audits'] })
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [x, y] = await Promise.all([campaignRow(tx, ctx.workspaceId, a), campaignRow(tx, ctx.workspaceId, b)])
    if (x.c.status !== 'closed' || y.c.status !== 'closed') throw new ValidationError({ b: ['Only closed audits can be compared'] })
    const [first, second] = x.c.closedAt! <= y.c.closedAt! ? [x.c, y.c] : [y.c, x.c]
    const [s1, s2] = await Promise.all([snapshotOf(tx, ctx.workspaceId, first.id), snapshotOf(tx, ctx.workspaceId, second.id)])
    return {
      before: { id: first.id, name: first.name, at: s1.takenAt },
      after: { id: second.id, name: second.name, at: s2.takenAt },
      changes: diffStates(s1, s2),
      beforeState: s1,
      afterState: s2,
    }
  })
}

/** A closed audit as it was: its frozen state. */
export async function auditSnapshot(ctx: MemberContext, campaignId: string): Promise<{ campaign: CampaignSummary; state: AuditState }> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const { c, scope } = await campaignRow(tx, ctx.workspaceId, campaignId)
    const state = await snapshotOf(tx, ctx.workspaceId, c.id)
    const progress = (await progressOf(tx, [c.id], new Date())).get(c.id) ?? emptyProgress()
    return { campaign: summaryOf(c, scope, progress), state }
  })
}

export type MyAuditTask = { id: string; campaignId: string; campaignName: string; touchpointId: string; touchpointName: string; status: TaskStatus; dueAt: string; overdue: boolean; reviewNote: string }

/** The reviews waiting for `ctx` (theirs, or their department's) in open audits. */
export async function myAuditTasks(ctx: MemberContext, now = new Date()): Promise<MyAuditTask[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const mine = ctx.departmentId
      ? sql`(${auditTasks.assigneeUserId} = ${ctx.userId} or (${auditTasks.assigneeUserId} is null and ${auditTasks.assigneeDepartmentId} = ${ctx.departmentId}))`
      : sql`${auditTasks.assigneeUserId} = ${ctx.userId}`
    const rows = await tx
      .select({ t: auditTasks, campaignName: auditCampaigns.name, dueAt: auditCampaigns.dueAt })
      .from(auditTasks)
      .innerJoin(auditCampaigns, eq(auditCampaigns.id, auditTasks.campaignId))
      .where(and(eq(auditTasks.workspaceId, ctx.workspaceId), eq(auditCampaigns.status, 'open'), inArray(auditTasks.status, ['open', 'returned', 'submitted']), mine))
      .orderBy(asc(auditCampaigns.dueAt), asc(auditTasks.touchpointName))
    return rows.map(({ t, campaignName, dueAt }) => ({
      id: t.id,
      campaignId: t.campaignId,
      campaignName,
      touchpointId: t.touchpointId,
      touchpointName: t.touchpointName,
      status: t.status as TaskStatus,
      dueAt: dueAt.toISOString(),
      overdue: dueAt < now && t.status !== 'submitted',
      reviewNote: t.reviewNote,
    }))
  })
}

export type ReviewState = { reviewDue: boolean; staleSince: string | null; neverReviewed: boolean }

/**
 * Per touchpoint (all, or `ids`): "review due" while a review of it is not yet
 * approved in an open audit; "stale since" the last approved review when that
 * is older than REVIEW_DUE_DAYS (or "never reviewed").
 */
export async function reviewStates(ctx: MemberContext, ids?: readonly string[], now = new Date()): Promise<Record<string, ReviewState>> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const only = ids ? sql`and t.touchpoint_id = any(${sql.param([...ids])}::text[])` : sql``
    const onlyA = ids ? sql`and a.touchpoint_id = any(${sql.param([...ids])}::text[])` : sql``
    const [due, reviewed] = await Promise.all([
      rowsOf<{ touchpoint_id: string }>(
        await tx.execute(sql`select distinct t.touchpoint_id from audit_tasks t join audit_campaigns c on c.id = t.campaign_id
          where t.workspace_id = ${ctx.workspaceId} and c.status = 'open' and t.status <> 'approved' ${only}`),
      ),
      rowsOf<{ touchpoint_id: string; reviewed_at: string | Date | null }>(
        await tx.execute(sql`select a.touchpoint_id, a.reviewed_at from touchpoint_assessments a where a.workspace_id = ${ctx.workspaceId} ${onlyA}`),
      ),
    ])
    const out: Record<string, ReviewState> = {}
    const dueIds = new Set(due.map((r) => r.touchpoint_id))
    const at = new Map(reviewed.map((r) => [r.touchpoint_id, r.reviewed_at]))
    for (const id of new Set([...dueIds, ...at.keys()])) {
      const b = reviewBadgeOf(dueIds.has(id), at.get(id) ?? null, now)
      out[id] = { reviewDue: b.review === 'due', staleSince: b.since, neverReviewed: !at.get(id) }
    }
    return out
  })
}

