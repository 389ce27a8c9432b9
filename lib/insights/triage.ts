/**
 * Triage of insights (permission 'insights.triage', managers and up): assign,
 * change status with a resolution note, link touchpoints, merge duplicates.
 * Reading (detail, read markers) is for every member. Every write is one
 * workspace transaction; notifications and live signals go out after commit.
 */
import { sql } from 'drizzle-orm'
import { insightReadMarks, insightReads } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors'
import { signal } from '@/lib/live/signals'
import { dispatch, emitEvents } from '@/lib/webhooks/emit'
import { notify } from '@/lib/notifications/notify'
import { existingLinks } from './create'
import { personRef } from './feed'
import { INSIGHT_STATUS_LABELS, LIMITS, STATUSES_NEEDING_NOTE, type InsightSource, type InsightStatus, type InsightType, type Sentiment } from './model'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type InsightDetail = {
  id: string
  title: string
  body: string
  type: InsightType
  source: InsightSource
  sourceUrl: string | null
  sentiment: Sentiment
  observedOn: string | null
  topics: string[]
  status: InsightStatus
  resolution: string
  via: string
  createdAt: string
  updatedAt: string
  author: { id: string; name: string } | null
  assignee: { id: string; name: string } | null
  touchpoints: { id: string; name: string }[]
  segments: { mapId: string; segmentId: string; name: string; mapName: string }[]
  mergedInto: { id: string; title: string } | null
  duplicates: { id: string; title: string }[]
}

type Locked = { id: string; title: string; status: InsightStatus; assignee_id: string | null; merged_into: string | null; topics: string[]; resolution: string }

/** The insight, locked for this transaction; 404 when it is not one of this workspace's. */
async function lockInsight(tx: Tx, workspaceId: string, id: string): Promise<Locked> {
  if (!UUID.test(id)) throw new NotFoundError('Insight not found')
  const [row] = rowsOf<Locked>(
    await tx.execute(
      sql`select id, title, status, assignee_id, merged_into, topics, resolution from insights where workspace_id = ${workspaceId} and id = ${id}::uuid for update`,
    ),
  )
  if (!row) throw new NotFoundError('Insight not found')
  return row
}

type DetailRow = {
  id: string
  title: string
  body: string
  type: InsightType
  source: InsightSource
  source_url: string | null
  sentiment: Sentiment
  observed_on: string | null
  topics: string[] | null
  status: InsightStatus
  resolution: string
  via: string
  created_at: string
  updated_at: string
  author_id: string | null
  author_name: string | null
  assignee_id: string | null
  assignee_name: string | null
  merged_into: string | null
  merged_into_title: string | null
  touchpoints: InsightDetail['touchpoints'] | null
  segments: InsightDetail['segments'] | null
  duplicates: InsightDetail['duplicates'] | null
}

