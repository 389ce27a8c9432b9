/**
 * The insight feed: newest first, filtered, searched, paged by keyset on
 * (created_at, id) so a page never repeats or skips an insight while others
 * are being added. One round trip per page: the page's rows come from the
 * feed indexes of db/schema/insights.ts, their links and names are gathered
 * for those rows only.
 */
import { sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ValidationError } from '@/lib/errors'
import { INSIGHT_SOURCES, INSIGHT_STATUSES, INSIGHT_TYPES, type InsightSource, type InsightStatus, type InsightType, type Sentiment } from './model'

export type FeedScope = { workspaceId: string; userId: string }

export type FeedFilters = {
  status?: InsightStatus[]
  type?: InsightType[]
  source?: InsightSource[]
  touchpointId?: string
  segment?: { mapId: string; segmentId: string }
  topic?: string
  /** A member's user id or a department id: insights linked to touchpoints they own. */
  owner?: string
  /** A member's user id, or "none" for unassigned insights. */
  assignee?: string
  /** Date range, inclusive, YYYY-MM-DD. `dateOn` says which date: when it was added (default) or when it was observed. */
  from?: string
  to?: string
  dateOn?: 'created' | 'observed'
  /** Full-text search on title and body (websearch syntax: words, "phrases", -not, or). */
  q?: string
  /** Only unread insights (for this person). */
  unread?: boolean
  /** Merged duplicates are hidden unless asked for. */
  includeMerged?: boolean
}

export type FeedItem = {
  id: string
  title: string
  /** The first characters of the body (the detail page has all of it). */
  excerpt: string
  type: InsightType
  source: InsightSource
  sourceUrl: string | null
  sentiment: Sentiment
  observedOn: string | null
  topics: string[]
  status: InsightStatus
  via: string
  resolution: string
  mergedInto: string | null
  createdAt: string
  author: { id: string; name: string } | null
  assignee: { id: string; name: string } | null
  touchpoints: { id: string; name: string }[]
  segments: { mapId: string; segmentId: string; name: string }[]
  unread: boolean
}

export type FeedPage = { items: FeedItem[]; nextCursor: string | null }

export const MAX_PAGE = 100
export const DEFAULT_PAGE = 25
const EXCERPT = 280

export type Cursor = { t: string; id: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.t}|${c.id}`, 'utf8').toString('base64url')
}

export function decodeCursor(s: string): Cursor {
  const [t, id] = Buffer.from(s, 'base64url').toString('utf8').split('|')
  if (!t || !id || !TS.test(t) || !UUID.test(id)) throw new ValidationError({ cursor: ['This page link is out of date: reload the feed'] })
  return { t, id }
}

const csv = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)))
    .refine((list) => list.every((v) => (values as readonly string[]).includes(v)), `${what} is one of ${values.join(', ')}`)
    .transform((list) => [...new Set(list)] as T[number][])

const optText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} can have at most ${max} characters`)
    .optional()
    .transform((s) => s || undefined)

const day = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s) => s || undefined)
    .refine((s) => s === undefined || /^\d{4}-\d{2}-\d{2}$/.test(s), `${what}: enter the date as YYYY-MM-DD`)

/** The feed's query string (the JSON route and the page share it). */
export const feedQuerySchema = z
  .object({
    status: csv(INSIGHT_STATUSES, 'Status'),
    type: csv(INSIGHT_TYPES, 'Type'),
    source: csv(INSIGHT_SOURCES, 'Source'),
    touchpoint: optText(64, 'A touchpoint id'),
    /** `<map id>:<segment id>` */
    segment: optText(140, 'A segment')
      .refine((s) => s === undefined || UUID.test(s.split(':')[0] ?? ''), 'Choose a segment of a map')
      .transform((s) => (s ? { mapId: s.slice(0, 36), segmentId: s.slice(37) } : undefined)),
    topic: optText(40, 'A topic').transform((s) => s?.toLowerCase()),
    owner: optText(64, 'An owner'),
    assignee: optText(64, 'An assignee'),
    from: day('From'),
    to: day('To'),
    dateOn: z.enum(['created', 'observed'], { error: 'Date is created or observed' }).optional(),
    q: optText(200, 'A search'),
    unread: z
      .string()
      .optional()
      .transform((s) => s === '1' || s === 'true'),
    merged: z
      .string()
      .optional()
      .transform((s) => s === '1' || s === 'true'),
    cursor: optText(200, 'A cursor'),
    limit: z.coerce.number({ error: 'Limit is a number' }).int().min(1).max(MAX_PAGE, `At most ${MAX_PAGE} insights per page`).default(DEFAULT_PAGE),
  })
  .transform(({ touchpoint, merged, cursor, limit, ...rest }) => ({
    filters: { ...rest, touchpointId: touchpoint, includeMerged: merged } satisfies FeedFilters,
    page: { cursor, limit },
  }))
