/**
 * Reads for ownership: a touchpoint's page, "My touchpoints" and the
 * workspace overview. All from the read model (lib/maps/projection.ts), under
 * the member's own row-level security.
 */
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import {
  departments,
  insights,
  insightTouchpoints,
  mapSegments,
  mapStages,
  maps,
  memberships,
  placements,
  touchpointAssessments,
  touchpointHistory,
  touchpoints,
  users,
} from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError } from '@/lib/errors'
import { REVIEW_DUE_DAYS } from './review'
import { mapNotDeleted } from '@/lib/maps/visibility'

/** How a member is named: their name, else their email. */
export const personLabel = sql<string | null>`coalesce(${users.name}, ${users.email})`
const OPEN_STATUSES = ['new', 'in_review'] as const

export type Person = { id: string; name: string }
export type OwnerOptions = { members: Person[]; departments: Person[] }

/** Who can own a touchpoint here: the members and the departments. */
export async function ownerOptions(ctx: MemberContext): Promise<OwnerOptions> {
  return inWorkspace(ctx.workspaceId, ctx.userId, (tx) => ownerOptionsIn(tx, ctx.workspaceId))
}

/** ownerOptions inside the caller's inWorkspace transaction. */
export async function ownerOptionsIn(tx: Tx, workspaceId: string): Promise<OwnerOptions> {
  const [m, d] = await Promise.all([
    tx
      .select({ id: users.id, name: personLabel })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.workspaceId, workspaceId))
      .orderBy(asc(sql`lower(coalesce(${users.name}, ${users.email}))`)),
    tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.workspaceId, workspaceId)).orderBy(asc(departments.name)),
  ])
  return { members: m.map((x) => ({ id: x.id, name: x.name ?? '' })), departments: d }
}

export type HistoryEntry = { id: number; field: string; oldValue: string | null; newValue: string | null; changedByName: string | null; changedAt: string }

export type TouchpointDetail = {
  id: string
  name: string
  kind: string
  ownership: string
  control: string
  channel: string
  onsitePage: boolean
  status: string
  description: string
  details: Record<string, string>
  owner: Person | null
  department: Person | null
  createdAt: string
  updatedAt: string
  placements: { mapId: string; mapName: string; stageName: string; segmentName: string }[]
  history: HistoryEntry[]
  reviewedAt: string | null
  reviewedByName: string | null
  /** Whether the viewing member owns it (as the person or through their department). */
  mine: boolean
}

export const HISTORY_LIMIT = 100

/** Everything the read model knows about one touchpoint; 404 when it is not in this workspace. */
export async function touchpointDetail(ctx: MemberContext, touchpointId: string): Promise<TouchpointDetail> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const ws = ctx.workspaceId
    const [tp] = await tx
      .select({ t: touchpoints, ownerName: personLabel, departmentName: departments.name })
      .from(touchpoints)
      .leftJoin(users, eq(users.id, touchpoints.ownerUserId))
      .leftJoin(departments, eq(departments.id, touchpoints.ownerDepartmentId))
      .where(and(eq(touchpoints.workspaceId, ws), eq(touchpoints.id, touchpointId)))
    if (!tp) throw new NotFoundError('Touchpoint not found')
    const reviewer = alias(users, 'reviewer')
    const [pl, hist, [review]] = await Promise.all([
      tx
        .select({ mapId: maps.id, mapName: maps.name, stageName: mapStages.name, segmentName: mapSegments.name })
        .from(placements)
        .innerJoin(maps, eq(maps.id, placements.mapId))
        .innerJoin(mapStages, and(eq(mapStages.mapId, placements.mapId), eq(mapStages.id, placements.stageId)))
        .innerJoin(mapSegments, and(eq(mapSegments.mapId, placements.mapId), eq(mapSegments.id, placements.segmentId)))
        .where(and(eq(placements.workspaceId, ws), eq(placements.touchpointId, touchpointId)))
        .orderBy(asc(maps.name), asc(mapStages.position), asc(mapSegments.position)),
      historyOf(tx, ws, touchpointId),
      tx
        .select({ reviewedAt: touchpointAssessments.reviewedAt, reviewedByName: sql<string | null>`coalesce(${reviewer.name}, ${reviewer.email})` })
        .from(touchpointAssessments)
        .leftJoin(reviewer, eq(reviewer.id, touchpointAssessments.reviewedBy))
        .where(and(eq(touchpointAssessments.workspaceId, ws), eq(touchpointAssessments.touchpointId, touchpointId))),
    ])
    const t = tp.t
    let details: Record<string, string> = {}
    try {
      details = JSON.parse(t.details || '{}') as Record<string, string>
    } catch {
      details = {}
    }
    return {
      id: t.id,
      name: t.name,
      kind: t.kind,
      ownership: t.ownership,
      control: t.control,
      channel: t.channel,
      onsitePage: t.onsitePage,
      status: t.status,
      description: t.description,
      details,
      owner: t.ownerUserId ? { id: t.ownerUserId, name: tp.ownerName ?? '' } : null,
      department: t.ownerDepartmentId ? { id: t.ownerDepartmentId, name: tp.departmentName ?? '' } : null,
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
      placements: pl,
      history: hist,
      reviewedAt: review?.reviewedAt ? review.reviewedAt.toISOString() : null,
      reviewedByName: review?.reviewedByName ?? null,
      mine: t.ownerUserId === ctx.userId || (t.ownerDepartmentId !== null && t.ownerDepartmentId === ctx.departmentId),
    }
  })
}

