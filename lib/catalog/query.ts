/**
 * The Touchpoints page's reads, from the read model (lib/maps/projection.ts):
 * search, filters, sorting and pages sized for a virtualised table.
 */
import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { departments, mapSegments, mapStages, maps, memberships, placements, touchpoints, users } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { CONTROLS, OWNERSHIPS, TOUCHPOINT_KINDS, TOUCHPOINT_STATUSES } from '@/lib/maps/model'
import { mapNotDeleted } from '@/lib/maps/visibility'

export const SORTS = ['name', 'kind', 'channel', 'owner', 'updated'] as const
export type CatalogSort = (typeof SORTS)[number]

/** A comma-separated list in a query string ("kind=human,physical"), each value one of `values`. */
const listOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .string()
    .max(200)
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []))
    .refine((list) => list.every((v) => (values as readonly string[]).includes(v)), `${what} is one of ${values.join(', ')}`)
    .transform((list) => list as T[number][])

const optText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .optional()
    .transform((s) => s || undefined)

/** The Touchpoints page's query, as URL parameters (the list route, the export and the page share it). */
export const catalogQuerySchema = z.object({
  q: optText(200),
  kind: listOf(TOUCHPOINT_KINDS, 'Kind'),
  ownership: listOf(OWNERSHIPS, 'Ownership'),
  control: listOf(CONTROLS, 'Control'),
  status: listOf(TOUCHPOINT_STATUSES, 'Status'),
  channel: optText(80),
  map: z.uuid({ error: 'Unknown map' }).optional().or(z.literal('').transform(() => undefined)),
  stage: optText(60),
  segment: optText(60),
  /** A member's user id, "none" (no person), or "unowned" (neither a person nor a department). */
  owner: optText(64),
  /** A department id, or "none". */
  department: z.union([z.uuid({ error: 'Unknown department' }), z.literal('none'), z.literal('').transform(() => undefined)]).optional(),
  sort: z.enum(SORTS, { error: `Sort by ${SORTS.join(', ')}` }).default('name'),
  dir: z.enum(['asc', 'desc'], { error: 'Direction is asc or desc' }).default('asc'),
  offset: z.coerce.number({ error: 'Offset is a number' }).int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number({ error: 'Limit is a number' }).int().min(1).max(500, 'At most 500 rows per page').default(200),
})
export type CatalogQuery = z.infer<typeof catalogQuerySchema>
export type CatalogQueryInput = z.input<typeof catalogQuerySchema>

export type CatalogRow = {
  id: string
  name: string
  kind: string
  ownership: string
  control: string
  channel: string
  onsitePage: boolean
  status: string
  ownerUserId: string | null
  ownerName: string | null
  departmentId: string | null
  departmentName: string | null
  placements: number
  updatedAt: string
  /** Audits: a review of it is open (not yet approved) in an open audit. */
  reviewDue: boolean
  /** When its last review was approved, if ever. */
  reviewedAt: string | null
}

export type CatalogPage = { total: number; offset: number; rows: CatalogRow[] }

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Search: full-text prefix match on name, channel and description; short queries (and parts of words) by ILIKE on name and channel. */
function searchCondition(q: string): SQL | undefined {
  const like = `%${escapeLike(q)}%`
  const byLike = or(ilike(touchpoints.name, like), ilike(touchpoints.channel, like))
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  if (q.length < 3 || words.length === 0) return byLike
  const tsq = words.map((w) => `${w}:*`).join(' & ')
  return or(sql`${touchpoints.search} @@ to_tsquery('simple', ${tsq})`, byLike)
}