/** Everything about one insight, for its page. */
export async function getInsight(ctx: MemberContext, id: string): Promise<InsightDetail> {
  if (!UUID.test(id)) throw new NotFoundError('Insight not found')
  const ws = ctx.workspaceId
  const row = await inWorkspace(ws, ctx.userId, async (tx) => {
    const [r] = rowsOf<DetailRow>(
      await tx.execute(sql`
        select i.id, i.title, i.body, i.type, i.source, i.source_url, i.sentiment, to_char(i.observed_on, 'YYYY-MM-DD') as observed_on,
               i.topics, i.status, i.resolution, i.via,
               to_char(i.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
               to_char(i.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at,
               i.author_id, coalesce(au.name, au.email) as author_name, i.assignee_id, coalesce(asg.name, asg.email) as assignee_name,
               i.merged_into, m.title as merged_into_title,
               (select json_agg(json_build_object('id', it.touchpoint_id, 'name', coalesce(t.name, 'Removed touchpoint')) order by t.name)
                  from insight_touchpoints it left join touchpoints t on t.workspace_id = it.workspace_id and t.id = it.touchpoint_id
                  where it.insight_id = i.id) as touchpoints,
               (select json_agg(json_build_object('mapId', s.map_id, 'segmentId', s.segment_id, 'name', coalesce(ms.name, 'Removed segment'), 'mapName', coalesce(mp.name, '')) order by mp.name, ms.name)
                  from insight_segments s left join map_segments ms on ms.map_id = s.map_id and ms.id = s.segment_id left join maps mp on mp.id = s.map_id
                  where s.insight_id = i.id) as segments,
               (select json_agg(json_build_object('id', d.id, 'title', d.title) order by d.created_at desc)
                  from insights d where d.workspace_id = i.workspace_id and d.merged_into = i.id) as duplicates
        from insights i
        left join users au on au.id = i.author_id
        left join users asg on asg.id = i.assignee_id
        left join insights m on m.workspace_id = i.workspace_id and m.id = i.merged_into
        where i.workspace_id = ${ws} and i.id = ${id}::uuid`),
    )
    return r
  })
  if (!row) throw new NotFoundError('Insight not found')
  const r = row
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    type: r.type,
    source: r.source,
    sourceUrl: r.source_url,
    sentiment: r.sentiment,
    observedOn: r.observed_on,
    topics: r.topics ?? [],
    status: r.status,
    resolution: r.resolution,
    via: r.via,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    author: personRef(r.author_id, r.author_name),
    assignee: personRef(r.assignee_id, r.assignee_name),
    touchpoints: r.touchpoints ?? [],
    segments: r.segments ?? [],
    mergedInto: r.merged_into ? { id: r.merged_into, title: r.merged_into_title ?? '' } : null,
    duplicates: r.duplicates ?? [],
  }
}

function refuseMerged(row: Locked) {
  if (row.merged_into) throw new ConflictError('This insight was merged into another one as a duplicate: triage that one instead')
}

/** Assigns the insight to a member of the workspace (or to nobody, with null) and notifies them. */
export async function assignInsight(ctx: MemberContext, id: string, assigneeId: string | null): Promise<void> {
  assertCan(ctx, 'insights.triage')
  const ws = ctx.workspaceId
  const changed = await inWorkspace(ws, ctx.userId, async (tx) => {
    const row = await lockInsight(tx, ws, id)
    refuseMerged(row)
    if (assigneeId) {
      const [m] = rowsOf<{ user_id: string }>(await tx.execute(sql`select user_id from memberships where workspace_id = ${ws} and user_id = ${assigneeId}`))
      if (!m) throw new ValidationError({ assigneeId: ['Choose a member of this workspace'] })
    }
    if (row.assignee_id === assigneeId) return null
    await tx.execute(sql`update insights set assignee_id = ${assigneeId}, updated_at = now() where workspace_id = ${ws} and id = ${row.id}::uuid`)
    await recordActivity(tx, { workspaceId: ws, actorId: ctx.userId, action: 'insight.assigned', subject: row.id, data: { title: row.title, from: row.assignee_id, to: assigneeId } })
    return row
  })
  if (!changed) return
  signal(ws, 'insights')
  if (assigneeId && assigneeId !== ctx.userId) {
    await notify({
      workspaceId: ws,
      recipients: [assigneeId],
      actorId: ctx.userId,
      kind: 'insight_assigned',
      title: `Insight assigned to you: ${changed.title}`,
      body: 'Review it, link it to the touchpoints it concerns and decide what to do.',
      link: `/w/${ctx.workspaceSlug}/insights/${changed.id}`,
    })
  }
}

/**
 * Changes the status. Actioned and dismissed need a resolution note (what was
 * done, or why it was dropped); new and in review keep the note given, which
 * may be empty.
 */