export type FeedQuery = z.output<typeof feedQuerySchema>

/** URLSearchParams → the schema's input (repeated keys become arrays). */
export function searchParamsObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of params) {
    const prev = out[k]
    out[k] = prev === undefined ? v : ([] as string[]).concat(prev, v)
  }
  return out
}

/** Conditions on the insights row `i` shared by every branch of the page query. */
function conditions(scope: FeedScope, f: FeedFilters, cursor: Cursor | null): SQL[] {
  const ws = scope.workspaceId
  const c: SQL[] = [sql`i.workspace_id = ${ws}`]
  if (!f.includeMerged) c.push(sql`i.merged_into is null`)
  if (cursor) c.push(sql`(i.created_at, i.id) < (${cursor.t}::timestamptz, ${cursor.id}::uuid)`)
  if (f.touchpointId) {
    c.push(sql`i.id in (select it.insight_id from insight_touchpoints it where it.workspace_id = ${ws} and it.touchpoint_id = ${f.touchpointId})`)
  }
  if (f.segment) {
    if (!UUID.test(f.segment.mapId)) c.push(sql`false`)
    else
      c.push(
        sql`i.id in (select s.insight_id from insight_segments s where s.workspace_id = ${ws} and s.map_id = ${f.segment.mapId}::uuid and s.segment_id = ${f.segment.segmentId})`,
      )
  }
  if (f.topic) c.push(sql`i.topics @> array[${f.topic}]::text[]`)
  if (f.owner) {
    c.push(
      sql`i.id in (select it.insight_id from insight_touchpoints it join touchpoints t on t.workspace_id = it.workspace_id and t.id = it.touchpoint_id
                   where it.workspace_id = ${ws} and (t.owner_user_id = ${f.owner} or t.owner_department_id::text = ${f.owner}))`,
    )
  }
  if (f.assignee === 'none') c.push(sql`i.assignee_id is null`)
  else if (f.assignee) c.push(sql`i.assignee_id = ${f.assignee}`)
  if (f.dateOn === 'observed') {
    if (f.from) c.push(sql`i.observed_on >= ${f.from}::date`)
    if (f.to) c.push(sql`i.observed_on <= ${f.to}::date`)
  } else {
    // Days in UTC: "to" includes the whole day.
    if (f.from) c.push(sql`i.created_at >= (${f.from}::date)::timestamp at time zone 'UTC'`)
    if (f.to) c.push(sql`i.created_at < ((${f.to}::date + 1)::timestamp at time zone 'UTC')`)
  }
  if (f.q) c.push(sql`i.search @@ websearch_to_tsquery('simple', ${f.q})`)
  if (f.unread) {
    // What you added yourself is never unread for you.
    c.push(sql`i.author_id is distinct from ${scope.userId}`)
    c.push(sql`not exists (select 1 from insight_reads r where r.user_id = ${scope.userId} and r.insight_id = i.id)`)
    c.push(sql`i.created_at > coalesce((select m.read_all_before from insight_read_marks m where m.workspace_id = ${ws} and m.user_id = ${scope.userId}), '-infinity')`)
  }
  return c
}

type Dim = 'status' | 'type' | 'source'