function placedWhere(ws: string, q: CatalogQuery): SQL | undefined {
  if (!q.map && !q.stage && !q.segment) return undefined
  const conds: SQL[] = [eq(placements.workspaceId, ws), eq(placements.touchpointId, touchpoints.id)]
  if (q.map) conds.push(eq(placements.mapId, q.map))
  if (q.stage)
    conds.push(
      sql`exists (select 1 from ${mapStages} where ${mapStages.mapId} = ${placements.mapId} and ${mapStages.id} = ${placements.stageId} and lower(${mapStages.name}) = lower(${q.stage}))`,
    )
  if (q.segment)
    conds.push(
      sql`exists (select 1 from ${mapSegments} where ${mapSegments.mapId} = ${placements.mapId} and ${mapSegments.id} = ${placements.segmentId} and lower(${mapSegments.name}) = lower(${q.segment}))`,
    )
  return and(...conds)
}

function where(ws: string, q: CatalogQuery): SQL | undefined {
  const conds: (SQL | undefined)[] = [eq(touchpoints.workspaceId, ws)]
  if (q.q) conds.push(searchCondition(q.q))
  if (q.kind.length) conds.push(inArray(touchpoints.kind, q.kind))
  if (q.ownership.length) conds.push(inArray(touchpoints.ownership, q.ownership))
  if (q.control.length) conds.push(inArray(touchpoints.control, q.control))
  if (q.status.length) conds.push(inArray(touchpoints.status, q.status))
  if (q.channel) conds.push(sql`lower(${touchpoints.channel}) = lower(${q.channel})`)
  if (q.owner === 'unowned') conds.push(and(isNull(touchpoints.ownerUserId), isNull(touchpoints.ownerDepartmentId)))
  else if (q.owner) conds.push(q.owner === 'none' ? isNull(touchpoints.ownerUserId) : eq(touchpoints.ownerUserId, q.owner))
  if (q.department) conds.push(q.department === 'none' ? isNull(touchpoints.ownerDepartmentId) : eq(touchpoints.ownerDepartmentId, q.department))
  const placed = placedWhere(ws, q)
  if (placed) conds.push(sql`exists (select 1 from ${placements} where ${placed})`)
  return and(...conds)
}

const ownerLabel = sql<string | null>`coalesce(${users.name}, ${users.email})`

function orderBy(q: CatalogQuery): SQL[] {
  const d = q.dir === 'desc' ? desc : asc
  const nulls = q.dir === 'desc' ? sql.raw('nulls first') : sql.raw('nulls last')
  const byName = [d(sql`lower(${touchpoints.name})`), d(touchpoints.id)]
  switch (q.sort) {
    case 'kind':
      return [d(touchpoints.kind), asc(sql`lower(${touchpoints.name})`), asc(touchpoints.id)]
    case 'channel':
      return [sql`nullif(lower(${touchpoints.channel}), '') ${sql.raw(q.dir)} ${nulls}`, asc(sql`lower(${touchpoints.name})`), asc(touchpoints.id)]
    case 'owner':
      return [
        sql`lower(coalesce(${ownerLabel}, ${departments.name})) ${sql.raw(q.dir)} ${nulls}`,
        asc(sql`lower(${touchpoints.name})`),
        asc(touchpoints.id),
      ]
    case 'updated':
      return [d(touchpoints.updatedAt), d(touchpoints.id)]
    default:
      return byName
  }
}

const reviewDue = sql<boolean>`exists (select 1 from audit_tasks t join audit_campaigns c on c.id = t.campaign_id where t.workspace_id = ${touchpoints.workspaceId} and t.touchpoint_id = ${touchpoints.id} and c.status = 'open' and t.status <> 'approved')`
const reviewedAt = sql<string | null>`(select a.reviewed_at from touchpoint_assessments a where a.workspace_id = ${touchpoints.workspaceId} and a.touchpoint_id = ${touchpoints.id})`
const placementCount = sql<number>`(select count(*) from ${placements} where ${placements.workspaceId} = ${touchpoints.workspaceId} and ${placements.touchpointId} = ${touchpoints.id})::int`