export async function setInsightStatus(ctx: MemberContext, id: string, status: InsightStatus, resolution: string): Promise<void> {
  assertCan(ctx, 'insights.triage')
  const note = resolution.trim()
  if (note.length > LIMITS.resolution) throw new ValidationError({ resolution: [`A resolution note can have at most ${LIMITS.resolution.toLocaleString('en')} characters`] })
  if (STATUSES_NEEDING_NOTE.includes(status) && !note) {
    throw new ValidationError({
      resolution: [status === 'actioned' ? 'Say what was done about it, so others can follow up' : 'Say why it is dismissed, so nobody raises it again without knowing'],
    })
  }
  const ws = ctx.workspaceId
  const changed = await inWorkspace(ws, ctx.userId, async (tx) => {
    const row = await lockInsight(tx, ws, id)
    refuseMerged(row)
    if (row.status === status && row.resolution === note) return null
    await tx.execute(sql`update insights set status = ${status}, resolution = ${note}, updated_at = now() where workspace_id = ${ws} and id = ${row.id}::uuid`)
    if (row.status === status) return { workspaceId: ws, deliveryIds: [] }
    await recordActivity(tx, {
      workspaceId: ws,
      actorId: ctx.userId,
      action: 'insight.status_changed',
      subject: row.id,
      data: { title: row.title, from: row.status, to: status, resolution: note },
    })
    return emitEvents(tx, ws, [{ type: 'insight.triaged', data: { insight: { id: row.id, title: row.title }, from: row.status, to: status, resolution: note, by: ctx.userId } }])
  })
  if (!changed) return
  signal(ws, 'insights')
  await dispatch(changed)
}