/** The touchpoint's history, newest first, with owner ids turned into names (people and departments as they are called now). */
async function historyOf(tx: Tx, ws: string, touchpointId: string): Promise<HistoryEntry[]> {
  const rows = await tx
    .select({
      id: touchpointHistory.id,
      field: touchpointHistory.field,
      oldValue: touchpointHistory.oldValue,
      newValue: touchpointHistory.newValue,
      changedByName: personLabel,
      changedAt: touchpointHistory.changedAt,
    })
    .from(touchpointHistory)
    .leftJoin(users, eq(users.id, touchpointHistory.changedBy))
    .where(and(eq(touchpointHistory.workspaceId, ws), eq(touchpointHistory.touchpointId, touchpointId)))
    .orderBy(desc(touchpointHistory.id))
    .limit(HISTORY_LIMIT)
  const userIds = new Set<string>()
  const deptIds = new Set<string>()
  for (const r of rows) {
    const bag = r.field === 'ownerUserId' ? userIds : r.field === 'ownerDepartmentId' ? deptIds : null
    if (!bag) continue
    if (r.oldValue) bag.add(r.oldValue)
    if (r.newValue) bag.add(r.newValue)
  }
  const [u, d] = await Promise.all([
    userIds.size ? tx.select({ id: users.id, name: personLabel }).from(users).where(inArray(users.id, [...userIds])) : [],
    deptIds.size ? tx.select({ id: departments.id, name: departments.name }).from(departments).where(and(eq(departments.workspaceId, ws), inArray(departments.id, [...deptIds]))) : [],
  ])
  const names = new Map<string, string>([...u.map((x) => [x.id, x.name ?? ''] as const), ...d.map((x) => [x.id, x.name] as const)])
  const show = (field: string, v: string | null) => (v && (field === 'ownerUserId' || field === 'ownerDepartmentId') ? (names.get(v) ?? 'someone no longer here') : v)
  return rows.map((r) => ({ ...r, oldValue: show(r.field, r.oldValue), newValue: show(r.field, r.newValue), changedAt: r.changedAt.toISOString() }))
}

// ---- My touchpoints ---------------------------------------------------------

export type MyTouchpoint = {
  id: string
  name: string
  kind: string
  status: string
  /** How I own it: as the person, through my department, or both. */
  via: 'person' | 'department' | 'both'
  departmentName: string | null
  openInsights: number
  reviewedAt: string | null
  /** Never reviewed, or longer ago than REVIEW_DUE_DAYS. */
  reviewDue: boolean
}

function mineCondition(ctx: MemberContext) {
  const byPerson = eq(touchpoints.ownerUserId, ctx.userId)
  return ctx.departmentId ? or(byPerson, eq(touchpoints.ownerDepartmentId, ctx.departmentId))! : byPerson
}

const openInsightsOf = sql<number>`(select count(*) from ${insightTouchpoints} it join ${insights} i on i.id = it.insight_id
  where it.workspace_id = ${touchpoints.workspaceId} and it.touchpoint_id = ${touchpoints.id} and i.status in ('new', 'in_review') and i.merged_into is null)::int`

/**
 * What I own, active ones first, sorted by what needs attention: open
 * insights, then reviews due (never reviewed first, then the oldest), then name.
 */