/** One page of the catalog, with the total that matches. */
export async function queryCatalog(ctx: MemberContext, q: CatalogQuery): Promise<CatalogPage> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const w = where(ctx.workspaceId, q)
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(touchpoints).where(w)
    const rows = await tx
      .select({
        id: touchpoints.id,
        name: touchpoints.name,
        kind: touchpoints.kind,
        ownership: touchpoints.ownership,
        control: touchpoints.control,
        channel: touchpoints.channel,
        onsitePage: touchpoints.onsitePage,
        status: touchpoints.status,
        ownerUserId: touchpoints.ownerUserId,
        ownerName: ownerLabel,
        departmentId: touchpoints.ownerDepartmentId,
        departmentName: departments.name,
        placements: placementCount,
        updatedAt: touchpoints.updatedAt,
        reviewDue,
        reviewedAt,
      })
      .from(touchpoints)
      .leftJoin(users, eq(users.id, touchpoints.ownerUserId))
      .leftJoin(departments, eq(departments.id, touchpoints.ownerDepartmentId))
      .where(w)
      .orderBy(...orderBy(q))
      .limit(q.limit)
      .offset(q.offset)
    return { total: Number(n), offset: q.offset, rows: rows.map((r) => ({ ...r, placements: Number(r.placements), updatedAt: new Date(r.updatedAt).toISOString(), reviewDue: Boolean(r.reviewDue), reviewedAt: r.reviewedAt ? new Date(r.reviewedAt).toISOString() : null })) }
  })
}

/** The ids of every touchpoint that matches (for "select all"), at most `max`. */
export async function matchingIds(ctx: MemberContext, q: CatalogQuery, max = 50_000): Promise<string[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = await tx.select({ id: touchpoints.id }).from(touchpoints).where(where(ctx.workspaceId, q)).limit(max)
    return rows.map((r) => r.id)
  })
}

export type CatalogFacets = {
  maps: { id: string; name: string; stages: string[]; segments: string[] }[]
  departments: { id: string; name: string }[]
  owners: { id: string; name: string }[]
  channels: string[]
  total: number
}

/** What the filter controls offer: maps with their stage and segment names, departments, members, channels in use. */
export async function catalogFacets(ctx: MemberContext): Promise<CatalogFacets> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const ws = ctx.workspaceId
    const [m, st, sg, d, o, ch, [{ n } = { n: 0 }]] = await Promise.all([
      tx.select({ id: maps.id, name: maps.name }).from(maps).where(and(eq(maps.workspaceId, ws), mapNotDeleted())).orderBy(asc(maps.name)),
      tx.select({ mapId: mapStages.mapId, name: mapStages.name }).from(mapStages).where(eq(mapStages.workspaceId, ws)).orderBy(asc(mapStages.position)),
      tx.select({ mapId: mapSegments.mapId, name: mapSegments.name }).from(mapSegments).where(eq(mapSegments.workspaceId, ws)).orderBy(asc(mapSegments.position)),
      tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.workspaceId, ws)).orderBy(asc(departments.name)),
      tx
        .select({ id: users.id, name: ownerLabel })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.workspaceId, ws))
        .orderBy(asc(sql`lower(coalesce(${users.name}, ${users.email}))`)),
      tx
        .selectDistinct({ channel: touchpoints.channel })
        .from(touchpoints)
        .where(and(eq(touchpoints.workspaceId, ws), sql`${touchpoints.channel} <> ''`))
        .orderBy(asc(touchpoints.channel))
        .limit(500),
      tx.select({ n: sql<number>`count(*)::int` }).from(touchpoints).where(eq(touchpoints.workspaceId, ws)),
    ])
    return {
      maps: m.map((x) => ({ id: x.id, name: x.name, stages: st.filter((s) => s.mapId === x.id).map((s) => s.name), segments: sg.filter((s) => s.mapId === x.id).map((s) => s.name) })),
      departments: d,
      owners: o.map((x) => ({ id: x.id, name: x.name ?? '' })),
      channels: ch.map((x) => x.channel),
      total: Number(n),
    }
  })
}