/** Links and unlinks touchpoints (catalog ids of this workspace's read model). */
export async function linkTouchpoints(ctx: MemberContext, id: string, change: { add?: string[]; remove?: string[] }): Promise<void> {
  assertCan(ctx, 'insights.triage')
  const add = [...new Set((change.add ?? []).filter(Boolean))]
  const remove = [...new Set((change.remove ?? []).filter(Boolean))]
  const ws = ctx.workspaceId
  await inWorkspace(ws, ctx.userId, async (tx) => {
    const row = await lockInsight(tx, ws, id)
    if (add.length) {
      const found = await existingLinks(tx, ws, add, [])
      const missing = add.filter((t) => !found.touchpoints.has(t))
      if (missing.length) throw new ValidationError({ touchpointIds: [`This touchpoint does not exist in this workspace: ${missing.slice(0, 5).join(', ')}`] })
    }
    if (remove.length) {
      await tx.execute(sql`delete from insight_touchpoints where workspace_id = ${ws} and insight_id = ${row.id}::uuid and touchpoint_id = any(${sql.param(remove)}::text[])`)
    }
    if (add.length) {
      await tx.execute(sql`insert into insight_touchpoints (workspace_id, insight_id, touchpoint_id)
        select ${ws}, ${row.id}::uuid, t from unnest(${sql.param(add)}::text[]) as t on conflict do nothing`)
    }
    const [{ n }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from insight_touchpoints where workspace_id = ${ws} and insight_id = ${row.id}::uuid`)) as [{ n: number }]
    if (n > LIMITS.touchpoints) throw new ValidationError({ touchpointIds: [`An insight can be linked to at most ${LIMITS.touchpoints} touchpoints`] })
    await tx.execute(sql`update insights set updated_at = now() where workspace_id = ${ws} and id = ${row.id}::uuid`)
  })
  signal(ws, 'insights')
}

/**
 * Merges `duplicateId` into `targetId`: the duplicate is dismissed and points
 * at the target; the target gains its touchpoints, segments and topics.
 * Duplicates already merged into the duplicate move to the target, so there
 * are no chains. Never into itself, nor into an insight that was itself merged.
 */
export async function mergeInsight(ctx: MemberContext, duplicateId: string, targetId: string): Promise<void> {
  assertCan(ctx, 'insights.triage')
  if (duplicateId === targetId) throw new ValidationError({ targetId: ['An insight cannot be merged into itself'] })
  const ws = ctx.workspaceId
  await inWorkspace(ws, ctx.userId, async (tx) => {
    // Lock in a fixed order so two opposite merges cannot deadlock.
    const [first, second] = [duplicateId, targetId].sort()
    const a = await lockInsight(tx, ws, first!)
    const b = await lockInsight(tx, ws, second!)
    const dup = a.id === duplicateId ? a : b
    const target = a.id === targetId ? a : b
    if (dup.merged_into) throw new ConflictError('This insight is already merged into another one', 'duplicateId')
    if (target.merged_into) throw new ValidationError({ targetId: ['That insight was itself merged into another one: merge into that one instead'] })
    await tx.execute(sql`insert into insight_touchpoints (workspace_id, insight_id, touchpoint_id)
      select workspace_id, ${target.id}::uuid, touchpoint_id from insight_touchpoints where workspace_id = ${ws} and insight_id = ${dup.id}::uuid
      on conflict do nothing`)
    await tx.execute(sql`insert into insight_segments (workspace_id, insight_id, map_id, segment_id)
      select workspace_id, ${target.id}::uuid, map_id, segment_id from insight_segments where workspace_id = ${ws} and insight_id = ${dup.id}::uuid
      on conflict do nothing`)
    const topics = [...new Set([...(target.topics ?? []), ...(dup.topics ?? [])])].slice(0, LIMITS.topics)
    await tx.execute(sql`update insights set topics = ${sql.param(topics)}::text[], updated_at = now() where workspace_id = ${ws} and id = ${target.id}::uuid`)
    const note = `Merged as a duplicate into “${target.title}”`.slice(0, LIMITS.resolution)
    await tx.execute(sql`update insights set merged_into = ${target.id}::uuid, status = 'dismissed', resolution = ${note}, updated_at = now()
      where workspace_id = ${ws} and id = ${dup.id}::uuid`)
    await tx.execute(sql`update insights set merged_into = ${target.id}::uuid, updated_at = now() where workspace_id = ${ws} and merged_into = ${dup.id}::uuid`)
    await recordActivity(tx, {
      workspaceId: ws,
      actorId: ctx.userId,
      action: 'insight.merged',
      subject: dup.id,
      data: { title: dup.title, into: target.id, intoTitle: target.title, from: dup.status, to: 'dismissed' },
    })
  })
  signal(ws, 'insights')
}

/** Marks insights as read for this person (any member). Unknown ids are ignored. */
export async function markRead(ctx: MemberContext, ids: string[]): Promise<void> {
  const list = [...new Set(ids.filter((i) => UUID.test(i)))].slice(0, 500)
  if (!list.length) return
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    await tx.execute(sql`insert into insight_reads (workspace_id, user_id, insight_id)
      select ${ctx.workspaceId}, ${ctx.userId}, i.id from insights i where i.workspace_id = ${ctx.workspaceId} and i.id = any(${sql.param(list)}::uuid[])
      on conflict do nothing`)
  })
}

/** Marks every insight up to now as read for this person. */
export async function markAllRead(ctx: MemberContext): Promise<void> {
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    await tx
      .insert(insightReadMarks)
      .values({ workspaceId: ctx.workspaceId, userId: ctx.userId, readAllBefore: sql`now()` })
      .onConflictDoUpdate({ target: [insightReadMarks.workspaceId, insightReadMarks.userId], set: { readAllBefore: sql`now()` } })
    // Single reads older than the mark say nothing more.
    await tx.execute(sql`delete from ${insightReads} r using insights i
      where r.workspace_id = ${ctx.workspaceId} and r.user_id = ${ctx.userId} and i.id = r.insight_id and i.created_at <= now()`)
  })
}

/** Insights to merge into: this workspace's, not merged, matching words of their title or body (the merge search box). */
export async function searchMergeTargets(ctx: MemberContext, excludeId: string, q: string): Promise<{ id: string; title: string; status: InsightStatus; createdAt: string }[]> {
  const text = q.trim().slice(0, 200)
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = rowsOf<{ id: string; title: string; status: InsightStatus; created_at: string }>(
      await tx.execute(sql`select id, title, status, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at from insights
        where workspace_id = ${ctx.workspaceId} and merged_into is null and id <> ${UUID.test(excludeId) ? excludeId : '00000000-0000-0000-0000-000000000000'}::uuid
        ${text ? sql`and (search @@ websearch_to_tsquery('simple', ${text}) or title ilike ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})` : sql``}
        order by created_at desc nulls last, id desc nulls last limit 10`),
    )
    return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, createdAt: r.created_at }))
  })
}

export const statusLabel = (s: InsightStatus) => INSIGHT_STATUS_LABELS[s]