/** What a page shows of each row, read in the same index walk that finds the rows (no second visit to the table). */
const PAGE_COLUMNS = sql.raw(
  `i.id, i.created_at, i.title, left(i.body, ${EXCERPT}) as excerpt, i.type, i.source, i.source_url, i.sentiment, i.observed_on, i.topics, i.status, i.via, i.resolution, i.merged_into, i.author_id, i.assignee_id`,
)

const g = globalThis as unknown as { __touchmapSearchByIndex?: boolean }

/** Whether full-text matches may use the GIN index under row-level security (asked once per process). */
async function searchUsesIndex(tx: Tx): Promise<boolean> {
  if (g.__touchmapSearchByIndex === undefined) {
    const [r] = rowsOf<{ leak: boolean }>(await tx.execute(sql`select proleakproof as leak from pg_proc where proname = 'ts_match_vq' limit 1`))
    g.__touchmapSearchByIndex = Boolean(r?.leak)
  }
  return g.__touchmapSearchByIndex
}

/**
 * The ids (and keys) of one page. A filter on one value of status, type or
 * source walks that column's feed index in order; several values of one
 * column are one ordered walk per value, merged (PostgreSQL 15 cannot walk
 * an index in order for `= any(…)`).
 */
function pageIdsQuery(scope: FeedScope, f: FeedFilters, cursor: Cursor | null, take: number, searchByIndex: boolean): SQL {
  const base = conditions(scope, f, cursor)
  const dims: [Dim, string[]][] = [
    ['status', f.status ?? []],
    ['type', f.type ?? []],
    ['source', f.source ?? []],
  ]
  const active = dims.filter(([, v]) => v.length > 0)
  const column = (d: Dim) => sql.raw(`i.${d}`)
  // Drive by the dimension with the fewest values (one ordered walk each); the others are plain filters.
  const drive = active.length ? active.reduce((a, b) => (b[1].length < a[1].length ? b : a)) : null
  const others = active.filter((d) => d !== drive).map(([d, v]) => (v.length === 1 ? sql`${column(d)} = ${v[0]}` : sql`${column(d)} = any(${sql.param(v)}::text[])`))
  const where = (extra: SQL[]) => sql.join([...base, ...others, ...extra], sql` and `)
  const order = sql`order by created_at desc nulls last, id desc nulls last limit ${take}`
  // When row-level security lets the GIN index serve the search (ts_match_vq is LEAKPROOF), a search gathers
  // its matches through it first (offset 0 keeps the planner from walking the feed index and testing every
  // row), then sorts them: a rare word is as fast as a common one. Otherwise walking the feed index is faster.
  const branch = (extra: SQL[]) =>
    f.q && searchByIndex
      ? sql`(select * from (select ${PAGE_COLUMNS} from insights i where ${where(extra)} offset 0) m ${order})`
      : sql`(select ${PAGE_COLUMNS} from insights i where ${where(extra)} order by i.created_at desc nulls last, i.id desc nulls last limit ${take})`
  if (!drive || drive[1].length === 1) return branch(drive ? [sql`${column(drive[0])} = ${drive[1][0]}`] : [])
  const parts = drive[1].map((v) => branch([sql`${column(drive[0])} = ${v}`]))
  return sql`(select u.* from (${sql.join(parts, sql` union all `)}) u order by u.created_at desc nulls last, u.id desc nulls last limit ${take})`
}

type Row = {
  id: string
  title: string
  excerpt: string
  type: InsightType
  source: InsightSource
  source_url: string | null
  sentiment: Sentiment
  observed_on: string | null
  topics: string[]
  status: InsightStatus
  via: string
  resolution: string
  merged_into: string | null
  created_at: string
  cursor_t: string
  author_id: string | null
  author_name: string | null
  assignee_id: string | null
  assignee_name: string | null
  touchpoints: { id: string; name: string }[] | null
  segments: { mapId: string; segmentId: string; name: string }[] | null
  unread: boolean
}