export async function myTouchpoints(ctx: MemberContext, now = new Date()): Promise<MyTouchpoint[]> {
  const rows = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx
      .select({
        id: touchpoints.id,
        name: touchpoints.name,
        kind: touchpoints.kind,
        status: touchpoints.status,
        ownerUserId: touchpoints.ownerUserId,
        ownerDepartmentId: touchpoints.ownerDepartmentId,
        departmentName: departments.name,
        openInsights: openInsightsOf,
        reviewedAt: touchpointAssessments.reviewedAt,
      })
      .from(touchpoints)
      .leftJoin(departments, eq(departments.id, touchpoints.ownerDepartmentId))
      .leftJoin(touchpointAssessments, and(eq(touchpointAssessments.workspaceId, touchpoints.workspaceId), eq(touchpointAssessments.touchpointId, touchpoints.id)))
      .where(and(eq(touchpoints.workspaceId, ctx.workspaceId), mineCondition(ctx)))
      .limit(5000),
  )
  const dueBefore = now.getTime() - REVIEW_DUE_DAYS * 86_400_000
  const list: MyTouchpoint[] = rows.map((r) => {
    const person = r.ownerUserId === ctx.userId
    const dept = !!ctx.departmentId && r.ownerDepartmentId === ctx.departmentId
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      status: r.status,
      via: person && dept ? 'both' : person ? 'person' : 'department',
      departmentName: r.departmentName,
      openInsights: Number(r.openInsights),
      reviewedAt: r.reviewedAt ? r.reviewedAt.toISOString() : null,
      reviewDue: !r.reviewedAt || r.reviewedAt.getTime() < dueBefore,
    }
  })
  const reviewed = (x: MyTouchpoint) => (x.reviewedAt ? Date.parse(x.reviewedAt) : -1)
  return list.sort(
    (a, b) =>
      Number(a.status === 'retired') - Number(b.status === 'retired') ||
      b.openInsights - a.openInsights ||
      Number(b.reviewDue) - Number(a.reviewDue) ||
      reviewed(a) - reviewed(b) ||
      a.name.localeCompare(b.name),
  )
}

// ---- Overview ---------------------------------------------------------------

export type RecentChange = { touchpointId: string; touchpointName: string; field: string; changedByName: string | null; changedAt: string }
export type Overview = {
  touchpoints: number
  unowned: number
  mine: number
  openInsights: number
  maps: { id: string; name: string; updatedAt: string }[]
  recent: RecentChange[]
}

/** The workspace at a glance: the counts the overview shows, its maps, and the latest changes to touchpoints. */
export async function workspaceOverview(ctx: MemberContext): Promise<Overview> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const ws = ctx.workspaceId
    const active = and(eq(touchpoints.workspaceId, ws), eq(touchpoints.status, 'active'))
    const [[counts], [open], m, recent] = await Promise.all([
      tx
        .select({
          total: sql<number>`count(*)::int`,
          unowned: sql<number>`count(*) filter (where ${touchpoints.ownerUserId} is null and ${touchpoints.ownerDepartmentId} is null)::int`,
          mine: sql<number>`count(*) filter (where ${mineCondition(ctx)})::int`,
        })
        .from(touchpoints)
        .where(active),
      tx
        .select({ n: sql<number>`count(*)::int` })
        .from(insights)
        .where(and(eq(insights.workspaceId, ws), inArray(insights.status, [...OPEN_STATUSES]), isNull(insights.mergedInto))),
      tx.select({ id: maps.id, name: maps.name, updatedAt: maps.updatedAt }).from(maps).where(and(eq(maps.workspaceId, ws), mapNotDeleted())).orderBy(desc(maps.updatedAt)).limit(6),
      tx
        .select({
          touchpointId: touchpointHistory.touchpointId,
          touchpointName: touchpoints.name,
          field: touchpointHistory.field,
          changedByName: personLabel,
          changedAt: touchpointHistory.changedAt,
        })
        .from(touchpointHistory)
        .innerJoin(touchpoints, and(eq(touchpoints.workspaceId, touchpointHistory.workspaceId), eq(touchpoints.id, touchpointHistory.touchpointId)))
        .leftJoin(users, eq(users.id, touchpointHistory.changedBy))
        .where(eq(touchpointHistory.workspaceId, ws))
        .orderBy(desc(touchpointHistory.id))
        .limit(8),
    ])
    return {
      touchpoints: Number(counts?.total ?? 0),
      unowned: Number(counts?.unowned ?? 0),
      mine: Number(counts?.mine ?? 0),
      openInsights: Number(open?.n ?? 0),
      maps: m.map((x) => ({ id: x.id, name: x.name, updatedAt: x.updatedAt.toISOString() })),
      recent: recent.map((r) => ({ ...r, changedAt: r.changedAt.toISOString() })),
    }
  })
}