/** Reads one page inside an open workspace transaction. */
export async function listFeedIn(tx: Tx, scope: FeedScope, filters: FeedFilters, page: { cursor?: string | null; limit?: number } = {}): Promise<FeedPage> {
  const limit = Math.min(Math.max(1, page.limit ?? DEFAULT_PAGE), MAX_PAGE)
  const cursor = page.cursor ? decodeCursor(page.cursor) : null
  const byIndex = filters.q ? await searchUsesIndex(tx) : false
  const rows = rowsOf<Row>(await tx.execute(feedSql(scope, filters, cursor, limit + 1, byIndex)))
  const more = rows.length > limit
  const list = more ? rows.slice(0, limit) : rows
  const last = list[list.length - 1]
  return {
    items: list.map(toItem),
    nextCursor: more && last ? encodeCursor({ t: last.cursor_t, id: last.id }) : null,
  }
}

/** The page query (exported for EXPLAIN in tests and tools). */
export function feedSql(scope: FeedScope, filters: FeedFilters, cursor: Cursor | null, take: number, searchByIndex = false): SQL {
  const ws = scope.workspaceId
  const ids = pageIdsQuery(scope, filters, cursor, take, searchByIndex)
  return sql`
    with page as ${ids},
    mark as (select m.read_all_before from insight_read_marks m where m.workspace_id = ${ws} and m.user_id = ${scope.userId})
    select p.id, p.title, p.excerpt, p.type, p.source, p.source_url, p.sentiment,
           to_char(p.observed_on, 'YYYY-MM-DD') as observed_on, p.topics, p.status, p.via, p.resolution, p.merged_into,
           to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
           to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_t,
           p.author_id, coalesce(au.name, au.email) as author_name,
           p.assignee_id, coalesce(asg.name, asg.email) as assignee_name,
           (select json_agg(json_build_object('id', it.touchpoint_id, 'name', coalesce(t.name, 'Removed touchpoint')) order by t.name)
              from insight_touchpoints it left join touchpoints t on t.workspace_id = it.workspace_id and t.id = it.touchpoint_id
              where it.insight_id = p.id) as touchpoints,
           (select json_agg(json_build_object('mapId', s.map_id, 'segmentId', s.segment_id, 'name', coalesce(ms.name, 'Removed segment')) order by ms.name)
              from insight_segments s left join map_segments ms on ms.map_id = s.map_id and ms.id = s.segment_id
              where s.insight_id = p.id) as segments,
           (p.author_id is distinct from ${scope.userId}
              and p.created_at > coalesce((select read_all_before from mark), '-infinity')
              and not exists (select 1 from insight_reads r where r.user_id = ${scope.userId} and r.insight_id = p.id)) as unread
    from page p
    left join users au on au.id = p.author_id
    left join users asg on asg.id = p.assignee_id
    order by p.created_at desc nulls last, p.id desc nulls last
  `
}

/** A person an insight names (author, assignee), or null; someone no longer a user shows as a former member. */
export const personRef = (id: string | null, name: string | null | undefined) => (id ? { id, name: name ?? 'Former member' } : null)

function toItem(r: Row): FeedItem {
  return {
    id: r.id,
    title: r.title,
    excerpt: r.excerpt,
    type: r.type,
    source: r.source,
    sourceUrl: r.source_url,
    sentiment: r.sentiment,
    observedOn: r.observed_on,
    topics: r.topics ?? [],
    status: r.status,
    via: r.via,
    resolution: r.resolution,
    mergedInto: r.merged_into,
    createdAt: r.created_at,
    author: personRef(r.author_id, r.author_name),
    assignee: personRef(r.assignee_id, r.assignee_name),
    touchpoints: r.touchpoints ?? [],
    segments: r.segments ?? [],
    unread: Boolean(r.unread),
  }
}

/** One page of the feed for a member of the workspace (callers check membership). */
export async function listFeed(scope: FeedScope, filters: FeedFilters = {}, page: { cursor?: string | null; limit?: number } = {}): Promise<FeedPage> {
  return inWorkspace(scope.workspaceId, scope.userId, (tx) => listFeedIn(tx, scope, filters, page))
}
